import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CIRCUITS } from '../../src/domain/circuits/index.js';
import { admin, buildTestApp, cproHeaders, cproPost, createSandbox, type TestSandbox } from '../helpers/app.js';
import { structure, traiter } from '../helpers/factures.js';
import { expectRefus } from '../helpers/organisation.js';
import { acteursTravaux, idDe, piece, projet, statutTravaux, suivante, T, type ActeursTravaux } from '../helpers/travaux.js';

/**
 * demander/recyclage and recycler (complements §1.2 COM-dem, COM-recy): a piece addressed to the wrong
 * MOE or MOA is sent back by the structure that received it, then recycled by its depositor to the
 * right one, and the circuit goes on to payment.
 */
const A4 = 'A4_PROJET_DECOMPTE_MENSUEL_FOURNISSEUR';
const A15 = 'A15_ETAT_ACOMPTE_MOE';
const A17 = 'A17_PROJET_DECOMPTE_GENERAL_MOE';
const A19 = 'A19_ETAT_ACOMPTE_VALIDE_MOA';
const A7 = 'A7_PROJET_DECOMPTE_FINAL_FOURNISSEUR';
const A20 = 'A20_DECOMPTE_GENERAL_MOA';
const DEMANDER = `${T}/demander/recyclage`;
const RECYCLER = `${T}/recycler`;

let app: FastifyInstance;
let sandbox: TestSandbox;
let a: ActeursTravaux;
/** A public structure of the matelas that is neither MOE nor MOA of the contract: the wrong MOE. */
let mauvaiseMoe: { id: number; headers: Record<string, string> };
/** A valid MOA (« structure avec MOA ») that is not this contract's: the wrong MOA. */
let mauvaiseMoa: { id: number; headers: Record<string, string> };

beforeAll(async () => {
  app = await buildTestApp();
  sandbox = await createSandbox(app, { seed: 31 });
  a = await acteursTravaux(app, sandbox);
  mauvaiseMoe = { id: structure(app, sandbox.id, 'Destinataire 2').id, headers: await cproHeaders(app, sandbox, 'Destinataire 2') };
  mauvaiseMoa = { id: structure(app, sandbox.id, 'Structure avec MOA').id, headers: await cproHeaders(app, sandbox, 'Structure avec MOA') };
});
afterAll(() => app.close());

const avancer = (days: number) => app.inject({ method: 'POST', url: `/_sandbox/sandboxes/${sandbox.id}/clock/advance`, headers: admin, payload: { days } });

/** The titulaire's initial deposit with the given MOE and MOA ids. */
async function deposer(ht: number, moe: number | null, moa: number) {
  const body = await piece(app, a.titulaire, A4, ht, {
    fournisseur: { idFournisseur: a.ids.titulaire },
    ...(moe === null ? {} : { moe: { idStructureMoe: moe } }),
    moa: { idStructureMoa: moa },
    destinataire: { codeDestinataire: a.ids.codePayeur, codeServiceExecutant: a.ids.servicePayeur },
    references: { numeroMarche: 'MARCHE-RECYCLAGE' },
  });
  return idDe(await cproPost(app, a.titulaire, `${T}/soumettre`, body));
}

const consulter = async (h: Record<string, string>, id: number) => (await cproPost(app, h, `${T}/consulter`, { idFactureTravaux: id })).json().factureTravaux;
const historique = async (id: number) =>
  (await cproPost(app, a.titulaire, `${T}/consulter/dossierfacturation`, { idFactureTravaux: id })).json().listeFactureTravaux.find((l: { idFactureTravaux: number }) => l.idFactureTravaux === id)
    .historiqueDemandePaiement as { histoStatutCode: string; histoStatutCommentaire: string | null }[];
const notifications = async (entite: string) => {
  const m = (await app.inject({ url: `/_sandbox/sandboxes/${sandbox.id}/matelas`, headers: admin })).json();
  const login = m.comptes.find((c: { entite: string; type: string }) => c.entite === entite && c.type === 'US').login;
  return JSON.stringify((await app.inject({ url: `/_sandbox/sandboxes/${sandbox.id}/notifications?login=${encodeURIComponent(login)}`, headers: admin })).json());
};

