import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { ADMIN_TOKEN, type TestSandbox } from '../../helpers/app.js';
import { compteOf, matelasOf, structureOf } from '../../helpers/organisation.js';
import { capturer, demarrer, nouveauBac, nouvellePage, seConnecter, violationsGraves, type Banc } from './harnais.js';

/**
 * The account and organisation stories of issue 15, as a trainee does them in a browser: create an
 * account, activate it from the outbox, log in, create a structure, add a service, an IBAN and an
 * espace; a second account asks to be attached to the matelas's Fournisseur, whose gestionnaire
 * approves it in « Activités du gestionnaire »; the completeness view says when each is ready.
 */

let banc: Banc;
beforeAll(async () => {
  banc = await demarrer();
});
afterAll(async () => banc?.fermer());

const MOT_DE_PASSE = 'Devis-Facture-2026!';

/** A SIRET with a right Luhn key, from 13 digits. */
function siret(debut: string): string {
  for (let cle = 0; cle <= 9; cle++) {
    const s = `${debut}${cle}`;
    const somme = [...s].reverse().reduce((t, c, i) => {
      let d = Number(c) * (i % 2 === 1 ? 2 : 1);
      if (d > 9) d -= 9;
      return t + d;
    }, 0);
    if (somme % 10 === 0) return s;
  }
  throw new Error('unreachable');
}

