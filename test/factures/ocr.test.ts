import type { FastifyInstance } from 'fastify';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, buildTestApp, cproPost, createSandbox, type TestSandbox } from '../helpers/app.js';
import { acteurs, factureSaisie, type Acteurs } from '../helpers/factures.js';

/** deposer/pdf → INTERPRETEE_OCR, completed by a PDF soumettre of that file (chorus-api §3.1.3, §6.3). */
let app: FastifyInstance;
let sandbox: TestSandbox;
let h: Acteurs;
const F = '/cpro/factures/v1';
const T = '/cpro/transverses/v1';

beforeAll(async () => {
  app = await buildTestApp();
  sandbox = await createSandbox(app, { seed: 11 });
  h = await acteurs(app, sandbox);
});
afterAll(() => app.close());

async function deposerPdf(formatDepot = 'PDF_NON_SIGNE'): Promise<number> {
  const pdf = await PDFDocument.create();
  pdf.addPage().drawText('Facture à interpréter');
  const res = await cproPost(app, h.fournisseur, `${F}/deposer/pdf`, { fichierFacture: Buffer.from(await pdf.save()).toString('base64'), nomFichier: 'facture.pdf', formatDepot });
  expect(res.statusCode, res.body).toBe(200);
  // The answer keeps the Swagger's fields: no OCR in the sandbox, nothing recognised.
  expect(res.json()).toMatchObject({ codeRetour: 0, numeroFacture: null, dateFacture: null, codeDestinataire: null, montantAPayer: null, typeFacture: 'FACTURE' });
  return res.json().pieceJointeId;
}

/** The supplier's OCR invoices, newest first. */
async function facturesOcr() {
  const res = await cproPost(app, h.fournisseur, `${F}/rechercher/fournisseur`, { statutCourant: ['INTERPRETEE_OCR'] });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().listeFactures as { identifiantFactureCPP: number; numeroFacture: string | null; statut: string; idDestinataire: number | null }[];
}

const soumettrePdf = (pieceJointeId: number, modeDepot = 'DEPOT_PDF_API') =>
  cproPost(
    app,
    h.fournisseur,
    `${F}/soumettre`,
    factureSaisie(app, sandbox.id, undefined, { modeDepot, lignePoste: undefined, pieceJointePrincipale: [{ pieceJointePrincipaleDesignation: 'facture', pieceJointePrincipaleId: pieceJointeId }] }),
  );

const codes = (hist: { historiquesDesStatuts: { histoStatut: { histoStatutCode: string }[] } }) => hist.historiquesDesStatuts.histoStatut.map((s) => s.histoStatutCode);

