import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { admin, buildTestApp, createSandbox, type TestSandbox } from '../helpers/app.js';
import { compteOf, matelasOf, structureOf } from '../helpers/organisation.js';
import { courriels, Navigateur, portailDe, seConnecter } from '../helpers/portail.js';

let app: FastifyInstance;
let bac: TestSandbox;

beforeAll(async () => {
  app = await buildTestApp();
  bac = await createSandbox(app, { nom: 'portail-compte' });
});
afterAll(async () => app.close());

const MDP = 'Chantier-2026!';

async function lienActivation(sandboxId: string, email: string): Promise<string> {
  const res = await app.inject({ url: `/_sandbox/sandboxes/${sandboxId}/outbox?login=${encodeURIComponent(email)}&nature=ACTIVATION_COMPTE`, headers: admin });
  expect(res.statusCode, res.body).toBe(200);
  const mail = res.json().courriels[0];
  const lien = /\/portail\/[^\s]+\/activer\?jeton=[\w-]+/.exec(mail?.corps ?? '')?.[0];
  if (!lien) throw new Error(`no activation link for ${email}`);
  return lien;
}

async function avancer(sandboxId: string, minutes: number) {
  const res = await app.inject({ method: 'POST', url: `/_sandbox/sandboxes/${sandboxId}/clock/advance`, headers: admin, payload: { minutes } });
  expect(res.statusCode).toBe(200);
}

