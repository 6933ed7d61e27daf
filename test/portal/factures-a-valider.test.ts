import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, buildTestApp, cproHeaders, createSandbox, type TestSandbox } from '../helpers/app.js';
import { compteOf, matelasOf } from '../helpers/organisation.js';
import { Navigateur, portailDe, seConnecter } from '../helpers/portail.js';
import { deposerAValider } from '../factures/validation/helpers.js';

let app: FastifyInstance;
let bac: TestSandbox;
let sousTraitant: Record<string, string>;

beforeAll(async () => {
  app = await buildTestApp();
  bac = await createSandbox(app, { nom: 'portail-factures-a-valider' });
  sousTraitant = await cproHeaders(app, bac, 'Sous-traitant');
});
afterAll(async () => app.close());

async function connecte(sandbox: TestSandbox, entite: string) {
  const compte = compteOf(await matelasOf(app, sandbox), entite, 'GP');
  const nav = new Navigateur(app, portailDe(sandbox));
  await seConnecter(app, nav, sandbox.id, compte.login, compte.motDePasse);
  return nav;
}

async function facture(sandbox: TestSandbox, id: number) {
  return (await app.inject({ url: `/_sandbox/sandboxes/${sandbox.id}/factures/${id}`, headers: admin })).json().facture as { statut: string; numeroFacture: string };
}

describe('portail : Factures à valider', () => {
  it('le titulaire trouve la facture de son sous-traitant, un refus sans motif est refusé à côté du champ, puis il la valide et elle arrive au destinataire', async () => {
    const id = await deposerAValider(app, bac, sousTraitant, 'Sous-traitant', 'Titulaire');
    const { numeroFacture } = await facture(bac, id);
    // Before validation, the recipient does not know of it.
    const destinataire = await connecte(bac, 'Destinataire sans paramètre');
    expect((await destinataire.get('/factures-recues')).body).not.toContain(`/factures-recues/${id}"`);

    const titulaire = await connecte(bac, 'Titulaire');
    const liste = await titulaire.get('/factures-a-valider');
    expect(liste.statusCode).toBe(200);
    expect(liste.body).toContain('aria-current="page">Factures à valider');
    const enAttente = liste.body.slice(liste.body.indexOf('id="a-valider"'), liste.body.indexOf('id="rechercher"'));
    expect(enAttente).toContain(numeroFacture);

    const fiche = await titulaire.get(`/factures-a-valider/${id}`);
    expect(fiche.statusCode).toBe(200);
    expect(fiche.body).toMatch(/1\s200,00\s€/);
    expect(fiche.body).toContain('Mauvais valideur');

    const refus = await titulaire.post(`/factures-a-valider/${id}/decider`, { decision: 'REFUS', codeMotif: '', complementInfo: 'À revoir' });
    expect(refus.statusCode).toBe(400);
    expect(refus.body).toContain('id="champ-codeMotif-erreur"');
    expect(refus.body).toContain('Le motif de refus doit être un motif');
    expect(refus.body).toContain('À revoir');
    expect((await facture(bac, id)).statut).toBe('A_VALIDER_1');

    const ok = await titulaire.post(`/factures-a-valider/${id}/decider`, { decision: 'VALIDATION', complementInfo: 'Vous êtes titulaire : conforme' });
    expect(ok.statusCode, ok.body).toBe(303);
    const apres = await titulaire.suivre(ok);
    expect(apres.body).toContain('est validée');
    expect(apres.body).toContain('id="decision-impossible"');
    expect((await facture(bac, id)).statut).toBe('MISE_A_DISPOSITION');

    const recues = await destinataire.get('/factures-recues');
    expect(recues.body).toContain(`/factures-recues/${id}"`);
  });

  it('un refus avec « Mauvais valideur » renvoie la facture à son fournisseur', async () => {
    const id = await deposerAValider(app, bac, sousTraitant, 'Sous-traitant', 'Titulaire');
    const titulaire = await connecte(bac, 'Titulaire');
    await titulaire.get(`/factures-a-valider/${id}`);
    const res = await titulaire.post(`/factures-a-valider/${id}/decider`, { decision: 'REFUS', codeMotif: 'ERR_VALIDEUR' });
    expect(res.statusCode).toBe(303);
    expect((await facture(bac, id)).statut).toBe('ERREUR_FOURNISSEUR_SUR_VALIDEUR');
  });

  it('une autre structure ne peut ni ouvrir ni valider la facture par son numéro ; une décision sans choix est refusée', async () => {
    const id = await deposerAValider(app, bac, sousTraitant, 'Sous-traitant', 'Titulaire');
    const { numeroFacture } = await facture(bac, id);
    const autre = await connecte(bac, 'Cotraitant');
    const fiche = await autre.get(`/factures-a-valider/${id}`);
    expect(fiche.statusCode).toBeGreaterThanOrEqual(400);
    expect(fiche.statusCode).toBeLessThan(500);
    expect(fiche.body).not.toContain(numeroFacture);
    await autre.get('/factures-a-valider');
    const decision = await autre.post(`/factures-a-valider/${id}/decider`, { decision: 'VALIDATION' });
    expect(decision.statusCode).toBeGreaterThanOrEqual(400);
    expect(decision.statusCode).toBeLessThan(500);
    expect((await facture(bac, id)).statut).toBe('A_VALIDER_1');

    const titulaire = await connecte(bac, 'Titulaire');
    await titulaire.get(`/factures-a-valider/${id}`);
    const vide = await titulaire.post(`/factures-a-valider/${id}/decider`, {});
    expect(vide.statusCode).toBe(400);
    expect(vide.body).toContain('id="champ-decision-erreur"');
    expect((await titulaire.get('/factures-a-valider/0')).statusCode).toBe(404);
  });

  it('isolation : le titulaire d’un autre bac à sable ne voit pas la facture', async () => {
    const id = await deposerAValider(app, bac, sousTraitant, 'Sous-traitant', 'Titulaire');
    const { numeroFacture } = await facture(bac, id);
    const bac2 = await createSandbox(app, { nom: 'portail-a-valider-isolation' });
    const titulaire2 = await connecte(bac2, 'Titulaire');
    expect((await titulaire2.get('/factures-a-valider')).body).not.toContain(numeroFacture);
    const fiche = await titulaire2.get(`/factures-a-valider/${id}`);
    expect(fiche.statusCode).toBeLessThan(500);
    expect(fiche.body).not.toContain(numeroFacture);
  });
});
