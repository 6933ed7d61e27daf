import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cproHeaders, cproPost } from '../../helpers/app.js';
import { compteOf, matelasOf, structureOf } from '../../helpers/organisation.js';
import { capturer, demarrer, nouveauBac, nouvellePage, seConnecter, violationsGraves, type Banc } from './harnais.js';

let banc: Banc;
beforeAll(async () => {
  banc = await demarrer();
});
afterAll(async () => banc?.fermer());

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

/** The form's fields of a piece, as a trainee types them. */
async function remplirPiece(page: Page, numero: string, ht: string, tva: string, ttc: string, fichier: string): Promise<void> {
  await page.getByLabel('Numéro de la pièce').fill(numero);
  await page.getByLabel('Date de la pièce').fill(new Date().toISOString().slice(0, 10));
  await page.getByLabel('Montant HT (€)').fill(ht);
  await page.getByLabel('Montant de TVA (€)').fill(tva);
  await page.getByLabel('Montant TTC (€)').fill(ttc);
  await page.getByLabel('Pièce au format PDF').setInputFiles({ name: fichier, mimeType: 'application/pdf', buffer: PDF });
}

/** From the espace's Synthèse, opens the piece waiting for the user, takes it into account, and deposits the next piece. */
async function traiterEtDeposerSuivante(page: Page, url: string, numeroAttendu: string, cadre: string, numero: string, ht: string, tva: string, ttc: string): Promise<void> {
  await page.goto(`${url}/factures-travaux`);
  await page.locator('#a-traiter').getByRole('link', { name: numeroAttendu, exact: true }).click();
  await page.getByRole('button', { name: 'Prendre en compte' }).click();
  await page.waitForLoadState();
  expect(await page.getByRole('status').innerText()).toContain('La pièce est prise en compte.');
  await page.getByRole('link', { name: 'Déposer la pièce de facturation suivante' }).click();
  await page.getByLabel('Type de pièce (cadre de facturation)').selectOption({ label: cadre });
  await remplirPiece(page, numero, ht, tva, ttc, `${numero}.pdf`);
  await page.getByRole('button', { name: 'Déposer la pièce' }).click();
  await page.waitForURL(/\/factures-travaux\/pieces\/\d+$/);
  expect(await page.getByRole('status').innerText()).toContain(`La pièce n° ${numero} est déposée`);
}

