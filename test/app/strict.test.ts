import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, cproPost, createSandbox, type TestSandbox } from '../helpers/app.js';
import { acteurs, deposer, factureSaisie, type Acteurs } from '../helpers/factures.js';

/** Strict where the real API is (documented enums and types), liberal where real clients are. */
let app: FastifyInstance;
let sandbox: TestSandbox;
let h: Acteurs;
let id: number;
const F = '/cpro/factures/v1';

beforeAll(async () => {
  app = await buildTestApp();
  sandbox = await createSandbox(app);
  h = await acteurs(app, sandbox);
  id = await deposer(app, sandbox, h.fournisseur);
});
afterAll(() => app.close());

function refuse(res: { statusCode: number; body: string }, champ: string) {
  expect(res.statusCode, res.body).toBe(400);
  expect(JSON.parse(res.body).libelle, res.body).toContain(champ);
}

describe('refused with a 400 naming the field', () => {
  it.each([
    ['telecharger/groupe format', () => h.destinataire, `${F}/telecharger/groupe`, () => ({ format: 'DOCX', listeFacture: [{ idFacture: id }] }), 'format'],
    ['statutCourant not a status', () => h.fournisseur, `${F}/rechercher/fournisseur`, () => ({ statutCourant: ['NIMPORTE'] }), 'statutCourant[0]'],
    ['statutCourant as one string', () => h.destinataire, `${F}/rechercher/recipiendaire`, () => ({ statutCourant: 'PAYEE_PEUT_ETRE' }), 'statutCourant'],
    ['triColonne outside its list', () => h.fournisseur, `${F}/rechercher/fournisseur`, () => ({ rechercheFactureParFournisseur: { triColonne: 'Bidon' } }), 'rechercheFactureParFournisseur.triColonne'],
    ['roleUtilisateur outside its list', () => h.fournisseur, `${F}/rechercher/demandePaiement`, () => ({ roleUtilisateur: 'ROI' }), 'roleUtilisateur'],
    ['an object for an integer', () => h.fournisseur, `${F}/rechercher/fournisseur`, () => ({ idFournisseur: {} }), 'idFournisseur'],
    ['a string for a boolean the sandbox ignores', () => h.fournisseur, `${F}/rechercher/fournisseur`, () => ({ rechercheSirenDestinataire: 'peut-être' }), 'rechercheSirenDestinataire'],
    ['a number for an object the sandbox ignores', () => h.fournisseur, `${F}/rechercher/fournisseur`, () => ({ rechercheFactureParFournisseur: { champsDeTri: 5 } }), 'champsDeTri'],
    ['a boolean for a string', () => h.fournisseur, '/cpro/structures/v1/rechercher', () => ({ structure: { raisonSocialeStructure: true } }), 'structure.raisonSocialeStructure'],
    ['an array for a number', () => h.fournisseur, `${F}/rechercher/fournisseur`, () => ({ montantHTMin: [1] }), 'montantHTMin'],
    ['rechercher/destinataire triColonne outside its list', () => h.fournisseur, '/cpro/transverses/v1/rechercher/destinataire', () => ({ parametresRecherche: { triColonne: 'Bidon' } }), 'parametresRecherche.triColonne'],
    ['nouveauStatut not a status', () => h.destinataire, `${F}/traiter/recue`, () => ({ idFacture: id, nouveauStatut: 'PAYEE' }), 'nouveauStatut'],
  ])('%s', async (_nom, headers, url, corps, champ) => {
    refuse(await cproPost(app, headers(), url, corps()), champ);
  });

  it('a currency outside recuperer/devises', async () => {
    const corps = factureSaisie(app, sandbox.id);
    refuse(await cproPost(app, h.fournisseur, `${F}/soumettre`, { ...corps, references: { ...corps.references, deviseFacture: 'XYZ' } }), 'references.deviseFacture');
    const usd = await cproPost(app, h.fournisseur, `${F}/soumettre`, { ...factureSaisie(app, sandbox.id), references: { ...corps.references, deviseFacture: 'usd' } });
    expect(usd.statusCode, usd.body).toBe(200);
  });

  it('an AVOIR whose numeroFactureOrigine does not exist for that supplier', async () => {
    const corps = factureSaisie(app, sandbox.id);
    const avoir = (origine: string) => ({ ...corps, references: { ...corps.references, typeFacture: 'AVOIR', modePaiement: undefined, numeroFactureOrigine: origine } });
    refuse(await cproPost(app, h.fournisseur, `${F}/soumettre`, avoir('INCONNUE-1')), 'references.numeroFactureOrigine');
    const origine = (await cproPost(app, h.fournisseur, `${F}/consulter/fournisseur`, { identifiantFactureCPP: id })).json().facture.numeroFacture;
    const ok = await cproPost(app, h.fournisseur, `${F}/soumettre`, avoir(origine));
    expect(ok.statusCode, ok.body).toBe(200);
  });

  it('too many lines or attachments, before anything walks them', async () => {
    const corps = factureSaisie(app, sandbox.id);
    const ligne = corps.lignePoste[0];
    const t0 = Date.now();
    const res = await cproPost(app, h.fournisseur, `${F}/soumettre`, { ...corps, lignePoste: Array.from({ length: 100_000 }, () => ligne) });
    refuse(res, 'lignePoste');
    expect(Date.now() - t0).toBeLessThan(1500);
    const pj = { pieceJointeComplementaireDesignation: 'x', pieceJointeComplementaireType: 'AUTRE', pieceJointeComplementaireId: 1 };
    refuse(await cproPost(app, h.fournisseur, `${F}/soumettre`, { ...corps, pieceJointeComplementaire: Array.from({ length: 101 }, () => pj) }), 'pieceJointeComplementaire');
  });
});

