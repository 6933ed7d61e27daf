import type { FastifyInstance } from 'fastify';
import { unzipSync } from 'fflate';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, buildTestApp, cproPost, createSandbox, technicalAccount, type TestSandbox } from '../helpers/app.js';
import { acteurs, deposer, factureSaisie, structure, traiter, type Acteurs } from '../helpers/factures.js';

let app: FastifyInstance;
let sandbox: TestSandbox;
let h: Acteurs;
const F = '/cpro/factures/v1';

beforeAll(async () => {
  app = await buildTestApp();
  sandbox = await createSandbox(app, { seed: 7 });
  h = await acteurs(app, sandbox);
});
afterAll(() => app.close());

async function unPdf(texte: string): Promise<string> {
  const pdf = await PDFDocument.create();
  pdf.addPage().drawText(texte);
  return Buffer.from(await pdf.save()).toString('base64');
}

async function statut(id: number, headers = h.fournisseur): Promise<string> {
  const res = await cproPost(app, headers, `${F}/consulter/historique`, { idFacture: id });
  return res.json().statutCourantCode;
}

describe('dépôt', () => {
  it('SAISIE_API : déposée, acheminée et mise à disposition, avec une empreinte SHA-256 et un certificat', async () => {
    const res = await cproPost(app, h.fournisseur, `${F}/soumettre`, factureSaisie(app, sandbox.id));
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ codeRetour: 0, libelle: 'GCU_MSG_01_000', statutFacture: 'DEPOSEE' });
    expect(body.dateDepot).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(body.empreinteCertificatDepot).toMatch(/^[0-9a-f]{64}$/);
    expect(await statut(body.identifiantFactureCPP)).toBe('MISE_A_DISPOSITION');

    const cert = await app.inject({ method: 'GET', url: `/_sandbox/sandboxes/${sandbox.id}/factures/${body.identifiantFactureCPP}/certificat-depot.pdf`, headers: admin });
    expect(cert.statusCode).toBe(200);
    expect(cert.headers['content-type']).toContain('application/pdf');
    expect((await PDFDocument.load(cert.rawPayload)).getPageCount()).toBe(1);
  });

  it('DEPOT_PDF_API : deposer/pdf puis soumettre avec la pièce jointe principale (objet ou tableau)', async () => {
    const depot = await cproPost(app, h.fournisseur, `${F}/deposer/pdf`, { fichierFacture: await unPdf('Facture PDF'), nomFichier: 'facture.pdf', formatDepot: 'PDF_NON_SIGNE' });
    expect(depot.statusCode).toBe(200);
    expect(depot.json()).toMatchObject({ codeRetour: 0, libelle: 'GCU_MSG_01_000', typeFacture: 'FACTURE', numeroFacture: null });
    const pieceJointeId = depot.json().pieceJointeId;
    const corps = factureSaisie(app, sandbox.id, undefined, {
      modeDepot: 'DEPOT_PDF_API',
      lignePoste: undefined,
      pieceJointePrincipale: { pieceJointePrincipaleDesignation: 'facture', pieceJointePrincipaleId: pieceJointeId },
    });
    const res = await cproPost(app, h.fournisseur, `${F}/soumettre`, corps);
    expect(res.statusCode).toBe(200);
    const id = res.json().identifiantFactureCPP;
    expect(await statut(id)).toBe('MISE_A_DISPOSITION');

    // The recipient downloads the very PDF that was deposited.
    const t = await cproPost(app, h.destinataire, `${F}/telecharger/groupe`, { format: 'PDF', listeFacture: [{ idFacture: id }] });
    expect(t.statusCode).toBe(200);
    const pdf = await PDFDocument.load(Buffer.from(t.json().fichierResultat, 'base64'));
    expect(pdf.getPageCount()).toBe(1);

    const pasUnPdf = await cproPost(app, h.fournisseur, `${F}/deposer/pdf`, { fichierFacture: Buffer.from('bonjour').toString('base64'), nomFichier: 'x.pdf' });
    expect(pasUnPdf.statusCode).toBe(400);
    expect(pasUnPdf.json().codeRetour).toBe(20301);
  });

  it('ajouter/fichier : stocke une pièce jointe complémentaire, refuse au-delà de 10 Mo (20003)', async () => {
    const ok = await cproPost(app, h.fournisseur, '/cpro/transverses/v1/ajouter/fichier', {
      pieceJointeFichier: Buffer.from('bon de commande').toString('base64'),
      pieceJointeNom: 'bc.txt',
      pieceJointeTypeMime: 'text/plain',
      pieceJointeExtension: 'TXT',
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ codeRetour: 0, libelle: 'GCU_MSG_01_000' });
    const gros = await cproPost(app, h.fournisseur, '/cpro/transverses/v1/ajouter/fichier', {
      pieceJointeFichier: Buffer.alloc(10 * 1024 * 1024 + 1, 1).toString('base64'),
      pieceJointeNom: 'gros.bin',
      pieceJointeTypeMime: 'application/octet-stream',
      pieceJointeExtension: 'BIN',
    });
    expect(gros.json().codeRetour).toBe(20003);

    const corps = factureSaisie(app, sandbox.id, undefined, {
      pieceJointeComplementaire: [{ pieceJointeComplementaireDesignation: 'BC', pieceJointeComplementaireType: 'BON_COMMANDE', pieceJointeComplementaireId: ok.json().pieceJointeId }],
    });
    const res = await cproPost(app, h.fournisseur, `${F}/soumettre`, corps);
    expect(res.statusCode).toBe(200);
    const c = await cproPost(app, h.fournisseur, `${F}/consulter/fournisseur`, { identifiantFactureCPP: res.json().identifiantFactureCPP });
    expect(c.json().facture.listeDesPiecesJointes.pieceJointe).toHaveLength(1);
    expect(c.json().facture.listeDesPiecesJointes.totalListePiecesJointe).toBe(1);
  });
});