describe('de bout en bout : projet déposé à la mauvaise MOE, recyclé vers la bonne, jusqu’au paiement', () => {
  it('demander/recyclage par la mauvaise MOE → A_RECYCLER → recycler vers la MOE du marché → prise en compte → A15 → A19 → MISE_EN_PAIEMENT', async () => {
    const a4 = await deposer(5000, mauvaiseMoe.id, a.ids.moa);
    expect(await statutTravaux(app, a.titulaire, a4)).toBe('MISE_A_DISPOSITION_MOE');
    const numero = (await consulter(a.titulaire, a4)).numeroFactureTravaux as string;

    // The wrong MOE sees it among its pieces to process and sends it back, saying why.
    const atraiter = await cproPost(app, mauvaiseMoe.headers, `${T}/rechercher/atraiter`, { roleUtilisateur: 'MOE' });
    expect(atraiter.json().listeFacturesTravaux.map((l: { idFactureTravaux: number }) => l.idFactureTravaux)).toContain(a4);
    const dem = await cproPost(app, mauvaiseMoe.headers, DEMANDER, { idFactureTravaux: a4, commentaire: 'Nous ne sommes pas maître d’œuvre de ce marché' });
    expect(dem.statusCode, dem.body).toBe(200);
    expect(dem.json()).toMatchObject({ codeRetour: 0, idFactureTravaux: a4, statutFactureTravaux: 'A_RECYCLER', idPiecePrecedente: null });
    expect(await notifications('Fournisseur')).toContain(numero);

    // Three days later the titulaire names the right MOE (and its service).
    await avancer(3);
    const rec = await cproPost(app, a.titulaire, RECYCLER, { idFactureTravaux: a4, moe: { idStructureMoe: a.ids.moe, idServiceMoe: a.ids.serviceMoe }, commentaire: 'MOE corrigée' });
    expect(rec.statusCode, rec.body).toBe(200);
    expect(rec.json()).toMatchObject({ codeRetour: 0, idFactureTravaux: a4, statutFactureTravaux: 'MISE_A_DISPOSITION_MOE', dateDepotFactureTravaux: expect.any(String) });
    expect((await historique(a4)).map((h) => h.histoStatutCode)).toEqual(['DEPOSEE', 'MISE_A_DISPOSITION_MOE', 'A_RECYCLER', 'MISE_A_DISPOSITION_MOE']);
    expect((await historique(a4))[2].histoStatutCommentaire).toContain('Nous ne sommes pas maître d’œuvre');

    // The dossier now names the right MOE; the wrong one no longer sees the piece; the right one is notified.
    expect((await consulter(a.moe, a4)).cadreDeFacturation).toMatchObject({ idMoe: a.ids.moe, idServiceMoe: a.ids.serviceMoe, idMoa: a.ids.moa });
    expectRefus(await cproPost(app, mauvaiseMoe.headers, `${T}/consulter`, { idFactureTravaux: a4 }), 400, 20213, 'idFactureTravaux');
    expect(await notifications('MOE')).toContain(numero);
    const pourMoe = await cproPost(app, a.moe, `${T}/rechercher/atraiter`, { roleUtilisateur: 'MOE' });
    expect(pourMoe.json().listeFacturesTravaux.map((l: { idFactureTravaux: number }) => l.idFactureTravaux)).toContain(a4);

    // The circuit goes on to payment.
    expect((await cproPost(app, a.moe, `${T}/prendreEnCompte`, { idFactureTravaux: a4 })).json().statutFactureTravaux).toBe('PRISE_EN_COMPTE_MOE');
    const a15 = idDe(await suivante(app, a.moe, A15, a4, 4800));
    const a19 = idDe(await suivante(app, a.moa, A19, a15, 4800));
    expect((await traiter(app, a.payeur, a19, 'SERVICE_FAIT')).json().codeRetour).toBe(0);
    expect((await traiter(app, a.payeur, a19, 'MISE_EN_PAIEMENT')).json().codeRetour).toBe(0);
    expect(await statutTravaux(app, a.titulaire, a19)).toBe('MISE_EN_PAIEMENT');
    const recue = (await cproPost(app, a.payeur, '/cpro/factures/v1/consulter/recipiendaire', { identifiantFactureCPP: a19 })).json().facture;
    expect(recue.cadreDeFacturation).toMatchObject({ idMoe: a.ids.moe, idMoa: a.ids.moa });

    // The delay of the acompte runs from the mise à disposition to the right MOE (§10.2), not the first deposit.
    const vue = (await app.inject({ url: `/_sandbox/sandboxes/${sandbox.id}/factures/${a19}`, headers: admin })).json();
    expect(vue.delaiPaiement.dateDebut).toBe(vue.facture.dateDepot.slice(0, 10));
  });

  it('la MOE recycle son état d’acompte adressé à la mauvaise MOA (demandé par celle-ci)', async () => {
    const a4 = await deposer(3000, a.ids.moe, mauvaiseMoa.id);
    const a15 = idDe(await suivante(app, a.moe, A15, a4, 3000));
    const dem = await cproPost(app, mauvaiseMoa.headers, DEMANDER, { idFactureTravaux: a15, commentaire: 'Pas notre opération' });
    expect(dem.json(), dem.body).toMatchObject({ statutFactureTravaux: 'A_RECYCLER', idPiecePrecedente: a4 });
    // The titulaire did not deposit the A15: only the MOE recycles it, and it cannot change the MOE.
    expectRefus(await cproPost(app, a.titulaire, RECYCLER, { idFactureTravaux: a15, moa: { idStructureMoa: a.ids.moa } }), 400, 20224, 'idFactureTravaux');
    expectRefus(await cproPost(app, a.moe, RECYCLER, { idFactureTravaux: a15, moe: { idStructureMoe: mauvaiseMoe.id } }), 400, 20225, 'moe.idStructureMoe');
    const rec = await cproPost(app, a.moe, RECYCLER, { idFactureTravaux: a15, moa: { idStructureMoa: a.ids.moa } });
    expect(rec.json(), rec.body).toMatchObject({ codeRetour: 0, statutFactureTravaux: 'MISE_A_DISPOSITION_MOA' });
    expect((await cproPost(app, a.moa, `${T}/prendreEnCompte`, { idFactureTravaux: a15 })).json().statutFactureTravaux).toBe('PRISE_EN_COMPTE_MOA');
    expect((await suivante(app, a.moa, A19, a15, 3000)).json().statutFactureTravaux).toBe('MISE_A_DISPOSITION');
  });

  it('« ERREUR MOA » : après un refus MAUVAISE_MOA, le déposant corrige la MOA par recycler ; un refus MAUVAISE_MOE reste définitif', async () => {
    const a7 = await (async () => {
      const body = await piece(app, a.titulaire, A7, 8000, {
        fournisseur: { idFournisseur: a.ids.titulaire },
        moe: { idStructureMoe: a.ids.moe },
        moa: { idStructureMoa: mauvaiseMoa.id },
        destinataire: { codeDestinataire: a.ids.codePayeur, codeServiceExecutant: a.ids.servicePayeur },
      });
      return idDe(await cproPost(app, a.titulaire, `${T}/soumettre`, body));
    })();
    const a17 = idDe(await suivante(app, a.moe, A17, a7, 8000));
    expect((await cproPost(app, mauvaiseMoa.headers, `${T}/refuser`, { idFactureTravaux: a17, motifRefus: 'MAUVAISE_MOA' })).json().statutFactureTravaux).toBe('ERREUR_MOE_SUR_MOA');
    const rec = await cproPost(app, a.moe, RECYCLER, { idFactureTravaux: a17, moa: { idStructureMoa: a.ids.moa } });
    expect(rec.json(), rec.body).toMatchObject({ codeRetour: 0, statutFactureTravaux: 'MISE_A_DISPOSITION_MOA' });
    expect((await suivante(app, a.moa, A20, a17, 8000)).json().statutFactureTravaux).toBe('A_ASSOCIER_FOURNISSEUR');

    const b4 = await deposer(1000, mauvaiseMoe.id, a.ids.moa);
    expect((await cproPost(app, mauvaiseMoe.headers, `${T}/refuser`, { idFactureTravaux: b4, motifRefus: 'MAUVAISE_MOE' })).json().statutFactureTravaux).toBe('ERREUR_FOURNISSEUR_SUR_MOE');
    expectRefus(await cproPost(app, a.titulaire, RECYCLER, { idFactureTravaux: b4, moe: { idStructureMoe: a.ids.moe } }), 400, 20221, 'ERREUR_FOURNISSEUR_SUR_MOE');
    expect(await statutTravaux(app, a.titulaire, b4)).toBe('ERREUR_FOURNISSEUR_SUR_MOE');
  });
});