/** The sandbox's outbox for a login, through the control plane with the trainer's token. */
async function boiteDEnvoi(bac: TestSandbox, login: string): Promise<{ sujet: string; corps: string; nature: string }[]> {
  const res = await fetch(`${banc.url}/_sandbox/sandboxes/${bac.id}/outbox?login=${encodeURIComponent(login)}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
  expect(res.status).toBe(200);
  return ((await res.json()) as { courriels: { sujet: string; corps: string; nature: string }[] }).courriels;
}

/** The text of an element as written (badges are shown in capitals by the DSFR's CSS), spaces folded. */
async function texte(page: Page, selecteur: string, filtre?: string): Promise<string> {
  const l = filtre ? page.locator(selecteur, { hasText: filtre }) : page.locator(selecteur);
  return ((await l.first().textContent()) ?? '').replace(/\s+/g, ' ');
}

async function sansViolation(page: Page, capture: string): Promise<void> {
  expect(await violationsGraves(page)).toEqual([]);
  await capturer(page, capture);
}

async function creerEtActiver(page: Page, bac: TestSandbox, email: string, prenom: string, nom: string, capturesCreation = false): Promise<void> {
  await page.goto(`${banc.url}/portail/${bac.id}/connexion`);
  await page.getByRole('main').getByRole('link', { name: 'Créer un compte' }).click();
  await page.waitForURL(/\/creer-compte$/);
  await page.getByLabel('Adresse électronique de connexion').fill(email);
  await page.getByLabel(/^Nom\b/).fill(nom);
  await page.getByLabel('Prénom').fill(prenom);
  await page.getByLabel('Téléphone').fill('06 12 34 56 78');
  if (capturesCreation) await sansViolation(page, 'creer-compte');
  await page.getByRole('button', { name: 'Créer mon compte' }).click();
  await page.waitForURL(/\/creer-compte\/envoye/);
  expect(await page.getByRole('heading', { level: 1 }).innerText()).toContain('Consultez votre messagerie');

  // The activation mail is in the sandbox's outbox; its link is valid 60 minutes.
  const mail = (await boiteDEnvoi(bac, email)).find((c) => c.nature === 'ACTIVATION_COMPTE');
  expect(mail?.sujet).toContain('Activation');
  expect(mail?.corps).toContain('60 minutes');
  const lien = /\/portail\/\S+\/activer\?jeton=[\w-]+/.exec(mail!.corps)![0];
  await page.goto(`${banc.url}${lien}`);
  expect(await page.locator('#regles-mot-de-passe').innerText()).toContain('au moins un caractère spécial');
  // A password missing the rules is refused beside the field.
  await page.getByLabel(/^Mot de passe/).fill('facture');
  await page.getByLabel('Confirmation du mot de passe').fill('facture');
  await page.getByRole('button', { name: 'Activer mon compte' }).click();
  await page.waitForLoadState();
  expect(await page.locator('#champ-motDePasse-erreur').innerText()).toContain('une lettre majuscule');
  if (capturesCreation) await sansViolation(page, 'activer');
  await page.getByLabel(/^Mot de passe/).fill(MOT_DE_PASSE);
  await page.getByLabel('Confirmation du mot de passe').fill(MOT_DE_PASSE);
  await page.getByRole('button', { name: 'Activer mon compte' }).click();
  await page.waitForURL(/\/connexion$/);
  expect(await page.getByRole('status').innerText()).toContain('est activé');
}

async function seDeconnecter(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Se déconnecter' }).click();
  await page.waitForURL(/\/connexion$/);
}

describe('comptes et organisation (navigateur)', () => {
  it('créer un compte, l’activer, créer sa structure avec un service, un IBAN et un espace, jusqu’au compte prêt à déposer', async () => {
    const bac = await nouveauBac(banc, { nom: 'classe-comptes' });
    const page = await nouvellePage(banc);
    page.setDefaultTimeout(8000);
    const email = 'camille.lefebvre@menuiserie-lefebvre.fr';
    await creerEtActiver(page, bac, email, 'Camille', 'Lefebvre', true);
    await seConnecter(banc, page, bac, email, MOT_DE_PASSE);

    // Nothing but « Mon compte » yet: the completeness view says what is missing.
    expect(await page.getByRole('main').innerText()).toContain('Vous ne voyez que « Mon compte »');
    await page.getByRole('link', { name: 'Voir ce qu’il manque à mon compte' }).click();
    await page.waitForURL(/\/mon-compte\/completude$/);
    expect(await page.locator('#completude-resultat').innerText()).toContain('pas encore prêt');
    expect(await texte(page, '#verifications li', 'Rattachement validé')).toContain('À faire');

    // Mon compte → Créer une structure (a wrong SIRET key is refused beside the field, kept).
    await page.getByRole('navigation', { name: 'Espaces' }).getByRole('link', { name: 'Mon compte' }).click();
    await page.waitForURL(/\/mon-compte$/);
    await page.getByRole('link', { name: 'Créer une structure' }).click();
    await page.waitForURL(/\/structures\/nouvelle$/);
    const bon = siret('4821937650001');
    const faux = `${bon.slice(0, 13)}${(Number(bon[13]) + 1) % 10}`;
    await page.getByLabel('SIRET').fill(faux);
    await page.getByLabel('Raison sociale').fill('Menuiserie Lefebvre');
    await page.getByLabel(/^Adresse( \*)?$/).fill('12 rue des Artisans');
    await page.getByLabel('Code postal').fill('69003');
    await page.getByLabel('Ville').fill('Lyon');
    await page.getByRole('button', { name: 'Créer la structure' }).click();
    await page.waitForLoadState();
    expect(await page.locator('#champ-identifiant-erreur').innerText()).toContain('clé de contrôle');
    expect(await page.getByLabel('Raison sociale').inputValue()).toBe('Menuiserie Lefebvre');
    await page.getByLabel('SIRET').fill(bon);
    await page.getByRole('button', { name: 'Créer la structure' }).click();
    await page.waitForURL(/\/structures\/\d+$/);
    expect(await page.getByRole('status').innerText()).toContain('vous en êtes le gestionnaire principal');

    // A service.
    await page.getByLabel('Code du service').fill('ATELIER');
    await page.getByLabel('Libellé du service').fill('Atelier de Lyon');
    await page.getByRole('button', { name: 'Créer le service' }).click();
    await page.waitForURL(/#services$/);
    expect(await page.locator('#liste-services').innerText()).toContain('Atelier de Lyon');

    // An IBAN: a wrong key is refused beside the field, then the right one is recorded.
    await page.getByLabel(/^IBAN/).fill('FR76 3000 6000 0112 3456 7890 188');
    await page.getByRole('button', { name: 'Ajouter l’IBAN' }).click();
    await page.waitForLoadState();
    expect(await page.locator('#champ-iban-erreur').innerText()).toContain('IBAN');
    expect(await page.getByLabel(/^IBAN/).inputValue()).toBe('FR76 3000 6000 0112 3456 7890 188');
    await page.getByLabel(/^IBAN/).fill('FR76 3000 6000 0112 3456 7890 189');
    await page.getByLabel('BIC').fill('AGRIFRPP');
    await page.getByRole('button', { name: 'Ajouter l’IBAN' }).click();
    await page.waitForURL(/#coordonnees-bancaires$/);
    expect(await page.locator('#liste-iban').innerText()).toContain('FR76 3000 6000 0112 3456 7890 189');

    // An espace on the structure: « Factures reçues ».
    await page.getByRole('button', { name: 'Ajouter l’espace Factures reçues' }).click();
    await page.waitForURL(/#espaces$/);
    expect(await page.getByRole('status').innerText()).toContain('« Factures reçues » est ajouté');
    await sansViolation(page, 'structure');

    // ... to which the gestionnaire subscribes from Mon compte (granted at once for him).
    await page.getByRole('navigation', { name: 'Espaces' }).getByRole('link', { name: 'Mon compte' }).click();
    await page.waitForURL(/\/mon-compte$/);
    await page.getByLabel(/^Espace( \*)?$/).selectOption({ label: 'Factures reçues' });
    await page.getByRole('button', { name: 'Ajouter un abonnement' }).click();
    await page.waitForURL(/#abonnements$/);
    expect(await page.locator('#liste-abonnements').innerText()).toContain('Factures reçues');
    expect(await page.getByRole('navigation', { name: 'Espaces' }).getByRole('link', { name: 'Factures reçues' }).count()).toBe(1);
    expect(await page.locator('#liste-rattachements').innerText()).toContain('Gestionnaire principal');
    await sansViolation(page, 'mon-compte');

    // The completeness view now says the account is ready.
    await page.getByRole('link', { name: 'Voir la complétude de mon compte' }).click();
    await page.waitForURL(/\/mon-compte\/completude$/);
    expect(await page.locator('#completude-resultat').innerText()).toContain('Votre compte est prêt pour déposer des factures');
    expect(await texte(page, '#verifications')).not.toContain('À faire');
    await sansViolation(page, 'completude');
  });

  it('un second compte demande son rattachement au Fournisseur ; son gestionnaire l’approuve dans Activités du gestionnaire', async () => {
    const bac = await nouveauBac(banc, { nom: 'classe-rattachement' });
    const matelas = await matelasOf(banc.app, bac);
    const fournisseur = structureOf(matelas, 'Fournisseur');
    const gp = compteOf(matelas, 'Fournisseur', 'GP');
    const page = await nouvellePage(banc);
    page.setDefaultTimeout(8000);
    const email = 'hugo.moreau@exemple.fr';
    await creerEtActiver(page, bac, email, 'Hugo', 'Moreau');
    await seConnecter(banc, page, bac, email, MOT_DE_PASSE);

    // Mon compte → Demande de rattachement → search by the first digits of the SIRET.
    await page.goto(`${banc.url}/portail/${bac.id}/mon-compte`);
    await page.getByRole('link', { name: 'Demande de rattachement' }).click();
    await page.getByLabel('SIRET').fill('12');
    await page.getByRole('button', { name: 'Rechercher' }).click();
    await page.waitForLoadState();
    expect(await page.locator('#champ-siret-erreur').innerText()).toContain('au moins 3 chiffres');
    await page.getByLabel('SIRET').fill(fournisseur.identifiant.slice(0, 9));
    await page.getByRole('button', { name: 'Rechercher' }).click();
    await page.waitForLoadState();
    const carte = page.locator('.fr-card', { hasText: fournisseur.identifiant });
    await carte.getByRole('button', { name: 'Demander le rattachement' }).click();
    await page.waitForURL(/#rattachements$/);
    expect(await texte(page, '#liste-rattachements tr', fournisseur.identifiant)).toContain('En attente de validation');
    await page.goto(`${banc.url}/portail/${bac.id}/mon-compte/completude`);
    expect(await page.locator('#completude-resultat').innerText()).toContain('pas encore prêt');
    await seDeconnecter(page);

    // The Fournisseur's gestionnaire principal approves it.
    await seConnecter(banc, page, bac, gp.login, gp.motDePasse);
    await page.getByRole('navigation', { name: 'Espaces' }).getByRole('link', { name: 'Activités du gestionnaire' }).click();
    await page.waitForURL(/\/gestionnaire$/);
    const ligne = page.locator('#liste-demandes tr', { hasText: email });
    expect(await ligne.innerText()).toContain('Rattachement à la structure');
    await sansViolation(page, 'gestionnaire');
    await ligne.getByRole('checkbox').check();
    expect(await ligne.getByRole('checkbox').isChecked()).toBe(true);
    await page.getByLabel('Commentaire').fill('Bienvenue dans l’équipe');
    await page.getByRole('button', { name: 'Valider la sélection' }).click();
    await page.waitForURL(/#demandes$/);
    expect(await page.getByRole('status').innerText()).toContain('1 demande validée');
    expect(await texte(page, '#liste-utilisateurs tr', email)).toContain('Validé');
    // The export of the structure's users is a CSV download.
    const [telechargement] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Exporter les utilisateurs' }).click()]);
    expect(telechargement.suggestedFilename()).toMatch(/\.csv$/);
    await seDeconnecter(page);

    // The new user is told by e-mail, and his account is now ready to deposit.
    expect((await boiteDEnvoi(bac, email)).some((c) => /rattachement .* est validé/i.test(c.corps))).toBe(true);
    await seConnecter(banc, page, bac, email, MOT_DE_PASSE);
    await page.goto(`${banc.url}/portail/${bac.id}/mon-compte/completude`);
    expect(await page.locator('#completude-resultat').innerText()).toContain('Votre compte est prêt pour déposer des factures');
    expect(await page.getByRole('navigation', { name: 'Espaces' }).getByRole('link', { name: 'Factures émises' }).count()).toBe(1);
  });
});
