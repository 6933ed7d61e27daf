import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compteOf, matelasOf } from '../../helpers/organisation.js';
import { capturer, demarrer, nouveauBac, nouvellePage, seConnecter, violationsGraves, type Banc } from './harnais.js';

let banc: Banc;
beforeAll(async () => {
  banc = await demarrer();
});
afterAll(async () => banc?.fermer());

describe('Sollicitations (navigateur)', () => {
  it('le fournisseur interroge le destinataire de sa facture, qui lui répond ; le fournisseur clôture', async () => {
    const bac = await nouveauBac(banc, { nom: 'classe-sollicitations' });
    const matelas = await matelasOf(banc.app, bac);
    const url = `${banc.url}/portail/${bac.id}`;

    // 1. The supplier asks about the payment of his invoice MAT-001.
    const fournisseur = await nouvellePage(banc);
    const f = compteOf(matelas, 'Fournisseur', 'GP');
    await seConnecter(banc, fournisseur, bac, f.login, f.motDePasse);
    await fournisseur.getByRole('navigation', { name: 'Espaces' }).getByRole('link', { name: 'Sollicitations émises' }).click();
    await fournisseur.getByRole('link', { name: 'Saisir une sollicitation' }).click();
    await fournisseur.getByLabel(/^Catégorie/).selectOption({ label: 'Facture' });
    await fournisseur.getByLabel('Sous-catégorie').selectOption('FACTURE_PAIEMENT');
    await fournisseur.getByLabel('Numéro de la facture concernée').fill('MAT-001');
    await fournisseur.getByLabel(/^Objet/).fill('Date de paiement de la facture MAT-001');
    // Without a message: refused beside the field, the rest kept.
    await fournisseur.getByRole('button', { name: 'Envoyer la sollicitation' }).click();
    await fournisseur.waitForLoadState();
    expect(await fournisseur.locator('#champ-texte-erreur').innerText()).toContain('Saisissez votre message');
    expect(await fournisseur.getByLabel(/^Objet/).inputValue()).toBe('Date de paiement de la facture MAT-001');
    expect(await violationsGraves(fournisseur)).toEqual([]);
    await fournisseur.getByLabel('Message').fill('Bonjour, pouvez-vous nous indiquer la date de paiement prévue ?');
    await fournisseur.getByRole('button', { name: 'Envoyer la sollicitation' }).click();
    await fournisseur.waitForURL(/\/sollicitations-emises\/\d+$/);
    expect(await fournisseur.getByRole('status').innerText()).toContain('envoyée au service destinataire');
    const numero = /Sollicitation (SOL\d+)/.exec(await fournisseur.getByRole('heading', { level: 1 }).innerText())![1]!;

    // 2. The recipient's gestionnaire finds it in « Mes sollicitations à traiter » and answers.
    const destinataire = await nouvellePage(banc);
    const d = compteOf(matelas, 'Destinataire sans paramètre', 'GP');
    await seConnecter(banc, destinataire, bac, d.login, d.motDePasse);
    await destinataire.getByRole('navigation', { name: 'Espaces' }).getByRole('link', { name: 'Sollicitations reçues' }).click();
    expect(await destinataire.locator('#a-traiter').innerText()).toContain('Date de paiement de la facture MAT-001');
    expect(await violationsGraves(destinataire)).toEqual([]);
    await destinataire.locator('#a-traiter').getByRole('link', { name: numero }).click();
    await destinataire.getByLabel('Votre message').fill('Le paiement est programmé pour vendredi.');
    await destinataire.getByRole('button', { name: 'Répondre' }).click();
    await destinataire.waitForLoadState();
    expect(await destinataire.getByRole('status').innerText()).toContain('Votre réponse est envoyée.');

    // 3. The supplier reads the answer in the thread and closes the sollicitation.
    await fournisseur.goto(`${url}/sollicitations-emises`);
    await fournisseur.locator('#toutes').getByRole('link', { name: numero }).click();
    expect(await fournisseur.locator('#fil').innerText()).toContain('Le paiement est programmé pour vendredi.');
    expect(await violationsGraves(fournisseur)).toEqual([]);
    await capturer(fournisseur, 'sollicitations');
    await fournisseur.getByRole('button', { name: 'Clôturer la sollicitation' }).click();
    await fournisseur.waitForLoadState();
    expect(await fournisseur.getByRole('status').innerText()).toContain('La sollicitation est clôturée.');
    expect(await fournisseur.locator('main').innerText()).toMatch(/clôturée/i);
  });
});
