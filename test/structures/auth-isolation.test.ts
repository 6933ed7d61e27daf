import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, cproHeaders, cproPost, createSandbox, token, type TestSandbox } from '../helpers/app.js';
import { adminPost, compteOf, cproAccount, expectRefus, matelasOf, structureOf } from '../helpers/organisation.js';

let app: FastifyInstance;
let a: TestSandbox;
let b: TestSandbox;

const RECHERCHER = '/cpro/structures/v1/rechercher';

beforeAll(async () => {
  app = await buildTestApp();
  // Same seed: both sandboxes hold the same ids and SIRETs, yet never share a row.
  a = await createSandbox(app, { seed: 77 });
  b = await createSandbox(app, { seed: 77 });
});
afterAll(() => app.close());

describe('PISTE authentication in front of the Structures API', () => {
  it('refuses a wrong client secret at the token endpoint with invalid_client', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/oauth/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `grant_type=client_credentials&client_id=${a.piste.clientId}&client_secret=faux&scope=openid`,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toBe('invalid_client');
  });

  it('answers 401 with WWW-Authenticate for a wrong account password', async () => {
    const tech = compteOf(await matelasOf(app, a), 'Fournisseur', 'TECH');
    const res = await cproPost(app, { authorization: `Bearer ${await token(app, a)}`, 'cpro-account': cproAccount(tech.login, 'mauvais-mot-de-passe') }, RECHERCHER);
    expect(res.statusCode).toBe(401);
    expect(res.headers['www-authenticate']).toContain('login or password incorrects');
  });

  it('answers 401 without the Bearer token or without cpro-account', async () => {
    const headers = await cproHeaders(app, a);
    expect((await cproPost(app, { 'cpro-account': headers['cpro-account'] }, RECHERCHER)).statusCode).toBe(401);
    const sansCompte = await cproPost(app, { authorization: headers.authorization }, RECHERCHER);
    expect(sansCompte.statusCode).toBe(401);
    expect(sansCompte.headers['www-authenticate']).toMatch(/^Bearer realm="PISTE"/);
  });

  it('answers 401 for the technical account of another sandbox, and for a person’s account', async () => {
    // Sandboxes of the same seed share logins and passwords by design: take one of another seed.
    const c = await createSandbox(app, { seed: 78 });
    const techC = compteOf(await matelasOf(app, c), 'Fournisseur', 'TECH');
    const refus = await cproPost(app, { authorization: `Bearer ${await token(app, a)}`, 'cpro-account': cproAccount(techC.login, techC.motDePasse) }, RECHERCHER);
    expect(refus.statusCode).toBe(401);
    const gp = compteOf(await matelasOf(app, a), 'Fournisseur', 'GP');
    const personne = await cproPost(app, { authorization: `Bearer ${await token(app, a)}`, 'cpro-account': cproAccount(gp.login, gp.motDePasse) }, RECHERCHER);
    expect(personne.statusCode).toBe(401);
  });
});

describe('isolation between two sandboxes', () => {
  it('a structure added in one sandbox is invisible from the other, even with the same seed', async () => {
    const cree = await adminPost(app, a, '/structures', { typeStructure: 'PUBLIQUE', raisonSociale: 'SYNDICAT ISOLE', services: [{ libelle: 'Eau' }] });
    expect(cree.statusCode).toBe(201);
    const { siret, idStructureCPP } = cree.json().structure;
    const ha = await cproHeaders(app, a);
    const hb = await cproHeaders(app, b);

    expect((await cproPost(app, ha, RECHERCHER, { structure: { identifiantStructure: siret } })).json().parametresRetour.total).toBe(1);
    const vuDeB = await cproPost(app, hb, RECHERCHER, { structure: { identifiantStructure: siret }, restreindreStructuresPrivees: false });
    expect(vuDeB.json()).toMatchObject({ codeRetour: 20000, listeStructures: [] });
    expectRefus(await cproPost(app, hb, '/cpro/structures/v1/consulter', { idStructureCPP }), 400, 20001);
    expectRefus(await cproPost(app, hb, '/cpro/structures/v1/rechercher/services', { idStructure: idStructureCPP }), 400, 20001);
  });

  it('adding a service in one sandbox leaves the other’s identical structure unchanged', async () => {
    const etatA = structureOf(await matelasOf(app, a), 'Destinataire Etat');
    const etatB = structureOf(await matelasOf(app, b), 'Destinataire Etat');
    expect(etatB.idStructureCPP).toBe(etatA.idStructureCPP);
    expect((await adminPost(app, a, `/structures/${etatA.idStructureCPP}/services`, { libelle: 'Service en plus' })).statusCode).toBe(201);
    const services = async (sandbox: TestSandbox) =>
      (await cproPost(app, await cproHeaders(app, sandbox), '/cpro/structures/v1/rechercher/services', { idStructure: etatA.idStructureCPP })).json().parametresRetour.total;
    expect(await services(a)).toBe(etatA.services.length + 1);
    expect(await services(b)).toBe(etatB.services.length);
  });
});