describe('cycle de vie', () => {
  it('suspendue → complétée → service fait → mandatée → mise en paiement, historique complet et ordonné', async () => {
    const id = await deposer(app, sandbox, h.fournisseur);
    expect((await traiter(app, h.destinataire, id, 'SUSPENDUE')).json().codeRetour).toBe(20201); // motif obligatoire
    expect((await traiter(app, h.destinataire, id, 'SUSPENDUE', { motif: 'Bon de livraison manquant' })).json()).toMatchObject({ codeRetour: 0, nouveauStatut: 'SUSPENDUE', idFacture: id });
    const acq = await cproPost(app, h.fournisseur, `${F}/completer`, { identifiantFactureCPP: id, commentaire: 'Voici le bon de livraison' });
    expect(acq.json()).toMatchObject({ codeRetour: 0, identifiantFactureCPP: id });
    expect((await traiter(app, h.destinataire, id, 'SERVICE_FAIT')).json().codeRetour).toBe(0);
    expect((await traiter(app, h.destinataire, id, 'MANDATEE')).json().codeRetour).toBe(20202);
    expect((await traiter(app, h.destinataire, id, 'MANDATEE', { numeroDPMandat: 'M-2026-1' })).json().codeRetour).toBe(0);
    expect((await traiter(app, h.destinataire, id, 'MISE_EN_PAIEMENT')).json().codeRetour).toBe(0);

    const hist = (await cproPost(app, h.fournisseur, `${F}/consulter/historique`, { idFacture: id })).json();
    expect(hist.statutCourantCode).toBe('MISE_EN_PAIEMENT');
    const codes = hist.historiquesDesStatuts.histoStatut.map((s: { histoStatutCode: string }) => s.histoStatutCode);
    expect(codes).toEqual(['MISE_EN_PAIEMENT', 'MANDATEE', 'SERVICE_FAIT', 'COMPLETEE', 'SUSPENDUE', 'MISE_A_DISPOSITION', 'EN_COURS_ACHEMINEMENT', 'DEPOSEE']);
    expect(hist.historiquesDesStatuts.histoStatut[4].histoStatutCommentaire).toContain('Bon de livraison manquant');
    const asc = (await cproPost(app, h.fournisseur, `${F}/consulter/historique`, { idFacture: id, paramRechercheHistoStatuts: { triSensListeHistoStatut: 'Ascendant', nbResultatsParPageListeHistoStatut: 3 } })).json();
    expect(asc.historiquesDesStatuts.histoStatut.map((s: { histoStatutCode: string }) => s.histoStatutCode)).toEqual(['DEPOSEE', 'EN_COURS_ACHEMINEMENT', 'MISE_A_DISPOSITION']);
    expect(asc.historiquesDesStatuts).toMatchObject({ totalHistoStatut: 8, pagesHistoStatut: 3 });

    // completer hors SUSPENDUE : 20002 avec le libellé documenté.
    const encore = await cproPost(app, h.fournisseur, `${F}/completer`, { identifiantFactureCPP: id });
    expect(encore.json()).toEqual({ codeRetour: 20002, libelle: 'GDP_MSG_11.033 - Le statut de la demande de paiement n\'est pas défini à "Suspendue".' });
  });

  it('à recycler → recyclée vers un autre destinataire et service, qui la voit à traiter', async () => {
    const id = await deposer(app, sandbox, h.fournisseur);
    expect((await traiter(app, h.destinataire, id, 'A_RECYCLER', { motif: 'Mauvais destinataire' })).json().codeRetour).toBe(0);
    const autre = structure(app, sandbox.id, 'Destinataire 2');
    const refus = await cproPost(app, h.fournisseur, `${F}/recycler`, { identifiantFactureCPP: id, destinataire: { codeDestinataire: autre.identifiant, codeServiceExecutant: 'INCONNU' } });
    expect(refus.json().codeRetour).toBe(20107);
    const res = await cproPost(app, h.fournisseur, `${F}/recycler`, {
      identifiantFactureCPP: id,
      destinataire: { codeDestinataire: autre.identifiant, codeServiceExecutant: autre.services[1].code },
    });
    expect(res.json()).toMatchObject({ codeRetour: 0, statutFacture: 'MISE_A_DISPOSITION' });
    const h2 = await acteurs(app, sandbox, 'Destinataire 2');
    const recue = (await cproPost(app, h2.destinataire, `${F}/consulter/recipiendaire`, { identifiantFactureCPP: id })).json();
    expect(recue.facture.destinataire).toMatchObject({ codeDestinataire: autre.identifiant, codeServiceExecutant: autre.services[1].code });
    // The former recipient no longer sees it.
    expect((await cproPost(app, h.destinataire, `${F}/consulter/recipiendaire`, { identifiantFactureCPP: id })).json().codeRetour).toBe(20001);
    expect((await cproPost(app, h.fournisseur, `${F}/recycler`, { identifiantFactureCPP: id })).json().codeRetour).toBe(20002);
  });

  it('rejetée → rejet traité (traiterRejet), action visible dans l’historique et le filtre rejetTraite', async () => {
    const id = await deposer(app, sandbox, h.fournisseur);
    expect((await traiter(app, h.destinataire, id, 'REJETEE', { motif: 'Doublon' })).json().codeRetour).toBe(0);
    const r = await cproPost(app, h.fournisseur, `${F}/traiterRejet`, { listeDemandePaiement: [{ idDemandePaiement: id }] });
    expect(r.json()).toEqual({ codeRetour: 0, libelle: 'TRA_MSG_00.000' });
    const hist = (await cproPost(app, h.fournisseur, `${F}/consulter/historique`, { idFacture: id })).json();
    expect(hist.historiquesDesActionsUtilisateurs.histoAction[0].histoActionCode).toBe('TRAITEMENT_REJET');
    expect(hist.derniereAction.derniereActionCode).toBe('TRAITEMENT_REJET');
    const liste = (await cproPost(app, h.fournisseur, `${F}/rechercher/fournisseur`, { rejetTraite: true })).json();
    expect(liste.listeFactures.map((f: { identifiantFactureCPP: number }) => f.identifiantFactureCPP)).toContain(id);
    // A non-rejected invoice cannot be marked.
    const autre = await deposer(app, sandbox, h.fournisseur);
    expect((await cproPost(app, h.fournisseur, `${F}/traiterRejet`, { listeDemandePaiement: [{ idDemandePaiement: autre }] })).json().codeRetour).toBe(20002);
  });
});

