import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { avancerHorloge } from '../../src/modules/toolkit/horloge.js';
import { sandboxContext } from '../../src/sandbox/context.js';
import { enregistrerTypeEcheance, planifier } from '../../src/sandbox/echeancier.js';
import { buildTestApp, cproHeaders, createSandbox, type TestSandbox } from '../helpers/app.js';
import { deposer } from '../helpers/factures.js';
import { facture, sbx } from './helpers.js';

const T0 = '2026-03-02T09:00:00.000Z';
const MINUTE = 60_000;

/** A kind of scheduled work for the test: records what ran, where and at which clock time. */
const executes: { sandboxId: string; sujet: string; now: number }[] = [];
enregistrerTypeEcheance({
  type: 'test-trace',
  executer(ctx, sujet, at) {
    executes.push({ sandboxId: ctx.sandboxId, sujet, now: ctx.now().getTime() });
    return [{ date: at.toISOString(), type: 'TRACE', description: sujet }];
  },
});

/** The test's own items left (the matelas also schedules its validators' 15-day deadlines, from real time). */
const restants = (app: FastifyInstance, sandboxId: string) =>
  app.db.$client.prepare("SELECT count(*) FROM agenda WHERE sandbox_id = ? AND type = 'test-trace'").pluck().get(sandboxId) as number;

describe('the agenda', () => {
  let app: FastifyInstance;
  let a: TestSandbox;
  let b: TestSandbox;

  beforeAll(async () => {
    app = await buildTestApp();
    // Same seed: the two sandboxes hold the same ids, so a settle that leaked would show.
    a = await createSandbox(app, { seed: 11 });
    b = await createSandbox(app, { seed: 11 });
    for (const s of [a, b]) expect((await sbx(app, 'PUT', `/sandboxes/${s.id}/clock`, { mode: 'frozen', date: T0 })).statusCode).toBe(200);
  });
  afterAll(() => app.close());

  it('an advance applies every due item in date order, 12,000 of them, and nothing of another sandbox', { timeout: 60_000 }, async () => {
    executes.length = 0;
    const N = 12_000;
    const t0 = Date.parse(T0);
    // Scheduled in a scrambled order; due times spread over 20 days, some sharing a minute.
    const ctxA = sandboxContext(app.db, a.id, { mode: 'frozen', frozenAt: T0, offsetMs: 0 });
    const ctxB = sandboxContext(app.db, b.id, { mode: 'frozen', frozenAt: T0, offsetMs: 0 });
    app.db.$client.transaction(() => {
      for (let i = 0; i < N; i += 1) {
        const k = (i * 7919) % N;
        planifier(ctxA, 'test-trace', k, new Date(t0 + MINUTE + Math.floor(k / 2) * 2 * MINUTE));
      }
      for (let i = 0; i < 50; i += 1) planifier(ctxB, 'test-trace', i, new Date(t0 + MINUTE + i * MINUTE));
    })();

    const resultat = await avancerHorloge(app.db, a.id, { days: 30 });

    expect(executes).toHaveLength(N);
    expect(executes.every((e) => e.sandboxId === a.id)).toBe(true);
    for (let i = 1; i < N; i += 1) expect(executes[i].now).toBeGreaterThanOrEqual(executes[i - 1].now);
    // Each ran with the clock pinned at its own due time.
    for (const e of executes) expect(e.now).toBe(t0 + MINUTE + Math.floor(Number(e.sujet) / 2) * 2 * MINUTE);
    expect(new Set(executes.map((e) => e.sujet)).size).toBe(N);
    expect(resultat.evenements.filter((e) => e.type === 'TRACE')).toHaveLength(N);
    expect(resultat.now).toBe(new Date(t0 + 30 * 86_400_000).toISOString());
    expect(restants(app, a.id)).toBe(0);
    expect(restants(app, b.id)).toBe(50);
  });

  it('settling a sandbox on a /cpro call touches no other sandbox', async () => {
    executes.length = 0;
    const idA = await deposer(app, a, await cproHeaders(app, a, 'Fournisseur'), 'Destinataire Etat');
    const idB = await deposer(app, b, await cproHeaders(app, b, 'Fournisseur'), 'Destinataire Etat');
    expect(idA).toBe(idB); // same seed, same ids
    const avantB = restants(app, b.id);

    // A's clock jumps 30 days without an advance: the next /cpro call to A settles what fell due.
    await sbx(app, 'PUT', `/sandboxes/${a.id}/clock`, { mode: 'frozen', date: '2026-05-01T09:00:00.000Z' });
    const headersA = await cproHeaders(app, a, 'Fournisseur');
    const res = await app.inject({ method: 'POST', url: '/cpro/factures/v1/consulter/fournisseur', headers: headersA, payload: { identifiantFactureCPP: idA } });
    expect(res.statusCode).toBe(200);

    expect(facture(app, a.id, idA)!.statut).toBe('MISE_EN_PAIEMENT');
    expect(facture(app, b.id, idB)!.statut).toBe('MISE_A_DISPOSITION');
    expect(executes.every((e) => e.sandboxId === a.id)).toBe(true);
    expect(restants(app, b.id)).toBe(avantB);
  });

  it('a magic invoice number is applied by the time the client looks', async () => {
    const headers = await cproHeaders(app, b, 'Fournisseur');
    const id = await deposer(app, b, headers, 'Destinataire Etat', { numeroFactureSaisi: 'FAC-9-REJET' });
    const res = await app.inject({ method: 'POST', url: '/cpro/factures/v1/consulter/fournisseur', headers, payload: { identifiantFactureCPP: id } });
    expect(res.statusCode).toBe(200);
    expect(facture(app, b.id, id)!.statut).toBe('REJETEE');
  });

  it('a behaviour profile change reschedules the buyer\'s pending invoices', async () => {
    const headers = await cproHeaders(app, b, 'Fournisseur');
    const id = await deposer(app, b, headers, 'Destinataire Etat');
    const etat = facture(app, b.id, id)!.destinataireId;
    const ligne = () =>
      app.db.$client.prepare("SELECT echeance FROM agenda WHERE sandbox_id = ? AND type = 'acheteur-simule' AND sujet = ?").pluck().get(b.id, String(id)) as number | undefined;
    const dispo = Date.parse(facture(app, b.id, id)!.dateMiseADisposition!);
    expect(ligne()).toBe(dispo + 2 * 86_400_000); // the matelas profile: service fait at day 2

    expect((await sbx(app, 'PUT', `/sandboxes/${b.id}/structures/${etat}/behaviour`, { mode: 'manuel' })).statusCode).toBe(200);
    expect(ligne()).toBeUndefined();

    const regles = { mode: 'automatique', regles: { serviceFaitApresJours: 7 } };
    expect((await sbx(app, 'PUT', `/sandboxes/${b.id}/structures/${etat}/behaviour`, regles)).statusCode).toBe(200);
    expect(ligne()).toBe(dispo + 7 * 86_400_000);
  });
});