describe('mauvaises entrées : 400 avec l’enveloppe, rien ne change', () => {
  it('demander/recyclage : commentaire, acteur, pièce déjà traitée, deuxième réponse', async () => {
    const a4 = await deposer(700, mauvaiseMoe.id, a.ids.moa);
    expectRefus(await cproPost(app, mauvaiseMoe.headers, DEMANDER, { idFactureTravaux: a4 }), 400, 20220, 'commentaire');
    expectRefus(await cproPost(app, mauvaiseMoe.headers, DEMANDER, { idFactureTravaux: a4, commentaire: '   ' }), 400, 20220, 'commentaire');
    // The titulaire and the MOA are not the actor the piece waits for.
    expectRefus(await cproPost(app, a.titulaire, DEMANDER, { idFactureTravaux: a4, commentaire: 'x' }), 400, 20205, 'idFactureTravaux');
    expectRefus(await cproPost(app, a.moa, DEMANDER, { idFactureTravaux: a4, commentaire: 'x' }), 400, 20205, 'idFactureTravaux');
    expectRefus(await cproPost(app, mauvaiseMoe.headers, DEMANDER, { idFactureTravaux: 'x', commentaire: 'x' }), 400, undefined, 'idFactureTravaux');
    expectRefus(await cproPost(app, a.titulaire, DEMANDER, { idFactureTravaux: 99_999_999, commentaire: 'x' }), 400, 20203, 'idFactureTravaux');
    expect(await statutTravaux(app, a.titulaire, a4)).toBe('MISE_A_DISPOSITION_MOE');
    expect((await cproPost(app, mauvaiseMoe.headers, DEMANDER, { idFactureTravaux: a4, commentaire: 'Mauvaise MOE' })).json().statutFactureTravaux).toBe('A_RECYCLER');
    // A second answer to the same piece.
    expectRefus(await cproPost(app, mauvaiseMoe.headers, DEMANDER, { idFactureTravaux: a4, commentaire: 'encore' }), 400, 20206, 'idFactureTravaux');
    expectRefus(await cproPost(app, a.titulaire, `${T}/refuser`, { idFactureTravaux: a4, motifRefus: 'AUTRE' }), 400, 20206, 'idFactureTravaux');
    expect((await historique(a4)).map((h) => h.histoStatutCode)).toEqual(['DEPOSEE', 'MISE_A_DISPOSITION_MOE', 'A_RECYCLER']);

    // The titulaire does not ask to recycle the DG it has to sign: it signs or refuses it.
    const b7 = idDe(await projet(app, a, A7, 900));
    const b17 = idDe(await suivante(app, a.moe, A17, b7, 900));
    const b20 = idDe(await suivante(app, a.moa, A20, b17, 900));
    expectRefus(await cproPost(app, a.titulaire, DEMANDER, { idFactureTravaux: b20, commentaire: 'x' }), 400, 20206, 'idFactureTravaux');
    expect(await statutTravaux(app, a.titulaire, b20)).toBe('A_ASSOCIER_FOURNISSEUR');
  });

  it('recycler : statut, déposant, destinataire absent, inconnu, pas MOE/MOA, inchangé, service d’une autre structure', async () => {
    const a4 = await deposer(800, mauvaiseMoe.id, a.ids.moa);
    // Not sent back yet: nothing to recycle.
    expectRefus(await cproPost(app, a.titulaire, RECYCLER, { idFactureTravaux: a4, moe: { idStructureMoe: a.ids.moe } }), 400, 20221, 'idFactureTravaux');
    await cproPost(app, mauvaiseMoe.headers, DEMANDER, { idFactureTravaux: a4, commentaire: 'Mauvaise MOE' });

    const essais: [Record<string, string>, Record<string, unknown>, number | undefined, string][] = [
      [a.titulaire, {}, 20222, 'moe.idStructureMoe'],
      [a.moa, { moe: { idStructureMoe: a.ids.moe } }, 20224, 'idFactureTravaux'],
      [a.titulaire, { moe: { idStructureMoe: 99_999_999 } }, 20208, 'moe.idStructureMoe'],
      [a.titulaire, { moe: { idStructureMoe: a.ids.titulaire } }, 20208, 'moe.idStructureMoe'],
      [a.titulaire, { moe: { idStructureMoe: a.ids.moa } }, 20208, 'moe.idStructureMoe'],
      [a.titulaire, { moa: { idStructureMoa: a.ids.payeur } }, 20207, 'moa.idStructureMoa'],
      [a.titulaire, { moa: { idStructureMoa: 99_999_999 } }, 20207, 'moa.idStructureMoa'],
      [a.titulaire, { moe: { idStructureMoe: mauvaiseMoe.id } }, 20223, 'moe.idStructureMoe'],
      [a.titulaire, { moe: { idStructureMoe: a.ids.moe, idServiceMoe: a.ids.serviceMoa } }, undefined, 'moe.idServiceMoe'],
      [a.titulaire, { moe: { idStructureMoe: 'abc' } }, undefined, 'moe.idStructureMoe'],
    ];
    for (const [h, corps, code, champ] of essais) {
      const res = await cproPost(app, h, RECYCLER, { idFactureTravaux: a4, ...corps });
      expectRefus(res, 400, code, champ);
    }
    // Nothing changed: still A_RECYCLER, still the wrong MOE in the dossier.
    expect(await statutTravaux(app, a.titulaire, a4)).toBe('A_RECYCLER');
    expect((await consulter(a.titulaire, a4)).cadreDeFacturation).toMatchObject({ idMoe: mauvaiseMoe.id, idMoa: a.ids.moa });

    expect((await cproPost(app, a.titulaire, RECYCLER, { idFactureTravaux: a4, moe: { idStructureMoe: a.ids.moe } })).json().statutFactureTravaux).toBe('MISE_A_DISPOSITION_MOE');
    // A second recycling of the same piece.
    expectRefus(await cproPost(app, a.titulaire, RECYCLER, { idFactureTravaux: a4, moe: { idStructureMoe: a.ids.moe } }), 400, 20221, 'idFactureTravaux');
  });

  it('isolation : un autre bac à sable ne recycle pas la pièce', async () => {
    const a4 = await deposer(600, mauvaiseMoe.id, a.ids.moa);
    await cproPost(app, mauvaiseMoe.headers, DEMANDER, { idFactureTravaux: a4, commentaire: 'Mauvaise MOE' });
    const autre = await createSandbox(app, { seed: 32 });
    const b = await acteursTravaux(app, autre);
    const res = await cproPost(app, b.titulaire, RECYCLER, { idFactureTravaux: a4, moe: { idStructureMoe: b.ids.moe } });
    expect(res.statusCode, res.body).toBe(400);
    expect(Object.keys(res.json()).sort()).toEqual(['codeRetour', 'libelle']);
    const dem = await cproPost(app, b.moe, DEMANDER, { idFactureTravaux: a4, commentaire: 'x' });
    expect(dem.statusCode, dem.body).toBe(400);
    expect(await statutTravaux(app, a.titulaire, a4)).toBe('A_RECYCLER');
    expect((await consulter(a.titulaire, a4)).cadreDeFacturation.idMoe).toBe(mauvaiseMoe.id);
  });
});

