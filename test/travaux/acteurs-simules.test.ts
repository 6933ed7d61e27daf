import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, buildTestApp, cproPost, createSandbox, type TestSandbox } from '../helpers/app.js';
import { expectRefus } from '../helpers/organisation.js';
import { acteursTravaux, idDe, projet, suivante, T, type ActeursTravaux } from '../helpers/travaux.js';

let app: FastifyInstance;
let sandbox: TestSandbox;
let a: ActeursTravaux;

beforeAll(async () => {
  app = await buildTestApp();
  sandbox = await createSandbox(app, { seed: 14 });
  a = await acteursTravaux(app, sandbox);
});
afterAll(() => app.close());

const comportement = (id: number, payload: unknown) =>
  app.inject({ method: 'PUT', url: `/_sandbox/sandboxes/${sandbox.id}/structures/${id}/behaviour`, headers: admin, payload: payload as object });
const avancer = (days: number) => app.inject({ method: 'POST', url: `/_sandbox/sandboxes/${sandbox.id}/clock/advance`, headers: admin, payload: { days } });
const dossier = async (id: number) =>
  (await cproPost(app, a.titulaire, `${T}/consulter/dossierfacturation`, { idFactureTravaux: id })).json().listeFactureTravaux as {
    cadreFacturation: string;
    statutFactureTravaux: string;
    montantHT: number;
  }[];

describe('MOE et MOA simulées (PUT …/behaviour, regles.travaux)', () => {
  it('un stagiaire seul mène un projet de décompte mensuel jusqu’au paiement en avançant l’horloge', async () => {
    expect((await comportement(a.ids.moe, { mode: 'automatique', regles: { travaux: { rectifierPourcentage: -10 } } })).statusCode).toBe(200);
    expect((await comportement(a.ids.moa, { mode: 'automatique', regles: { travaux: { transmettreApresJours: 3 } } })).statusCode).toBe(200);
    expect((await comportement(a.ids.payeur, { mode: 'automatique', regles: { miseEnPaiementApresJours: 20 } })).statusCode).toBe(200);
    const a4 = idDe(await projet(app, a, 'A4_PROJET_DECOMPTE_MENSUEL_FOURNISSEUR', 10000));
    expect((await dossier(a4)).map((p) => p.statutFactureTravaux)).toEqual(['PRISE_EN_COMPTE_MOE']);
    await avancer(6);
    expect((await dossier(a4)).map((p) => p.statutFactureTravaux)).toEqual(['PRISE_EN_COMPTE_MOE']);
    await avancer(1); // the MOE's 7 days
    expect((await dossier(a4)).map((p) => [p.cadreFacturation, p.statutFactureTravaux, p.montantHT])).toEqual([
      ['A4_PROJET_DECOMPTE_MENSUEL_FOURNISSEUR', 'ASSOCIEE', 10000],
      ['A15_ETAT_ACOMPTE_MOE', 'PRISE_EN_COMPTE_MOA', 9000],
    ]);
    await avancer(3);
    await avancer(20); // the payer pays 20 days after the A19's mise à disposition
    expect((await dossier(a4)).map((p) => [p.cadreFacturation, p.statutFactureTravaux])).toEqual([
      ['A4_PROJET_DECOMPTE_MENSUEL_FOURNISSEUR', 'ASSOCIEE'],
      ['A15_ETAT_ACOMPTE_MOE', 'ASSOCIEE'],
      ['A19_ETAT_ACOMPTE_VALIDE_MOA', 'MISE_EN_PAIEMENT'],
    ]);
  });

  it('une MOE qui refuse ; une MOA inactive laisse courir la procédure tacite', async () => {
    await comportement(a.ids.moe, { mode: 'automatique', regles: { travaux: { refuserMotif: 'AUTRE', prendreEnCompteApresJours: 2 } } });
    const a4 = idDe(await projet(app, a, 'A4_PROJET_DECOMPTE_MENSUEL_FOURNISSEUR', 500));
    await avancer(2);
    expect((await dossier(a4))[0].statutFactureTravaux).toBe('REFUSEE_MOE');

    await comportement(a.ids.moe, { mode: 'automatique', regles: { travaux: { inactif: true } } });
    await comportement(a.ids.moa, { mode: 'automatique', regles: { travaux: { inactif: true } } });
    const a7 = idDe(await projet(app, a, 'A7_PROJET_DECOMPTE_FINAL_FOURNISSEUR', 700));
    const a22 = idDe(await suivante(app, a.titulaire, 'A22_PROJET_DECOMPTE_GENERAL_FOURNISSEUR_PROCEDURE_TACITE', a7, 700));
    await avancer(10);
    expect((await dossier(a22)).map((p) => p.cadreFacturation)).toContain('A23_DECOMPTE_GENERAL_DEFINITIF_TACITE_FOURNISSEUR');
  });

  it('une règle invalide est refusée (400, rien changé)', async () => {
    const res = await comportement(a.ids.moe, { mode: 'automatique', regles: { travaux: { rectifierPourcentage: 500 } } });
    expect(res.statusCode).toBe(400);
    expectRefus(res, 400);
  });
});
