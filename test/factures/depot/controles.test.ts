import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, cproPost, createSandbox, type TestSandbox } from '../../helpers/app.js';
import { acteurs, factureSaisie, structure, type Acteurs } from '../../helpers/factures.js';

let app: FastifyInstance;
let sandbox: TestSandbox;
let h: Acteurs;

beforeAll(async () => {
  app = await buildTestApp();
  sandbox = await createSandbox(app, { seed: 3 });
  h = await acteurs(app, sandbox);
});
afterAll(() => app.close());

type Corps = ReturnType<typeof factureSaisie>;
const soumettre = (corps: unknown) => cproPost(app, h.fournisseur, '/cpro/factures/v1/soumettre', corps);
const avec = (modif: (c: Corps) => void, destinataire?: string) => {
  const c = factureSaisie(app, sandbox.id, destinataire);
  modif(c);
  return c;
};

describe('contrôles du dépôt : chacun son code, un libellé qui nomme le champ', () => {
  const cas: [string, () => Corps, number, string][] = [
    ['cadre hors de l’énumération de soumettre (A3) : contrôle du Swagger', () => avec((c) => (c.cadreDeFacturation.codeCadreFacturation = 'A3_MEMOIRE_JUSTICE')), 10002, 'codeCadreFacturation'],
    ['cadre A9 sans valideur', () => avec((c) => (c.cadreDeFacturation.codeCadreFacturation = 'A9_FACTURE_SOUSTRAITANT')), 20401, 'codeStructureValideur'],
    ['fournisseur non rattaché', () => avec((c) => (c.fournisseur.idFournisseur = structure(app, sandbox.id, 'MOE').id)), 20102, 'fournisseur.idFournisseur'],
    ['destinataire inconnu', () => avec((c) => (c.destinataire.codeDestinataire = '00000000000000')), 20103, 'codeDestinataire'],
    ['destinataire privé', () => avec((c) => (c.destinataire = { codeDestinataire: structure(app, sandbox.id, 'MOE').identifiant, codeServiceExecutant: undefined })), 20104, 'codeDestinataire'],
    ['service obligatoire', () => avec((c) => (c.destinataire.codeServiceExecutant = undefined), 'Destinataire avec service obligatoire'), 20106, 'codeServiceExecutant'],
    ['service inconnu', () => avec((c) => (c.destinataire.codeServiceExecutant = 'NIMPORTE')), 20107, 'codeServiceExecutant'],
    ['engagement obligatoire', () => avec((c) => (c.references.numeroBonCommande = undefined as never), 'Destinataire avec EJ obligatoire'), 20108, 'numeroBonCommande'],
    [
      'engagement ou service',
      () => avec((c) => { c.references.numeroBonCommande = undefined as never; c.destinataire.codeServiceExecutant = undefined; }, 'Destinataire avec EJ ou service obligatoire'),
      20109,
      'numeroBonCommande',
    ],
    ['coordonnées bancaires d’un autre', () => avec((c) => ((c.fournisseur as Record<string, unknown>).codeCoordonneesBancairesFournisseur = 999999)), 20111, 'codeCoordonneesBancairesFournisseur'],
    ['lignes en SAISIE_API', () => avec((c) => (c.lignePoste = [])), 20112, 'lignePoste'],
    ['TVA incohérente', () => avec((c) => (c.montantTotal.montantTVA = 31)), 20113, 'montantTotal.montantTVA'],
    ['TTC incohérent', () => avec((c) => (c.montantTotal.montantTtcTotal = 200)), 20113, 'montantTotal.montantTtcTotal'],
    ['avoir sans origine', () => avec((c) => { c.references.typeFacture = 'AVOIR'; c.references.modePaiement = undefined as never; }), 20114, 'numeroFactureOrigine'],
    ['avoir avec mode de paiement', () => avec((c) => { c.references.typeFacture = 'AVOIR'; (c.references as Record<string, unknown>).numeroFactureOrigine = 'F-1'; }), 20115, 'modePaiement'],
    ['FACTURES_PUBLIQUES à un privé', () => avec((c) => (c.destinataire.codeServiceExecutant = 'FACTURES_PUBLIQUES')), 20116, 'codeServiceExecutant'],
    ['pièce jointe inconnue', () => avec((c) => Object.assign(c, { modeDepot: 'DEPOT_PDF_API', pieceJointePrincipale: [{ pieceJointePrincipaleId: 42 }] })), 20117, 'pieceJointePrincipale'],
    ['pièce jointe absente en dépôt PDF', () => avec((c) => (c.modeDepot = 'DEPOT_PDF_API')), 20118, 'pieceJointePrincipale'],
    ['date impossible', () => avec((c) => (c.dateFacture = '2026-02-30')), 10002, 'dateFacture'],
    ['numéro absent', () => avec((c) => (c.numeroFactureSaisi = undefined as never)), 10001, 'numeroFactureSaisi'],
  ];

  it.each(cas)('%s → %i', async (_nom, corps, code, champ) => {
    const res = await soumettre(corps());
    expect(res.statusCode).toBe(400);
    expect(res.json().codeRetour).toBe(code);
    expect(res.json().libelle).toContain(champ);
  });

  it('numéro unique par fournisseur et par année de la date de facture', async () => {
    const c = factureSaisie(app, sandbox.id);
    expect((await soumettre(c)).statusCode).toBe(200);
    const doublon = await soumettre(c);
    expect(doublon.json().codeRetour).toBe(20110);
    expect((await soumettre({ ...c, dateFacture: '2027-01-05T10:00:00Z' })).statusCode).toBe(200);
  });

  it('accepte les formes libérales : montants en chaînes, date-heure, pièce jointe en objet, champs inconnus', async () => {
    const c = factureSaisie(app, sandbox.id) as Record<string, unknown>;
    const res = await soumettre({
      ...c,
      dateFacture: '2026-11-20T00:00:00.000+01:00',
      montantTotal: { montantHtTotal: '150', montantTVA: '30.00', montantTtcTotal: 180, montantAPayer: '180' },
      champInconnu: 'ignoré',
      idUtilisateurCourant: '12',
    });
    expect(res.statusCode).toBe(200);
  });

  it('AVOIR correct : origine, pas de mode de paiement, montants négatifs acceptés', async () => {
    // The origin invoice must exist for that supplier.
    expect((await soumettre(avec((x) => (x.numeroFactureSaisi = 'F-ORIG-1')))).statusCode).toBe(200);
    const c = avec((x) => {
      x.references.typeFacture = 'AVOIR';
      x.references.modePaiement = undefined as never;
      (x.references as Record<string, unknown>).numeroFactureOrigine = 'F-ORIG-1';
      x.montantTotal = { montantHtTotal: -150, montantTVA: -30, montantTtcTotal: -180, montantAPayer: -180 };
    });
    const res = await soumettre(c);
    expect(res.statusCode).toBe(200);
  });

  it('EJ ou service : le service seul suffit', async () => {
    const c = avec((x) => (x.references.numeroBonCommande = undefined as never), 'Destinataire avec EJ ou service obligatoire');
    expect((await soumettre(c)).statusCode).toBe(200);
  });
});
