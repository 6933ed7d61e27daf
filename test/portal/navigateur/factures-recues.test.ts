import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, cproPost } from '../../helpers/app.js';
import { acteurs, deposer } from '../../helpers/factures.js';
import { compteOf, matelasOf } from '../../helpers/organisation.js';
import { capturer, demarrer, nouveauBac, nouvellePage, seConnecter, violationsGraves, type Banc } from './harnais.js';

let banc: Banc;
beforeAll(async () => {
  banc = await demarrer();
});
afterAll(async () => banc?.fermer());

describe('Factures reçues (navigateur)', () => {
  it('le gestionnaire du destinataire suspend la facture avec un motif, puis après complément constate le service fait, mandate et met en paiement', async () => {
    const bac = await nouveauBac(banc, { nom: 'classe-factures-recues' });
    const h = await acteurs(banc.app, bac);
    const id = await deposer(banc.app, bac, h.fournisseur);
    const numero = (await banc.app.inject({ url: `/_sandbox/sandboxes/${bac.id}/factures/${id}`, headers: admin })).json().facture.numeroFacture as string;
    const gp = compteOf(await matelasOf(banc.app, bac), 'Destinataire sans paramètre', 'GP');
    const page = await nouvellePage(banc);
    await seConnecter(banc, page, bac, gp.login, gp.motDePasse);

    // « Factures reçues »: the invoice waits in « À traiter ».
    await page.getByRole('navigation', { name: 'Espaces' }).getByRole('link', { name: 'Factures reçues' }).click();
    await page.waitForURL(/\/factures-recues$/);
    expect(await page.locator('#a-traiter').innerText()).toContain(numero);
    expect(await violationsGraves(page)).toEqual([]);
    await capturer(page, 'factures-recues');

    // Its fiche: amounts in euros, the payment delay running.
    await page.locator('#a-traiter').getByRole('link', { name: numero }).click();
    await page.waitForURL(new RegExp(`/factures-recues/${id}$`));
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toContain(numero);
    expect(await page.locator('#delai-paiement').innerText()).toContain('Délai global de paiement : 30 jours');

    // « Suspendre » without a motif: refused beside the field, the choice kept.
    await page.locator('label[for="statut-SUSPENDUE"]').click();
    await page.getByLabel('Commentaire au fournisseur').fill('Merci de joindre le procès-verbal de réception');
    await page.getByRole('button', { name: 'Enregistrer le traitement' }).click();
    await page.waitForLoadState();
    expect(await page.locator('#champ-codeMotif-erreur').innerText()).toContain('Le motif est obligatoire');
    expect(await page.locator('#statut-SUSPENDUE').isChecked()).toBe(true);
    expect(await page.getByLabel('Commentaire au fournisseur').inputValue()).toBe('Merci de joindre le procès-verbal de réception');
    expect(await violationsGraves(page)).toEqual([]);
    await capturer(page, 'traiter-facture');

    await page.getByRole('combobox', { name: /^Motif/ }).selectOption('JUSTIF_ABS');
    await page.getByRole('button', { name: 'Enregistrer le traitement' }).click();
    await page.waitForURL(new RegExp(`/factures-recues/${id}$`));
    expect(await page.getByRole('status').innerText()).toContain('« Suspendue »');
    expect(await page.locator('#delai-paiement').innerText()).toContain('le délai est interrompu');
    expect(await page.locator('#historique-statuts').innerText()).toContain('Justificatif absent ou insuffisant');

    // The supplier completes it (through the API service).
    const c = await cproPost(banc.app, h.fournisseur, '/cpro/factures/v1/completer', { identifiantFactureCPP: id, commentaire: 'PV de réception joint' });
    expect(c.statusCode, c.body).toBe(200);

    await page.reload();
    await page.locator('label[for="statut-SERVICE_FAIT"]').click();
    await page.getByRole('button', { name: 'Enregistrer le traitement' }).click();
    await page.waitForURL(new RegExp(`/factures-recues/${id}$`));
    expect(await page.getByRole('status').innerText()).toContain('« Service fait »');

    await page.locator('label[for="statut-MANDATEE"]').click();
    await page.getByRole('textbox', { name: /^Numéro de mandat/ }).fill('MDT-2026-0042');
    await page.getByRole('button', { name: 'Enregistrer le traitement' }).click();
    await page.waitForURL(new RegExp(`/factures-recues/${id}$`));
    expect(await page.getByRole('status').innerText()).toContain('Mandatée');

    await page.locator('label[for="statut-MISE_EN_PAIEMENT"]').click();
    await page.getByRole('button', { name: 'Enregistrer le traitement' }).click();
    await page.waitForURL(new RegExp(`/factures-recues/${id}$`));
    expect(await page.getByRole('status').innerText()).toContain('Mise en paiement');
    const delai = await page.locator('#delai-paiement').innerText();
    expect(delai).toContain('mise en paiement le');
    expect(delai).toContain('Date d’échéance');
    expect(await page.locator('#traitement-impossible').isVisible()).toBe(true);
    expect(await violationsGraves(page)).toEqual([]);
  });
});
