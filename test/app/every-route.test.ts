import type { FastifyInstance } from 'fastify';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, buildTestApp, cproHeaders, cproPost, createSandbox, type TestSandbox } from '../helpers/app.js';
import { acteurs, deposer, factureSaisie, type Acteurs } from '../helpers/factures.js';
import { matelas, structureDe } from '../helpers/transverses.js';

/**
 * Whatever a client sends to whatever route the OpenAPI document lists, the answer is never a 5xx, and
 * a refusal always carries the `{codeRetour, libelle}` envelope. Routes, their body schemas and their
 * query parameters are read from the app itself, so a route added later is covered without touching
 * this file. Bodies are: anything at all; objects built from the operation's own schema with random,
 * plausible (real ids, statuses, dates) and hostile values; and, for the invoice and toolkit writes,
 * a valid body with one field replaced, so that the deep paths of the services are reached.
 */
let app: FastifyInstance;
let sandbox: TestSandbox;
let h: Acteurs;
let idFacture: number;
let plausibles: unknown[];

interface Schema {
  type?: string | string[];
  enum?: unknown[];
  properties?: Record<string, Schema>;
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
}
interface Operation {
  method: string;
  path: string;
  corps?: Schema;
  query: string[];
}
let operations: Operation[];

beforeAll(async () => {
  app = await buildTestApp();
  sandbox = await createSandbox(app, { seed: 21 });
  h = await acteurs(app, sandbox);
  idFacture = await deposer(app, sandbox, h.fournisseur);
  // An OCR invoice (deposer/pdf, never submitted): null number, recipient and amounts for every reader.
  const pdf = await cproPost(app, h.fournisseur, '/cpro/factures/v1/deposer/pdf', { fichierFacture: 'JVBERi0xLjcK', nomFichier: 'f.pdf' });
  const ocr = await cproPost(app, h.fournisseur, '/cpro/factures/v1/rechercher/fournisseur', { statutCourant: ['INTERPRETEE_OCR'] });
  const idOcr: number = ocr.json().listeFactures[0].identifiantFactureCPP;
  const m = await matelas(app, sandbox);
  const f = structureDe(m, 'Fournisseur');
  const d = structureDe(m, 'Destinataire sans paramètre');
  plausibles = [
    idFacture, String(idFacture), idOcr, String(idOcr), pdf.json().pieceJointeId, 'INTERPRETEE_OCR', 'DEPOT_PDF_API', f.idStructureCPP, d.idStructureCPP, d.services[1]!.idService, d.services[1]!.codeService, f.siret, d.siret,
    'FR', 'fr', 'FACTURE', 'SIRET', 'PUBLIQUE', 'MISE_A_DISPOSITION', 'SUSPENDUE', 'A_RECYCLER', 'A1_FACTURE_FOURNISSEUR', 'SAISIE_API', 'PDF', 'ZIP',
    'Ascendant', 'Descendant ', '2026-01-01', '2026-13-45', '2026-01-01T10:00:00Z', '1e309', '-0', 'OUI', 'true', '', ' ',
    0, -1, 1, 2 ** 53, 1e308, -1e-9, null, true,
  ];
  const paths = app.swagger().paths as Record<string, Record<string, { requestBody?: { content?: Record<string, { schema?: Schema }> }; parameters?: { in: string; name: string }[] }>>;
  operations = Object.entries(paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({
      method: method.toUpperCase(),
      path,
      corps: op.requestBody?.content?.['application/json']?.schema,
      query: (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
    })),
  );
});
afterAll(() => app.close());

const valeur = (): fc.Arbitrary<unknown> => fc.oneof(fc.constantFrom(...plausibles), fc.jsonValue({ maxDepth: 2 }), fc.string({ unit: 'grapheme', maxLength: 40 }), fc.integer(), fc.double());

/** Random values shaped like the schema (its keys, enums, arrays), with a bias to plausible ones. */
function selonSchema(schema: Schema | undefined, profondeur = 0): fc.Arbitrary<unknown> {
  if (!schema || profondeur > 3) return valeur();
  const variantes = schema.anyOf ?? schema.oneOf ?? schema.allOf;
  if (variantes?.length) return fc.oneof(...variantes.map((v) => selonSchema(v, profondeur + 1)));
  if (schema.enum?.length) return fc.oneof(fc.constantFrom(...schema.enum), valeur());
  if (schema.properties) {
    const champs = Object.fromEntries(Object.entries(schema.properties).map(([k, v]) => [k, selonSchema(v, profondeur + 1)]));
    return fc.oneof({ weight: 4, arbitrary: fc.record(champs, { requiredKeys: [] }) }, { weight: 1, arbitrary: valeur() });
  }
  if (schema.items) return fc.oneof(fc.array(selonSchema(schema.items, profondeur + 1), { maxLength: 3 }), valeur());
  return valeur();
}

