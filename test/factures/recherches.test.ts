import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, buildTestApp, cproHeaders, cproPost, createSandbox, type TestSandbox } from '../helpers/app.js';
import { acteurs, factureSaisie, traiter, type Acteurs } from '../helpers/factures.js';
import { matelas, structureDe } from '../helpers/transverses.js';

/**
 * Every documented filter of rechercher/fournisseur, rechercher/recipiendaire and
 * rechercher/demandePaiement (chorus-api §3.1.13–15), with the expected invoices named from the
 * deposits below. The matelas' own invoices are dated around the sandbox's creation (2026): every
 * search is bounded to 2025, where only these deposits live.
 */
let app: FastifyInstance;
let s: TestSandbox;
let h: Acteurs;
let moe: Record<string, string>;
const F = '/cpro/factures/v1';
const EN_2025 = { periodeDateDepotDu: '2025-01-01', periodeDateDepotAu: '2025-12-31' };

/** The three deposits: [id, deposit day, invoice date, HT, TTC, supplier, recipient]. */
let f1: number; // 2025-02-10, facture 2025-02-01, 150 HT / 180 TTC, Fournisseur → Destinataire sans paramètre
let f2: number; // 2025-02-20, facture 2025-02-15, 1000 HT / 1200 TTC, Fournisseur → Destinataire 2, then SUSPENDUE
let f3: number; // 2025-03-05, facture 2025-03-01, 40 HT / 48 TTC, MOE → Destinataire sans paramètre

async function horloge(date: string) {
  expect((await app.inject({ method: 'PUT', url: `/_sandbox/sandboxes/${s.id}/clock`, headers: admin, payload: { mode: 'frozen', date } })).statusCode).toBe(200);
}

async function soumettre(headers: Record<string, string>, body: Record<string, unknown>): Promise<number> {
  const res = await cproPost(app, headers, `${F}/soumettre`, body);
  expect(res.json().codeRetour, res.body).toBe(0);
  return res.json().identifiantFactureCPP;
}

const ligne = (ht: number) => ({
  lignePoste: [{ lignePosteNumero: 1, lignePosteDenomination: 'Prestation', lignePosteQuantite: 1, lignePosteMontantUnitaireHT: ht, lignePosteTauxTvaManuel: 20 }],
  // 20 % VAT: TTC = HT × 1.2.
  montantTotal: { montantHtTotal: ht, montantTVA: ht * 0.2, montantTtcTotal: ht * 1.2, montantAPayer: ht * 1.2 },
});

beforeAll(async () => {
  app = await buildTestApp();
  s = await createSandbox(app, { seed: 71 });
  const m = await matelas(app, s);
  h = await acteurs(app, s);
  moe = await cproHeaders(app, s, 'MOE');
  const hopital = structureDe(m, 'Destinataire 2');
  const moeStructure = structureDe(m, 'MOE');

  await horloge('2025-02-10T10:00:00Z');
  f1 = await soumettre(h.fournisseur, factureSaisie(app, s.id, undefined, { dateFacture: '2025-02-01', numeroFactureSaisi: 'R-2025-1' }));
  await horloge('2025-02-20T10:00:00Z');
  f2 = await soumettre(h.fournisseur, {
    ...factureSaisie(app, s.id, 'Destinataire 2', { dateFacture: '2025-02-15', numeroFactureSaisi: 'R-2025-2' }),
    ...ligne(1000),
    destinataire: { codeDestinataire: hopital.identifiant },
  });
  await horloge('2025-03-05T10:00:00Z');
  f3 = await soumettre(moe, {
    ...factureSaisie(app, s.id, undefined, { dateFacture: '2025-03-01', numeroFactureSaisi: 'R-2025-3' }),
    ...ligne(40),
    fournisseur: { idFournisseur: moeStructure.idStructureCPP },
  });
  await horloge('2025-03-10T10:00:00Z');
  const h2 = await acteurs(app, s, 'Destinataire 2');
  expect((await traiter(app, h2.destinataire, f2, 'SUSPENDUE', { motif: 'pièce manquante' })).json().codeRetour).toBe(0);
});
afterAll(() => app.close());

const ids = (liste: { identifiantFactureCPP?: number; idFacture?: number; idDemandePaiement?: number }[]) =>
  liste.map((x) => x.identifiantFactureCPP ?? x.idFacture ?? x.idDemandePaiement).sort((a, b) => a! - b!);

async function fournisseur(filtres: Record<string, unknown>, headers = h.fournisseur) {
  const res = await cproPost(app, headers, `${F}/rechercher/fournisseur`, { ...EN_2025, ...filtres });
  expect(res.statusCode, res.body).toBe(200);
  return ids(res.json().listeFactures);
}
async function recipiendaire(filtres: Record<string, unknown>, headers = h.destinataire) {
  const res = await cproPost(app, headers, `${F}/rechercher/recipiendaire`, { ...EN_2025, ...filtres });
  expect(res.statusCode, res.body).toBe(200);
  return ids(res.json().listeFactures);
}
async function demandePaiement(filtres: Record<string, unknown>, headers = h.fournisseur) {
  const res = await cproPost(app, headers, `${F}/rechercher/demandePaiement`, { ...EN_2025, ...filtres });
  expect(res.statusCode, res.body).toBe(200);
  return { codeRetour: res.json().codeRetour, ids: ids(res.json().listeDemandePaiement), total: res.json().total };
}

