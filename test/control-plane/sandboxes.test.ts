import type { FastifyInstance } from 'fastify';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, buildTestApp, createSandbox } from '../helpers/app.js';

let app: FastifyInstance;
beforeAll(async () => {
  app = await buildTestApp();
});
afterAll(() => app.close());

describe('control plane: authentication', () => {
  it('serves health without a token, with the version', async () => {
    const res = await app.inject({ url: '/_sandbox/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'ok', version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
  });

  it.each([
    ['no token', {}],
    ['a wrong token', { authorization: 'Bearer not-the-token' }],
    ['a non-bearer scheme', { authorization: 'Basic dXNlcjpwYXNz' }],
  ])('answers 401 with the envelope for %s', async (_label, headers) => {
    for (const [method, url] of [
      ['GET', '/_sandbox/sandboxes'],
      ['POST', '/_sandbox/sandboxes'],
      ['GET', '/_sandbox/sandboxes/sbx_x'],
      ['DELETE', '/_sandbox/sandboxes/sbx_x'],
      ['POST', '/_sandbox/sandboxes/sbx_x/reset'],
    ] as const) {
      const res = await app.inject({ method, url, headers, payload: method === 'POST' ? {} : undefined });
      expect(res.statusCode, `${method} ${url}`).toBe(401);
      expect(res.json()).toEqual({ codeRetour: expect.any(Number), libelle: expect.stringContaining('Jeton') });
    }
  });
});

describe('control plane: sandboxes', () => {
  it('creates a sandbox from the default scenario with its own PISTE credentials', async () => {
    const res = await app.inject({ method: 'POST', url: '/_sandbox/sandboxes', headers: admin, payload: { nom: 'formation-lundi', seed: 7 } });
    expect(res.statusCode).toBe(201);
    const sandbox = res.json();
    expect(sandbox).toMatchObject({ nom: 'formation-lundi', scenario: 'matelas', seed: 7 });
    expect(sandbox.id).toMatch(/^sbx_/);
    expect(sandbox.piste.clientId).toBeTruthy();
    expect(sandbox.piste.clientSecret.length).toBeGreaterThanOrEqual(24);

    const other = await createSandbox(app, { seed: 7 });
    expect(other.piste.clientId).not.toBe(sandbox.piste.clientId);
  });

  it('lists, reads, and 404s an unknown sandbox', async () => {
    const sandbox = await createSandbox(app);
    const list = await app.inject({ url: '/_sandbox/sandboxes', headers: admin });
    expect(list.json().sandboxes.map((s: { id: string }) => s.id)).toContain(sandbox.id);

    const one = await app.inject({ url: `/_sandbox/sandboxes/${sandbox.id}`, headers: admin });
    expect(one.statusCode).toBe(200);
    expect(one.json().id).toBe(sandbox.id);

    const unknown = await app.inject({ url: '/_sandbox/sandboxes/sbx_nope', headers: admin });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().libelle).toContain('sbx_nope');
  });

  it('deletes a sandbox: then it is unknown and its credentials stop working', async () => {
    const sandbox = await createSandbox(app);
    const del = await app.inject({ method: 'DELETE', url: `/_sandbox/sandboxes/${sandbox.id}`, headers: admin });
    expect(del.statusCode).toBe(204);
    expect((await app.inject({ url: `/_sandbox/sandboxes/${sandbox.id}`, headers: admin })).statusCode).toBe(404);
    expect((await app.inject({ method: 'DELETE', url: `/_sandbox/sandboxes/${sandbox.id}`, headers: admin })).statusCode).toBe(404);
    const tokenRes = await app.inject({
      method: 'POST',
      url: '/api/oauth/token',
      payload: { grant_type: 'client_credentials', client_id: sandbox.piste.clientId, client_secret: sandbox.piste.clientSecret },
    });
    expect(tokenRes.statusCode).toBe(400);
    expect(tokenRes.json().error).toBe('invalid_client');
  });

  it('resets a sandbox and keeps its credentials', async () => {
    const sandbox = await createSandbox(app, { seed: 99 });
    const res = await app.inject({ method: 'POST', url: `/_sandbox/sandboxes/${sandbox.id}/reset`, headers: admin });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: sandbox.id, seed: 99, piste: sandbox.piste });
    expect(res.json().resetAt).toBeTruthy();
    expect((await app.inject({ method: 'POST', url: '/_sandbox/sandboxes/sbx_nope/reset', headers: admin })).statusCode).toBe(404);
  });

  it('refuses a duplicate name, an unknown scenario and bad fields, naming them', async () => {
    await createSandbox(app, { nom: 'unique-name' });
    const dup = await app.inject({ method: 'POST', url: '/_sandbox/sandboxes', headers: admin, payload: { nom: 'unique-name' } });
    expect(dup.statusCode).toBe(409);
    const scenario = await app.inject({ method: 'POST', url: '/_sandbox/sandboxes', headers: admin, payload: { scenario: 'inconnu' } });
    expect(scenario.statusCode).toBe(400);
    expect(scenario.json().libelle).toContain('inconnu');
    const seed = await app.inject({ method: 'POST', url: '/_sandbox/sandboxes', headers: admin, payload: { seed: -4 } });
    expect(seed.statusCode).toBe(400);
    expect(seed.json().libelle).toContain("'seed'");
  });

  it('creates from the empty scenario too', async () => {
    const res = await app.inject({ method: 'POST', url: '/_sandbox/sandboxes', headers: admin, payload: { scenario: 'vide' } });
    expect(res.statusCode).toBe(201);
  });

  it('never answers a random body with a 500', async () => {
    await fc.assert(
      fc.asyncProperty(fc.anything(), async (body) => {
        const res = await app.inject({
          method: 'POST',
          url: '/_sandbox/sandboxes',
          headers: { ...admin, 'content-type': 'application/json' },
          payload: JSON.stringify(body) ?? 'null',
        });
        expect(res.statusCode).toBeLessThan(500);
        expect(res.json()).toHaveProperty(res.statusCode === 201 ? 'id' : 'codeRetour');
      }),
      { numRuns: 60 },
    );
  });
});

