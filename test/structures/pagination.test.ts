import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, cproHeaders, cproPost, createSandbox, type TestSandbox } from '../helpers/app.js';
import { adminPost, expectRefus } from '../helpers/organisation.js';

let app: FastifyInstance;
let sandbox: TestSandbox;
let headers: Record<string, string>;
const rechercher = (body: object) => cproPost(app, headers, '/cpro/structures/v1/rechercher', body);
const publiques = { structure: { typeStructure: 'PUBLIQUE' } };

beforeAll(async () => {
  app = await buildTestApp();
  sandbox = await createSandbox(app, { seed: 5 });
  headers = await cproHeaders(app, sandbox, 'Fournisseur');
  // 8 public structures in the matelas; 8 more make 16, i.e. two pages of 10.
  for (let i = 1; i <= 8; i++) {
    const res = await adminPost(app, sandbox, '/structures', { typeStructure: 'PUBLIQUE', raisonSociale: `COMMUNE ${String(i).padStart(2, '0')}` });
    expect(res.statusCode).toBe(201);
  }
});
afterAll(() => app.close());

describe('pagination and sorting (chorus-api §2.5)', () => {
  it('pages are 1-based, 10 rows by default, with parametresRetour', async () => {
    const first = await rechercher(publiques);
    expect(first.json().listeStructures).toHaveLength(10);
    expect(first.json().parametresRetour).toEqual({ pageCourante: 1, pages: 2, nbResultatsParPage: 10, total: 16 });
    const second = await rechercher({ ...publiques, parametres: { pageResultatDemandee: 2 } });
    expect(second.json().listeStructures).toHaveLength(6);
    expect(second.json().parametresRetour).toEqual({ pageCourante: 2, pages: 2, nbResultatsParPage: 10, total: 16 });
    const ids = [...first.json().listeStructures, ...second.json().listeStructures].map((s: { idStructureCPP: number }) => s.idStructureCPP);
    expect(new Set(ids).size).toBe(16);
  });

  it('a page past the last one is a success with an empty list', async () => {
    const res = await rechercher({ ...publiques, parametres: { pageResultatDemandee: 9 } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ codeRetour: 0, listeStructures: [], parametresRetour: { pageCourante: 9, pages: 2, total: 16 } });
  });

  it('an empty result is TRA_MSG_00.015 (codeRetour 20000, HTTP 200) with pages 0', async () => {
    const res = await rechercher({ structure: { raisonSocialeStructure: 'aucune structure ne porte ce nom' } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      codeRetour: 20000,
      libelle: "TRA_MSG_00.015 - La recherche n'a retourné aucun résultat",
      listeStructures: [],
      parametresRetour: { pageCourante: 1, pages: 0, nbResultatsParPage: 10, total: 0 },
    });
  });

  it('a negative page and a negative size are refused naming the field; page 0 is the first page', async () => {
    expect((await rechercher({ parametres: { pageResultatDemandee: 0 } })).json().parametresRetour.pageCourante).toBe(1);
    expectRefus(await rechercher({ parametres: { pageResultatDemandee: -3 } }), 400, 10002, 'parametres.pageResultatDemandee');
    expectRefus(await rechercher({ parametres: { nbResultatsParPage: -1 } }), 400, 10002, 'parametres.nbResultatsParPage');
    expectRefus(await rechercher({ parametres: { nbResultatsParPage: 'dix' } }), 400, 10002, 'parametres.nbResultatsParPage');
    expectRefus(await rechercher({ parametres: { triColonne: 'Inconnue' } }), 400, 10002, 'parametres.triColonne');
    expectRefus(
      await cproPost(app, headers, '/cpro/structures/v1/rechercher/services', { idStructure: 1, parametresRechercherServicesStructure: { pageResultatDemandee: -1 } }),
      400,
      10002,
      'parametresRechercherServicesStructure.pageResultatDemandee',
    );
  });

  it('caps sizes above 10000 and reads size 0 as the default', async () => {
    const big = await rechercher({ ...publiques, parametres: { nbResultatsParPage: 50_000 } });
    expect(big.json().parametresRetour).toEqual({ pageCourante: 1, pages: 1, nbResultatsParPage: 10_000, total: 16 });
    const zero = await rechercher({ ...publiques, parametres: { nbResultatsParPage: 0 } });
    expect(zero.json().parametresRetour.nbResultatsParPage).toBe(10);
  });

  it('sorts on the documented columns, Descendant by default, in any case', async () => {
    const noms = (res: { json(): { listeStructures: { designationStructure: string }[] } }) => res.json().listeStructures.map((s) => s.designationStructure);
    const asc = await rechercher({ ...publiques, parametres: { nbResultatsParPage: 100, triColonne: 'DesignationStructure', triSens: 'Ascendant' } });
    const sorted = [...noms(asc)].sort((a, b) => a.localeCompare(b, 'fr'));
    expect(noms(asc)).toEqual(sorted);
    const desc = await rechercher({ ...publiques, parametres: { nbResultatsParPage: 100, triColonne: 'designationstructure' } });
    expect(noms(desc)).toEqual([...sorted].reverse());
  });
});