describe('rechercher/fournisseur', () => {
  it('les dates de dépôt, de facture et d’état courant bornent la recherche (bornes incluses)', async () => {
    expect(await fournisseur({})).toEqual([f1, f2]);
    expect(await fournisseur({ periodeDateDepotDu: '2025-02-10', periodeDateDepotAu: '2025-02-10' })).toEqual([f1]);
    expect(await fournisseur({ periodeDateDepotDu: '2025-02-11', periodeDateDepotAu: '2025-02-20' })).toEqual([f2]);
    expect(await fournisseur({ periodeDateFactureDu: '2025-02-02', periodeDateFactureAu: '2025-02-15' })).toEqual([f2]);
    expect(await fournisseur({ periodeDateFactureAu: '2025-02-01' })).toEqual([f1]);
    // f2 changed state on 2025-03-10 (suspension); f1 last changed on 2025-02-10 (mise à disposition).
    expect(await fournisseur({ periodeDateHeureEtatCourantDu: '2025-03-01' })).toEqual([f2]);
    expect(await fournisseur({ periodeDateHeureEtatCourantAu: '2025-02-28' })).toEqual([f1]);
  });

  it('montants HT, TTC et à payer, minimum et maximum', async () => {
    expect(await fournisseur({ montantHTMin: 150.01 })).toEqual([f2]);
    expect(await fournisseur({ montantHTMax: 150 })).toEqual([f1]);
    expect(await fournisseur({ montantTTCMin: 180, montantTTCMax: 1200 })).toEqual([f1, f2]);
    expect(await fournisseur({ montantTTCMin: 181 })).toEqual([f2]);
    expect(await fournisseur({ montantApayerMax: 179.99 })).toEqual([]);
    expect(await fournisseur({ montantApayerMin: 1200 })).toEqual([f2]);
  });

  it('statuts, destinataire, numéro de facture, numéro de flux de dépôt', async () => {
    expect(await fournisseur({ statutCourant: ['SUSPENDUE'] })).toEqual([f2]);
    expect(await fournisseur({ statutCourant: ['MISE_A_DISPOSITION', 'SUSPENDUE'] })).toEqual([f1, f2]);
    const m = await matelas(app, s);
    expect(await fournisseur({ listeDestinataire: [{ idDestinataire: structureDe(m, 'Destinataire 2').idStructureCPP }] })).toEqual([f2]);
    expect(await fournisseur({ numeroFacture: 'R-2025-1' })).toEqual([f1]);
    // No deposit here came through a flux: a flux number finds none of them.
    expect(await fournisseur({ numeroFluxDepot: 'FLUX-0001' })).toEqual([]);
    // The MOE's own search sees only its invoice.
    expect(await fournisseur({}, moe)).toEqual([f3]);
  });
});

describe('rechercher/recipiendaire', () => {
  it('fournisseurs, dates, montants et statuts', async () => {
    const m = await matelas(app, s);
    expect(await recipiendaire({})).toEqual([f1, f3]);
    expect(await recipiendaire({ listeFournisseurs: [{ idFournisseur: structureDe(m, 'MOE').idStructureCPP }] })).toEqual([f3]);
    expect(await recipiendaire({ listeFournisseurs: [{ idFournisseur: structureDe(m, 'Fournisseur').idStructureCPP }] })).toEqual([f1]);
    expect(await recipiendaire({ periodeDateDepotDu: '2025-03-01' })).toEqual([f3]);
    expect(await recipiendaire({ periodeDateFactureAu: '2025-02-28' })).toEqual([f1]);
    expect(await recipiendaire({ montantHTMax: 100 })).toEqual([f3]);
    expect(await recipiendaire({ montantTTCMin: 100 })).toEqual([f1]);
    expect(await recipiendaire({ statutCourant: ['SUSPENDUE'] })).toEqual([]);
    const h2 = await acteurs(app, s, 'Destinataire 2');
    expect(await recipiendaire({ statutCourant: ['SUSPENDUE'] }, h2.destinataire)).toEqual([f2]);
  });
});

describe('rechercher/demandePaiement', () => {
  it('selon le rôle : fournisseur, destinataire, ou les deux', async () => {
    expect((await demandePaiement({ roleUtilisateur: 'FOURNISSEUR' })).ids).toEqual([f1, f2]);
    expect((await demandePaiement({ roleUtilisateur: 'DESTINATAIRE' }, h.destinataire)).ids).toEqual([f1, f3]);
    // The supplier receives nothing: as a recipient, no result (20000).
    const rien = await demandePaiement({ roleUtilisateur: 'DESTINATAIRE' });
    expect(rien).toMatchObject({ codeRetour: 20000, ids: [], total: 0 });
    expect((await demandePaiement({})).total).toBe(2);
  });

  it('filtres de montants, de dates, de statut et de structures', async () => {
    const m = await matelas(app, s);
    expect((await demandePaiement({ montantHTMin: 500 })).ids).toEqual([f2]);
    expect((await demandePaiement({ montantTTCMax: 180 })).ids).toEqual([f1]);
    expect((await demandePaiement({ montantAPayerMin: 1000, montantAPayerMax: 1200 })).ids).toEqual([f2]);
    expect((await demandePaiement({ periodeDateFournisseurDu: '2025-02-10', periodeDateFournisseurAu: '2025-02-28' })).ids).toEqual([f2]);
    expect((await demandePaiement({ statutCourant: ['SUSPENDUE'] })).ids).toEqual([f2]);
    expect((await demandePaiement({ structureDestinataire: { idStructureDestinataire: structureDe(m, 'Destinataire sans paramètre').idStructureCPP } })).ids).toEqual([f1]);
    expect((await demandePaiement({ structureFournisseur: { idStructureFournisseur: structureDe(m, 'MOE').idStructureCPP } }, h.destinataire)).ids).toEqual([f3]);
    expect((await demandePaiement({ numeroFacture: 'R-2025-3' }, h.destinataire)).ids).toEqual([f3]);
  });
});
