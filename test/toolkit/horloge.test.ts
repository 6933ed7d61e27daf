import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, cproHeaders, createSandbox, type TestSandbox } from '../helpers/app.js';
import { deposer } from '../helpers/factures.js';
import { facture, historique, sbx } from './helpers.js';

const T0 = '2026-03-02T09:00:00.000Z';
const JOUR = 86_400_000;

describe('sandbox clock and simulated buyers', () => {
  let app: FastifyInstance;
  let sandbox: TestSandbox;
  let autre: TestSandbox;

  beforeAll(async () => {
    app = await buildTestApp();
    sandbox = await createSandbox(app, { seed: 7 });
    autre = await createSandbox(app, { seed: 7 });
    for (const s of [sandbox, autre]) expect((await sbx(app, 'PUT', `/sandboxes/${s.id}/clock`, { mode: 'frozen', date: T0 })).statusCode).toBe(200);
  });
  afterAll(() => app.close());

  it('reads and sets the clock', async () => {
    const res = await sbx(app, 'GET', `/sandboxes/${sandbox.id}/clock`);
    expect(res.json()).toEqual({ now: T0, mode: 'frozen' });
    const offset = await sbx(app, 'PUT', `/sandboxes/${autre.id}/clock`, { mode: 'offset', date: '2030-01-01' });
    expect(offset.json().mode).toBe('offset');
    expect(Math.abs(Date.parse(offset.json().now) - Date.parse('2030-01-01T00:00:00Z'))).toBeLessThan(5000);
    await sbx(app, 'PUT', `/sandboxes/${autre.id}/clock`, { mode: 'frozen', date: T0 });
    const missing = await sbx(app, 'PUT', `/sandboxes/${autre.id}/clock`, { mode: 'offset' });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().libelle).toContain('date');
  });

  it('refuses to go backwards or nowhere', async () => {
    for (const body of [{ until: '2026-01-01' }, { days: 0 }, {}]) {
      const res = await sbx(app, 'POST', `/sandboxes/${sandbox.id}/clock/advance`, body);
      expect(res.statusCode).toBe(400);
      expect(res.json().libelle).toMatch(/avancer/);
    }
  });

  it('a 45-day advance takes an invoice to the State buyer to MISE_EN_PAIEMENT at days 2, 5 and 20', async () => {
    const headers = await cproHeaders(app, sandbox, 'Fournisseur');
    const id = await deposer(app, sandbox, headers, 'Destinataire Etat');
    const autreId = await deposer(app, autre, await cproHeaders(app, autre, 'Fournisseur'), 'Destinataire Etat');
    const res = await sbx(app, 'POST', `/sandboxes/${sandbox.id}/clock/advance`, { days: 45 });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.now).toBe(new Date(Date.parse(T0) + 45 * JOUR).toISOString());
    expect(body.evenements.map((e: { type: string }) => e.type)).toEqual(['FACTURE_SERVICE_FAIT', 'FACTURE_MANDATEE', 'FACTURE_MISE_EN_PAIEMENT']);
    expect(facture(app, sandbox.id, id)!.statut).toBe('MISE_EN_PAIEMENT');
    const histo = historique(app, sandbox.id, id);
    const dates = Object.fromEntries(histo.map((h) => [h.code, h.date]));
    expect(dates.SERVICE_FAIT).toBe(new Date(Date.parse(T0) + 2 * JOUR).toISOString());
    expect(dates.MANDATEE).toBe(new Date(Date.parse(T0) + 5 * JOUR).toISOString());
    expect(dates.MISE_EN_PAIEMENT).toBe(new Date(Date.parse(T0) + 20 * JOUR).toISOString());
    expect(histo.at(-1)!.nomUtilisateur).toMatch(/^Acheteur simulé /);
    // Advancing one sandbox never touches another.
    expect(facture(app, autre.id, autreId)!.statut).toBe('MISE_A_DISPOSITION');
    expect((await sbx(app, 'GET', `/sandboxes/${autre.id}/clock`)).json().now).toBe(T0);
  });

  it('settles lazily: moving the clock with PUT, the next /cpro call brings the buyer up to date', async () => {
    // Within a year of creation: technical passwords expire on the sandbox clock.
    const base = '2027-01-10T10:00:00.000Z';
    await sbx(app, 'PUT', `/sandboxes/${autre.id}/clock`, { mode: 'frozen', date: base });
    const headers = await cproHeaders(app, autre, 'Fournisseur');
    const id = await deposer(app, autre, headers, 'Destinataire Etat');
    await sbx(app, 'PUT', `/sandboxes/${autre.id}/clock`, { mode: 'frozen', date: '2027-01-16T00:00:00Z' });
    await app.inject({ method: 'POST', url: '/cpro/factures/v1/consulter/fournisseur', headers, payload: { identifiantFactureCPP: id } });
    expect(facture(app, autre.id, id)!.statut).toBe('MANDATEE');
    expect(historique(app, autre.id, id).at(-1)!.date).toBe(new Date(Date.parse(base) + 5 * JOUR).toISOString());
  });

  it('leaves manual buyers alone', async () => {
    const id = await deposer(app, sandbox, await cproHeaders(app, sandbox, 'Fournisseur'), 'Destinataire sans paramètre');
    await sbx(app, 'POST', `/sandboxes/${sandbox.id}/clock/advance`, { days: 60 });
    expect(facture(app, sandbox.id, id)!.statut).toBe('MISE_A_DISPOSITION');
  });

  it.each([
    ['-REJET', 'REJETEE'],
    ['-SUSP', 'SUSPENDUE'],
    ['-RECYC', 'A_RECYCLER'],
    ['-PAYE', 'MISE_EN_PAIEMENT'],
  ])('magic number %s gives %s right after mise à disposition', async (suffixe, statut) => {
    const headers = await cproHeaders(app, sandbox, 'Fournisseur');
    const id = await deposer(app, sandbox, headers, 'Destinataire Etat', { numeroFactureSaisi: `MAGIC-${Math.random().toString(36).slice(2, 8)}${suffixe}` });
    // The next call of the sandbox sees it settled (no clock move needed).
    await app.inject({ method: 'POST', url: '/cpro/factures/v1/consulter/fournisseur', headers, payload: { identifiantFactureCPP: id } });
    expect(facture(app, sandbox.id, id)!.statut).toBe(statut);
    if (statut !== 'MISE_EN_PAIEMENT') expect(facture(app, sandbox.id, id)!.commentaireEtatCourant).toMatch(/magique/);
  });

  it('behaviour profiles: GET, PUT, and refusals', async () => {
    const matelas = (await sbx(app, 'GET', `/sandboxes/${sandbox.id}/export`)).json().tables.structures as { id: number; entite: string; type_structure: string }[];
    const etat = matelas.find((s) => s.entite === 'Destinataire Etat')!;
    const prive = matelas.find((s) => s.type_structure === 'PRIVEE')!;
    const lu = await sbx(app, 'GET', `/sandboxes/${sandbox.id}/structures/${etat.id}/behaviour`);
    expect(lu.json()).toEqual({ mode: 'automatique', regles: { serviceFaitApresJours: 2, mandateeApresJours: 5, miseEnPaiementApresJours: 20 } });
    const put = await sbx(app, 'PUT', `/sandboxes/${sandbox.id}/structures/${etat.id}/behaviour`, { mode: 'manuel' });
    expect(put.json()).toEqual({ mode: 'manuel' });
    expect((await sbx(app, 'PUT', `/sandboxes/${sandbox.id}/structures/99/behaviour`, { mode: 'manuel' })).statusCode).toBe(404);
    // A private structure is simulated only as a validator (A9/A12, issue 11): buyer rules are refused.
    const privee = await sbx(app, 'PUT', `/sandboxes/${sandbox.id}/structures/${prive.id}/behaviour`, { mode: 'automatique', regles: { serviceFaitApresJours: 2 } });
    expect(privee.statusCode).toBe(400);
    expect(privee.json().libelle).toMatch(/privée/);
    const inconnue = await sbx(app, 'PUT', `/sandboxes/${sandbox.id}/structures/${etat.id}/behaviour`, { mode: 'automatique', regles: { payerDemain: true } });
    expect(inconnue.statusCode).toBe(400);
    expect(inconnue.json().libelle).toMatch(/payerDemain/);
  });
});
