import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, createSandbox, cproHeaders, type TestSandbox } from '../helpers/app.js';
import { expectEnveloppe, matelas, structureDe, TRANSVERSES, transverses } from '../helpers/transverses.js';

/**
 * Whatever a client throws at a Transverses operation, the answer is a 2xx or a 4xx carrying
 * `{codeRetour, libelle}`, never a 500. Bodies mix arbitrary JSON with the operation's own fields
 * filled with random, plausible and hostile values.
 */
let app: FastifyInstance;
let sandbox: TestSandbox;
let headers: Record<string, string>;
let plausibles: unknown[] = [];

const ROUTES: [string, string[]][] = [
  ['recuperer/devises', ['codeLangue']],
  ['recuperer/pays', ['codeLangue']],
  ['recuperer/tauxtva', ['codeLangue']],
  ['recuperer/motifs/exonerationtva', ['codeLangue']],
  ['recuperer/modedepot', []],
  ['recuperer/modereglements', []],
  ['recuperer/cadrefacturation', ['typeDemandePaiement']],
  ['recuperer/typedp', []],
  ['recuperer/etat/typedp', ['typeDemandePaiement']],
  ['recuperer/etats/traitement', ['statutCourant']],
  ['recuperer/typeidentifiant/structure', []],
  ['recuperer/typespj', ['codeLangue', 'typeObjet']],
  ['recuperer/typefacturetravaux', []],
  ['recuperer/formatflux', []],
  ['recuperer/syntaxeflux', ['formatFlux']],
  ['recuperer/motifs/refus/Facture/AValider', ['codeCadreFacturationAValider']],
  ['recuperer/coordbanc/valides', ['idStructure']],
  ['recuperer/structures/actives/fournisseur', []],
  ['recuperer/structures/actives/destinataire', []],
  ['recuperer/structures/actives/facturetravaux', []],
  ['recuperer/structuresPourUtilisateur', ['espaceFo']],
  ['rechercher/destinataire', ['identifiant', 'nomVilleCodePostal', 'typeStructure', 'parametresRecherche']],
  ['rechercher/serviceexecutant', ['idDestinataireCPP', 'codeServiceExecutant', 'nomServiceExecutant', 'actif', 'parametresRecherche']],
  ['telecharger/annuaire/destinataire', []],
  ['consulter/information/siret', ['siretStructure']],
];

beforeAll(async () => {
  app = await buildTestApp();
  sandbox = await createSandbox(app, { seed: 31 });
  headers = await cproHeaders(app, sandbox);
  const m = await matelas(app, sandbox);
  const f = structureDe(m, 'Fournisseur');
  const d = structureDe(m, 'Destinataire sans paramètre');
  plausibles = [
    'FR', 'en', 'FACTURE', 'facture_travaux', 'MISE_A_DISPOSITION', 'A9', 'IN_DP_E2_MIXTE', 'STRUCTURE', 'PUBLIQUE', 'Ascendant',
    f.idStructureCPP, d.idStructureCPP, String(d.idStructureCPP), f.siret, d.siret, '0', 0, -1, 2 ** 53, 1e308, '', ' ', 'true', 'NON',
  ];
});
afterAll(() => app.close());

const pagination = () =>
  fc.record(
    {
      nbResultatsParPage: fc.oneof(fc.integer({ min: -5, max: 20_000 }), fc.jsonValue()),
      pageResultatDemandee: fc.oneof(fc.integer({ min: -2, max: 50 }), fc.string()),
      triColonne: fc.oneof(fc.constantFrom('NomDestinataire', 'siret', 'CodeServiceExecutant', 'Inconnue'), fc.jsonValue()),
      triSens: fc.oneof(fc.constantFrom('Ascendant', 'Ascendant ', 'descendant'), fc.jsonValue()),
    },
    { requiredKeys: [] },
  );

const valeur = (champ: string) =>
  fc.oneof(
    fc.constantFrom(...plausibles),
    fc.jsonValue({ maxDepth: 2 }),
    fc.string({ unit: 'grapheme', maxLength: 300 }),
    fc.integer(),
    ...(champ === 'parametresRecherche' ? [pagination()] : []),
  );

const corps = (champs: string[]) =>
  fc.oneof(
    fc.jsonValue({ maxDepth: 3 }),
    fc.record(Object.fromEntries(champs.map((c) => [c, valeur(c)])), { requiredKeys: [] }),
  );

describe('random bodies', () => {
  it.each(ROUTES)('POST %s answers 2xx or 4xx with the envelope', async (path, champs) => {
    await fc.assert(
      fc.asyncProperty(corps(champs), async (body) => {
        const res = await app.inject({
          method: 'POST',
          url: `${TRANSVERSES}/${path}`,
          headers: { ...headers, 'content-type': 'application/json' },
          payload: JSON.stringify(body),
        });
        expectEnveloppe(res);
      }),
      { numRuns: 50 },
    );
  });

  it('rechercher/destinataire pages consistently whatever the page asked', async () => {
    const tous = (await transverses(app, headers, 'rechercher/destinataire', { parametresRecherche: { nbResultatsParPage: 1000 } })).json();
    const total = tous.parametresRetour.total;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 10 }), fc.integer({ min: 1, max: 12 }), async (taille, page) => {
        const res = await transverses(app, headers, 'rechercher/destinataire', { parametresRecherche: { nbResultatsParPage: taille, pageResultatDemandee: page } });
        const body = res.json();
        expect(body.parametresRetour).toEqual({ pageCourante: page, pages: Math.ceil(total / taille), nbResultatsParPage: taille, total });
        expect(body.listeDestinataires).toEqual(tous.listeDestinataires.slice((page - 1) * taille, page * taille));
      }),
      { numRuns: 50 },
    );
  });
});
