import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, buildTestApp, cproPost, createSandbox, type TestSandbox } from '../helpers/app.js';
import { traiter } from '../helpers/factures.js';
import { expectRefus } from '../helpers/organisation.js';
import { acteursTravaux, idDe, piece, projet, statutTravaux, suivante, T, type ActeursTravaux } from '../helpers/travaux.js';

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
  sandbox = await createSandbox(app, { seed: 12 });
  a = await acteursTravaux(app, sandbox);
});
afterAll(() => app.close());

const recues = async () =>
  (await cproPost(app, a.payeur, '/cpro/factures/v1/rechercher/recipiendaire', {})).json().listeFactures?.map((f: { idFacture: number }) => f.idFacture) ?? [];

describe('circuit mensuel avec MOE (§9.3)', () => {
  it('A4 → MOE (prise en compte, montants rectifiés, A15) → MOA (A19) → service financier → MISE_EN_PAIEMENT', async () => {
    const depot = await projet(app, a, A4, 10000);
    const a4 = idDe(depot);
    expect(depot.json()).toMatchObject({ codeRetour: 0, typeFactureTravaux: 'PROJET_DECOMPTE_MENSUEL', statutFactureTravaux: 'MISE_A_DISPOSITION_MOE' });
    expect(depot.json().numeroDossierFacturation).toMatch(/^DF\d+$/);

    // The MOE finds it among the pieces waiting for it, takes it into account.
    const atraiter = await cproPost(app, a.moe, `${T}/rechercher/atraiter`, { roleUtilisateur: 'MOE' });
    expect(atraiter.json().listeFacturesTravaux.map((l: { idFactureTravaux: number }) => l.idFactureTravaux)).toContain(a4);
    const pec = await cproPost(app, a.moe, `${T}/prendreEnCompte`, { idFactureTravaux: a4 });
    expect(pec.json(), pec.body).toMatchObject({ codeRetour: 0, statutFactureTravaux: 'PRISE_EN_COMPTE_MOE' });

    // It admits 9 000 € HT instead of 10 000 (§9.3: amounts are corrected in one's own piece).
    const ea = await suivante(app, a.moe, A15, a4, 9000);
    const a15 = idDe(ea);
    expect(ea.json().statutFactureTravaux).toBe('MISE_A_DISPOSITION_MOA');
    expect(ea.json().idDossierFacturation).toBe(depot.json().idDossierFacturation);
    expect(await statutTravaux(app, a.titulaire, a4)).toBe('ASSOCIEE');

    // A second answer to the same A4 is refused, nothing changes.
    expectRefus(await suivante(app, a.moe, A15, a4, 9000), 400, 20206, 'piecePrecedente');

    const consulte = (await cproPost(app, a.moa, `${T}/consulter`, { idFactureTravaux: a15 })).json().factureTravaux;
    expect(consulte.montantsTotaux).toMatchObject({ montantHtTotal: 9000, montantTtcTotal: 10800 });
    expect(consulte.piecePrecedente).toMatchObject({ idFactureTravaux: a4, typeFactureTravaux: 'PROJET_DECOMPTE_MENSUEL', statutFactureTravaux: 'ASSOCIEE' });
    expect(consulte.cadreDeFacturation).toMatchObject({ idMoe: a.ids.moe, idMoa: a.ids.moa });

    expect((await cproPost(app, a.moa, `${T}/prendreEnCompte`, { idFactureTravaux: a15 })).json().statutFactureTravaux).toBe('PRISE_EN_COMPTE_MOA');
    const eav = await suivante(app, a.moa, A19, a15, 9000);
    const a19 = idDe(eav);
    expect(eav.json()).toMatchObject({ typeFactureTravaux: 'ETAT_ACOMPTE_VALIDE', statutFactureTravaux: 'MISE_A_DISPOSITION' });
    expect(await statutTravaux(app, a.moa, a15)).toBe('ASSOCIEE');

    // The service financier sees the A19 only, in its « Factures reçues », and pays it as a simple invoice.
    const ids = await recues();
    expect(ids).toContain(a19);
    expect(ids).not.toContain(a4);
    expect(ids).not.toContain(a15);
    const recue = (await cproPost(app, a.payeur, '/cpro/factures/v1/consulter/recipiendaire', { identifiantFactureCPP: a19 })).json().facture;
    expect(recue.cadreDeFacturation).toMatchObject({ codeCadreFacturation: A19, idMoe: a.ids.moe, idMoa: a.ids.moa });
    expect(recue.piecePrecedente).toMatchObject({ idPiecePrecedente: a15, cadreFacturationPiecePrecedente: A15 });
    expect((await traiter(app, a.payeur, a19, 'SERVICE_FAIT')).json().codeRetour).toBe(0);
    expect((await traiter(app, a.payeur, a19, 'MISE_EN_PAIEMENT')).json().codeRetour).toBe(0);

    // The dossier holds the three pieces, with their histories.
    const dossier = (await cproPost(app, a.titulaire, `${T}/consulter/dossierfacturation`, { idFactureTravaux: a4 })).json();
    expect(dossier.listeFactureTravaux.map((p: { cadreFacturation: string; statutFactureTravaux: string }) => [p.cadreFacturation, p.statutFactureTravaux])).toEqual([
      [A4, 'ASSOCIEE'],
      [A15, 'ASSOCIEE'],
      [A19, 'MISE_EN_PAIEMENT'],
    ]);
    expect(dossier.listeFactureTravaux[0].historiqueDemandePaiement.map((h: { histoStatutCode: string }) => h.histoStatutCode)).toEqual([
      'DEPOSEE', 'MISE_A_DISPOSITION_MOE', 'PRISE_EN_COMPTE_MOE', 'ASSOCIEE',
    ]);
  });

  it('le délai de paiement de l’acompte court depuis la mise à disposition du projet à la MOE (§10.2)', async () => {
    const a4 = idDe(await projet(app, a, A4, 1000));
    await app.inject({ method: 'POST', url: `/_sandbox/sandboxes/${sandbox.id}/clock/advance`, headers: admin, payload: { days: 5 } });
    const a15 = idDe(await suivante(app, a.moe, A15, a4, 1000));
    const a19 = idDe(await suivante(app, a.moa, A19, a15, 1000));
    const vue = await app.inject({ url: `/_sandbox/sandboxes/${sandbox.id}/factures/${a19}`, headers: admin });
    expect(vue.statusCode, vue.body).toBe(200);
    // Deposited 5 days after the projet's mise à disposition to the MOE: the delay started then, not at the A19.
    const { facture, delaiPaiement } = vue.json();
    const cinqJoursAvant = new Date(Date.parse(`${facture.dateDepot}T12:00:00Z`) - 5 * 86_400_000).toISOString().slice(0, 10);
    expect(delaiPaiement.dateDebut).toBe(cinqJoursAvant);
  });
});