/** Valid bodies of the writes users make most, to be broken one field at a time. */
function corpsValides(): Record<string, () => Record<string, unknown>> {
  const F = '/cpro/factures/v1';
  return {
    [`${F}/soumettre`]: () => factureSaisie(app, sandbox.id) as Record<string, unknown>,
    [`${F}/traiter/recue`]: () => ({ idFacture, nouveauStatut: 'SUSPENDUE', motif: 'm', numeroDPMandat: 'M-1' }),
    [`${F}/completer`]: () => ({ identifiantFactureCPP: idFacture, commentaire: 'c' }),
    [`${F}/recycler`]: () => ({ identifiantFactureCPP: idFacture, destinataire: { codeDestinataire: '1' } }),
    [`${F}/consulter/historique`]: () => ({ idFacture, paramRechercheHistoStatuts: { triSensListeHistoStatut: 'Ascendant' } }),
    [`${F}/telecharger/groupe`]: () => ({ format: 'PDF', listeFacture: [{ idFacture }] }),
    [`${F}/deposer/pdf`]: () => ({ fichierFacture: 'JVBERi0xLjcK', nomFichier: 'f.pdf' }),
    [`${F}/traiterRejet`]: () => ({ listeDemandePaiement: [{ idDemandePaiement: idFacture }] }),
    '/cpro/transverses/v1/ajouter/fichier': () => ({ pieceJointeFichier: 'QUJD', pieceJointeNom: 'a.txt', pieceJointeTypeMime: 'text/plain', pieceJointeExtension: 'TXT' }),
    '/_sandbox/sandboxes/{id}/clock': () => ({ mode: 'frozen', date: '2026-01-01' }),
    '/_sandbox/sandboxes/{id}/clock/advance': () => ({ days: 1 }),
    '/_sandbox/sandboxes/{id}/faults': () => ({ regles: [{ route: '/cpro/factures/*', probabilite: 0, statut: 503 }] }),
  };
}

function corpsDe(op: Operation): fc.Arbitrary<unknown> {
  const valide = corpsValides()[op.path];
  const remplace = valide
    ? [fc.constantFrom(...Object.keys(valide())).chain((k) => selonSchema(op.corps?.properties?.[k]).map((v) => ({ ...valide(), [k]: v })))]
    : [];
  return fc.oneof({ weight: 1, arbitrary: fc.anything() }, { weight: 3, arbitrary: selonSchema(op.corps) }, ...remplace.map((arbitrary) => ({ weight: 3, arbitrary })));
}

/** Fills path parameters: the real sandbox id and invoice id, otherwise a random value. */
function concrete(path: string, random: string, vrai: boolean): string {
  return path
    .replace('{id}', sandbox.id)
    .replace('{idFacture}', vrai ? String(idFacture) : '{idFacture}')
    .replace(/\{[^}]+\}/g, encodeURIComponent(random) || '0');
}

describe('every documented route', () => {
  it('is documented', () => {
    expect(operations.length).toBeGreaterThan(60);
    expect(operations.filter((o) => o.corps?.properties).length).toBeGreaterThan(40);
  });

  it('never answers a random body, parameter or query with a 5xx, and refuses with the Chorus envelope', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.nat().chain((n) => corpsDe(operations[n % operations.length]!).map((body) => ({ n, body }))),
        fc.oneof(fc.string(), fc.integer().map(String)),
        fc.boolean(),
        fc.dictionary(fc.string({ maxLength: 10 }), fc.oneof(fc.string(), fc.integer().map(String))),
        async ({ n, body }, param, vrai, query) => {
          const { method, path, query: noms } = operations[n % operations.length]!;
          if (method === 'DELETE') return; // deleting the shared sandbox would only shorten the run
          if (path.endsWith('/reset')) return; // same: it would throw the invoice away
          const headers = path.startsWith('/cpro') ? (path.includes('traiter/recue') || path.includes('telecharger') ? h.destinataire : h.fournisseur) : admin;
          const qs = new URLSearchParams(Object.fromEntries(Object.entries(query).map(([k, v], i) => [noms[i % Math.max(noms.length, 1)] ?? k, v]))).toString();
          const res = await app.inject({
            method: method as 'GET',
            url: `${concrete(path, param, vrai)}${qs ? `?${qs}` : ''}`,
            headers: { ...headers, 'content-type': 'application/json' },
            payload: method === 'GET' ? undefined : (JSON.stringify(body) ?? 'null'),
          });
          expect(res.statusCode, `${method} ${path} → ${res.body.slice(0, 200)}`).toBeLessThan(500);
          if (res.statusCode >= 400 && res.headers['content-type']?.toString().includes('json')) {
            const json = res.json();
            if (path.startsWith('/cpro') && res.statusCode !== 401) {
              expect(json, `${method} ${path}`).toMatchObject({ codeRetour: expect.any(Number), libelle: expect.any(String) });
              expect(json.codeRetour).not.toBe(0);
            }
            if (path.startsWith('/_sandbox')) expect(json, `${method} ${path}`).toMatchObject({ codeRetour: expect.any(Number), libelle: expect.any(String) });
          }
        },
      ),
      { numRuns: 1500 },
    );
  }, 120_000);
});