describe('recherche et téléchargement', () => {
  it('rechercher/recipiendaire : filtres, compteurs à plat, 20000 quand rien ne correspond', async () => {
    const id = await deposer(app, sandbox, h.fournisseur);
    const res = (await cproPost(app, h.destinataire, `${F}/rechercher/recipiendaire`, { statutCourant: ['MISE_A_DISPOSITION'], paramRecherche: { nbResultatsParPage: 1 } })).json();
    expect(res).toMatchObject({ codeRetour: 0, pageCourante: 1, nbResultatsParPage: 1 });
    expect(res.total).toBeGreaterThanOrEqual(1);
    const vide = await cproPost(app, h.destinataire, `${F}/rechercher/recipiendaire`, { numeroFacture: 'AUCUNE' });
    expect(vide.statusCode).toBe(200);
    expect(vide.json()).toMatchObject({ codeRetour: 20000, total: 0, listeFactures: [] });
    expect(vide.json().libelle).toContain('TRA_MSG_00.015');
    const aTraiter = (await cproPost(app, h.destinataire, `${F}/rechercher/atraiter/recipiendaire`, {})).json();
    expect(aTraiter.listeFactures.map((f: { idFacture: number }) => f.idFacture)).toContain(id);
  });

  it('telecharger/groupe : un PDF lisible, un ZIP pour deux factures, marquées téléchargées', async () => {
    const a = await deposer(app, sandbox, h.fournisseur);
    const b = await deposer(app, sandbox, h.fournisseur);
    const un = await cproPost(app, h.destinataire, `${F}/telecharger/groupe`, { format: 'PDF', listeFacture: [{ idFacture: a }] });
    const pdf = await PDFDocument.load(Buffer.from(un.json().fichierResultat, 'base64'));
    expect(pdf.getTitle()).toContain('FACTURE');
    const deux = await cproPost(app, h.destinataire, `${F}/telecharger/groupe`, { format: 'PDF', listeFacture: [{ idFacture: a }, { idFacture: b }] });
    const zip = unzipSync(Buffer.from(deux.json().fichierResultat, 'base64'));
    expect(Object.keys(zip)).toHaveLength(2);
    const telechargees = (await cproPost(app, h.destinataire, `${F}/rechercher/recipiendaire`, { factureTelechargeeParDestinataire: true })).json();
    expect(telechargees.listeFactures.map((f: { idFacture: number }) => f.idFacture)).toEqual(expect.arrayContaining([a, b]));
    const hist = (await cproPost(app, h.destinataire, `${F}/consulter/historique`, { idFacture: a })).json();
    expect(hist.historiquesDesActionsUtilisateurs.histoAction[0].histoActionCode).toBe('TELECHARGEMENT_FACTURE');
  });

  it('telecharger/groupe : les formats XML et ZIP de la documentation', async () => {
    const a = await deposer(app, sandbox, h.fournisseur);
    const zip = await cproPost(app, h.destinataire, `${F}/telecharger/groupe`, { format: 'zip', listeFacture: [{ idFacture: a }] });
    const fichiers = unzipSync(Buffer.from(zip.json().fichierResultat, 'base64'));
    expect(Object.keys(fichiers)).toHaveLength(1);
    expect(Buffer.from(Object.values(fichiers)[0].slice(0, 5)).toString()).toBe('%PDF-');
    const xml = await cproPost(app, h.destinataire, `${F}/telecharger/groupe`, { format: 'XML', listeFacture: [{ idFacture: a }] });
    expect(Buffer.from(xml.json().fichierResultat, 'base64').toString('utf8')).toMatch(/^<\?xml/);
  });
});