describe('circuit mensuel sans MOE (§9.6, structure avec MOA)', () => {
  it('A4 directement à la MOA (A_ASSOCIER_MOA) → A19 → service financier', async () => {
    const depot = await projet(app, a, A4, 2000, { sansMoe: true });
    const a4 = idDe(depot);
    expect(depot.json().statutFactureTravaux).toBe('A_ASSOCIER_MOA');
    // The MOE of another dossier has nothing to do here; the MOA has.
    expectRefus(await suivante(app, a.moe, A15, a4, 2000), 400, 20209);
    const a19 = idDe(await suivante(app, a.moa, A19, a4, 2000));
    expect(await statutTravaux(app, a.titulaire, a4)).toBe('ASSOCIEE');
    expect(await recues()).toContain(a19);
  });
});

describe('fin de marché (§9.4)', () => {
  it('A7 → A17 (MOE) → A20 (MOA) → titulaire signe (A8) → paiement du solde', async () => {
    const a7 = idDe(await projet(app, a, A7, 50000));
    const a17 = idDe(await suivante(app, a.moe, A17, a7, 48000));
    const dg = await suivante(app, a.moa, A20, a17, 48000);
    const a20 = idDe(dg);
    expect(dg.json()).toMatchObject({ typeFactureTravaux: 'DECOMPTE_GENERAL', statutFactureTravaux: 'A_ASSOCIER_FOURNISSEUR' });
    const atraiter = (await cproPost(app, a.titulaire, `${T}/rechercher/atraiter`, { roleUtilisateur: 'FOURNISSEUR' })).json();
    expect(atraiter.listeFacturesTravaux.map((l: { idFactureTravaux: number }) => l.idFactureTravaux)).toContain(a20);
    const dgd = await suivante(app, a.titulaire, A8, a20, 48000);
    const a8 = idDe(dgd);
    expect(dgd.json()).toMatchObject({ typeFactureTravaux: 'DECOMPTE_GENERAL_SIGNE', statutFactureTravaux: 'MISE_A_DISPOSITION' });
    expect((await traiter(app, a.payeur, a8, 'MISE_EN_PAIEMENT')).json().codeRetour).toBe(0);
    for (const id of [a7, a17, a20]) expect(await statutTravaux(app, a.titulaire, id)).toBe('ASSOCIEE');
  });

  it('le titulaire refuse le décompte général : REFUSEE_FOURNISSEUR', async () => {
    const a7 = idDe(await projet(app, a, A7, 30000));
    const a17 = idDe(await suivante(app, a.moe, A17, a7, 30000));
    const a20 = idDe(await suivante(app, a.moa, A20, a17, 25000));
    const res = await cproPost(app, a.titulaire, `${T}/refuser`, { idFactureTravaux: a20, motifRefus: 'AUTRE', commentaire: 'solde contesté' });
    expect(res.json(), res.body).toMatchObject({ codeRetour: 0, statutFactureTravaux: 'REFUSEE_FOURNISSEUR' });
  });

  it('procédure tacite : A22 remplace les pièces en attente, devient DGD tacite (A23) au bout de 10 jours', async () => {
    const a7 = idDe(await projet(app, a, A7, 40000));
    const a17 = idDe(await suivante(app, a.moe, A17, a7, 40000));
    const tacite = await suivante(app, a.titulaire, A22, a7, 40000);
    const a22 = idDe(tacite);
    expect(tacite.json().statutFactureTravaux).toBe('MISE_A_DISPOSITION_MOA');
    expect(await statutTravaux(app, a.titulaire, a17)).toBe('REMPLACEE_PAR_A22');
    expect(await statutTravaux(app, a.titulaire, a7)).toBe('ASSOCIEE');

    await app.inject({ method: 'POST', url: `/_sandbox/sandboxes/${sandbox.id}/clock/advance`, headers: admin, payload: { days: 9 } });
    expect(await statutTravaux(app, a.moa, a22)).toBe('MISE_A_DISPOSITION_MOA');
    await app.inject({ method: 'POST', url: `/_sandbox/sandboxes/${sandbox.id}/clock/advance`, headers: admin, payload: { days: 1 } });
    expect(await statutTravaux(app, a.moa, a22)).toBe('ASSOCIEE');
    const dossier = (await cproPost(app, a.titulaire, `${T}/consulter/dossierfacturation`, { idFactureTravaux: a22 })).json().listeFactureTravaux;
    const a23 = dossier.find((p: { cadreFacturation: string }) => p.cadreFacturation === 'A23_DECOMPTE_GENERAL_DEFINITIF_TACITE_FOURNISSEUR');
    expect(a23).toMatchObject({ typeFactureTravaux: 'DECOMPTE_GENERAL_DEFINITIF_TACITE', statutFactureTravaux: 'MISE_A_DISPOSITION', idPiecePrecedente: a22, montantHT: 40000 });
    expect(await recues()).toContain(a23.idFactureTravaux);
  });

  it('la MOA notifie un DG dans les 10 jours : pas de DGD tacite', async () => {
    const a7 = idDe(await projet(app, a, A7, 20000));
    const a22 = idDe(await suivante(app, a.titulaire, A22, a7, 20000));
    expect(await statutTravaux(app, a.titulaire, a7)).toBe('REMPLACEE_PAR_A22');
    const a20 = idDe(await suivante(app, a.moa, A20, a22, 19000));
    await app.inject({ method: 'POST', url: `/_sandbox/sandboxes/${sandbox.id}/clock/advance`, headers: admin, payload: { days: 11 } });
    const dossier = (await cproPost(app, a.titulaire, `${T}/consulter/dossierfacturation`, { idFactureTravaux: a22 })).json().listeFactureTravaux;
    expect(dossier.map((p: { idFactureTravaux: number; statutFactureTravaux: string }) => [p.idFactureTravaux, p.statutFactureTravaux])).toEqual([
      [a7, 'REMPLACEE_PAR_A22'],
      [a22, 'ASSOCIEE'],
      [a20, 'A_ASSOCIER_FOURNISSEUR'],
    ]);
  });
});

