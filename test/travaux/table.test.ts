import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, buildTestApp, cproPost, createSandbox, type TestSandbox } from '../helpers/app.js';
import { circuitAttendu } from '../helpers/circuits.js';
import { acteursTravaux, idDe, projet, suivante, T, type ActeursTravaux } from '../helpers/travaux.js';

/**
 * Every row of the works fixture (transcribed from chorus-domain §9.5, test/fixtures/circuits/travaux.json)
 * played through /cpro/facturesTravaux/v1: a piece is brought to the row's `de` status, the row's actor
 * makes the move, and the piece's history must show `de` then `vers`.
 */
const A4 = 'A4_PROJET_DECOMPTE_MENSUEL_FOURNISSEUR';
const A7 = 'A7_PROJET_DECOMPTE_FINAL_FOURNISSEUR';
const A15 = 'A15_ETAT_ACOMPTE_MOE';
const A17 = 'A17_PROJET_DECOMPTE_GENERAL_MOE';
const A19 = 'A19_ETAT_ACOMPTE_VALIDE_MOA';
const A20 = 'A20_DECOMPTE_GENERAL_MOA';
const A8 = 'A8_DECOMPTE_GENERAL_DEFINITIF_FOURNISSEUR';
const A22 = 'A22_PROJET_DECOMPTE_GENERAL_FOURNISSEUR_PROCEDURE_TACITE';

let app: FastifyInstance;
let sandbox: TestSandbox;
let a: ActeursTravaux;

beforeAll(async () => {
  app = await buildTestApp();
  sandbox = await createSandbox(app, { seed: 13 });
  a = await acteursTravaux(app, sandbox);
});
afterAll(() => app.close());

const prendre = (h: Record<string, string>, id: number) => cproPost(app, h, `${T}/prendreEnCompte`, { idFactureTravaux: id });
const refuser = (h: Record<string, string>, id: number, motifRefus: string) => cproPost(app, h, `${T}/refuser`, { idFactureTravaux: id, motifRefus });

const demanderComplement = (h: Record<string, string>, id: number) => cproPost(app, h, `${T}/suspendre/demander/completer/factureTravaux`, { idFactureTravaux: id, commentaire: 'Compléter' });
const completer = (h: Record<string, string>, id: number, chemin = 'completer') => cproPost(app, h, `${T}/${chemin}`, { idFactureTravaux: id });
const demanderRecyclage = (h: Record<string, string>, id: number) => cproPost(app, h, `${T}/demander/recyclage`, { idFactureTravaux: id, commentaire: 'Pièce mal adressée' });
/** Recycles with the service of the dossier's MOE (or MOA) set: a change of addressee without another matelas structure. */
const recyclerMoe = (id: number) => cproPost(app, a.titulaire, `${T}/recycler`, { idFactureTravaux: id, moe: { idStructureMoe: a.ids.moe, idServiceMoe: a.ids.serviceMoe } });
const recyclerMoa = (h: Record<string, string>, id: number) => cproPost(app, h, `${T}/recycler`, { idFactureTravaux: id, moa: { idStructureMoa: a.ids.moa, idServiceMoa: a.ids.serviceMoa } });