describe('plan de contrôle', () => {
  it('délai de paiement en temps du bac à sable et notifications', async () => {
    const id = await deposer(app, sandbox, h.fournisseur);
    await traiter(app, h.destinataire, id, 'SUSPENDUE', { motif: 'Pièce manquante' });
    const res = await app.inject({ method: 'GET', url: `/_sandbox/sandboxes/${sandbox.id}/factures/${id}`, headers: admin });
    expect(res.statusCode).toBe(200);
    const { delaiPaiement, historique } = res.json();
    // Destinataire sans paramètre is a collectivité territoriale: 30 days.
    expect(delaiPaiement).toMatchObject({ delaiJours: 30, suspendu: true, enRetard: false, dateEcheance: null, interetsMoratoires: 0 });
    expect(historique.at(-1)).toMatchObject({ code: 'SUSPENDUE', acteur: 'DESTINATAIRE' });

    // The supplier's gestionnaire principal (a person; technical accounts are never notified).
    const login = technicalAccount(app, sandbox.id, 'Fournisseur').login.replace(/^TECH_1_/, 'GEST_PRIVE_1_');
    const notes = await app.inject({ method: 'GET', url: `/_sandbox/sandboxes/${sandbox.id}/notifications?login=${encodeURIComponent(login)}`, headers: admin });
    expect(notes.json().notifications[0]).toMatchObject({ idFacture: id, type: 'STATUT_SUSPENDUE', lu: false });
    expect((await app.inject({ method: 'GET', url: `/_sandbox/sandboxes/${sandbox.id}/factures/1`, headers: admin })).statusCode).toBe(404);
  });
});
