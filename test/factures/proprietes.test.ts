import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, cproPost, createSandbox, type TestSandbox } from '../helpers/app.js';
import { acteurs, deposer, factureSaisie, type Acteurs } from '../helpers/factures.js';

let app: FastifyInstance;
let sandbox: TestSandbox;
let h: Acteurs;
let id: number;

beforeAll(async () => {
  app = await buildTestApp();
  sandbox = await createSandbox(app, { seed: 13 });
  h = await acteurs(app, sandbox);
  id = await deposer(app, sandbox, h.fournisseur);
});
afterAll(() => app.close());

/** Any JSON value, with a bias towards the shapes clients really send. */
const valeur = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double({ noNaN: false }),
  fc.string(),
  fc.constantFrom('2026-01-01', '2026-13-45', 'SAISIE_API', 'AVOIR', 'FACTURE', '1e309', '-0', 'OUI'),
  fc.array(fc.jsonValue(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue(), { maxKeys: 3 }),
);

/** Random bodies: a valid one with fields replaced, or arbitrary objects with the operation's keys. */
function corps(cles: string[], base?: () => Record<string, unknown>) {
  const aleatoire = fc.dictionary(fc.constantFrom(...cles), valeur, { maxKeys: cles.length });
  if (!base) return aleatoire;
  return fc.oneof(aleatoire, fc.tuple(fc.constantFrom(...Object.keys(base())), valeur).map(([k, v]) => ({ ...base(), [k]: v })));
}

async function jamais500(url: string, headers: Record<string, string>, arbitraire: fc.Arbitrary<unknown>) {
  await fc.assert(
    fc.asyncProperty(arbitraire, async (body) => {
      const res = await cproPost(app, headers, url, body);
      expect(res.statusCode, res.body).toBeLessThan(500);
      const json = res.json();
      expect(typeof json.codeRetour).toBe('number');
      expect(typeof json.libelle).toBe('string');
      if (res.statusCode >= 400) expect(json.codeRetour).not.toBe(0);
    }),
    { numRuns: 50 },
  );
}

const F = '/cpro/factures/v1';

describe('aucun corps ne provoque de 500', () => {
  it('soumettre', () =>
    jamais500(`${F}/soumettre`, h.fournisseur, corps(
      ['modeDepot', 'numeroFactureSaisi', 'dateFacture', 'destinataire', 'fournisseur', 'cadreDeFacturation', 'references', 'lignePoste', 'ligneTva', 'montantTotal', 'pieceJointePrincipale', 'pieceJointeComplementaire'],
      () => factureSaisie(app, sandbox.id) as Record<string, unknown>,
    )));

  it('traiter/recue', () =>
    jamais500(`${F}/traiter/recue`, h.destinataire, corps(['idFacture', 'nouveauStatut', 'motif', 'numeroDPMandat', 'commentaire'], () => ({ idFacture: id, nouveauStatut: 'SERVICE_FAIT', motif: 'm' }))));

  it('completer', () =>
    jamais500(`${F}/completer`, h.fournisseur, corps(['identifiantFactureCPP', 'pieceJointeComplementaire', 'commentaire'], () => ({ identifiantFactureCPP: id, commentaire: 'c' }))));

  it('recycler', () =>
    jamais500(`${F}/recycler`, h.fournisseur, corps(['identifiantFactureCPP', 'destinataire', 'reference', 'commentaire'], () => ({ identifiantFactureCPP: id, destinataire: { codeDestinataire: '1' } }))));

  it('rechercher/fournisseur et rechercher/recipiendaire', async () => {
    await jamais500(`${F}/rechercher/fournisseur`, h.fournisseur, corps(['statutCourant', 'periodeDateDepotDu', 'montantHTMin', 'rechercheFactureParFournisseur', 'listeDestinataire', 'numeroFluxDepot', 'rejetTraite']));
    await jamais500(`${F}/rechercher/recipiendaire`, h.destinataire, corps(['statutCourant', 'periodeDateHeureEtatCourantAu', 'paramRecherche', 'listeFournisseurs', 'listeTypeFacture', 'factureTelechargeeParDestinataire']));
  });

  it('consulter, historique, téléchargement, fichiers', async () => {
    await jamais500(`${F}/consulter/fournisseur`, h.fournisseur, corps(['identifiantFactureCPP', 'pLignesPoste', 'getpListePiecesJointes', 'codeLangue'], () => ({ identifiantFactureCPP: id })));
    await jamais500(`${F}/consulter/historique`, h.fournisseur, corps(['idFacture', 'nbResultatsMaximum', 'paramRechercheHistoStatuts'], () => ({ idFacture: id })));
    await jamais500(`${F}/telecharger/groupe`, h.destinataire, corps(['format', 'listeFacture', 'avecPiecesJointesComplementaires'], () => ({ format: 'PDF', listeFacture: [{ idFacture: id }] })));
    await jamais500('/cpro/transverses/v1/ajouter/fichier', h.fournisseur, corps(['pieceJointeFichier', 'pieceJointeNom', 'pieceJointeTypeMime', 'pieceJointeExtension'], () => ({ pieceJointeFichier: 'QUJD', pieceJointeNom: 'a.txt', pieceJointeTypeMime: 'text/plain', pieceJointeExtension: 'TXT' })));
    await jamais500(`${F}/deposer/pdf`, h.fournisseur, corps(['fichierFacture', 'nomFichier', 'formatDepot'], () => ({ fichierFacture: 'JVBERi0xLjcK', nomFichier: 'f.pdf' })));
    await jamais500(`${F}/traiterRejet`, h.fournisseur, corps(['listeDemandePaiement', 'cpltInfos'], () => ({ listeDemandePaiement: [{ idDemandePaiement: id }] })));
  });
});