describe('Factures de travaux (navigateur)', () => {
  it('un dossier de travaux va du projet de décompte mensuel au paiement : titulaire, MOE et MOA chacun dans sa session', async () => {
    const bac = await nouveauBac(banc, { nom: 'classe-travaux' });
    const matelas = await matelasOf(banc.app, bac);
    const url = `${banc.url}/portail/${bac.id}`;

    // 1. The titulaire deposits his projet de décompte mensuel (A4), addressed to the MOE.
    const titulaire = await nouvellePage(banc);
    const t = compteOf(matelas, 'Titulaire', 'GP');
    await seConnecter(banc, titulaire, bac, t.login, t.motDePasse);
    await titulaire.goto(`${url}/factures-travaux`);
    await titulaire.getByRole('link', { name: 'Déposer une pièce de travaux' }).click();
    await titulaire.getByLabel('Structure titulaire (vous)').selectOption({ label: `BATIMENTS TITULAIRE SA — ${structureOf(matelas, 'Titulaire').identifiant}` });
    await titulaire.getByLabel('SIRET de la maîtrise d’œuvre (MOE)').fill(structureOf(matelas, 'MOE').identifiant);
    await titulaire.getByLabel('Maîtrise d’ouvrage (MOA)').selectOption({ label: `OFFICE PUBLIC DE L'HABITAT EXEMPLE — ${structureOf(matelas, 'MOA').identifiant}` });
    await titulaire.getByLabel('SIRET du service financier qui paie').fill(structureOf(matelas, 'Destinataire sans paramètre').identifiant);
    await titulaire.getByLabel('Numéro de marché').fill('MARCHE-ECOLE-2026');
    await titulaire.getByLabel('Type de pièce (cadre de facturation)').selectOption('A4_PROJET_DECOMPTE_MENSUEL_FOURNISSEUR');
    // A first try with amounts that do not add up: refused beside the TTC, what was typed is kept.
    await remplirPiece(titulaire, 'SIT-2026-03', '20 000,00', '4 000,00', '24 500,00', 'situation-mars.pdf');
    await titulaire.getByRole('button', { name: 'Déposer la pièce' }).click();
    await titulaire.waitForLoadState();
    expect(await titulaire.locator('#champ-montantTtc-erreur').innerText()).toContain('incohérents');
    expect(await titulaire.getByLabel('Numéro de la pièce').inputValue()).toBe('SIT-2026-03');
    await titulaire.getByLabel('Montant TTC (€)').fill('24 000,00');
    await titulaire.getByLabel('Pièce au format PDF').setInputFiles({ name: 'situation-mars.pdf', mimeType: 'application/pdf', buffer: PDF });
    await titulaire.getByRole('button', { name: 'Déposer la pièce' }).click();
    await titulaire.waitForURL(/\/factures-travaux\/pieces\/\d+$/);
    expect(await titulaire.getByRole('heading', { level: 1 }).innerText()).toContain('Projet de décompte mensuel du titulaire (A4) n° SIT-2026-03');
    expect(await titulaire.locator('main').innerText()).toMatch(/mise à disposition moe/i);
    expect(await violationsGraves(titulaire)).toEqual([]);

    // 2. The MOE takes it into account and deposits its état d'acompte (A15), rectifying the amounts.
    const moe = await nouvellePage(banc);
    const m = compteOf(matelas, 'MOE', 'GP');
    await seConnecter(banc, moe, bac, m.login, m.motDePasse);
    await moe.goto(`${url}/factures-travaux`);
    expect(await moe.locator('#a-traiter').innerText()).toContain('SIT-2026-03');
    expect(await violationsGraves(moe)).toEqual([]);
    await capturer(moe, 'factures-travaux');
    // « Erreur de montant » is not a refusal: the explanation is shown beside the motif.
    await moe.locator('#a-traiter').getByRole('link', { name: 'SIT-2026-03', exact: true }).click();
    await moe.getByLabel('Motif du refus').selectOption({ label: 'Erreur de montant' });
    await moe.getByRole('button', { name: 'Refuser' }).click();
    await moe.waitForLoadState();
    expect(await moe.locator('#champ-motif-erreur').innerText()).toContain('corrigez les montants dans votre propre pièce');
    expect(await violationsGraves(moe)).toEqual([]);
    await traiterEtDeposerSuivante(moe, url, 'SIT-2026-03', 'État d’acompte de la maîtrise d’œuvre (A15)', 'SIT-2026-03-EA', '19 000,00', '3 800,00', '22 800,00');

    // 3. The MOA takes the état d'acompte into account and deposits the état d'acompte validé (A19) for payment.
    const moa = await nouvellePage(banc);
    const o = compteOf(matelas, 'MOA', 'GP');
    await seConnecter(banc, moa, bac, o.login, o.motDePasse);
    await traiterEtDeposerSuivante(moa, url, 'SIT-2026-03-EA', 'État d’acompte validé par la maîtrise d’ouvrage (A19)', 'SIT-2026-03-EAV', '19 000,00', '3 800,00', '22 800,00');
    const idA19 = Number(/\/pieces\/(\d+)$/.exec(moa.url())![1]);
    expect(await moa.locator('main').innerText()).toContain('Service financier');

    // 4. The service financier (its own software, through the API) puts the état d'acompte validé into payment.
    const paiement = await cproPost(banc.app, await cproHeaders(banc.app, bac, 'Destinataire sans paramètre'), '/cpro/factures/v1/traiter/recue', {
      idFacture: idA19,
      nouveauStatut: 'MISE_EN_PAIEMENT',
    });
    expect(paiement.statusCode).toBe(200);

    // 5. The titulaire follows his dossier: every piece in order, the last one in payment.
    await titulaire.reload();
    await titulaire.getByRole('link', { name: /^DF\d+$/ }).first().click();
    await titulaire.waitForURL(/\/factures-travaux\/dossiers\/\d+$/);
    const pieces = titulaire.locator('#pieces-dossier');
    const texte = await pieces.innerText();
    expect(texte.indexOf('Projet de décompte mensuel du titulaire (A4)')).toBeLessThan(texte.indexOf('État d’acompte de la maîtrise d’œuvre (A15)'));
    expect(texte.indexOf('État d’acompte de la maîtrise d’œuvre (A15)')).toBeLessThan(texte.indexOf('État d’acompte validé par la maîtrise d’ouvrage (A19)'));
    expect(texte).toMatch(/22\s800,00\s€/);
    expect(await pieces.locator('tr', { hasText: 'SIT-2026-03-EAV' }).innerText()).toMatch(/mise en paiement/i);
    expect(await violationsGraves(titulaire)).toEqual([]);
    await capturer(titulaire, 'dossier-travaux');
  });
});
