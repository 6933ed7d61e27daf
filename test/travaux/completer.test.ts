import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, cproPost, createSandbox, type TestSandbox } from '../helpers/app.js';
import { expectRefus } from '../helpers/organisation.js';
import { acteursTravaux, idDe, projet, statutTravaux, suivante, T, type ActeursTravaux } from '../helpers/travaux.js';

const A4 = 'A4_PROJET_DECOMPTE_MENSUEL_FOURNISSEUR';
const A15 = 'A15_ETAT_ACOMPTE_MOE';
const SUSPENDRE = `${T}/suspendre/demander/completer/factureTravaux`;

let app: FastifyInstance;
let sandbox: TestSandbox;
let a: ActeursTravaux;

beforeAll(async () => {
  app = await buildTestApp();
  sandbox = await createSandbox(app, { seed: 21 });
  a = await acteursTravaux(app, sandbox);
});
afterAll(() => app.close());

const historique = async (id: number) =>
  (await cproPost(app, a.titulaire, `${T}/consulter/dossierfacturation`, { idFactureTravaux: id })).json().listeFactureTravaux.find((l: { idFactureTravaux: number }) => l.idFactureTravaux === id)
    .historiqueDemandePaiement.map((h: { histoStatutCode: string }) => h.histoStatutCode);

describe('demande de complément (suspendre/demander/completer/factureTravaux) et completer', () => {
  it('la MOE demande un complément du projet ; le titulaire le complète ; il revient à la MOE', async () => {
    const a4 = idDe(await projet(app, a, A4, 4000));
    // The commentaire is required; nothing changes without it.
    expectRefus(await cproPost(app, a.moe, SUSPENDRE, { idFactureTravaux: a4 }), 400, 20217, 'commentaire');
    // Only the actor the piece waits for asks.
    expectRefus(await cproPost(app, a.titulaire, SUSPENDRE, { idFactureTravaux: a4, commentaire: 'PV de réception' }), 400, 20205, 'idFactureTravaux');
    expect(await statutTravaux(app, a.titulaire, a4)).toBe('MISE_A_DISPOSITION_MOE');
    // Nothing to complete yet.
    expectRefus(await cproPost(app, a.titulaire, `${T}/completer`, { idFactureTravaux: a4 }), 400, 20218, 'idFactureTravaux');

    const dem = await cproPost(app, a.moe, SUSPENDRE, { idFactureTravaux: a4, commentaire: 'Joindre le métré' });
    expect(dem.json(), dem.body).toMatchObject({ codeRetour: 0, idFactureTravaux: a4, statutFactureTravaux: 'A_COMPLETER' });
    // A second request, a refusal or a following piece no longer apply to it.
    expectRefus(await cproPost(app, a.moe, SUSPENDRE, { idFactureTravaux: a4, commentaire: 'encore' }), 400, 20206);
    expectRefus(await suivante(app, a.moe, A15, a4, 4000), 400, 20206, 'piecePrecedente');
    // The MOE cannot complete the titulaire's piece.
    expectRefus(await cproPost(app, a.moe, `${T}/completermoe`, { idFactureTravaux: a4 }), 400, 20219, 'idFactureTravaux');
    expect(await statutTravaux(app, a.titulaire, a4)).toBe('A_COMPLETER');

    const c = await cproPost(app, a.titulaire, `${T}/completer`, { idFactureTravaux: a4, commentaire: 'Métré joint' });
    expect(c.json(), c.body).toMatchObject({ codeRetour: 0, statutFactureTravaux: 'MISE_A_DISPOSITION_MOE' });
    expect(await historique(a4)).toEqual(expect.arrayContaining(['A_COMPLETER', 'MISE_A_DISPOSITION_MOE']));
    // The circuit goes on: the MOE answers with its état d'acompte.
    expect((await suivante(app, a.moe, A15, a4, 4000)).json().statutFactureTravaux).toBe('MISE_A_DISPOSITION_MOA');
    expect(await statutTravaux(app, a.titulaire, a4)).toBe('ASSOCIEE');
  });

  it('sans MOE : la MOA demande un complément, le titulaire complète, la pièce revient A_ASSOCIER_MOA', async () => {
    const a4 = idDe(await projet(app, a, A4, 2500, { sansMoe: true }));
    expect(await statutTravaux(app, a.titulaire, a4)).toBe('A_ASSOCIER_MOA');
    expect((await cproPost(app, a.moa, SUSPENDRE, { idFactureTravaux: a4, commentaire: 'Attestation manquante' })).json().statutFactureTravaux).toBe('A_COMPLETER');
    expect((await cproPost(app, a.titulaire, `${T}/completer`, { idFactureTravaux: a4 })).json().statutFactureTravaux).toBe('A_ASSOCIER_MOA');
  });

  it('completermoe : la MOA demande un complément de l’état d’acompte ; la MOE le complète, il revient à la MOA', async () => {
    const a4 = idDe(await projet(app, a, A4, 6000));
    const a15 = idDe(await suivante(app, a.moe, A15, a4, 6000));
    expect((await cproPost(app, a.moa, `${T}/prendreEnCompte`, { idFactureTravaux: a15 })).json().statutFactureTravaux).toBe('PRISE_EN_COMPTE_MOA');
    expect((await cproPost(app, a.moa, SUSPENDRE, { idFactureTravaux: a15, commentaire: 'Préciser les révisions de prix' })).json().statutFactureTravaux).toBe('A_COMPLETER');
    // The titulaire cannot complete the MOE's piece; the MOE uses completermoe.
    expectRefus(await cproPost(app, a.titulaire, `${T}/completer`, { idFactureTravaux: a15 }), 400, 20219, 'idFactureTravaux');
    expectRefus(await cproPost(app, a.moe, `${T}/completermoe`, { idFactureTravaux: 'x' }), 400, undefined, 'idFactureTravaux');
    const c = await cproPost(app, a.moe, `${T}/completermoe`, { idFactureTravaux: a15 });
    expect(c.json(), c.body).toMatchObject({ codeRetour: 0, statutFactureTravaux: 'MISE_A_DISPOSITION_MOA' });
    expect(await statutTravaux(app, a.titulaire, a15)).toBe('MISE_A_DISPOSITION_MOA');
  });
});