describe('factures/v1/rechercher/demandePaiement pour la MOE et la MOA', () => {
  it('la MOE et la MOA trouvent les pièces des dossiers où leur structure est MOE ou MOA, avec les filtres', async () => {
    const a4 = await deposer(1200, a.ids.moe, a.ids.moa);
    const a15 = idDe(await suivante(app, a.moe, A15, a4, 1200));
    const dossier = (await consulter(a.titulaire, a4)).references.numeroDossierFacturation as string;
    const chercher = async (h: Record<string, string>, corps: Record<string, unknown>) =>
      ((await cproPost(app, h, '/cpro/factures/v1/rechercher/demandePaiement', corps)).json().listeDemandePaiement ?? []) as {
        idDemandePaiement: number;
        idStructureMoe: number | null;
        idStructureMoa: number | null;
        numeroDossierFacturation: string | null;
        idPiecePrecedente?: number | null;
      }[];

    for (const [h, role] of [[a.moe, 'MOE'], [a.moa, 'MOA'], [a.moe, undefined]] as const) {
      const lignes = await chercher(h, { typeDemandePaiement: 'FACTURE_TRAVAUX', numeroDossierFacturation: dossier, ...(role ? { roleUtilisateur: role } : {}) });
      expect(lignes.map((l) => l.idDemandePaiement).sort(), `${role}`).toEqual([a4, a15].sort());
      expect(lignes[0]).toMatchObject({ idStructureMoe: a.ids.moe, idStructureMoa: a.ids.moa, numeroDossierFacturation: dossier });
    }
    expect((await chercher(a.moa, { roleUtilisateur: 'MOA', structureMoe: { idStructureMoe: a.ids.moe }, structureMoa: { idStructureMoa: a.ids.moa }, numeroDossierFacturation: dossier })).length).toBe(2);
    expect(await chercher(a.moa, { roleUtilisateur: 'MOA', structureMoa: { idStructureMoa: mauvaiseMoa.id }, numeroDossierFacturation: dossier })).toEqual([]);
    // Neither MOE nor MOA of that dossier: nothing.
    expect(await chercher(mauvaiseMoe.headers, { numeroDossierFacturation: dossier })).toEqual([]);
    expect(await chercher(mauvaiseMoe.headers, { roleUtilisateur: 'MOE', numeroDossierFacturation: dossier })).toEqual([]);
    // The MOE role does not give the MOA's dossiers.
    expect(await chercher(a.moa, { roleUtilisateur: 'MOE', numeroDossierFacturation: dossier })).toEqual([]);
  });
});

