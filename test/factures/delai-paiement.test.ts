import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, buildTestApp, cproPost, createSandbox, type TestSandbox } from '../helpers/app.js';
import { acteurs, deposer, traiter, type Acteurs } from '../helpers/factures.js';
import { matelas, structureDe } from '../helpers/transverses.js';

/**
 * The délai global de paiement as a user reads it on the control plane, after moving the sandbox clock.
 * Every expected date and amount is worked out by hand from chorus-domain §10 in the comments.
 */
let app: FastifyInstance;
const F = '/cpro/factures/v1';

beforeAll(async () => {
  app = await buildTestApp();
});
afterAll(() => app.close());

async function horloge(s: TestSandbox, date: string) {
  const res = await app.inject({ method: 'PUT', url: `/_sandbox/sandboxes/${s.id}/clock`, headers: admin, payload: { mode: 'frozen', date } });
  expect(res.statusCode, res.body).toBe(200);
}

async function vue(s: TestSandbox, id: number) {
  const res = await app.inject({ method: 'GET', url: `/_sandbox/sandboxes/${s.id}/factures/${id}`, headers: admin });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

/** A fresh sandbox whose clock is frozen at `date`, with its supplier and « Destinataire sans paramètre » accounts. */
async function bac(date: string): Promise<{ s: TestSandbox; h: Acteurs }> {
  const s = await createSandbox(app, { seed: 21 });
  await horloge(s, date);
  return { s, h: await acteurs(app, s) };
}

describe('délai de paiement après complétion (R2192-27 à 29)', () => {
  it('la suspension se ferme quand le fournisseur complète, et l’échéance est repoussée de la durée de la suspension', async () => {
    const { s, h } = await bac('2026-03-02T09:00:00Z');
    const id = await deposer(app, s, h.fournisseur);
    // Collectivité territoriale: 30 days (§10.1, R2192-10). MAD 2026-03-02 → due 2026-04-01.
    expect((await vue(s, id)).delaiPaiement).toMatchObject({ delaiJours: 30, dateDebut: '2026-03-02', dateEcheance: '2026-04-01', suspendu: false });
    expect((await traiter(app, h.destinataire, id, 'SUSPENDUE', { motif: 'Bon de livraison manquant' })).json().codeRetour).toBe(0);
    await horloge(s, '2026-03-12T09:00:00Z');
    expect((await vue(s, id)).delaiPaiement).toMatchObject({ suspendu: true, dateEcheance: null, joursSuspendus: 10 });
    const c = await cproPost(app, h.fournisseur, `${F}/completer`, { identifiantFactureCPP: id, commentaire: 'Voici le bon' });
    expect(c.json().codeRetour).toBe(0);
    // Suspended on day 0 for 10 days; on completion a new 30-day delay opens (R2192-29; the remaining
    // balance, 30 days, is not longer): 2026-03-12 + 30 = 2026-04-11, i.e. the 2026-04-01 due date + 10 days.
    const apres = (await vue(s, id)).delaiPaiement;
    expect(apres).toMatchObject({ suspendu: false, joursSuspendus: 10, dateEcheance: '2026-04-11', enRetard: false });
    // Later on, the suspension stays closed: on 2026-04-11 the invoice is not late yet, on 2026-04-13 it is 2 days late.
    await horloge(s, '2026-04-11T18:00:00Z');
    expect((await vue(s, id)).delaiPaiement).toMatchObject({ suspendu: false, enRetard: false, joursRetard: 0 });
    await horloge(s, '2026-04-13T09:00:00Z');
    expect((await vue(s, id)).delaiPaiement).toMatchObject({ suspendu: false, dateEcheance: '2026-04-11', enRetard: true, joursRetard: 2, indemniteForfaitaire: 40 });
  });

  it('la suspension se ferme aussi quand le destinataire la lève ou rejette la facture', async () => {
    const { s, h } = await bac('2026-03-02T09:00:00Z');
    const levee = await deposer(app, s, h.fournisseur);
    const rejetee = await deposer(app, s, h.fournisseur);
    for (const id of [levee, rejetee]) expect((await traiter(app, h.destinataire, id, 'SUSPENDUE', { motif: 'pièce' })).json().codeRetour).toBe(0);
    await horloge(s, '2026-03-07T09:00:00Z');
    expect((await traiter(app, h.destinataire, levee, 'MISE_A_DISPOSITION')).json().codeRetour).toBe(0);
    expect((await traiter(app, h.destinataire, rejetee, 'REJETEE', { motif: 'jamais complétée' })).json().codeRetour).toBe(0);
    // 5 days suspended, then 30 days from 2026-03-07: due 2026-04-06.
    for (const id of [levee, rejetee]) expect((await vue(s, id)).delaiPaiement).toMatchObject({ suspendu: false, joursSuspendus: 5, dateEcheance: '2026-04-06' });
  });
});

describe('délai de paiement après recyclage', () => {
  it('le délai repart à la mise à disposition chez le nouveau destinataire, avec son propre délai, sans la suspension passée', async () => {
    const { s, h } = await bac('2026-03-02T09:00:00Z');
    const m = await matelas(app, s);
    const id = await deposer(app, s, h.fournisseur);
    expect((await traiter(app, h.destinataire, id, 'SUSPENDUE', { motif: 'pièce' })).json().codeRetour).toBe(0);
    await horloge(s, '2026-03-05T09:00:00Z');
    expect((await cproPost(app, h.fournisseur, `${F}/completer`, { identifiantFactureCPP: id })).json().codeRetour).toBe(0);
    await horloge(s, '2026-03-12T09:00:00Z');
    expect((await traiter(app, h.destinataire, id, 'A_RECYCLER', { motif: 'Mauvais destinataire' })).json().codeRetour).toBe(0);
    await horloge(s, '2026-03-20T09:00:00Z');
    const hopital = structureDe(m, 'Destinataire 2');
    const r = await cproPost(app, h.fournisseur, `${F}/recycler`, { identifiantFactureCPP: id, destinataire: { codeDestinataire: hopital.identifiant } });
    expect(r.json()).toMatchObject({ codeRetour: 0, statutFacture: 'MISE_A_DISPOSITION' });
    // Établissement public de santé: 50 days (§10.1, R2192-11 1°), from the new mise à disposition
    // 2026-03-20: 11 days to 03-31, 30 to 04-30, 9 more → 2026-05-09. The former suspension is forgotten.
    expect((await vue(s, id)).delaiPaiement).toMatchObject({ delaiJours: 50, dateDebut: '2026-03-20', dateEcheance: '2026-05-09', joursSuspendus: 0, suspendu: false });
  });
});

describe('intérêts moratoires à un taux BCE non nul (R2192-31, D2192-35)', () => {
  it('taux BCE du semestre + 8 points, prorata temporis sur le TTC, plus 40 € d’indemnité; le paiement arrête le compteur', async () => {
    const { s, h } = await bac('2024-06-10T09:00:00Z');
    const id = await deposer(app, s, h.fournisseur, undefined, { dateFacture: '2024-06-05', numeroFactureSaisi: 'BCE-2024-1' });
    // MAD 2024-06-10 + 30 days = due 2024-07-10; interest runs from 2024-07-11, in the semester that
    // starts on 2024-07-01, when the ECB rate in force was 4.25 (cut of 2024-06-12).
    await horloge(s, '2024-08-09T09:00:00Z');
    // Late days: 2024-07-10 → 2024-08-09 = 21 + 9 = 30.
    // Interest: 180 € TTC × (4.25 + 8) % × 30 / 365 = 22.05 × 30 / 365 = 661.5 / 365 = 1.8123… → 1.81 €.
    expect((await vue(s, id)).delaiPaiement).toEqual({
      delaiJours: 30,
      dateDebut: '2024-06-10',
      dateEcheance: '2024-07-10',
      suspendu: false,
      joursSuspendus: 0,
      enRetard: true,
      joursRetard: 30,
      tauxBce: 4.25,
      interetsMoratoires: 1.81,
      indemniteForfaitaire: 40,
    });
    // Paid on 2024-08-09: later readings keep 30 days of interest.
    expect((await traiter(app, h.destinataire, id, 'MISE_EN_PAIEMENT')).json().codeRetour).toBe(0);
    await horloge(s, '2024-12-01T09:00:00Z');
    expect((await vue(s, id)).delaiPaiement).toMatchObject({ joursRetard: 30, interetsMoratoires: 1.81, indemniteForfaitaire: 40 });
  });

  it('retard commencé au premier semestre : taux en vigueur au 1er janvier', async () => {
    const { s, h } = await bac('2024-01-02T09:00:00Z');
    const id = await deposer(app, s, h.fournisseur, undefined, { dateFacture: '2024-01-02', numeroFactureSaisi: 'BCE-2024-2' });
    // MAD 2024-01-02 → due 2024-02-01; interest from 2024-02-02, semester of 2024-01-01: ECB 4.50
    // (rate of 2023-09-20). 2024-02-01 → 2024-03-01 is 29 days (leap year), → 2024-03-02 is 30 days late.
    // 180 × 12.5 % × 30 / 365 = 22.5 × 30 / 365 = 675 / 365 = 1.8493… → 1.85 €.
    await horloge(s, '2024-03-02T09:00:00Z');
    expect((await vue(s, id)).delaiPaiement).toMatchObject({ dateEcheance: '2024-02-01', joursRetard: 30, tauxBce: 4.5, interetsMoratoires: 1.85, indemniteForfaitaire: 40 });
  });
});
