import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../helpers/app.js';
import { sbx } from './helpers.js';

describe('toolkit routes of an unknown sandbox', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildTestApp();
  });
  afterAll(() => app.close());

  it('are a 404 with the control plane’s code 30001', async () => {
    for (const [method, url] of [
      ['GET', '/sandboxes/inconnu/clock'],
      ['GET', '/sandboxes/inconnu/export'],
      ['GET', '/sandboxes/inconnu/journal'],
      ['GET', '/sandboxes/inconnu/faults'],
      ['POST', '/sandboxes/inconnu/clock/advance'],
      ['GET', '/sandboxes/inconnu/factures/1'],
      ['GET', '/sandboxes/inconnu/notifications?login=x'],
    ] as const) {
      const res = await sbx(app, method, url, method === 'POST' ? { days: 1 } : undefined);
      expect(res.statusCode, url).toBe(404);
      expect(res.json().codeRetour, url).toBe(30001);
    }
  });
});
