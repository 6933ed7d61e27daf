import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { admin, ADMIN_TOKEN, cproHeaders, cproPost, createSandbox, type TestSandbox } from '../helpers/app.js';

/** Robustness found by probing: strict control plane, deep bodies journaled, secrets out of logs. */
const logLines: string[] = [];
let app: FastifyInstance;
let sandbox: TestSandbox;

beforeAll(async () => {
  const sink = new Writable({
    write(chunk, _enc, done) {
      logLines.push(String(chunk));
      done();
    },
  });
  app = await buildApp({ databasePath: ':memory:', adminToken: ADMIN_TOKEN, controlPlane: true, defaultScenario: 'matelas', logger: { level: 'info', stream: sink } });
  await app.ready();
  sandbox = await createSandbox(app);
});
afterAll(() => app.close());

const cp = (method: 'PUT' | 'POST', url: string, payload: unknown) => app.inject({ method, url: `/_sandbox/sandboxes/${sandbox.id}${url}`, headers: admin, payload: payload as object });

describe('control plane: strict dates and numbers', () => {
  it.each([
    ['PUT', '/clock', { mode: 'frozen', date: '2026-02-30' }],
    ['PUT', '/clock', { mode: 'frozen', date: '100' }],
    ['PUT', '/clock', { mode: 'frozen', date: '2026-01-01T25:00:00Z' }],
    ['POST', '/clock/advance', { days: '100' }],
    ['POST', '/clock/advance', { days: true }],
    ['POST', '/clock/advance', { until: '2027-02-29' }],
    ['PUT', '/faults', { regles: [{ route: '/cpro/*', probabilite: null }] }],
    ['PUT', '/faults', { regles: [{ route: '/cpro/*', probabilite: '0.5' }] }],
  ] as const)('%s %s %j is refused', async (method, url, body) => {
    const res = await cp(method, url, body);
    expect(res.statusCode, res.body).toBe(400);
  });

  it('real dates and numbers are taken', async () => {
    expect((await cp('PUT', '/clock', { mode: 'frozen', date: '2028-02-29' })).statusCode).toBe(200);
    expect((await cp('POST', '/clock/advance', { days: 1 })).json().now).toContain('2028-03-01');
    expect((await cp('PUT', '/faults', { regles: [] })).statusCode).toBe(200);
    // Back to real time: in 2028 the technical account's password would have expired.
    expect((await cp('PUT', '/clock', { mode: 'real' })).statusCode).toBe(200);
  });
});

describe('journal and logs', () => {
  it('records a deeply nested body, bounded', async () => {
    const headers = await cproHeaders(app, sandbox);
    // Built as text: JSON.stringify itself cannot go this deep.
    const profond = `${'{"n":'.repeat(5000)}{"fin":true}${'}'.repeat(5000)}`;
    const res = await app.inject({ method: 'POST', url: '/cpro/structures/v1/rechercher', headers: { ...headers, 'content-type': 'application/json' }, payload: `{"structure":{},"extra":${profond}}` });
    expect(res.statusCode).toBeLessThan(500);
    const journal = (await app.inject({ method: 'GET', url: `/_sandbox/sandboxes/${sandbox.id}/journal`, headers: admin })).json();
    const entrees: { chemin: string; requete: unknown }[] = Object.values(journal).find((v) => Array.isArray(v)) as never;
    const entree = entrees.find((e) => JSON.stringify(e.requete ?? '').includes('extra'));
    expect(entree?.chemin, `${res.statusCode} ${res.body.slice(0, 200)} ${JSON.stringify(entrees.map((e) => e.chemin))}`).toBe('/cpro/structures/v1/rechercher');
    expect(JSON.stringify(entree?.requete)).toContain('profondeur maximale');
  });

  it('redacts secrets of query strings in logs and the journal', async () => {
    const headers = await cproHeaders(app, sandbox);
    await cproPost(app, headers, '/cpro/structures/v1/rechercher?client_secret=TOPSECRET1&access_token=TOPSECRET2&x=1', {});
    await app.inject({ method: 'POST', url: '/api/oauth/token?client_secret=TOPSECRET3', payload: 'grant_type=client_credentials', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    const logs = logLines.join('');
    expect(logs).toContain('client_secret=[masqu');
    expect(logs).not.toMatch(/TOPSECRET/);
    const journal = await app.inject({ method: 'GET', url: `/_sandbox/sandboxes/${sandbox.id}/journal`, headers: admin });
    expect(journal.body).not.toMatch(/TOPSECRET/);
  });
});