describe('control plane: a class of sandboxes at once', () => {
  it('creates `nombre` sandboxes of the same seed, named <nom>-01…, each with its credentials and portal path', async () => {
    const res = await app.inject({ method: 'POST', url: '/_sandbox/sandboxes', headers: admin, payload: { nombre: 3, nom: 'classe-a' } });
    expect(res.statusCode).toBe(201);
    const { sandboxes } = res.json() as { sandboxes: { id: string; nom: string; seed: number; portail: string; piste: { clientId: string; clientSecret: string }; matelas: unknown }[] };
    expect(sandboxes.map((s) => s.nom)).toEqual(['classe-a-01', 'classe-a-02', 'classe-a-03']);
    expect(new Set(sandboxes.map((s) => s.seed)).size).toBe(1);
    expect(new Set(sandboxes.map((s) => s.piste.clientId)).size).toBe(3);
    for (const s of sandboxes) {
      expect(s.portail).toBe(`/portail/${s.id}/`);
      expect(s.matelas).toEqual(sandboxes[0].matelas);
    }
  });

  it('creates all or none: a name already taken refuses the whole class', async () => {
    const avant = (await app.inject({ url: '/_sandbox/sandboxes', headers: admin })).json().sandboxes.length;
    const res = await app.inject({ method: 'POST', url: '/_sandbox/sandboxes', headers: admin, payload: { nombre: 5, nom: 'classe-a' } });
    expect(res.statusCode).toBe(409);
    expect((await app.inject({ url: '/_sandbox/sandboxes', headers: admin })).json().sandboxes.length).toBe(avant);
  });

  it('refuses a count out of bounds', async () => {
    for (const nombre of [0, 201, 2.5, 'trente']) {
      const res = await app.inject({ method: 'POST', url: '/_sandbox/sandboxes', headers: admin, payload: { nombre } });
      expect(res.statusCode, String(nombre)).toBe(400);
    }
  });
});
