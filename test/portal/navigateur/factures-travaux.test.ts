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
  it('sans maîtrise d’œuvre : le titulaire dépose son projet de décompte mensuel à la « structure avec MOA », qui le prend en compte et dépose l’état d’acompte validé', async () => {
    const bac = await nouveauBac(banc, { nom: 'classe-travaux-sans-moe' });
    const matelas = await matelasOf(banc.app, bac);
    const url = `${banc.url}/portail/${bac.id}`;
    const commune = structureOf(matelas, 'Structure avec MOA');

    // 1. The titulaire leaves the MOE's SIRET empty and chooses the commune, its own maître d'ouvrage, which also pays.
    const titulaire = await nouvellePage(banc);
    const t = compteOf(matelas, 'Titulaire', 'GP');
    await seConnecter(banc, titulaire, bac, t.login, t.motDePasse);
    await titulaire.goto(`${url}/factures-travaux/deposer`);
    await titulaire.getByLabel('Structure titulaire (vous)').selectOption({ label: `BATIMENTS TITULAIRE SA — ${structureOf(matelas, 'Titulaire').identifiant}` });
    await titulaire.getByLabel('Maîtrise d’ouvrage (MOA)').selectOption({ label: `COMMUNE MAITRE D'OUVRAGE EXEMPLE — ${commune.identifiant}` });
    await titulaire.getByLabel('Numéro de marché').fill('MARCHE-VOIRIE-2026');
    await titulaire.getByLabel('Type de pièce (cadre de facturation)').selectOption('A4_PROJET_DECOMPTE_MENSUEL_FOURNISSEUR');
    await remplirPiece(titulaire, 'VOI-2026-04', '8 000,00', '1 600,00', '9 600,00', 'situation-avril.pdf');
    await titulaire.getByRole('button', { name: 'Déposer la pièce' }).click();
    await titulaire.waitForURL(/\/factures-travaux\/pieces\/\d+$/);
    const fiche = await titulaire.locator('main').innerText();
    expect(fiche).toContain('Sans maîtrise d’œuvre');
    expect(fiche).toContain('Maîtrise d’ouvrage (MOA) — À traiter');

    // 2. The commune's gestionnaire finds it among his pieces to process, takes it into account and answers with the état d'acompte validé (A19).
    const moa = await nouvellePage(banc);
    const g = compteOf(matelas, 'Structure avec MOA', 'GP');
    await seConnecter(banc, moa, bac, g.login, g.motDePasse);
    await moa.goto(`${url}/factures-travaux`);
    const aTraiter = await moa.locator('#a-traiter').innerText();
    expect(aTraiter).toContain('VOI-2026-04');
    expect(aTraiter).toContain('Projet de décompte mensuel du titulaire (A4)');
    expect(await violationsGraves(moa)).toEqual([]);
    await capturer(moa, 'travaux-sans-moe');
    await traiterEtDeposerSuivante(moa, url, 'VOI-2026-04', 'État d’acompte validé par la maîtrise d’ouvrage (A19)', 'VOI-2026-04-EAV', '8 000,00', '1 600,00', '9 600,00');
    expect(await moa.locator('main').innerText()).toContain('COMMUNE MAITRE D\'OUVRAGE EXEMPLE');
    expect(await violationsGraves(moa)).toEqual([]);

    // 3. The titulaire's dossier: his projet associated, the état d'acompte validé at the service financier.
    await titulaire.goto(`${url}/factures-travaux`);
    expect(await titulaire.locator('#a-traiter').innerText()).not.toContain('VOI-2026-04');
    await titulaire.locator('#mes-pieces').getByRole('link', { name: /^DF\d+$/ }).first().click();
    await titulaire.waitForURL(/\/factures-travaux\/dossiers\/\d+$/);
    const pieces = await titulaire.locator('#pieces-dossier').innerText();
    expect(pieces.indexOf('Projet de décompte mensuel du titulaire (A4)')).toBeLessThan(pieces.indexOf('État d’acompte validé par la maîtrise d’ouvrage (A19)'));
    expect(pieces).not.toContain('(A15)');
    expect(await titulaire.locator('#pieces-dossier tr', { hasText: 'VOI-2026-04-EAV' }).innerText()).toMatch(/mise à disposition/i);
    expect(await violationsGraves(titulaire)).toEqual([]);
  });

  it('fin de marché : projet de décompte final, projet de décompte général de la MOE, décompte général de la MOA, DGD signé par le titulaire', async () => {
    const bac = await nouveauBac(banc, { nom: 'classe-travaux-dgd' });
    const matelas = await matelasOf(banc.app, bac);
    const url = `${banc.url}/portail/${bac.id}`;

    // 1. The titulaire deposits his projet de décompte final (A7) to the MOE.
    const titulaire = await nouvellePage(banc);
    const t = compteOf(matelas, 'Titulaire', 'GP');
    await seConnecter(banc, titulaire, bac, t.login, t.motDePasse);
    await titulaire.goto(`${url}/factures-travaux/deposer`);
    await titulaire.getByLabel('Structure titulaire (vous)').selectOption({ label: `BATIMENTS TITULAIRE SA — ${structureOf(matelas, 'Titulaire').identifiant}` });
    await titulaire.getByLabel('SIRET de la maîtrise d’œuvre (MOE)').fill(structureOf(matelas, 'MOE').identifiant);
    await titulaire.getByLabel('Maîtrise d’ouvrage (MOA)').selectOption({ label: `OFFICE PUBLIC DE L'HABITAT EXEMPLE — ${structureOf(matelas, 'MOA').identifiant}` });
    await titulaire.getByLabel('SIRET du service financier qui paie').fill(structureOf(matelas, 'Destinataire sans paramètre').identifiant);
    await titulaire.getByLabel('Numéro de marché').fill('MARCHE-ECOLE-2026');
    await titulaire.getByLabel('Type de pièce (cadre de facturation)').selectOption({ label: 'Projet de décompte final du titulaire (A7)' });
    await remplirPiece(titulaire, 'FIN-2026', '120 000,00', '24 000,00', '144 000,00', 'decompte-final.pdf');
    await titulaire.getByRole('button', { name: 'Déposer la pièce' }).click();
    await titulaire.waitForURL(/\/factures-travaux\/pieces\/\d+$/);
    expect(await titulaire.getByRole('heading', { level: 1 }).innerText()).toContain('Projet de décompte final du titulaire (A7) n° FIN-2026');

    // 2. The MOE takes it into account and deposits its projet de décompte général (A17) to the MOA.
    const moe = await nouvellePage(banc);
    const m = compteOf(matelas, 'MOE', 'GP');
    await seConnecter(banc, moe, bac, m.login, m.motDePasse);
    await traiterEtDeposerSuivante(moe, url, 'FIN-2026', 'Projet de décompte général de la maîtrise d’œuvre (A17)', 'FIN-2026-PDG', '118 000,00', '23 600,00', '141 600,00');

    // 3. The MOA takes it into account and notifies its décompte général (A20) to the titulaire.
    const moa = await nouvellePage(banc);
    const o = compteOf(matelas, 'MOA', 'GP');
    await seConnecter(banc, moa, bac, o.login, o.motDePasse);
    await traiterEtDeposerSuivante(moa, url, 'FIN-2026-PDG', 'Décompte général de la maîtrise d’ouvrage (A20)', 'FIN-2026-DG', '118 000,00', '23 600,00', '141 600,00');

    // 4. The titulaire finds the DG among his pieces to process and signs it: the DGD (A8) goes to the service financier.
    await titulaire.goto(`${url}/factures-travaux`);
    const aTraiter = await titulaire.locator('#a-traiter').innerText();
    expect(aTraiter).toContain('FIN-2026-DG');
    expect(aTraiter).toContain('Décompte général de la maîtrise d’ouvrage (A20)');
    await titulaire.locator('#a-traiter').getByRole('link', { name: 'FIN-2026-DG', exact: true }).click();
    expect(await titulaire.locator('main').innerText()).toContain('Titulaire (fournisseur) — À traiter');
    await titulaire.getByRole('link', { name: 'Déposer la pièce de facturation suivante' }).click();
    await titulaire.getByLabel('Type de pièce (cadre de facturation)').selectOption({ label: 'Décompte général et définitif (DGD) signé par le titulaire (A8)' });
    await remplirPiece(titulaire, 'FIN-2026-DGD', '118 000,00', '23 600,00', '141 600,00', 'dgd-signe.pdf');
    await titulaire.getByRole('button', { name: 'Déposer la pièce' }).click();
    await titulaire.waitForURL(/\/factures-travaux\/pieces\/\d+$/);
    expect(await titulaire.getByRole('status').innerText()).toContain('La pièce n° FIN-2026-DGD est déposée');
    const idA8 = Number(/\/pieces\/(\d+)$/.exec(titulaire.url())![1]);

    // 5. The service financier (its own software, through the API) puts the balance into payment.
    const paiement = await cproPost(banc.app, await cproHeaders(banc.app, bac, 'Destinataire sans paramètre'), '/cpro/factures/v1/traiter/recue', { idFacture: idA8, nouveauStatut: 'MISE_EN_PAIEMENT' });
    expect(paiement.statusCode).toBe(200);

    // 6. The dossier: the four pieces in order, the DGD in payment, each PDF to download.
    await titulaire.goto(`${url}/factures-travaux`);
    await titulaire.locator('#mes-pieces').getByRole('link', { name: /^DF\d+$/ }).first().click();
    await titulaire.waitForURL(/\/factures-travaux\/dossiers\/\d+$/);
    const texte = await titulaire.locator('#pieces-dossier').innerText();
    const ordre = ['(A7)', '(A17)', '(A20)', '(A8)'].map((c) => texte.indexOf(c));
    expect(ordre.every((i) => i >= 0)).toBe(true);
    expect([...ordre].sort((x, y) => x - y)).toEqual(ordre);
    expect(await titulaire.locator('#pieces-dossier tr', { hasText: 'FIN-2026-DGD' }).innerText()).toMatch(/mise en paiement/i);
    expect(await titulaire.locator('#pieces-dossier').getByRole('link', { name: /Télécharger/ }).count()).toBe(4);
    expect(await violationsGraves(titulaire)).toEqual([]);
    await capturer(titulaire, 'travaux-dgd');
  });
});
