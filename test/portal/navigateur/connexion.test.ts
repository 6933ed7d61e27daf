import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { matelasOf, compteOf } from '../../helpers/organisation.js';
import { capturer, demarrer, nouveauBac, nouvellePage, violationsGraves, type Banc } from './harnais.js';

let banc: Banc;
beforeAll(async () => {
  banc = await demarrer();
});
afterAll(async () => banc?.fermer());

describe('connexion au portail (navigateur)', () => {
  it('le gestionnaire du matelas se connecte avec le code reçu par courriel et voit ses espaces', async () => {
    const bac = await nouveauBac(banc, { nom: 'classe-connexion' });
    const gp = compteOf(await matelasOf(banc.app, bac), 'Fournisseur', 'GP');
    const page = await nouvellePage(banc);
    await page.goto(`${banc.url}/portail/${bac.id}/connexion`);
    expect(await page.locator('#bandeau-bac-a-sable').innerText()).toContain('Environnement de qualification — bac à sable');
    expect(await violationsGraves(page)).toEqual([]);
    await capturer(page, 'connexion');

    // As a trainee does it: password, then the code read in the sandbox's mailbox (a new tab).
    await page.getByLabel('Adresse électronique').fill(gp.login);
    await page.getByLabel('Mot de passe').fill(gp.motDePasse);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.waitForURL(/\/connexion\/code$/);
    const [boite] = await Promise.all([page.context().waitForEvent('page'), page.locator('#contenu').getByRole('link', { name: 'boîte de réception du bac à sable' }).click()]);
    await boite.waitForLoadState();
    const texte = await boite.locator('.courriel').first().innerText();
    expect(texte).toContain('Votre code de connexion');
    expect(await violationsGraves(boite)).toEqual([]);
    await capturer(boite, 'boite-de-reception');
    const code = /est : (\d{6})/.exec(texte)![1]!;
    await page.getByLabel('Code reçu par courriel').fill(code);
    await page.getByRole('button', { name: 'Valider' }).click();
    await page.waitForURL(/\/portail\/[^/]+\/$/);
    // The matelas's supplier has rejections and suspensions to acknowledge: the pop-up opens; « Plus tard ».
    const modale = page.locator('dialog.fr-modal');
    await modale.waitFor({ state: 'visible' });
    await modale.getByRole('button', { name: 'Plus tard' }).click();
    await modale.waitFor({ state: 'hidden' });
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toContain('Bonjour');
    expect(await page.getByRole('navigation', { name: 'Espaces' }).getByRole('link', { name: 'Factures émises' }).isVisible()).toBe(true);
    expect(await violationsGraves(page)).toEqual([]);
    await capturer(page, 'accueil');

    await page.getByRole('button', { name: 'Se déconnecter' }).click();
    await page.waitForURL(/\/connexion$/);
    expect(await page.getByRole('status').innerText()).toContain('Vous êtes déconnecté');
  });

  it('cinq mots de passe faux verrouillent le compte, même avec le bon mot de passe ensuite', async () => {
    const bac = await nouveauBac(banc, { nom: 'classe-verrou' });
    const gp = compteOf(await matelasOf(banc.app, bac), 'Fournisseur', 'GP');
    const page = await nouvellePage(banc, { width: 820, height: 1180 }); // a tablet
    await page.goto(`${banc.url}/portail/${bac.id}/connexion`);
    for (let i = 1; i <= 5; i++) {
      await page.getByLabel('Adresse électronique').fill(gp.login);
      await page.getByLabel('Mot de passe').fill(`faux-${i}`);
      await page.getByRole('button', { name: 'Se connecter' }).click();
      await page.waitForLoadState();
      // What was typed is kept, the refusal is beside the password field.
      expect(await page.getByLabel('Adresse électronique').inputValue()).toBe(gp.login);
      if (i < 5) expect(await page.locator('#champ-motDePasse-erreur').innerText()).toContain(`il vous reste ${5 - i} tentative`);
    }
    expect(await page.locator('#champ-motDePasse-erreur').innerText()).toContain('verrouillé');
    await page.getByLabel('Mot de passe').fill(gp.motDePasse);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.waitForLoadState();
    expect(await page.locator('#champ-motDePasse-erreur').innerText()).toContain('verrouillé');
    await capturer(page, 'connexion-verrouillee');
  });
});
