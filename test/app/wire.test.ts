import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { admin, ADMIN_TOKEN } from '../helpers/app.js';

const logLines: string[] = [];
let app: FastifyInstance;

beforeAll(async () => {
  const sink = new Writable({
    write(chunk, _enc, done) {
      logLines.push(String(chunk));
      done();
    },
  });
  app = await buildApp({
    databasePath: ':memory:',
    adminToken: ADMIN_TOKEN,
    controlPlane: true,
    defaultScenario: 'vide',
    logger: { level: 'info', stream: sink },
  });
  app.get('/boom', async () => {
    throw new Error('secret internal detail');
  });
  await app.ready();
});
afterAll(() => app.close());

describe('wire conventions', () => {
  it('answers unknown routes outside /cpro 404 with the envelope (under /cpro, authentication comes first)', async () => {
    const res = await app.inject({ method: 'POST', url: '/nexiste/pas', payload: {} });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ codeRetour: expect.any(Number), libelle: expect.stringContaining('/nexiste/pas') });
    expect((await app.inject({ method: 'POST', url: '/cpro/factures/v1/nexiste/pas', payload: {} })).statusCode).toBe(401);
  });

  it('answers malformed JSON 400 with the envelope', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/_sandbox/sandboxes',
      headers: { ...admin, 'content-type': 'application/json' },
      payload: '{"nom": ',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ codeRetour: expect.any(Number), libelle: expect.stringContaining('JSON') });
  });

  it('takes a JSON content type with no body as an empty object', async () => {
    const res = await app.inject({ method: 'POST', url: '/_sandbox/sandboxes', headers: { ...admin, 'content-type': 'application/json' } });
    expect(res.statusCode).toBe(201);
  });

  it('answers a non-JSON content type 415 with the envelope', async () => {
    for (const type of ['text/plain', 'application/xml']) {
      const res = await app.inject({ method: 'POST', url: '/_sandbox/sandboxes', headers: { ...admin, 'content-type': type }, payload: 'nom=x' });
      expect(res.statusCode, type).toBe(415);
      expect(res.json().libelle).toBe('Format de la requête non supporté');
    }
  });

  it('ignores unknown fields', async () => {
    const res = await app.inject({ method: 'POST', url: '/_sandbox/sandboxes', headers: admin, payload: { nom: 'extra', inconnu: { a: 1 } } });
    expect(res.statusCode).toBe(201);
  });

  it('answers an internal error 500 with the envelope and no stack trace', async () => {
    const res = await app.inject({ url: '/boom' });
    expect(res.statusCode).toBe(500);
    expect(res.json()).toEqual({ codeRetour: expect.any(Number), libelle: 'Erreur interne du serveur' });
    expect(res.body).not.toContain('secret internal detail');
    expect(res.body).not.toContain('at ');
  });

  it('echoes a request id and logs with authorization and cpro-account redacted', async () => {
    const res = await app.inject({
      url: '/_sandbox/sandboxes',
      headers: { ...admin, 'cpro-account': 'VEVDSDpzZWNyZXQ=', 'x-request-id': 'trace-42' },
    });
    expect(res.headers['x-request-id']).toBe('trace-42');
    const logs = logLines.join('');
    expect(logs).toContain('trace-42');
    expect(logs).toContain('[redacted]');
    expect(logs).not.toContain(ADMIN_TOKEN);
    expect(logs).not.toContain('VEVDSDpzZWNyZXQ=');
  });

  it('serves the OpenAPI document and Swagger UI', async () => {
    const doc = await app.inject({ url: '/openapi.json' });
    expect(doc.statusCode).toBe(200);
    expect(doc.json().openapi).toMatch(/^3\./);
    const ui = await app.inject({ url: '/docs/' });
    expect(ui.statusCode).toBe(200);
    expect(ui.headers['content-type']).toContain('text/html');
  });
});

describe('SANDBOX_CONTROL_PLANE=false', () => {
  it('removes the control plane and keeps the API', async () => {
    const publicApp = await buildApp({ databasePath: ':memory:', adminToken: ADMIN_TOKEN, controlPlane: false, defaultScenario: 'matelas' });
    await publicApp.ready();
    try {
      expect((await publicApp.inject({ url: '/_sandbox/health' })).statusCode).toBe(404);
      expect((await publicApp.inject({ method: 'POST', url: '/_sandbox/sandboxes', headers: admin, payload: {} })).statusCode).toBe(404);
      const token = await publicApp.inject({ method: 'POST', url: '/api/oauth/token', payload: { grant_type: 'client_credentials', client_id: 'x', client_secret: 'y' } });
      expect(token.json().error).toBe('invalid_client');
    } finally {
      await publicApp.close();
    }
  });
});