describe('liberal where real clients are', () => {
  it('GO’s triSense sorts like triSens, its cadreFacturation object filters like the code', async () => {
    const asc = (await cproPost(app, h.fournisseur, `${F}/rechercher/fournisseur`, { rechercheFactureParFournisseur: { triSense: 'Ascendant', triColonne: 'NumeroFacture' } })).json();
    const ref = (await cproPost(app, h.fournisseur, `${F}/rechercher/fournisseur`, { rechercheFactureParFournisseur: { triSens: 'Ascendant', triColonne: 'NumeroFacture' } })).json();
    expect(asc.listeFactures.map((l: { identifiantFactureCPP: number }) => l.identifiantFactureCPP)).toEqual(ref.listeFactures.map((l: { identifiantFactureCPP: number }) => l.identifiantFactureCPP));
    const a2 = (await cproPost(app, h.fournisseur, `${F}/rechercher/fournisseur`, { cadreFacturation: { codeCadreFacturation: 'A2_FACTURE_FOURNISSEUR_DEJA_PAYEE' } })).json();
    expect(a2.parametresRetour.total).toBe(0);
  });

  it.each([
    ['GO’s "Ascendant " and lower-case enums', `${F}/rechercher/fournisseur`, { statutCourant: ['mise_a_disposition'], rechercheFactureParFournisseur: { triSens: 'Ascendant ', triColonne: 'dateDepot' } }],
    ['numbers as strings, booleans as OUI', `${F}/rechercher/fournisseur`, { idFournisseur: '0', montantHTMin: '1.5', rechercheSirenDestinataire: 'OUI' }],
    ['unknown fields', `${F}/rechercher/fournisseur`, { champInconnu: { a: [1, 2] } }],
    ['a SIRET as a number', '/cpro/structures/v1/rechercher', { structure: { identifiantStructure: 73282932000074 } }],
    ['GO’s VALIDEUR role', `${F}/rechercher/demandePaiement`, { roleUtilisateur: 'VALIDEUR' }],
    ['GO’s triSense and cadreFacturation object', `${F}/rechercher/fournisseur`, { cadreFacturation: { codeCadreFacturation: 'A1_FACTURE_FOURNISSEUR' }, rechercheFactureParFournisseur: { triSense: 'Ascendant ' } }],
    ['GO’s triSense in a structures search', '/cpro/structures/v1/rechercher', { parametres: { triSense: 'Ascendant', triColonne: 'DesignationStructure' } }],
  ])('%s', async (_nom, url, corps) => {
    const res = await cproPost(app, h.fournisseur, url, corps);
    expect(res.statusCode, res.body).toBe(200);
  });
});