describe('deposer/pdf puis soumettre', () => {
  it('la facture interprétée est vue du fournisseur seul, puis soumise : même identifiant, DEPOSEE puis MISE_A_DISPOSITION', async () => {
    const pieceJointeId = await deposerPdf();
    const [ocr] = await facturesOcr();
    expect(ocr).toMatchObject({ statut: 'INTERPRETEE_OCR', numeroFacture: null, idDestinataire: null });
    const id = ocr.identifiantFactureCPP;

    const consultee = await cproPost(app, h.fournisseur, `${F}/consulter/fournisseur`, { identifiantFactureCPP: id });
    expect(consultee.statusCode, consultee.body).toBe(200);
    expect(consultee.json().facture).toMatchObject({ statutFacture: 'INTERPRETEE_OCR', numeroFacture: null, pieceJointePrincipale: { idPieceJointePrincipale: pieceJointeId } });
    const hist = await cproPost(app, h.fournisseur, `${F}/consulter/historique`, { idFacture: id });
    expect(hist.json()).toMatchObject({ codeRetour: 0, statutCourantCode: 'INTERPRETEE_OCR', numeroFacture: null });

    // Neither the recipient nor the "à traiter" lists see it.
    expect((await cproPost(app, h.destinataire, `${F}/consulter/recipiendaire`, { identifiantFactureCPP: id })).statusCode).toBe(400);
    expect((await cproPost(app, h.destinataire, `${F}/consulter/historique`, { idFacture: id })).statusCode).toBe(400);
    const recues = (await cproPost(app, h.destinataire, `${F}/rechercher/recipiendaire`, {})).json().listeFactures ?? [];
    expect(recues.map((f: { idFacture: number }) => f.idFacture)).not.toContain(id);
    const aTraiter = (await cproPost(app, h.fournisseur, `${F}/rechercher/atraiter/fournisseur`, {})).json().listeFactures ?? [];
    expect(aTraiter.map((f: { identifiantFactureCPP: number }) => f.identifiantFactureCPP)).not.toContain(id);
    const demandes = (await cproPost(app, h.fournisseur, `${F}/rechercher/demandePaiement`, {})).json().listeDemandePaiement ?? [];
    expect(demandes.map((d: { idDemandePaiement: number }) => d.idDemandePaiement)).not.toContain(id);

    // Control-plane view, certificate and download of the pending invoice: no 500.
    const vue = await app.inject({ method: 'GET', url: `/_sandbox/sandboxes/${sandbox.id}/factures/${id}`, headers: admin });
    expect(vue.statusCode, vue.body).toBe(200);
    expect(vue.json()).toMatchObject({ facture: { statut: 'INTERPRETEE_OCR' }, delaiPaiement: null });
    expect((await app.inject({ method: 'GET', url: `/_sandbox/sandboxes/${sandbox.id}/factures/${id}/certificat-depot.pdf`, headers: admin })).statusCode).toBe(200);
    const pdf = await cproPost(app, h.fournisseur, `${F}/telecharger/groupe`, { format: 'PDF', listeFacture: [{ idFacture: id }] });
    expect(pdf.statusCode, pdf.body).toBe(200);
    // Nothing to write in UBL/CII before the supplier has entered the data: a refusal, not a 500.
    const pivot = await cproPost(app, h.fournisseur, `${F}/telecharger/groupe`, { format: 'PIVOT', listeFacture: [{ idFacture: id }] });
    expect(pivot.statusCode, pivot.body).toBe(400);
    expect(pivot.json().codeRetour).toBe(20128);

    const depot = await soumettrePdf(pieceJointeId);
    expect(depot.statusCode, depot.body).toBe(200);
    expect(depot.json()).toMatchObject({ codeRetour: 0, identifiantFactureCPP: id, statutFacture: 'DEPOSEE' });
    const apres = (await cproPost(app, h.fournisseur, `${F}/consulter/historique`, { idFacture: id, paramRechercheHistoStatuts: { triSensListeHistoStatut: 'Ascendant' } })).json();
    expect(apres.statutCourantCode).toBe('MISE_A_DISPOSITION');
    expect(codes(apres)).toEqual(['INTERPRETEE_OCR', 'DEPOSEE', 'EN_COURS_ACHEMINEMENT', 'MISE_A_DISPOSITION']);
    const recue = await cproPost(app, h.destinataire, `${F}/consulter/recipiendaire`, { identifiantFactureCPP: id });
    expect(recue.statusCode, recue.body).toBe(200);
    expect(recue.json().facture).toMatchObject({ statutFacture: 'MISE_A_DISPOSITION', numeroFacture: expect.any(String) });
    expect((await facturesOcr()).map((f) => f.identifiantFactureCPP)).not.toContain(id);

    // A second soumettre of the same file is refused; the submitted PDF can no longer be detached.
    const encore = await soumettrePdf(pieceJointeId);
    expect(encore.statusCode).toBe(400);
    expect(encore.json()).toMatchObject({ codeRetour: 20127, libelle: expect.stringContaining('pieceJointePrincipale') });
    expect((await cproPost(app, h.fournisseur, `${T}/detacherPieceJointe`, { idPieceJointeObjet: pieceJointeId })).json().codeRetour).toBe(20126);
  });

  it('un PDF signé se soumet en DEPOT_PDF_SIGNE_API de même', async () => {
    const pieceJointeId = await deposerPdf('PDF_SIGNE_PADES');
    const [ocr] = await facturesOcr();
    const depot = await soumettrePdf(pieceJointeId, 'DEPOT_PDF_SIGNE_API');
    expect(depot.json()).toMatchObject({ codeRetour: 0, identifiantFactureCPP: ocr.identifiantFactureCPP });
  });

  it('une saisie SAISIE_API laisse la facture interprétée en attente ; un soumettre refusé aussi', async () => {
    await deposerPdf();
    const [ocr] = await facturesOcr();
    const saisie = await cproPost(app, h.fournisseur, `${F}/soumettre`, factureSaisie(app, sandbox.id));
    expect(saisie.statusCode).toBe(200);
    expect(saisie.json().identifiantFactureCPP).not.toBe(ocr.identifiantFactureCPP);
    const sansDestinataire = await cproPost(
      app,
      h.fournisseur,
      `${F}/soumettre`,
      factureSaisie(app, sandbox.id, undefined, { modeDepot: 'DEPOT_PDF_API', lignePoste: undefined, destinataire: { codeDestinataire: '00000000000000' }, pieceJointePrincipale: [{ pieceJointePrincipaleId: 1 }] }),
    );
    expect(sansDestinataire.statusCode).toBe(400);
    expect((await facturesOcr()).map((f) => f.identifiantFactureCPP)).toContain(ocr.identifiantFactureCPP);
  });

  it('detacherPieceJointe du PDF d’une facture interprétée jamais soumise la supprime avec lui', async () => {
    const pieceJointeId = await deposerPdf();
    const [ocr] = await facturesOcr();
    const res = await cproPost(app, h.fournisseur, `${T}/detacherPieceJointe`, { idPieceJointeObjet: pieceJointeId });
    expect(res.json()).toEqual({ codeRetour: 0, libelle: 'TRA_MSG_00.000' });
    expect((await facturesOcr()).map((f) => f.identifiantFactureCPP)).not.toContain(ocr.identifiantFactureCPP);
    expect((await cproPost(app, h.fournisseur, `${F}/consulter/historique`, { idFacture: ocr.identifiantFactureCPP })).json().codeRetour).toBe(20000);
    expect((await soumettrePdf(pieceJointeId)).json().codeRetour).toBe(20117);
  });
});