describe('refus et erreurs (§9.3, complements §4.3)', () => {
  it('un refus de la MOE arrête le circuit', async () => {
    const a4 = idDe(await projet(app, a, A4, 3000));
    const res = await cproPost(app, a.moe, `${T}/refuser`, { idFactureTravaux: a4, motifRefus: 'AUTRE', commentaire: 'travaux non réalisés' });
    expect(res.json(), res.body).toMatchObject({ codeRetour: 0, statutFactureTravaux: 'REFUSEE_MOE' });
    expectRefus(await suivante(app, a.moe, A15, a4, 3000), 400, 20206);
    expectRefus(await cproPost(app, a.moe, `${T}/refuser`, { idFactureTravaux: a4, motifRefus: 'AUTRE' }), 400, 20206);
    expectRefus(await cproPost(app, a.moe, `${T}/prendreEnCompte`, { idFactureTravaux: a4 }), 400, 20206);
  });

  it('« Erreur de montant » est refusé avec le rappel de R2192-34, sans rien changer', async () => {
    const a4 = idDe(await projet(app, a, A4, 3000));
    expectRefus(await cproPost(app, a.moe, `${T}/refuser`, { idFactureTravaux: a4, motifRefus: 'ERREUR_MONTANT' }), 400, 20211, 'R2192-34');
    expect(await statutTravaux(app, a.moe, a4)).toBe('MISE_A_DISPOSITION_MOE');
  });

  it('mauvaise MOE, mauvaise MOA : ERREUR_FOURNISSEUR_SUR_MOE, ERREUR_MOE_SUR_MOA, ERREUR_FOURNISSEUR_SUR_MOA, REFUSEE_MOA', async () => {
    const a4 = idDe(await projet(app, a, A4, 3000));
    expect((await cproPost(app, a.moe, `${T}/refuser`, { idFactureTravaux: a4, motifRefus: 'MAUVAISE_MOE' })).json().statutFactureTravaux).toBe('ERREUR_FOURNISSEUR_SUR_MOE');
    const b4 = idDe(await projet(app, a, A4, 3000));
    const b15 = idDe(await suivante(app, a.moe, A15, b4, 3000));
    expect((await cproPost(app, a.moa, `${T}/refuser`, { idFactureTravaux: b15, motifRefus: 'MAUVAISE_MOA' })).json().statutFactureTravaux).toBe('ERREUR_MOE_SUR_MOA');
    const c4 = idDe(await projet(app, a, A4, 3000));
    const c15 = idDe(await suivante(app, a.moe, A15, c4, 3000));
    expect((await cproPost(app, a.moa, `${T}/refuser`, { idFactureTravaux: c15, motifRefus: 'AUTRE' })).json().statutFactureTravaux).toBe('REFUSEE_MOA');
    const d4 = idDe(await projet(app, a, A4, 3000, { sansMoe: true }));
    expect((await cproPost(app, a.moa, `${T}/refuser`, { idFactureTravaux: d4, motifRefus: 'MAUVAISE_MOA' })).json().statutFactureTravaux).toBe('ERREUR_FOURNISSEUR_SUR_MOA');
    // The MOE may not use the MOA's motif.
    const e4 = idDe(await projet(app, a, A4, 3000));
    expectRefus(await cproPost(app, a.moe, `${T}/refuser`, { idFactureTravaux: e4, motifRefus: 'MAUVAISE_MOA' }), 400, 20210, 'motifRefus');
  });
});

