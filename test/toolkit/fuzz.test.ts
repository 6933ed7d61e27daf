import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, createSandbox, type TestSandbox } from '../helpers/app.js';
import { sbx } from './helpers.js';

const corps = fc.oneof(
  fc.anything(),
  fc.dictionary(fc.constantFrom('mode', 'date', 'days', 'hours', 'minutes', 'until', 'regles', 'snapshot', 'nom', 'route', 'probabilite'), fc.anything()),
  fc.record({ mode: fc.oneof(fc.constantFrom('real', 'frozen', 'offset', 'manuel', 'automatique'), fc.string()), regles: fc.anything(), date: fc.oneof(fc.string(), fc.integer()) }, { requiredKeys: [] }),
  fc.record({ regles: fc.array(fc.record({ route: fc.string(), probabilite: fc.oneof(fc.double(), fc.string()), statut: fc.integer(), latenceMs: fc.integer() }, { requiredKeys: [] })) }),
  fc.record({ days: fc.oneof(fc.integer(), fc.string(), fc.double()), until: fc.oneof(fc.string(), fc.date({ noInvalidDate: true }).map((d) => d.toISOString())) }, { requiredKeys: [] }),
);

describe('control-plane toolkit routes never answer 500 to random input', () => {
  let app: FastifyInstance;
  let sandbox: TestSandbox;
  let idEtat: number;

  beforeAll(async () => {
    app = await buildTestApp();
    sandbox = await createSandbox(app, { seed: 11 });
    const structures = (await sbx(app, 'GET', `/sandboxes/${sandbox.id}/export`)).json().tables.structures as { id: number; entite: string }[];
    idEtat = structures.find((s) => s.entite === 'Destinataire Etat')!.id;
  });
  afterAll(() => app.close());

  const routes = (): ['POST' | 'PUT', string][] => [
    ['PUT', `/sandboxes/${sandbox.id}/clock`],
    ['POST', `/sandboxes/${sandbox.id}/clock/advance`],
    ['PUT', `/sandboxes/${sandbox.id}/faults`],
    ['PUT', `/sandboxes/${sandbox.id}/structures/${idEtat}/behaviour`],
    ['POST', '/sandboxes'],
  ];

  it('bodies', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 4 }), corps, async (i, body) => {
        const [method, url] = routes()[i];
        const payload = method === 'POST' && url === '/sandboxes' ? { snapshot: body } : body;
        const res = await app.inject({ method, url: `/_sandbox${url}`, headers: { authorization: 'Bearer test-admin-token-0123456789', 'content-type': 'application/json' }, payload: JSON.stringify(payload ?? null) });
        expect(res.statusCode).toBeLessThan(500);
        const json = res.json();
        if (res.statusCode >= 400) {
          expect(json).toEqual({ codeRetour: expect.any(Number), libelle: expect.any(String) });
          expect(json.libelle.length).toBeGreaterThan(5);
        }
      }),
      { numRuns: 50 },
    );
    // Whatever was thrown at it, the faults route is left clean for the query fuzz below.
    await sbx(app, 'PUT', `/sandboxes/${sandbox.id}/faults`, { regles: [] });
  });

  it('journal queries and path parameters', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(fc.constantFrom('method', 'path', 'status', 'depuis', 'page', 'taille'), fc.string()),
        fc.oneof(fc.string({ minLength: 1 }), fc.integer().map(String)),
        async (query, structure) => {
          const qs = new URLSearchParams(query).toString();
          const j = await sbx(app, 'GET', `/sandboxes/${sandbox.id}/journal?${qs}`);
          expect(j.statusCode).toBeLessThan(500);
          expect(j.statusCode === 200 || typeof j.json().libelle === 'string').toBe(true);
          const b = await sbx(app, 'GET', `/sandboxes/${sandbox.id}/structures/${encodeURIComponent(structure)}/behaviour`);
          expect([200, 400, 404]).toContain(b.statusCode);
          expect(b.json()).toBeTypeOf('object');
        },
      ),
      { numRuns: 50 },
    );
  });

  it('unknown sandboxes are a 404 on every toolkit route', async () => {
    for (const [method, url] of [
      ['GET', '/sandboxes/inconnu/clock'],
      ['GET', '/sandboxes/inconnu/export'],
      ['GET', '/sandboxes/inconnu/journal'],
      ['GET', '/sandboxes/inconnu/faults'],
      ['POST', '/sandboxes/inconnu/clock/advance'],
    ] as const) {
      const res = await sbx(app, method, url, method === 'POST' ? { days: 1 } : undefined);
      expect(res.statusCode).toBe(404);
      expect(res.json().codeRetour).toBe(30001);
    }
  });
});