describe('portail : créer un compte et l’activer', () => {
  it('crée le compte, annonce le courriel d’activation, active avec un mot de passe conforme, puis se connecte', async () => {
    const nav = new Navigateur(app, portailDe(bac));
    const page = await nav.get('/creer-compte');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Créer un compte');
    const res = await nav.post('/creer-compte', { email: 'Julie.Bernard@artisan.fr', nom: 'Bernard', prenom: 'Julie', telephone: '06 12 34 56 78', siret: '' });
    expect(res.statusCode).toBe(303);
    const envoye = await nav.suivre(res);
    expect(envoye.body).toContain('Courriel d’activation envoyé');
    expect(envoye.body).toContain('julie.bernard@artisan.fr');
    // The sandbox's mailbox, linked from the page, shows the activation link.
    const boite = await nav.get('/courriels?adresse=julie.bernard%40artisan.fr');
    expect(boite.body).toContain(`href="${portailDe(bac)}/activer?jeton=`);
    expect(envoye.body).toContain('/courriels?adresse=julie.bernard%40artisan.fr');

    const lien = await lienActivation(bac.id, 'julie.bernard@artisan.fr');
    const activer = await app.inject({ url: lien, headers: { cookie: '' } });
    expect(activer.statusCode).toBe(200);
    const nav2 = new Navigateur(app, portailDe(bac));
    const pageActiver = await nav2.get(lien.slice(portailDe(bac).length));
    expect(pageActiver.body).toContain('Règles du mot de passe');
    expect(pageActiver.body).toContain('au moins un chiffre');
    const jeton = new URL(`http://x${lien}`).searchParams.get('jeton')!;

    const faible = await nav2.post('/activer', { jeton, motDePasse: 'court', confirmation: 'court' });
    expect(faible.statusCode).toBe(400);
    expect(faible.body).toMatch(/id="champ-motDePasse-erreur"[^>]*>[^<]*règles de complexité/);
    const differente = await nav2.post('/activer', { jeton, motDePasse: MDP, confirmation: 'Autre-2026!' });
    expect(differente.statusCode).toBe(400);
    expect(differente.body).toContain('id="champ-confirmation-erreur"');

    const ok = await nav2.post('/activer', { jeton, motDePasse: MDP, confirmation: MDP });
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toBe(`${portailDe(bac)}/connexion`);
    expect((await nav2.suivre(ok)).body).toContain('est activé');

    const accueil = await seConnecter(app, new Navigateur(app, portailDe(bac)), bac.id, 'julie.bernard@artisan.fr', MDP);
    expect(accueil.body).toContain('Bonjour Julie Bernard');
    // The link has served: it no longer works.
    expect((await nav2.get(lien.slice(portailDe(bac).length))).body).toContain('Ce lien d’activation ne fonctionne pas');
  });

  it('refuse les saisies incorrectes à côté du champ et garde ce qui a été tapé', async () => {
    const nav = new Navigateur(app, portailDe(bac));
    await nav.get('/creer-compte');
    const res = await nav.post('/creer-compte', { email: 'pas-une-adresse', nom: 'Durand', prenom: 'Paul', siret: '' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('id="champ-email-erreur"');
    expect(res.body).toContain('value="pas-une-adresse"');
    expect(res.body).toContain('value="Durand"');
    const siret = await nav.post('/creer-compte', { email: 'paul.durand@exemple.fr', nom: 'Durand', prenom: 'Paul', siret: '12345678901234' });
    expect(siret.statusCode).toBe(400);
    expect(siret.body).toContain('id="champ-siret-erreur"');
    expect(siret.body).toContain('value="12345678901234"');
    const vide = await nav.post('/creer-compte', { email: 'paul.durand@exemple.fr', nom: '', prenom: 'Paul' });
    expect(vide.statusCode).toBe(400);
    expect(vide.body).toContain('id="champ-nom-erreur"');
  });

  it('refuse une adresse déjà utilisée (un compte du matelas)', async () => {
    const gp = compteOf(await matelasOf(app, bac), 'Fournisseur', 'GP');
    const nav = new Navigateur(app, portailDe(bac));
    await nav.get('/creer-compte');
    const res = await nav.post('/creer-compte', { email: gp.login, nom: 'X', prenom: 'Y' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Un compte existe déjà');
  });

  it('un lien expiré après 60 minutes est refusé et propose d’en renvoyer un, qui fonctionne', async () => {
    const autre = await createSandbox(app, { nom: 'portail-compte-expire' });
    const nav = new Navigateur(app, portailDe(autre));
    await nav.get('/creer-compte');
    await nav.post('/creer-compte', { email: 'lea.petit@exemple.fr', nom: 'Petit', prenom: 'Léa' });
    const lien = await lienActivation(autre.id, 'lea.petit@exemple.fr');
    await avancer(autre.id, 61);
    const expire = await nav.get(lien.slice(portailDe(autre).length));
    expect(expire.statusCode).toBe(400);
    expect(expire.body).toContain('a expiré');
    expect(expire.body).toContain('Renvoyer le lien d’activation');
    const renvoi = await nav.post('/activer/renvoyer', { email: 'lea.petit@exemple.fr' });
    expect(renvoi.statusCode).toBe(303);
    const nouveau = await lienActivation(autre.id, 'lea.petit@exemple.fr');
    expect(nouveau).not.toBe(lien);
    const page = await nav.get(nouveau.slice(portailDe(autre).length));
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Choisissez votre mot de passe');
    const inconnu = await nav.post('/activer/renvoyer', { email: 'personne@exemple.fr' });
    expect(inconnu.statusCode).toBe(400);
    expect(inconnu.body).toContain('id="champ-email-erreur"');
  });

  it('avec le SIRET d’une structure existante, l’activation envoie une demande de rattachement', async () => {
    const matelas = await matelasOf(app, bac);
    const fournisseur = structureOf(matelas, 'Fournisseur');
    const nav = new Navigateur(app, portailDe(bac));
    await nav.get('/creer-compte');
    await nav.post('/creer-compte', { email: 'marc.roux@exemple.fr', nom: 'Roux', prenom: 'Marc', siret: fournisseur.identifiant });
    const lien = await lienActivation(bac.id, 'marc.roux@exemple.fr');
    const jeton = new URL(`http://x${lien}`).searchParams.get('jeton')!;
    await nav.get(lien.slice(portailDe(bac).length));
    expect((await nav.post('/activer', { jeton, motDePasse: MDP, confirmation: MDP })).statusCode).toBe(303);
    const moi = new Navigateur(app, portailDe(bac));
    await seConnecter(app, moi, bac.id, 'marc.roux@exemple.fr', MDP);
    const compte = await moi.get('/mon-compte');
    expect(compte.body).toContain('En attente de validation');
  });

  it('un formulaire sans jeton CSRF est refusé et ne crée rien ; le compte créé dans un bac à sable n’existe pas dans un autre', async () => {
    const nav = new Navigateur(app, portailDe(bac));
    await nav.get('/creer-compte');
    const res = await nav.post('/creer-compte', { _csrf: 'forge', email: 'csrf@exemple.fr', nom: 'A', prenom: 'B' });
    expect(res.statusCode).toBe(403);
    expect(await courriels(app, bac.id)).not.toContainEqual(expect.objectContaining({ a: 'csrf@exemple.fr' }));

    const autre = await createSandbox(app, { nom: 'portail-compte-isole', seed: bac.seed });
    const navAutre = new Navigateur(app, portailDe(autre));
    await navAutre.get('/activer/renvoyer');
    const renvoi = await navAutre.post('/activer/renvoyer', { email: 'julie.bernard@artisan.fr' });
    expect(renvoi.statusCode).toBe(400);
    expect(renvoi.body).toContain('Aucun compte');
  });
});
