import type { FastifyInstance } from 'fastify';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { buildTestApp, cproHeaders, createSandbox } from '../helpers/app.js';
import { expectNoServerError, matelasOf } from '../helpers/organisation.js';

let app: FastifyInstance;
let headers: Record<string, string>;
let ids: number[];

beforeAll(async () => {
  app = await buildTestApp();
  const sandbox = await createSandbox(app, { seed: 9 });
  headers = { ...(await cproHeaders(app, sandbox)), 'content-type': 'application/json' };
  const matelas = await matelasOf(app, sandbox);
  ids = [...matelas.structures.map((s) => s.idStructureCPP), ...matelas.structures.flatMap((s) => s.services.map((x) => x.idService))];
});
afterAll(() => app.close());

/** Plausible values mixed with anything at all, so that deep paths of the services are reached. */
const valeur = () =>
  fc.oneof(
    fc.anything(),
    fc.constantFrom(...[0, -1, 1, '1', 'SIRET', 'siret', 'PUBLIQUE', 'Ascendant ', 'CodeService', null, true, 'true', 1e20]),
    fc.integer(),
    fc.nat().map((n) => ids[n % ids.length]),
  );
const pagination = fc.record(
  { nbResultatsParPage: valeur(), pageResultatDemandee: valeur(), triColonne: valeur(), triSens: valeur() },
  { requiredKeys: [] },
);
const structure = fc.record(
  { idStructure: valeur(), identifiantStructure: valeur(), typeIdentifiantStructure: valeur(), typeStructure: valeur(), raisonSocialeStructure: valeur(), estMOA: valeur() },
  { requiredKeys: [] },
);

const corps: Record<string, fc.Arbitrary<unknown>> = {
  rechercher: fc.record({ structure, parametres: pagination, restreindreStructuresPrivees: valeur() }, { requiredKeys: [] }),
  consulter: fc.record({ idStructureCPP: valeur(), idStructure: valeur(), codeLangue: valeur() }, { requiredKeys: [] }),
  'rechercher/services': fc.record({ idStructure: valeur(), parametresRechercherServicesStructure: pagination }, { requiredKeys: [] }),
  'consulter/service': fc.record({ idStructure: valeur(), idService: valeur(), codeLangue: valeur() }, { requiredKeys: [] }),
  'lister/rattachementsutilisateur': fc.record(
    { idStructure: valeur(), identifiantStructure: valeur(), typeIdentifiantStructure: valeur(), idUtilisateur: valeur(), adresseEmailConnexionUtilisateur: valeur(), parametresListerRattachementsStructureUtilisateur: pagination },
    { requiredKeys: [] },
  ),
  'rechercher/espaces': fc.record({ idService: valeur(), structure, parametresRechercherEspaces: pagination }, { requiredKeys: [] }),
};

describe('the Structures API never answers a random body with a 500', () => {
  for (const [operation, arbitrary] of Object.entries(corps)) {
    it(`/cpro/structures/v1/${operation}`, async () => {
      await fc.assert(
        fc.asyncProperty(fc.oneof(fc.anything(), arbitrary), async (body) => {
          const res = await app.inject({ method: 'POST', url: `/cpro/structures/v1/${operation}`, headers, payload: JSON.stringify(body) ?? 'null' });
          expectNoServerError(res);
        }),
        { numRuns: 50 },
      );
    });
  }
});
