import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, cproHeaders, createSandbox, type TestSandbox } from '../helpers/app.js';

/** Gateway semantics (chorus-api §2.4): authentication first, then 403 / 501 / 405 for what is not served. */
let app: FastifyInstance;
let sandbox: TestSandbox;
let headers: Record<string, string>;

beforeAll(async () => {
  app = await buildTestApp();
  sandbox = await createSandbox(app);
  headers = await cproHeaders(app, sandbox);
});
afterAll(() => app.close());

const CHEMINS = [
  '/cpro/factures/v1/soumettre',
  '/cpro/factures/v1/consulter/cr',
  '/cpro/factures/v1/deposer/flux',
  '/cpro/nimporte/quoi',
  '/cpro/facturesTravaux/v1/rechercher',
];

describe('gateway semantics', () => {
  it.each(CHEMINS)('a bad token or cpro-account is a 401 on %s', async (url) => {
    for (const h of [{}, { authorization: 'Bearer nope' }, { authorization: headers.authorization, 'cpro-account': 'bm9wZTpub3Bl' }]) {
      const res = await app.inject({ method: 'POST', url, headers: h, payload: {} });
      expect(res.statusCode, `${url} ${JSON.stringify(h)}`).toBe(401);
      expect(res.headers['www-authenticate']).toContain('Bearer');
    }
  });

  it('an undeclared path is a 403 with an empty body', async () => {
    for (const url of ['/cpro/factures/v1/consulter/cr', '/cpro/nimporte/quoi', '/cpro/transverses/v1/recuperer/utilisateurCourant']) {
      const res = await app.inject({ method: 'POST', url, headers, payload: {} });
      expect(res.statusCode, url).toBe(403);
      expect(res.body, url).toBe('');
    }
  });

  it('a declared operation the sandbox lacks is a 501 naming it', async () => {
    // Declared by the real gateway and not served here (the Référentiel des organisations).
    for (const url of ['/cpro/organisations/v1/structures/recherche', '/cpro/organisations/v1/services/recherche']) {
      const res = await app.inject({ method: 'POST', url, headers, payload: {} });
      expect(res.statusCode, url).toBe(501);
      expect(res.json(), url).toEqual({ codeRetour: 10011, libelle: expect.stringContaining(url) });
    }
    // The works recycling operations, declared too, are served now: no 501.
    for (const url of ['/cpro/facturesTravaux/v1/recycler', '/cpro/facturesTravaux/v1/demander/recyclage']) {
      const res = await app.inject({ method: 'POST', url, headers, payload: {} });
      expect(res.statusCode, url).not.toBe(501);
    }
  });

  it('a served path with another method is a 405', async () => {
    const res = await app.inject({ method: 'GET', url: '/cpro/factures/v1/soumettre', headers });
    expect(res.statusCode).toBe(405);
    expect(res.json().libelle).toContain('/cpro/factures/v1/soumettre');
  });

  it('records the refused calls in the journal', async () => {
    await app.inject({ method: 'POST', url: '/cpro/nimporte/quoi', headers, payload: {} });
    const journal = await app.inject({ method: 'GET', url: `/_sandbox/sandboxes/${sandbox.id}/journal`, headers: { authorization: 'Bearer test-admin-token-0123456789' } });
    expect(JSON.stringify(journal.json())).toContain('/cpro/nimporte/quoi');
  });
});
