import type { FastifyInstance } from 'fastify';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, buildTestApp, cproHeaders, createSandbox, type TestSandbox } from '../helpers/app.js';

/**
 * Whatever a client sends to whatever route the OpenAPI document lists, the answer is never a 5xx.
 * Routes are read from the app itself, so a route added later is covered without touching this file.
 */
let app: FastifyInstance;
let sandbox: TestSandbox;
let cpro: Record<string, string>;
let operations: { method: string; path: string }[];

beforeAll(async () => {
  app = await buildTestApp();
  sandbox = await createSandbox(app, { seed: 21 });
  cpro = await cproHeaders(app, sandbox, 'Fournisseur');
  const paths = app.swagger().paths as Record<string, Record<string, unknown>>;
  operations = Object.entries(paths).flatMap(([path, ops]) => Object.keys(ops).map((method) => ({ method: method.toUpperCase(), path })));
});
afterAll(() => app.close());

/** Fills path parameters: the real sandbox id, otherwise a random value. */
function concrete(path: string, random: string): string {
  return path.replace('{id}', sandbox.id).replace(/\{[^}]+\}/g, encodeURIComponent(random) || '0');
}

describe('every documented route', () => {
  it('is documented', () => {
    expect(operations.length).toBeGreaterThan(60);
  });

  it('never answers a random body or parameter with a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.nat(),
        fc.oneof(fc.anything(), fc.dictionary(fc.string(), fc.jsonValue())),
        fc.oneof(fc.string(), fc.integer().map(String)),
        async (pick, body, param) => {
          const { method, path } = operations[pick % operations.length];
          if (method === 'DELETE') return; // deleting the shared sandbox would only shorten the run
          const headers = path.startsWith('/cpro') ? cpro : admin;
          const res = await app.inject({
            method: method as 'GET',
            url: concrete(path, param),
            headers: { ...headers, 'content-type': 'application/json' },
            payload: method === 'GET' ? undefined : (JSON.stringify(body) ?? 'null'),
          });
          expect(res.statusCode, `${method} ${path} → ${res.body.slice(0, 200)}`).toBeLessThan(500);
        },
      ),
      { numRuns: 1500 },
    );
  });
});