/** Pieces brought to a status; each returns the piece's id. */
const amener = {
  A4_MOE: async () => idDe(await projet(app, a, A4, 100)),
  A4_PEC_MOE: async () => {
    const id = await amener.A4_MOE();
    await prendre(a.moe, id);
    return id;
  },
  A7_MOE: async () => idDe(await projet(app, a, A7, 100)),
  A7_PEC_MOE: async () => {
    const id = await amener.A7_MOE();
    await prendre(a.moe, id);
    return id;
  },
  A4_SANS_MOE: async () => idDe(await projet(app, a, A4, 100, { sansMoe: true })),
  A7_SANS_MOE: async () => idDe(await projet(app, a, A7, 100, { sansMoe: true })),
  A15_MOA: async () => idDe(await suivante(app, a.moe, A15, await amener.A4_MOE(), 90)),
  A15_PEC_MOA: async () => {
    const id = await amener.A15_MOA();
    await prendre(a.moa, id);
    return id;
  },
  A17_MOA: async () => idDe(await suivante(app, a.moe, A17, await amener.A7_MOE(), 90)),
  A17_PEC_MOA: async () => {
    const id = await amener.A17_MOA();
    await prendre(a.moa, id);
    return id;
  },
  A22_MOA: async () => idDe(await suivante(app, a.titulaire, A22, await amener.A7_MOE(), 100)),
  A22_PEC_MOA: async () => {
    const id = await amener.A22_MOA();
    await prendre(a.moa, id);
    return id;
  },
  A20_TITULAIRE: async () => idDe(await suivante(app, a.moa, A20, await amener.A17_MOA(), 90)),
  A4_A_COMPLETER: async () => {
    const id = await amener.A4_MOE();
    await demanderComplement(a.moe, id);
    return id;
  },
  A4_SANS_MOE_A_COMPLETER: async () => {
    const id = await amener.A4_SANS_MOE();
    await demanderComplement(a.moa, id);
    return id;
  },
  A22_A_COMPLETER: async () => {
    const id = await amener.A22_MOA();
    await demanderComplement(a.moa, id);
    return id;
  },
  A15_A_COMPLETER: async () => {
    const id = await amener.A15_MOA();
    await demanderComplement(a.moa, id);
    return id;
  },
  A4_A_RECYCLER: async () => {
    const id = await amener.A4_MOE();
    await demanderRecyclage(a.moe, id);
    return id;
  },
  A4_SANS_MOE_A_RECYCLER: async () => {
    const id = await amener.A4_SANS_MOE();
    await demanderRecyclage(a.moa, id);
    return id;
  },
  A22_A_RECYCLER: async () => {
    const id = await amener.A22_MOA();
    await demanderRecyclage(a.moa, id);
    return id;
  },
  A15_A_RECYCLER: async () => {
    const id = await amener.A15_MOA();
    await demanderRecyclage(a.moa, id);
    return id;
  },
  A4_SANS_MOE_ERREUR_MOA: async () => {
    const id = await amener.A4_SANS_MOE();
    await refuser(a.moa, id, 'MAUVAISE_MOA');
    return id;
  },
  A22_ERREUR_MOA: async () => {
    const id = await amener.A22_MOA();
    await refuser(a.moa, id, 'MAUVAISE_MOA');
    return id;
  },
  A15_ERREUR_MOA: async () => {
    const id = await amener.A15_MOA();
    await refuser(a.moa, id, 'MAUVAISE_MOA');
    return id;
  },
};

/** The A7 that a piece follows (to deposit an A22 that replaces it). */
async function a7De(id: number): Promise<number> {
  const dossier = (await cproPost(app, a.titulaire, `${T}/consulter/dossierfacturation`, { idFactureTravaux: id })).json().listeFactureTravaux;
  return dossier.find((p: { cadreFacturation: string }) => p.cadreFacturation === A7).idFactureTravaux;
}
const remplacer = async (id: number) => {
  await suivante(app, a.titulaire, A22, await a7De(id), 100);
};
const avancer = (days: number) => app.inject({ method: 'POST', url: `/_sandbox/sandboxes/${sandbox.id}/clock/advance`, headers: admin, payload: { days } });

type Recette = { amener: keyof typeof amener; agir: (id: number) => Promise<unknown> };