describe('acteur simulé', () => {
  it('une MOE jouée par le bac à sable reprend la pièce recyclée vers elle et la fait suivre', async () => {
    const comportement = (id: number, payload: unknown) =>
      app.inject({ method: 'PUT', url: `/_sandbox/sandboxes/${sandbox.id}/structures/${id}/behaviour`, headers: admin, payload: payload as object });
    const a4 = await deposer(2000, mauvaiseMoe.id, a.ids.moa);
    await cproPost(app, mauvaiseMoe.headers, DEMANDER, { idFactureTravaux: a4, commentaire: 'Mauvaise MOE' });
    expect((await comportement(a.ids.moe, { mode: 'automatique', regles: { travaux: { transmettreApresJours: 7, prendreEnCompteApresJours: 7 } } })).statusCode).toBe(200);
    try {
      expect((await cproPost(app, a.titulaire, RECYCLER, { idFactureTravaux: a4, moe: { idStructureMoe: a.ids.moe } })).json().statutFactureTravaux).toBe('MISE_A_DISPOSITION_MOE');
      await avancer(8);
      expect(await statutTravaux(app, a.titulaire, a4)).toBe('ASSOCIEE');
      const dossier = (await cproPost(app, a.titulaire, `${T}/consulter/dossierfacturation`, { idFactureTravaux: a4 })).json().listeFactureTravaux;
      expect(dossier.map((p: { cadreFacturation: string }) => p.cadreFacturation)).toEqual([A4, A15]);
    } finally {
      await comportement(a.ids.moe, { mode: 'manuel' });
    }
  });
});

describe('référentiels', () => {
  it('recuperer/etat/typedp FACTURE_TRAVAUX connaît tous les statuts des tables des travaux, A_RECYCLER compris', async () => {
    const res = await cproPost(app, a.titulaire, '/cpro/transverses/v1/recuperer/etat/typedp', { typeDemandePaiement: 'FACTURE_TRAVAUX' });
    expect(res.statusCode, res.body).toBe(200);
    const etats = new Set(res.json().listeEtatDemandePaiement.map((e: { etatDemandePaiement: string }) => e.etatDemandePaiement));
    const statuts = new Set([CIRCUITS.TRAVAUX, CIRCUITS.TRAVAUX_PAIEMENT].flatMap((c) => c.transitions.flatMap((t) => [t.de, t.vers])));
    expect([...statuts].filter((s) => !etats.has(s))).toEqual([]);
    expect(etats.has('A_RECYCLER')).toBe(true);
  });
});
