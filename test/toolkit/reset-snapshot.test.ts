import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetSandbox } from '../../src/modules/control-plane/service.js';
import { buildTestApp, cproHeaders, createSandbox, type TestSandbox } from '../helpers/app.js';
import { deposer } from '../helpers/factures.js';
import { facture, sansHorodatage, sbx } from './helpers.js';

const exporter = async (app: FastifyInstance, id: string) => (await sbx(app, 'GET', `/sandboxes/${id}/export`)).json();

describe('determinism, instant reset and snapshots', () => {
  let app: FastifyInstance;
  let a: TestSandbox;
  let b: TestSandbox;

  beforeAll(async () => {
    app = await buildTestApp();
    a = await createSandbox(app, { seed: 42 });
    b = await createSandbox(app, { seed: 42 });
  });
  afterAll(() => app.close());

  it('same scenario and seed give identical rows in every table, even in another app', async () => {
    const ea = await exporter(app, a.id);
    const eb = await exporter(app, b.id);
    expect(ea.tables).toEqual(eb.tables);
    expect(ea.sequences).toEqual(eb.sequences);
    expect(Object.keys(ea.tables)).toEqual(expect.arrayContaining(['structures', 'utilisateurs', 'factures', 'comportements_acheteurs']));
    expect(ea.tables.structures.length).toBeGreaterThan(5);
    // A fresh app replays the scenario from scratch (no shared template): only real-clock timestamps differ.
    const other = await buildTestApp();
    try {
      const c = await createSandbox(other, { seed: 42 });
      expect(sansHorodatage((await exporter(other, c.id)).tables)).toEqual(sansHorodatage(ea.tables));
      const d = await createSandbox(other, { seed: 43 });
      expect((await exporter(other, d.id)).tables.structures[0].id).not.toBe(ea.tables.structures[0].id);
    } finally {
      await other.close();
    }
  });

  it('reset restores data, sequences and clock, and leaves other sandboxes alone', async () => {
    const avant = await exporter(app, a.id);
    const headers = await cproHeaders(app, a, 'Fournisseur');
    const id = await deposer(app, a, headers, 'Destinataire sans paramètre');
    const idB = await deposer(app, b, await cproHeaders(app, b, 'Fournisseur'), 'Destinataire sans paramètre');
    await sbx(app, 'PUT', `/sandboxes/${a.id}/clock`, { mode: 'frozen', date: '2031-01-01' });
    const res = await sbx(app, 'POST', `/sandboxes/${a.id}/reset`);
    expect(res.statusCode).toBe(200);
    expect(facture(app, a.id, id)).toBeUndefined();
    expect(res.json().horloge.mode).toBe('real');
    const apres = await exporter(app, a.id);
    expect(apres.tables).toEqual(avant.tables);
    expect(apres.sequences).toEqual(avant.sequences);
    // Ids restart as the seed dictates: the next deposit gets the id the first one had.
    expect(await deposer(app, a, await cproHeaders(app, a, 'Fournisseur'), 'Destinataire sans paramètre')).toBe(id);
    expect(facture(app, b.id, idB)).toBeDefined();
  });

  it('round-trips a snapshot into a new sandbox that resets back to it', async () => {
    const headers = await cproHeaders(app, a, 'Fournisseur');
    const id = await deposer(app, a, headers, 'Destinataire sans paramètre');
    await sbx(app, 'PUT', `/sandboxes/${a.id}/clock`, { mode: 'frozen', date: '2027-05-01T08:00:00Z' });
    const snap = await exporter(app, a.id);
    const created = await sbx(app, 'POST', '/sandboxes', { nom: 'depuis-instantane', snapshot: snap });
    expect(created.statusCode).toBe(201);
    const c = created.json();
    expect(c.piste.clientId).not.toBe(a.piste.clientId);
    expect(c.horloge).toEqual({ now: '2027-05-01T08:00:00.000Z', mode: 'frozen' });
    const copie = await exporter(app, c.id);
    expect(copie.tables).toEqual(snap.tables);
    expect(copie.sequences).toEqual(snap.sequences);
    // Its own credentials work and see the invoice; then reset goes back to the snapshot, not the scenario.
    await deposer(app, c, await cproHeaders(app, c, 'Fournisseur'), 'Destinataire sans paramètre');
    await sbx(app, 'POST', `/sandboxes/${c.id}/reset`);
    expect((await exporter(app, c.id)).tables).toEqual(snap.tables);
    expect(facture(app, c.id, id)).toBeDefined();
  });

  it.each([
    [{ format: 'autre' }, 'snapshot.format'],
    [{ snapshotManquant: true }, 'snapshot.format'],
    ['texte', 'snapshot'],
  ])('refuses a malformed snapshot %j naming what is wrong', async (snapshot, attendu) => {
    const res = await sbx(app, 'POST', '/sandboxes', { snapshot });
    expect(res.statusCode).toBe(400);
    expect(res.json().libelle).toContain(attendu);
  });

  it('refuses unknown tables, columns and broken rows', async () => {
    const snap = await exporter(app, b.id);
    const cas: [unknown, RegExp][] = [
      [{ ...snap, tables: { ...snap.tables, inconnue: [] } }, /inconnue/],
      [{ ...snap, tables: { ...snap.tables, structures: [{ ...snap.tables.structures[0], pirate: 1 }] } }, /pirate/],
      [{ ...snap, tables: { ...snap.tables, structures: [{ id: 1 }] } }, /NOT NULL|constraint/i],
      [{ ...snap, tables: { ...snap.tables, structures: [snap.tables.structures[0], snap.tables.structures[0]] } }, /UNIQUE|constraint/i],
    ];
    for (const [snapshot, attendu] of cas) {
      const res = await sbx(app, 'POST', '/sandboxes', { snapshot });
      expect(res.statusCode).toBe(400);
      expect(res.json().libelle).toMatch(attendu);
    }
  });
});
