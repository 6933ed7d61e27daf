import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Matelas } from '../../src/modules/control-plane/matelas.js';
import { buildTestApp, cproHeaders, cproPost, createSandbox, type TestSandbox } from '../helpers/app.js';
import { compteOf, expectRefus, matelasOf, structureOf } from '../helpers/organisation.js';

let app: FastifyInstance;
let sandbox: TestSandbox;
let matelas: Matelas;
let headers: Record<string, string>;

beforeAll(async () => {
  app = await buildTestApp();
  sandbox = await createSandbox(app, { seed: 31 });
  matelas = await matelasOf(app, sandbox);
  headers = await cproHeaders(app, sandbox, 'Fournisseur');
});
afterAll(() => app.close());

describe('rechercher/espaces', () => {
  it('lists the espaces opened on the caller’s structure, by id or by SIRET', async () => {
    const f = structureOf(matelas, 'Fournisseur');
    const parId = await cproPost(app, headers, '/cpro/structures/v1/rechercher/espaces', { structure: { idStructure: f.idStructureCPP } });
    expect(parId.statusCode).toBe(200);
    const liste = parId.json().listeEspace;
    expect(liste.map((e: { libelleEspace: string }) => e.libelleEspace)).toContain('Factures émises');
    expect(Object.keys(liste[0]).sort()).toEqual(
      ['codeEspace', 'codeService', 'etatCourant', 'idEspaceFo', 'idService', 'libelleEspace', 'libelleService', 'typeHabilitation'],
    );
    expect(liste.every((e: { etatCourant: string }) => e.etatCourant === 'ACTIVE')).toBe(true);
    const parSiret = await cproPost(app, headers, '/cpro/structures/v1/rechercher/espaces', {
      structure: { identifiantStructure: f.siret, typeIdentifiantStructure: 'SIRET' },
      parametresRechercherEspaces: { triColonne: 'CodeEspace', triSens: 'Descendant', nbResultatsParPage: 3 },
    });
    expect(parSiret.json().listeEspace.map((e: { codeEspace: number }) => e.codeEspace)).toEqual([8, 7, 6]);
  });

  it('labels the espaces with the service asked for, which must belong to the structure', async () => {
    const f = structureOf(matelas, 'Fournisseur');
    const service = f.services[0];
    const res = await cproPost(app, headers, '/cpro/structures/v1/rechercher/espaces', { idService: service.idService });
    expect(res.json().listeEspace[0]).toMatchObject({ idService: service.idService, codeService: service.codeService, libelleService: service.libelle });
    const autre = structureOf(matelas, 'Destinataire 2').services[0];
    expectRefus(await cproPost(app, headers, '/cpro/structures/v1/rechercher/espaces', { idService: autre.idService, structure: { idStructure: f.idStructureCPP } }), 400, 20005);
    expectRefus(await cproPost(app, headers, '/cpro/structures/v1/rechercher/espaces', {}), 400, 10001);
  });
});

describe('lister/rattachementsutilisateur', () => {
  it('lists a user’s service rattachements on a structure of the caller, by login', async () => {
    const f = structureOf(matelas, 'Fournisseur');
    const gp = compteOf(matelas, 'Fournisseur', 'GP');
    const res = await cproPost(app, headers, '/cpro/structures/v1/lister/rattachementsutilisateur', {
      idStructure: f.idStructureCPP,
      adresseEmailConnexionUtilisateur: gp.login.toUpperCase(),
    });
    expect(res.statusCode).toBe(200);
    // The matelas attaches its accounts to the structure without naming services.
    expect(res.json()).toMatchObject({
      codeRetour: 20000,
      idStructure: f.idStructureCPP,
      identifiantStructure: f.siret,
      designationStructure: 'ATELIER DUPONT ET FILS',
      premierService: true,
      listeServices: [],
    });
  });

  it('refuses a structure the caller is not attached to and an unknown user', async () => {
    const publique = structureOf(matelas, 'Destinataire 2');
    expectRefus(await cproPost(app, headers, '/cpro/structures/v1/lister/rattachementsutilisateur', { idStructure: publique.idStructureCPP }), 400, 20008);
    const f = structureOf(matelas, 'Fournisseur');
    expectRefus(
      await cproPost(app, headers, '/cpro/structures/v1/lister/rattachementsutilisateur', { idStructure: f.idStructureCPP, idUtilisateur: 1 }),
      400,
      20009,
    );
    expectRefus(await cproPost(app, headers, '/cpro/structures/v1/lister/rattachementsutilisateur', {}), 400, 10001, 'idStructure');
  });
});
