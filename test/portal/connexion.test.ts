import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { admin, buildTestApp, createSandbox, type TestSandbox } from '../helpers/app.js';
import { compteOf, matelasOf } from '../helpers/organisation.js';
import { courriels, dernierCode, Navigateur, portailDe, seConnecter } from '../helpers/portail.js';

let app: FastifyInstance;
let bac: TestSandbox;
let gp: { login: string; motDePasse: string };

beforeAll(async () => {
  app = await buildTestApp();
  bac = await createSandbox(app, { nom: 'portail-connexion' });
  gp = compteOf(await matelasOf(app, bac), 'Fournisseur', 'GP');
});
afterAll(async () => app.close());

async function avancer(sandboxId: string, minutes: number) {
  const res = await app.inject({ method: 'POST', url: `/_sandbox/sandboxes/${sandboxId}/clock/advance`, headers: admin, payload: { minutes } });
  expect(res.statusCode).toBe(200);
}

describe('portail : connexion', () => {
  it('une page privée renvoie vers la connexion ; la session est HttpOnly, SameSite et propre au bac à sable', async () => {
    const nav = new Navigateur(app, portailDe(bac));
    const res = await nav.get('/');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`${portailDe(bac)}/connexion`);
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toContain(`Path=${portailDe(bac)}`);
  });

  it('le mot de passe juste demande ensuite le code envoyé dans la messagerie du bac à sable', async () => {
    const nav = new Navigateur(app, portailDe(bac));
    await nav.get('/connexion');
    const res = await nav.post('/connexion', { login: gp.login, motDePasse: gp.motDePasse });
    expect(res.headers.location).toBe(`${portailDe(bac)}/connexion/code`);
    const mail = (await courriels(app, bac.id, gp.login)).find((c) => c.nature === 'SECOND_FACTEUR')!;
    expect(mail.sujet).toContain('code de connexion');
    // Before the code, the portal still treats the visitor as anonymous.
    expect((await nav.get('/')).statusCode).toBe(303);
    await nav.get('/connexion/code');
    const faux = await nav.post('/connexion/code', { code: (Number((await dernierCode(app, bac.id, gp.login))) + 1).toString().padStart(6, '0').slice(-6) });
    expect(faux.statusCode).toBe(400);
    expect(faux.body).toContain('Le code saisi est incorrect');
    const ok = await nav.post('/connexion/code', { code: await dernierCode(app, bac.id, gp.login) });
    expect(ok.statusCode).toBe(303);
    const accueil = await nav.suivre(ok);
    expect(accueil.statusCode).toBe(200);
    expect(accueil.body).toContain('Bonjour');
  });

  it('un code expiré après 10 minutes sur l’horloge du bac à sable est refusé', async () => {
    const autre = await createSandbox(app, { nom: 'portail-code-expire' });
    const compte = compteOf(await matelasOf(app, autre), 'Fournisseur', 'GP');
    const nav = new Navigateur(app, portailDe(autre));
    await nav.get('/connexion');
    await nav.post('/connexion', { login: compte.login, motDePasse: compte.motDePasse });
    await nav.get('/connexion/code');
    const code = await dernierCode(app, autre.id, compte.login);
    await avancer(autre.id, 11);
    const res = await nav.post('/connexion/code', { code });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('expiré');
  });

  it('le second facteur peut être désactivé par bac à sable', async () => {
    const autre = await createSandbox(app, { nom: 'portail-sans-code' });
    const reglage = await app.inject({ method: 'PUT', url: `/_sandbox/sandboxes/${autre.id}/portail`, headers: admin, payload: { secondFacteur: false } });
    expect(reglage.json().secondFacteurPortail).toBe(false);
    const compte = compteOf(await matelasOf(app, autre), 'Fournisseur', 'GP');
    const nav = new Navigateur(app, portailDe(autre));
    await nav.get('/connexion');
    const res = await nav.post('/connexion', { login: compte.login, motDePasse: compte.motDePasse });
    expect(res.headers.location).toBe(`${portailDe(autre)}/`);
  });

  it('cinq échecs verrouillent le compte une heure sur l’horloge du bac à sable, puis il se déverrouille', async () => {
    const autre = await createSandbox(app, { nom: 'portail-verrou' });
    const compte = compteOf(await matelasOf(app, autre), 'Fournisseur', 'GP');
    const nav = new Navigateur(app, portailDe(autre));
    await nav.get('/connexion');
    for (let i = 0; i < 4; i++) expect((await nav.post('/connexion', { login: compte.login, motDePasse: 'mauvais' })).body).toContain(`il vous reste ${4 - i}`);
    expect((await nav.post('/connexion', { login: compte.login, motDePasse: 'mauvais' })).body).toContain('verrouillé');
    expect((await nav.post('/connexion', { login: compte.login, motDePasse: compte.motDePasse })).body).toContain('verrouillé');
    await avancer(autre.id, 59);
    expect((await nav.post('/connexion', { login: compte.login, motDePasse: compte.motDePasse })).body).toContain('verrouillé');
    await avancer(autre.id, 2);
    expect((await nav.post('/connexion', { login: compte.login, motDePasse: compte.motDePasse })).statusCode).toBe(303);
  });

  it('un compte technique ne se connecte pas au portail ; un identifiant inconnu reçoit le même refus qu’un mauvais mot de passe', async () => {
    const tech = compteOf(await matelasOf(app, bac), 'Fournisseur', 'TECH');
    const nav = new Navigateur(app, portailDe(bac));
    await nav.get('/connexion');
    expect((await nav.post('/connexion', { login: tech.login, motDePasse: tech.motDePasse })).body).toContain('compte technique');
    const inconnu = await nav.post('/connexion', { login: 'personne@exemple.fr', motDePasse: 'x' });
    expect(inconnu.statusCode).toBe(400);
    expect(inconnu.body).toContain('Identifiant ou mot de passe incorrect');
    expect(inconnu.body).toContain('value="personne@exemple.fr"');
  });

  it('un formulaire sans le jeton CSRF de la session est refusé sans rien changer', async () => {
    const nav = new Navigateur(app, portailDe(bac));
    await seConnecter(app, nav, bac.id, gp.login, gp.motDePasse);
    const res = await nav.post('/deconnexion', { _csrf: 'jeton-forge' });
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('Le formulaire a expiré');
    expect((await nav.get('/')).statusCode).toBe(200); // still logged in
  });

  it('la session d’un bac à sable n’ouvre pas le portail d’un autre, même avec la même graine', async () => {
    const jumeau = await createSandbox(app, { nom: 'portail-jumeau', seed: bac.seed });
    const nav = new Navigateur(app, portailDe(bac));
    await seConnecter(app, nav, bac.id, gp.login, gp.motDePasse);
    // The same cookie sent to the twin's portal: refused there (path and signature are per sandbox path).
    const chez = new Navigateur(app, portailDe(jumeau));
    (chez as unknown as { cookies: Map<string, string> }).cookies = (nav as unknown as { cookies: Map<string, string> }).cookies;
    const res = await chez.get('/');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`${portailDe(jumeau)}/connexion`);
  });

  it('une adresse inconnue dans un portail répond par une page 404 en français', async () => {
    const res = await app.inject({ method: 'GET', url: `${portailDe(bac)}/page-qui-n-existe-pas` });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.body).toContain('Page introuvable');
  });

  it('un bac à sable inconnu répond 404 en français', async () => {
    const res = await app.inject({ method: 'GET', url: '/portail/sbx_inconnu/connexion' });
    expect(res.statusCode).toBe(404);
    expect(res.body).toContain('Bac à sable introuvable');
  });
});
