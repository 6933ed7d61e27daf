import type { FastifyInstance } from 'fastify';
import { strToU8, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyserFlux } from '../../src/modules/flux/analyse.js';
import { ecrireCii, ecrireUbl } from '../../src/modules/flux/ecriture.js';
import { construireFacturX } from '../../src/modules/flux/facturx.js';
import type { FactureLue } from '../../src/modules/flux/modele.js';
import { admin, buildTestApp, cproHeaders, cproPost, createSandbox, type TestSandbox } from '../helpers/app.js';
import { structure } from '../helpers/factures.js';
import { factureExemple } from './exemples.js';

const T0 = '2026-12-01T10:00:00.000Z';
const b64 = (x: string | Uint8Array) => Buffer.from(x).toString('base64');

describe('deposer/flux, integration on the sandbox clock, comptes rendus', () => {
  let app: FastifyInstance;
  let sandbox: TestSandbox;
  let headers: Record<string, string>;
  let n = 0;

  beforeAll(async () => {
    app = await buildTestApp();
    sandbox = await createSandbox(app);
    headers = await cproHeaders(app, sandbox, 'Fournisseur');
    await app.inject({ method: 'PUT', url: `/_sandbox/sandboxes/${sandbox.id}/clock`, headers: admin, payload: { mode: 'frozen', date: T0 } });
  });
  afterAll(() => app.close());

  /** An invoice of the matelas: its supplier, a recipient and that recipient's first service. */
  function facture(destinataire = 'Destinataire sans paramètre', modifs: Partial<FactureLue> = {}): FactureLue {
    const fo = structure(app, sandbox.id, 'Fournisseur');
    const de = structure(app, sandbox.id, destinataire);
    n += 1;
    const base = factureExemple();
    return factureExemple({
      numero: `FLX-${n}`,
      fournisseur: { ...base.fournisseur, nom: fo.raisonSociale, identifiant: { valeur: fo.identifiant, schemeID: '1' } },
      acheteur: { ...base.acheteur, nom: de.raisonSociale, identifiant: { valeur: de.identifiant, schemeID: '1' } },
      codeService: de.services[0]?.code ?? null,
      ...modifs,
    });
  }

  const deposer = (fichier: string | Uint8Array, syntaxeFlux: string, nomFichier = 'facture.xml') =>
    cproPost(app, headers, '/cpro/factures/v1/deposer/flux', { fichierFlux: b64(fichier), nomFichier, syntaxeFlux, avecSignature: false });
  const crDetaille = async (numeroFluxDepot: string) => (await cproPost(app, headers, '/cpro/transverses/v1/consulterCRDetaille', { numeroFluxDepot })).json();
  const avancer = (minutes: number) => app.inject({ method: 'POST', url: `/_sandbox/sandboxes/${sandbox.id}/clock/advance`, headers: admin, payload: { minutes } });

  async function deposerEtIntegrer(fichier: string | Uint8Array, syntaxeFlux: string, nomFichier?: string) {
    const res = await deposer(fichier, syntaxeFlux, nomFichier);
    expect(res.statusCode, res.body).toBe(200);
    const { numeroFluxDepot } = res.json();
    expect((await crDetaille(numeroFluxDepot)).etatCourantDepotFlux).toBe('IN_DEPOT_PORTAIL_EN_ATTENTE_TRAITEMENT_SE_CPP');
    await avancer(5);
    return { numeroFluxDepot, cr: await crDetaille(numeroFluxDepot) };
  }

  async function facturesDuFlux(numeroFluxDepot: string) {
    const res = await cproPost(app, headers, '/cpro/factures/v1/rechercher/fournisseur', { numeroFluxDepot });
    return (res.json().listeFactures ?? []) as { numeroFacture: string; statut: string; identifiantFactureCPP: number }[];
  }

  it('answers at once with a 25-character numeroFluxDepot, the date and the syntax', async () => {
    const res = await deposer(ecrireUbl(facture()), 'IN_DP_E1_UBL_INVOICE');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ codeRetour: 0, libelle: 'GCU_MSG_01_000', syntaxeFlux: 'IN_DP_E1_UBL_INVOICE' });
    expect(body.numeroFluxDepot).toMatch(/^CPP0011100\d{15}$/);
    expect(body.dateDepot).toMatch(/^2026-12-01/);
  });

  for (const [nom, syntaxe, fichier] of [
    ['UBL', 'IN_DP_E1_UBL_INVOICE', (f: FactureLue) => ecrireUbl(f)],
    ['CII', 'IN_DP_E1_CII_16B', (f: FactureLue) => ecrireCii({ ...f, syntaxe: 'CII', racine: 'CrossIndustryInvoice' })],
    ['Factur-X', 'IN_DP_E2_CII_FACTURX', (f: FactureLue) => construireFacturX(ecrireCii(f), `Facture ${f.numero}`)],
  ] as const) {
    it(`a ${nom} invoice built from the matelas integrates and reaches MISE_A_DISPOSITION, found by numeroFluxDepot`, async () => {
      const f = facture();
      const { numeroFluxDepot, cr } = await deposerEtIntegrer(await fichier(f), syntaxe, nom === 'Factur-X' ? 'facture.pdf' : 'facture.xml');
      expect(cr).toMatchObject({ codeRetour: 0, etatCourantDepotFlux: 'IN_INTEGRE', listeErreurDP: [], listeErreurTechnique: [] });
      const liste = await facturesDuFlux(numeroFluxDepot);
      expect(liste.map((x) => [x.numeroFacture, x.statut])).toEqual([[f.numero, 'MISE_A_DISPOSITION']]);
    });
  }

  it('an E2 minimal UBL with its PDF integrates with the PDF as main attachment and modeDepot EDI_MIXTE', async () => {
    const pdf = Buffer.from(await construireFacturX('<x/>', 'Facture PDF')).toString('base64');
    const f = facture(undefined, { piecesJointes: [{ nom: 'facture.pdf', typeMime: 'application/pdf', contenu: pdf }] });
    const { numeroFluxDepot, cr } = await deposerEtIntegrer(ecrireUbl(f), 'IN_DP_E2_UBL_INVOICE_MIN');
    expect(numeroFluxDepot).toMatch(/^CPP0011110\d{15}$/);
    expect(cr.etatCourantDepotFlux).toBe('IN_INTEGRE');
    const [trouvee] = await facturesDuFlux(numeroFluxDepot);
    const row = app.db.$client.prepare('select mode_depot, piece_jointe_principale_id from factures where sandbox_id = ? and id = ?').get(sandbox.id, trouvee.identifiantFactureCPP) as { mode_depot: string; piece_jointe_principale_id: number | null };
    expect(row.mode_depot).toBe('EDI_MIXTE');
    expect(row.piece_jointe_principale_id).not.toBeNull();
  });

  it('a missing BT-10 for a recipient that requires a service is IN_REJETE with the deposit control and the element', async () => {
    const f = facture('Destinataire avec service obligatoire', { codeService: null });
    const { numeroFluxDepot, cr } = await deposerEtIntegrer(ecrireUbl(f), 'IN_DP_E1_UBL_INVOICE');
    expect(cr.etatCourantDepotFlux).toBe('IN_REJETE');
    expect(cr.listeErreurDP).toHaveLength(1);
    expect(cr.listeErreurDP[0].numeroDP).toBe(f.numero);
    expect(cr.listeErreurDP[0].libelleErreurDP).toMatch(/\[CPP-20106\].*BT-10/);
    expect(await facturesDuFlux(numeroFluxDepot)).toEqual([]);
  });

  it('an archive with one broken invoice among good ones is IN_INTEGRE_PARTIEL, the broken one named with its rule id', async () => {
    const bonne1 = facture();
    const bonne2 = facture();
    const casse = facture(undefined, { totaux: { ...factureExemple().totaux, totalTTC: 999 } });
    const zip = zipSync({ 'a.xml': strToU8(ecrireUbl(bonne1)), 'b.xml': strToU8(ecrireUbl(casse)), 'c.xml': strToU8(ecrireUbl(bonne2)) });
    const { numeroFluxDepot, cr } = await deposerEtIntegrer(zip, 'IN_DP_E1_UBL_INVOICE', 'lot.zip');
    expect(cr.etatCourantDepotFlux).toBe('IN_INTEGRE_PARTIEL');
    expect(cr.listeErreurDP.map((e: { numeroDP: string }) => e.numeroDP)).toEqual([casse.numero]);
    expect(cr.listeErreurDP[0].libelleErreurDP).toContain('[BR-CO-15]');
    expect((await facturesDuFlux(numeroFluxDepot)).map((x) => x.numeroFacture).sort()).toEqual([bonne1.numero, bonne2.numero].sort());
  });

  it('an XSD error is IN_REJETE with ERR_XSD_001 IRRECEVABILITE in listeErreurTechnique; consulterCR gives the PDF', async () => {
    const xml = ecrireUbl(facture()).replace('<cbc:IssueDate>', '<cbc:IssueDate>x');
    const { numeroFluxDepot, cr } = await deposerEtIntegrer(xml, 'IN_DP_E1_UBL_INVOICE');
    expect(cr.etatCourantDepotFlux).toBe('IN_REJETE');
    expect(cr.listeErreurTechnique[0]).toMatchObject({ codeErreur: 'ERR_XSD_001', natureErreur: 'IRRECEVABILITE' });
    const pdf = await cproPost(app, headers, '/cpro/transverses/v1/consulterCR', { numeroFluxDepot });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.json()).toMatchObject({ codeRetour: 0, etatCourantFlux: 'IN_REJETE', numeroFluxDepot, codeInterfaceFlux: 'FSO1100A' });
    expect(Buffer.from(pdf.json().fichierCR, 'base64').subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('a duplicate invoice number is rejected by the same control as soumettre', async () => {
    const f = facture();
    await deposerEtIntegrer(ecrireUbl(f), 'IN_DP_E1_UBL_INVOICE');
    const { cr } = await deposerEtIntegrer(ecrireUbl(f), 'IN_DP_E1_UBL_INVOICE');
    expect(cr.etatCourantDepotFlux).toBe('IN_REJETE');
    expect(cr.listeErreurDP[0].libelleErreurDP).toContain('[CPP-20110]');
  });

  it('refuses at deposit an unreadable syntax, an unknown one, an empty file and a file over 10 MB', async () => {
    const cpp = await deposer('<x/>', 'IN_DP_E2_CPP_FACTURE_MIN');
    expect(cpp.statusCode).toBe(400);
    expect(cpp.json()).toMatchObject({ codeRetour: 20401 });
    expect(cpp.json().libelle).toContain('syntaxeFlux');
    const inconnue = await deposer('<x/>', 'IN_DP_E9_INCONNUE');
    expect(inconnue.statusCode).toBe(400);
    expect(inconnue.json().libelle).toContain('syntaxeFlux');
    const vide = await cproPost(app, headers, '/cpro/factures/v1/deposer/flux', { fichierFlux: '', nomFichier: 'f.xml', syntaxeFlux: 'IN_DP_E1_UBL_INVOICE' });
    expect(vide.statusCode).toBe(400);
    const gros = await deposer(new Uint8Array(10 * 1024 * 1024 + 10).fill(0x20), 'IN_DP_E1_UBL_INVOICE');
    expect(gros.statusCode).toBe(400);
    expect(gros.json()).toMatchObject({ codeRetour: 20001 });
    expect(gros.json().libelle).toContain('GDP_MSG_11.022');
  });

  it('an unknown flux is POQ_MSG_01.003', async () => {
    const res = await cproPost(app, headers, '/cpro/transverses/v1/consulterCRDetaille', { numeroFluxDepot: 'CPP0011100999999999999999' });
    expect(res.json()).toMatchObject({ codeRetour: 20001, libelle: expect.stringContaining('POQ_MSG_01.003') });
  });

  it('the "test a flux" route runs every layer, directory included, and integrates nothing', async () => {
    const f = facture('Destinataire avec service obligatoire', { codeService: null });
    const bonne = facture();
    const zip = zipSync({ 'a.xml': strToU8(ecrireUbl(bonne)), 'b.xml': strToU8(ecrireUbl(f)) });
    const idUtilisateur = app.db.$client.prepare("select u.id from utilisateurs u where u.sandbox_id = ? and u.login = ?").get(sandbox.id, Buffer.from(headers['cpro-account'], 'base64').toString().split(':')[0]) as { id: number };
    const res = await app.inject({ method: 'POST', url: `/_sandbox/sandboxes/${sandbox.id}/flux/tester?idUtilisateur=${idUtilisateur.id}`, headers: admin, payload: { fichierFlux: b64(zip), nomFichier: 'lot.zip', syntaxeFlux: 'IN_DP_E1_UBL_INVOICE' } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ etatPrevu: 'IN_INTEGRE_PARTIEL', nombreFichiers: 2, facturesValides: [bonne.numero] });
    expect(res.json().listeErreurDP[0].libelleErreurDP).toContain('[CPP-20106]');
    // With the complete official rule set, the broken total is also named BR-CO-16 by the CEN XSLT.
    const casse = facture(undefined, { totaux: { ...factureExemple().totaux, totalTTC: 999 } });
    const complet = await app.inject({ method: 'POST', url: `/_sandbox/sandboxes/${sandbox.id}/flux/tester?reglesOfficielles=true`, headers: admin, payload: { fichierFlux: b64(ecrireUbl(casse)), nomFichier: 'f.xml', syntaxeFlux: 'IN_DP_E1_UBL_INVOICE' } });
    expect(complet.json().etatPrevu).toBe('IN_REJETE');
    expect(complet.json().listeErreurDP[0].libelleErreurDP).toMatch(/\[BR-CO-15\][\s\S]*\[BR-CO-16\]/);
    const deuxieme = await app.inject({ method: 'POST', url: `/_sandbox/sandboxes/${sandbox.id}/flux/tester?idUtilisateur=${idUtilisateur.id}`, headers: admin, payload: { fichierFlux: b64(zip), nomFichier: 'lot.zip', syntaxeFlux: 'IN_DP_E1_UBL_INVOICE' } });
    expect(deuxieme.json().facturesValides).toEqual([bonne.numero]);
  });

  it('telecharger/groupe gives any invoice as UBL (PIVOT) or CII (XML) that passes our own layers', async () => {
    const saisie = await cproPost(app, headers, '/cpro/factures/v1/soumettre', {
      modeDepot: 'SAISIE_API',
      numeroFactureSaisi: 'SAISIE-XML-1',
      dateFacture: '2026-11-20',
      destinataire: { codeDestinataire: structure(app, sandbox.id, 'Destinataire sans paramètre').identifiant },
      fournisseur: { idFournisseur: structure(app, sandbox.id, 'Fournisseur').id },
      cadreDeFacturation: { codeCadreFacturation: 'A1_FACTURE_FOURNISSEUR' },
      references: { deviseFacture: 'EUR', typeFacture: 'FACTURE', modePaiement: 'VIREMENT' },
      lignePoste: [{ lignePosteDenomination: 'Prestation', lignePosteQuantite: 2, lignePosteMontantUnitaireHT: 50, lignePosteTauxTvaManuel: 20 }],
      montantTotal: { montantHtTotal: 100, montantTVA: 20, montantTtcTotal: 120, montantAPayer: 120 },
    });
    expect(saisie.statusCode, saisie.body).toBe(200);
    const idFacture = saisie.json().identifiantFactureCPP;
    for (const [format, syntaxe] of [
      ['PIVOT', 'IN_DP_E1_UBL_INVOICE'],
      ['XML', 'IN_DP_E1_CII_16B'],
    ] as const) {
      const res = await cproPost(app, headers, '/cpro/factures/v1/telecharger/groupe', { format, listeFacture: [{ idFacture }] });
      expect(res.statusCode, res.body).toBe(200);
      const xml = Buffer.from(res.json().fichierResultat, 'base64');
      const a = await analyserFlux(xml, 'f.xml', syntaxe);
      expect(a.erreursTechniques).toEqual([]);
      expect(a.factures[0].anomalies).toEqual([]);
      expect(a.factures[0].facture.numero).toBe('SAISIE-XML-1');
    }
  });
});
