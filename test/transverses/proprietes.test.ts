import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, createSandbox, cproHeaders, type TestSandbox } from '../helpers/app.js';
import { transverses } from '../helpers/transverses.js';

/**
 * rechercher/destinataire pages consistently, whatever page and size are asked (random bodies on every
 * route are test/app/every-route.test.ts's job).
 */
let app: FastifyInstance;
let sandbox: TestSandbox;
let headers: Record<string, string>;

beforeAll(async () => {
  app = await buildTestApp();
  sandbox = await createSandbox(app, { seed: 31 });
  headers = await cproHeaders(app, sandbox);
});
afterAll(() => app.close());

describe('pagination', () => {
  it('rechercher/destinataire pages consistently whatever the page asked', async () => {
    const tous = (await transverses(app, headers, 'rechercher/destinataire', { parametresRecherche: { nbResultatsParPage: 1000 } })).json();
    const total = tous.parametresRetour.total;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 10 }), fc.integer({ min: 1, max: 12 }), async (taille, page) => {
        const res = await transverses(app, headers, 'rechercher/destinataire', { parametresRecherche: { nbResultatsParPage: taille, pageResultatDemandee: page } });
        const body = res.json();
        expect(body.parametresRetour).toEqual({ pageCourante: page, pages: Math.ceil(total / taille), nbResultatsParPage: taille, total });
        expect(body.listeDestinataires).toEqual(tous.listeDestinataires.slice((page - 1) * taille, page * taille));
      }),
      { numRuns: 50 },
    );
  });
});
