import type { FastifyInstance } from 'fastify';
import { eq } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pisteTokens } from '../../src/db/schema/index.js';
import {
  admin,
  buildTestApp,
  cproAccountHeader,
  createSandbox,
  technicalAccount,
  token,
  type TestSandbox,
} from '../helpers/app.js';

const HEALTH = '/cpro/transverses/v1/health-check';
const form = { 'content-type': 'application/x-www-form-urlencoded' };

let app: FastifyInstance;
let a: TestSandbox;
let b: TestSandbox;

beforeAll(async () => {
  app = await buildTestApp();
  a = await createSandbox(app, { seed: 1 });
  b = await createSandbox(app, { seed: 1 });
});
afterAll(() => app.close());

function tokenRequest(body: string, headers: Record<string, string> = form) {
  return app.inject({ method: 'POST', url: '/api/oauth/token', headers, payload: body });
}

describe('POST /api/oauth/token', () => {
  it('issues a Bearer token for 3600 s to a sandbox application', async () => {
    const res = await tokenRequest(`grant_type=client_credentials&client_id=${a.piste.clientId}&client_secret=${a.piste.clientSecret}&scope=openid`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ access_token: expect.stringMatching(/^[A-Za-z0-9]{40,}$/), token_type: 'Bearer', expires_in: 3600, scope: 'openid' });
  });

  it('accepts no scope, a JSON body, and HTTP Basic client authentication', async () => {
    expect((await tokenRequest(`grant_type=client_credentials&client_id=${a.piste.clientId}&client_secret=${a.piste.clientSecret}`)).json().scope).toBe('openid');
    const json = await app.inject({
      method: 'POST',
      url: '/api/oauth/token',
      payload: { grant_type: 'client_credentials', client_id: a.piste.clientId, client_secret: a.piste.clientSecret },
    });
    expect(json.statusCode).toBe(200);
    const basic = Buffer.from(`${a.piste.clientId}:${a.piste.clientSecret}`).toString('base64');
    expect((await tokenRequest('grant_type=client_credentials', { ...form, authorization: `Basic ${basic}` })).statusCode).toBe(200);
  });

  it.each([
    ['a wrong secret', () => `grant_type=client_credentials&client_id=${a.piste.clientId}&client_secret=wrong`, 'invalid_client'],
    ['an unknown client', () => `grant_type=client_credentials&client_id=nobody&client_secret=x`, 'invalid_client'],
    ['another sandbox secret', () => `grant_type=client_credentials&client_id=${a.piste.clientId}&client_secret=${b.piste.clientSecret}`, 'invalid_client'],
    ['no grant_type', () => `client_id=${a.piste.clientId}&client_secret=${a.piste.clientSecret}`, 'invalid_request'],
    ['the password grant', () => `grant_type=password&client_id=${a.piste.clientId}&client_secret=${a.piste.clientSecret}`, 'unsupported_grant_type'],
    ['no client_id', () => 'grant_type=client_credentials', 'invalid_request'],
  ])('answers %s with HTTP 400 and an RFC 6749 error', async (_label, body, error) => {
    const res = await tokenRequest(body());
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ error, error_description: expect.any(String) });
  });

  it('never answers a random form with a 500', async () => {
    await fc.assert(
      fc.asyncProperty(fc.dictionary(fc.string(), fc.string()), async (fields) => {
        const res = await tokenRequest(new URLSearchParams(fields).toString());
        expect([200, 400]).toContain(res.statusCode);
      }),
      { numRuns: 60 },
    );
  });
});

describe('/cpro authentication', () => {
  async function headersFor(tokenOf: TestSandbox, accountOf: TestSandbox) {
    return {
      authorization: `Bearer ${await token(app, tokenOf)}`,
      'cpro-account': cproAccountHeader(technicalAccount(app, accountOf.id, 'Fournisseur')),
    };
  }

  it('lets a token and a technical account of the same sandbox in', async () => {
    const res = await app.inject({ url: HEALTH, headers: await headersFor(a, a) });
    expect(res.statusCode).toBe(200);
  });

  it('refuses, with 401 and WWW-Authenticate, every broken credential', async () => {
    const good = await headersFor(a, a);
    const account = technicalAccount(app, a.id, 'Fournisseur');
    const cases: Record<string, Record<string, string>> = {
      'no headers': {},
      'no cpro-account': { authorization: good.authorization },
      'no bearer': { 'cpro-account': good['cpro-account'] },
      'an unknown token': { ...good, authorization: 'Bearer abcdef' },
      'a wrong password': { ...good, 'cpro-account': cproAccountHeader({ login: account.login, motDePasse: 'wrong' }) },
      'garbage in cpro-account': { ...good, 'cpro-account': '%%%' },
    };
    for (const [label, headers] of Object.entries(cases)) {
      const res = await app.inject({ url: HEALTH, headers });
      expect(res.statusCode, label).toBe(401);
      expect(res.headers['www-authenticate'], label).toMatch(/^Bearer realm="PISTE"/);
    }
  });

  it('refuses an expired token with invalid_token', async () => {
    const headers = await headersFor(a, a);
    const accessToken = headers.authorization.slice('Bearer '.length);
    app.db.update(pisteTokens).set({ expiresAt: Date.now() - 1000 }).where(eq(pisteTokens.accessToken, accessToken)).run();
    const res = await app.inject({ url: HEALTH, headers });
    expect(res.statusCode).toBe(401);
    expect(res.headers['www-authenticate']).toContain('error="invalid_token"');
  });

  it("never lets one sandbox's credentials act on another sandbox", async () => {
    const c = await createSandbox(app, { seed: 2 });
    expect((await app.inject({ url: HEALTH, headers: await headersFor(a, c) })).statusCode).toBe(401);
    expect((await app.inject({ url: HEALTH, headers: await headersFor(c, a) })).statusCode).toBe(401);

    // Once a sandbox is deleted, its tokens die with it.
    const headersC = await headersFor(c, c);
    expect((await app.inject({ url: HEALTH, headers: headersC })).statusCode).toBe(200);
    await app.inject({ method: 'DELETE', url: `/_sandbox/sandboxes/${c.id}`, headers: admin });
    expect((await app.inject({ url: HEALTH, headers: headersC })).statusCode).toBe(401);
  });
});
