import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, cproHeaders } from '../../helpers/app.js';
import { compteOf, matelasOf } from '../../helpers/organisation.js';
import { deposerAValider } from '../../factures/validation/helpers.js';
import { capturer, demarrer, nouveauBac, nouvellePage, seConnecter, violationsGraves, type Banc } from './harnais.js';

let banc: Banc;
beforeAll(async () => {
  banc = await demarrer();
});
afterAll(async () => banc?.fermer());

describe('Factures à valider (navigateur)', () => {
  it('le titulaire valide la facture de son sous-traitant, qui arrive alors chez le destinataire public', async () => {
    const bac = await nouveauBac(banc, { nom: 'classe-factures-a-valider' });
    // The sub-contractor deposits an A9 invoice naming the titulaire as validator (API, its technical account).
    const id = await deposerAValider(banc.app, bac, await cproHeaders(banc.app, bac, 'Sous-traitant'), 'Sous-traitant', 'Titulaire');
    const numero = (await banc.app.inject({ url: `/_sandbox/sandboxes/${bac.id}/factures/${id}`, headers: admin })).json().facture.numeroFacture as string;
    const matelas = await matelasOf(banc.app, bac);
    const titulaire = compteOf(matelas, 'Titulaire', 'GP');
    const page = await nouvellePage(banc);
    await seConnecter(banc, page, bac, titulaire.login, titulaire.motDePasse);

    await page.getByRole('navigation', { name: 'Espaces' }).getByRole('link', { name: 'Factures à valider' }).click();
    await page.waitForURL(/\/factures-a-valider$/);
    expect(await page.locator('#a-valider').innerText()).toContain(numero);
    expect(await violationsGraves(page)).toEqual([]);
    await capturer(page, 'factures-a-valider');

    await page.locator('#a-valider').getByRole('link', { name: numero }).click();
    await page.waitForURL(new RegExp(`/factures-a-valider/${id}$`));
    // « Refuser » without a motif is refused beside the field.
    await page.locator('label[for="decision-REFUS"]').click();
    await page.getByRole('button', { name: 'Enregistrer la décision' }).click();
    await page.waitForLoadState();
    expect(await page.locator('#champ-codeMotif-erreur').innerText()).toContain('Le motif de refus doit être');
    expect(await violationsGraves(page)).toEqual([]);

    await page.locator('label[for="decision-VALIDATION"]').click();
    await page.getByLabel('Complément d’information').fill('Vous êtes titulaire : prestation conforme au contrat de sous-traitance');
    await page.getByRole('button', { name: 'Enregistrer la décision' }).click();
    await page.waitForURL(new RegExp(`/factures-a-valider/${id}$`));
    expect(await page.getByRole('status').innerText()).toContain('est validée');
    expect(await page.locator('#historique-statuts').innerText()).toMatch(/validée par le premier valideur/i);
    expect(await page.locator('#decision-impossible').isVisible()).toBe(true);

    // The public recipient now finds it in « Factures reçues ».
    const destinataire = compteOf(matelas, 'Destinataire sans paramètre', 'GP');
    const page2 = await nouvellePage(banc);
    await seConnecter(banc, page2, bac, destinataire.login, destinataire.motDePasse);
    await page2.goto(`${banc.url}/portail/${bac.id}/factures-recues`);
    expect(await page2.locator('#a-traiter').innerText()).toContain(numero);
  });
});