describe('mauvaises entrées : 400, rien de changé', () => {
  it('cadre, rôle du déposant, pièce précédente, MOA non paramétrée', async () => {
    const a4 = idDe(await projet(app, a, A4, 1000));
    const avant = (await cproPost(app, a.titulaire, `${T}/rechercher`, {})).json().parametresRetour.total;
    // The titulaire cannot deposit the MOE's état d'acompte.
    expectRefus(await suivante(app, a.titulaire, A15, a4, 1000), 400, 20205);
    // A DGD does not follow a projet de décompte mensuel.
    expectRefus(await suivante(app, a.titulaire, A8, a4, 1000), 400, 20204, 'piecePrecedente');
    // An état d'acompte does not open a dossier.
    const seul = await cproPost(app, a.moe, `${T}/soumettre`, { ...(await suivanteBody(A15)), piecePrecedente: undefined });
    expectRefus(seul, 400, 20216);
    // A simple invoice's cadre is not a works cadre.
    expectRefus(await projet(app, a, 'A1_FACTURE_FOURNISSEUR', 1000), 400, 20215, 'cadreDeFacturation.codeCadreFacturation');
    // The payer is not set up as MOA.
    const body = JSON.parse((await projetBody()).payload);
    expectRefus(await cproPost(app, a.titulaire, `${T}/soumettre`, { ...body, moa: { idStructureMoa: a.ids.payeur } }), 400, 20207, 'moa.idStructureMoa');
    // Missing mandatory field: 400 naming it.
    const sansNumero = await cproPost(app, a.titulaire, `${T}/soumettre`, { ...body, numeroFactureTravaux: undefined });
    expect(sansNumero.statusCode).toBe(400);
    expect(sansNumero.json().libelle).toContain('numeroFactureTravaux');
    expect((await cproPost(app, a.titulaire, `${T}/rechercher`, {})).json().parametresRetour.total).toBe(avant);
  });

  it('recherche vide : 20007 GFT_MSG_01.075', async () => {
    const res = await cproPost(app, a.titulaire, `${T}/rechercher`, { numeroFactureTravaux: 'INEXISTANT' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ codeRetour: 20007, libelle: expect.stringContaining('GFT_MSG_01.075'), listeFacturesTravaux: [] });
  });

  it('une structure étrangère au dossier ne le voit pas', async () => {
    const a4 = idDe(await projet(app, a, A4, 1000));
    expectRefus(await cproPost(app, a.payeur, `${T}/consulter`, { idFactureTravaux: a4 }), 400, 20213);
  });
});

async function suivanteBody(cadre: string) {
  return piece(app, a.moe, cadre, 1000);
}
async function projetBody() {
  const body = await piece(app, a.titulaire, A4, 1000, {
    fournisseur: { idFournisseur: a.ids.titulaire },
    moe: { idStructureMoe: a.ids.moe },
    moa: { idStructureMoa: a.ids.moa },
    destinataire: { codeDestinataire: a.ids.codePayeur, codeServiceExecutant: a.ids.servicePayeur },
  });
  return { payload: JSON.stringify(body) };
}