/** How each row of the fixture is played: which piece, and what the actor does. */
const RECETTES: Record<string, Recette> = {
  'DEPOSEE → MISE_A_DISPOSITION_MOE par SYSTEME': { amener: 'A4_MOE', agir: async () => undefined },
  'DEPOSEE → MISE_A_DISPOSITION_MOA par SYSTEME': { amener: 'A15_MOA', agir: async () => undefined },
  'DEPOSEE → A_ASSOCIER_MOA par SYSTEME': { amener: 'A4_SANS_MOE', agir: async () => undefined },
  'DEPOSEE → A_ASSOCIER_FOURNISSEUR par SYSTEME': { amener: 'A20_TITULAIRE', agir: async () => undefined },
  'MISE_A_DISPOSITION_MOE → PRISE_EN_COMPTE_MOE par MOE': { amener: 'A4_MOE', agir: (id) => prendre(a.moe, id) },
  'MISE_A_DISPOSITION_MOE → ASSOCIEE par MOE': { amener: 'A4_MOE', agir: (id) => suivante(app, a.moe, A15, id, 90) },
  'PRISE_EN_COMPTE_MOE → ASSOCIEE par MOE': { amener: 'A7_PEC_MOE', agir: (id) => suivante(app, a.moe, A17, id, 90) },
  'MISE_A_DISPOSITION_MOE → REFUSEE_MOE par MOE': { amener: 'A4_MOE', agir: (id) => refuser(a.moe, id, 'AUTRE') },
  'PRISE_EN_COMPTE_MOE → REFUSEE_MOE par MOE': { amener: 'A4_PEC_MOE', agir: (id) => refuser(a.moe, id, 'AUTRE') },
  'MISE_A_DISPOSITION_MOE → ERREUR_FOURNISSEUR_SUR_MOE par MOE': { amener: 'A4_MOE', agir: (id) => refuser(a.moe, id, 'MAUVAISE_MOE') },
  'PRISE_EN_COMPTE_MOE → ERREUR_FOURNISSEUR_SUR_MOE par MOE': { amener: 'A4_PEC_MOE', agir: (id) => refuser(a.moe, id, 'MAUVAISE_MOE') },
  'MISE_A_DISPOSITION_MOE → REMPLACEE_PAR_A22 par SYSTEME': { amener: 'A7_MOE', agir: remplacer },
  'PRISE_EN_COMPTE_MOE → REMPLACEE_PAR_A22 par SYSTEME': { amener: 'A7_PEC_MOE', agir: remplacer },
  'MISE_A_DISPOSITION_MOA → PRISE_EN_COMPTE_MOA par MOA': { amener: 'A15_MOA', agir: (id) => prendre(a.moa, id) },
  'A_ASSOCIER_MOA → PRISE_EN_COMPTE_MOA par MOA': { amener: 'A4_SANS_MOE', agir: (id) => prendre(a.moa, id) },
  'MISE_A_DISPOSITION_MOA → ASSOCIEE par MOA': { amener: 'A15_MOA', agir: (id) => suivante(app, a.moa, A19, id, 90) },
  'A_ASSOCIER_MOA → ASSOCIEE par MOA': { amener: 'A7_SANS_MOE', agir: (id) => suivante(app, a.moa, A20, id, 90) },
  'PRISE_EN_COMPTE_MOA → ASSOCIEE par MOA': { amener: 'A17_PEC_MOA', agir: (id) => suivante(app, a.moa, A20, id, 90) },
  'MISE_A_DISPOSITION_MOA → REFUSEE_MOA par MOA': { amener: 'A17_MOA', agir: (id) => refuser(a.moa, id, 'AUTRE') },
  'A_ASSOCIER_MOA → REFUSEE_MOA par MOA': { amener: 'A4_SANS_MOE', agir: (id) => refuser(a.moa, id, 'AUTRE') },
  'PRISE_EN_COMPTE_MOA → REFUSEE_MOA par MOA': { amener: 'A15_PEC_MOA', agir: (id) => refuser(a.moa, id, 'AUTRE') },
  'MISE_A_DISPOSITION_MOA → ERREUR_MOE_SUR_MOA par MOA': { amener: 'A15_MOA', agir: (id) => refuser(a.moa, id, 'MAUVAISE_MOA') },
  'PRISE_EN_COMPTE_MOA → ERREUR_MOE_SUR_MOA par MOA': { amener: 'A17_PEC_MOA', agir: (id) => refuser(a.moa, id, 'MAUVAISE_MOA') },
  'MISE_A_DISPOSITION_MOA → ERREUR_FOURNISSEUR_SUR_MOA par MOA': { amener: 'A22_MOA', agir: (id) => refuser(a.moa, id, 'MAUVAISE_MOA') },
  'A_ASSOCIER_MOA → ERREUR_FOURNISSEUR_SUR_MOA par MOA': { amener: 'A4_SANS_MOE', agir: (id) => refuser(a.moa, id, 'MAUVAISE_MOA') },
  'PRISE_EN_COMPTE_MOA → ERREUR_FOURNISSEUR_SUR_MOA par MOA': { amener: 'A22_PEC_MOA', agir: (id) => refuser(a.moa, id, 'MAUVAISE_MOA') },
  'MISE_A_DISPOSITION_MOA → REMPLACEE_PAR_A22 par SYSTEME': { amener: 'A17_MOA', agir: remplacer },
  'PRISE_EN_COMPTE_MOA → REMPLACEE_PAR_A22 par SYSTEME': { amener: 'A17_PEC_MOA', agir: remplacer },
  'A_ASSOCIER_MOA → REMPLACEE_PAR_A22 par SYSTEME': { amener: 'A7_SANS_MOE', agir: remplacer },
  'MISE_A_DISPOSITION_MOA → ASSOCIEE par SYSTEME': { amener: 'A22_MOA', agir: () => avancer(10) },
  'PRISE_EN_COMPTE_MOA → ASSOCIEE par SYSTEME': { amener: 'A22_PEC_MOA', agir: () => avancer(10) },
  'A_ASSOCIER_FOURNISSEUR → ASSOCIEE par FOURNISSEUR': { amener: 'A20_TITULAIRE', agir: (id) => suivante(app, a.titulaire, A8, id, 90) },
  'A_ASSOCIER_FOURNISSEUR → REFUSEE_FOURNISSEUR par FOURNISSEUR': { amener: 'A20_TITULAIRE', agir: (id) => refuser(a.titulaire, id, 'AUTRE') },
  'MISE_A_DISPOSITION_MOE → A_COMPLETER par MOE': { amener: 'A4_MOE', agir: (id) => demanderComplement(a.moe, id) },
  'PRISE_EN_COMPTE_MOE → A_COMPLETER par MOE': { amener: 'A4_PEC_MOE', agir: (id) => demanderComplement(a.moe, id) },
  'MISE_A_DISPOSITION_MOA → A_COMPLETER par MOA': { amener: 'A15_MOA', agir: (id) => demanderComplement(a.moa, id) },
  'A_ASSOCIER_MOA → A_COMPLETER par MOA': { amener: 'A4_SANS_MOE', agir: (id) => demanderComplement(a.moa, id) },
  'PRISE_EN_COMPTE_MOA → A_COMPLETER par MOA': { amener: 'A17_PEC_MOA', agir: (id) => demanderComplement(a.moa, id) },
  'A_COMPLETER → MISE_A_DISPOSITION_MOE par FOURNISSEUR': { amener: 'A4_A_COMPLETER', agir: (id) => completer(a.titulaire, id) },
  'A_COMPLETER → A_ASSOCIER_MOA par FOURNISSEUR': { amener: 'A4_SANS_MOE_A_COMPLETER', agir: (id) => completer(a.titulaire, id) },
  'A_COMPLETER → MISE_A_DISPOSITION_MOA par FOURNISSEUR': { amener: 'A22_A_COMPLETER', agir: (id) => completer(a.titulaire, id) },
  'A_COMPLETER → MISE_A_DISPOSITION_MOA par MOE': { amener: 'A15_A_COMPLETER', agir: (id) => completer(a.moe, id, 'completermoe') },
  'MISE_A_DISPOSITION_MOE → A_RECYCLER par MOE': { amener: 'A4_MOE', agir: (id) => demanderRecyclage(a.moe, id) },
  'PRISE_EN_COMPTE_MOE → A_RECYCLER par MOE': { amener: 'A4_PEC_MOE', agir: (id) => demanderRecyclage(a.moe, id) },
  'MISE_A_DISPOSITION_MOA → A_RECYCLER par MOA': { amener: 'A15_MOA', agir: (id) => demanderRecyclage(a.moa, id) },
  'A_ASSOCIER_MOA → A_RECYCLER par MOA': { amener: 'A4_SANS_MOE', agir: (id) => demanderRecyclage(a.moa, id) },
  'PRISE_EN_COMPTE_MOA → A_RECYCLER par MOA': { amener: 'A17_PEC_MOA', agir: (id) => demanderRecyclage(a.moa, id) },
  'A_RECYCLER → MISE_A_DISPOSITION_MOE par FOURNISSEUR': { amener: 'A4_A_RECYCLER', agir: recyclerMoe },
  'A_RECYCLER → A_ASSOCIER_MOA par FOURNISSEUR': { amener: 'A4_SANS_MOE_A_RECYCLER', agir: (id) => recyclerMoa(a.titulaire, id) },
  'A_RECYCLER → MISE_A_DISPOSITION_MOA par FOURNISSEUR': { amener: 'A22_A_RECYCLER', agir: (id) => recyclerMoa(a.titulaire, id) },
  'A_RECYCLER → MISE_A_DISPOSITION_MOA par MOE': { amener: 'A15_A_RECYCLER', agir: (id) => recyclerMoa(a.moe, id) },
  'ERREUR_FOURNISSEUR_SUR_MOA → A_ASSOCIER_MOA par FOURNISSEUR': { amener: 'A4_SANS_MOE_ERREUR_MOA', agir: (id) => recyclerMoa(a.titulaire, id) },
  'ERREUR_FOURNISSEUR_SUR_MOA → MISE_A_DISPOSITION_MOA par FOURNISSEUR': { amener: 'A22_ERREUR_MOA', agir: (id) => recyclerMoa(a.titulaire, id) },
  'ERREUR_MOE_SUR_MOA → MISE_A_DISPOSITION_MOA par MOE': { amener: 'A15_ERREUR_MOA', agir: (id) => recyclerMoa(a.moe, id) },
};

const mouvements = circuitAttendu('travaux').mouvements;
const cle = (m: { de: string; vers: string; acteur: string }) => `${m.de} → ${m.vers} par ${m.acteur}`;

describe('chaque mouvement de la table des travaux, par l’API', () => {
  it('une recette par mouvement de la fixture, ni plus ni moins', () => {
    expect(Object.keys(RECETTES).sort()).toEqual(mouvements.map(cle).sort());
  });

  it.each(mouvements.map((m) => [cle(m), m] as const))('%s', async (_nom, m) => {
    const recette = RECETTES[cle(m)];
    const id = await amener[recette.amener]();
    await recette.agir(id);
    const dossier = (await cproPost(app, a.titulaire, `${T}/consulter/dossierfacturation`, { idFactureTravaux: id })).json().listeFactureTravaux;
    const codes: string[] = dossier.find((p: { idFactureTravaux: number }) => p.idFactureTravaux === id).historiqueDemandePaiement.map((h: { histoStatutCode: string }) => h.histoStatutCode);
    const i = codes.lastIndexOf(m.vers);
    expect(i, codes.join(' → ')).toBeGreaterThan(0);
    expect(codes[i - 1], codes.join(' → ')).toBe(m.de);
  });
});
