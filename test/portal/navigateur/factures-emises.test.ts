import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { admin, type TestSandbox } from '../../helpers/app.js';
import { acteurs, deposer, structure, traiter } from '../../helpers/factures.js';
import { compteOf, matelasOf } from '../../helpers/organisation.js';
import { capturer, demarrer, nouveauBac, nouvellePage, seConnecter, violationsGraves, type Banc } from './harnais.js';

let banc: Banc;
beforeAll(async () => {
  banc = await demarrer();
});
afterAll(async () => banc?.fermer());

async function statut(bac: TestSandbox, idFacture: number): Promise<string> {
  const res = await banc.app.inject({ method: 'GET', url: `/_sandbox/sandboxes/${bac.id}/factures/${idFacture}`, headers: admin });
  return res.json().facture.statut;
}

function idDeLaPage(page: Page): number {
  return Number(/\/(\d+)$/.exec(new URL(page.url()).pathname)![1]);
}

async function pdfDeFacture(): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const police = await doc.embedFont(StandardFonts.Helvetica);
  doc.addPage().drawText('Facture PDF-2026-001 - 2 x 80,00 EUR HT', { x: 50, y: 750, size: 14, font: police });
  return Buffer.from(await doc.save());
}

describe('factures émises (navigateur)', () => {
  it('le fournisseur saisit, enregistre puis envoie une facture ; suspendue, il l’acquitte et la complète ; payée, il voit l’échéance ; rejet, PDF et messagerie', async () => {
    const bac = await nouveauBac(banc, { nom: 'classe-factures-emises' });
    const matelas = await matelasOf(banc.app, bac);
    const gp = compteOf(matelas, 'Fournisseur', 'GP');
    const siret = structure(banc.app, bac.id, 'Destinataire sans paramètre').identifiant;
    const h = await acteurs(banc.app, bac);
    const page = await nouvellePage(banc);
    await seConnecter(banc, page, bac, gp.login, gp.motDePasse);

    // « Factures émises »: synthesis and search.
    await page.getByRole('navigation', { name: 'Espaces' }).getByRole('link', { name: 'Factures émises' }).click();
    await page.waitForURL(/\/factures-emises$/);
    expect(await page.locator('#synthese').innerText()).toContain('Mises en paiement');
    expect(await violationsGraves(page)).toEqual([]);
    await capturer(page, 'factures-emises');

    // Saisie: recipient from the directory, two lines at two VAT rates, totals computed.
    await page.getByRole('link', { name: 'Saisir une facture' }).click();
    await page.waitForURL(/\/factures-emises\/saisie$/);
    await page.getByLabel('Rechercher un destinataire dans l’annuaire').fill(siret);
    await page.getByRole('button', { name: 'Rechercher' }).click();
    await page.waitForLoadState();
    await page.locator('#resultats-destinataires').getByRole('button', { name: /Choisir/ }).first().click();
    await page.waitForLoadState();
    expect(await page.getByLabel('SIRET du destinataire').inputValue()).toBe(siret);
    expect(await page.locator('#obligations-destinataire').innerText()).toContain('n’exige ni code service ni numéro d’engagement');
    await page.getByLabel('Numéro de facture').fill('NAV-2026-001');
    await page.getByLabel('Date de facture').fill('2026-11-20');
    await page.getByLabel('Désignation ligne 1').fill('Maintenance du logiciel');
    await page.getByLabel('Quantité ligne 1').fill('2');
    await page.getByLabel('Prix unitaire HT ligne 1').fill('100');
    await page.getByLabel('Taux de TVA ligne 1').selectOption('TVA2');
    await page.getByLabel('Désignation ligne 2').fill('Manuels');
    await page.getByLabel('Quantité ligne 2').fill('3');
    await page.getByLabel('Prix unitaire HT ligne 2').fill('10,50');
    await page.getByLabel('Taux de TVA ligne 2').selectOption('TVA4');
    await page.getByRole('button', { name: 'Calculer les totaux' }).click();
    await page.waitForLoadState();
    // 200 € at 20 % and 31,50 € at 5,5 %: 231,50 € HT, 41,73 € TVA, 273,23 € TTC.
    expect(await page.locator('#total-ht').innerText()).toMatch(/231,50\s€/);
    expect(await page.locator('#total-ttc').innerText()).toMatch(/273,23\s€/);
    expect(await page.getByLabel('Désignation ligne 2').inputValue()).toBe('Manuels');
    expect(await violationsGraves(page)).toEqual([]);
    await capturer(page, 'saisie');

    await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
    await page.waitForURL(/\/factures-emises\/\d+$/);
    const id = idDeLaPage(page);
    expect(await page.getByRole('status').innerText()).toContain('Brouillon de la facture NAV-2026-001 enregistré');
    expect(await statut(bac, id)).toBe('BROUILLON');
    await page.getByLabel('Type de la pièce jointe').selectOption('DEVIS');
    await page.getByLabel('Fichier', { exact: false }).first().setInputFiles({ name: 'devis-signe.pdf', mimeType: 'application/pdf', buffer: await pdfDeFacture() });
    await page.getByRole('button', { name: 'Ajouter la pièce jointe' }).click();
    await page.waitForLoadState();
    expect(await page.getByRole('status').innerText()).toContain('devis-signe.pdf');
    expect(await page.locator('#pieces-jointes').innerText()).toContain('Devis');
    await page.getByRole('button', { name: 'Valider et envoyer' }).click();
    await page.waitForURL(/\/factures-emises\/\d+$/);
    expect(await page.getByRole('status').innerText()).toContain('validée et envoyée');
    expect(await statut(bac, id)).toBe('MISE_A_DISPOSITION');

    // The recipient suspends it (its pages are another espace): through the API.
    expect((await traiter(banc.app, h.destinataire, id, 'SUSPENDUE', { motif: 'Bon de livraison manquant' })).statusCode).toBe(200);

    // At the next login, the rejections and suspensions to acknowledge are announced in a pop-up (a DSFR
    // modal opened on load), the home page's alert staying behind it.
    await page.getByRole('button', { name: 'Se déconnecter' }).click();
    await page.waitForURL(/\/connexion$/);
    await seConnecter(banc, page, bac, gp.login, gp.motDePasse, { garderModale: true });
    const modale = page.locator('dialog.fr-modal');
    await modale.waitFor({ state: 'visible' });
    expect(await modale.isVisible()).toBe(true);
    expect(await modale.innerText()).toMatch(/\d+ factures? rejetées? ou suspendues? à acquitter/);
    const ligneModale = modale.locator('tr', { hasText: 'NAV-2026-001' });
    expect(await ligneModale.innerText()).toContain('Bon de livraison manquant');
    expect(await violationsGraves(page)).toEqual([]);
    await capturer(page, 'modale-acquittement');
    // « Plus tard » closes it; the alert of the home page still leads to the list.
    await modale.getByRole('button', { name: 'Plus tard' }).click();
    await modale.waitFor({ state: 'hidden' });
    expect(await page.locator('#alerte-acquittements').innerText()).toContain('à acquitter');
    // Shown once per login: back on the home page, no pop-up.
    await page.reload();
    expect(await page.locator('dialog.fr-modal').count()).toBe(0);
    // Next login: acknowledged from the pop-up.
    await page.getByRole('button', { name: 'Se déconnecter' }).click();
    await page.waitForURL(/\/connexion$/);
    await seConnecter(banc, page, bac, gp.login, gp.motDePasse, { garderModale: true });
    await modale.waitFor({ state: 'visible' });
    await modale.locator('tr', { hasText: 'NAV-2026-001' }).getByRole('button', { name: /Acquitter/ }).click();
    // Back on the home page, with the success message; the list no longer has it.
    await page.waitForURL(new RegExp(`/portail/${bac.id}/$`));
    expect(await page.getByRole('status').innerText()).toContain('Suspension acquittée');
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toContain('Bonjour');
    await page.goto(`${banc.url}/portail/${bac.id}/factures-emises/acquittements`);
    expect(await page.locator('main').innerText()).not.toContain('NAV-2026-001');

    // Compléter, with a document.
    await page.goto(`${banc.url}/portail/${bac.id}/factures-emises/${id}`);
    expect(await page.locator('#consigne').innerText()).toContain('Bon de livraison manquant');
    await page.getByLabel('Commentaire pour le destinataire').fill('Bon de livraison joint');
    await page.getByLabel('Type de la pièce jointe').selectOption('BON_LIVRAISON');
    await page.getByLabel(/Pièce justificative/).setInputFiles({ name: 'bon-livraison.pdf', mimeType: 'application/pdf', buffer: await pdfDeFacture() });
    await page.getByRole('button', { name: 'Compléter' }).click();
    await page.waitForURL(/\/factures-emises\/\d+$/);
    expect(await page.getByRole('status').innerText()).toContain('Facture complétée');
    expect(await statut(bac, id)).toBe('COMPLETEE');
    expect(await page.locator('#pieces-jointes').innerText()).toContain('bon-livraison.pdf');

    // The recipient pays: the supplier sees « Mise en paiement », the delay and its due date.
    expect((await traiter(banc.app, h.destinataire, id, 'MISE_EN_PAIEMENT')).statusCode).toBe(200);
    await page.reload();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('Mise en paiement'); // the badge is shown in capitals
    const delai = await page.locator('#delai-paiement').innerText();
    expect(delai).toContain('30 jours');
    expect(delai).toMatch(/Date d’échéance\s*\d{2}\/\d{2}\/\d{4}/);
    expect(delai).toMatch(/Date de mise en paiement\s*\d{2}\/\d{2}\/\d{4}/);
    expect(await page.locator('#historique').innerText()).toContain('Suspendue');
    expect(await violationsGraves(page)).toEqual([]);
    await capturer(page, 'consultation-facture');
    const telechargement = page.waitForEvent('download');
    await page.getByRole('link', { name: 'Télécharger le certificat de dépôt' }).click();
    expect((await telechargement).suggestedFilename()).toBe(`certificat-depot-${id}.pdf`);

    // A rejected invoice, acknowledged from its fiche.
    const rejetee = await deposer(banc.app, bac, h.fournisseur);
    await traiter(banc.app, h.destinataire, rejetee, 'REJETEE', { motif: 'Numéro de commande inconnu' });
    await page.goto(`${banc.url}/portail/${bac.id}/factures-emises?statut=REJETEE`);
    await page.locator(`#liste-factures a[href$="/factures-emises/${rejetee}"]`).click();
    await page.waitForURL(/\/factures-emises\/\d+$/);
    expect(await page.locator('#consigne').innerText()).toContain('Numéro de commande inconnu');
    await page.getByRole('button', { name: 'Acquitter le rejet' }).click();
    await page.waitForLoadState();
    expect(await page.getByRole('status').innerText()).toContain('Rejet acquitté');

    // A PDF deposited, then completed from its pre-filled form.
    await page.goto(`${banc.url}/portail/${bac.id}/factures-emises/depot-pdf`);
    expect(await violationsGraves(page)).toEqual([]);
    await capturer(page, 'depot-pdf');
    await page.getByLabel('Fichier de la facture').setInputFiles({ name: 'PDF-2026-001.pdf', mimeType: 'application/pdf', buffer: await pdfDeFacture() });
    await page.getByRole('button', { name: 'Déposer' }).click();
    await page.waitForURL(/\/depot-pdf\/\d+$/);
    const idPdf = idDeLaPage(page);
    expect(await statut(bac, idPdf)).toBe('INTERPRETEE_OCR');
    expect(await page.locator('#donnees-reconnues').innerText()).toContain('PDF-2026-001.pdf');
    await page.getByLabel('SIRET du destinataire').fill(siret);
    await page.getByLabel('Numéro de facture').fill('PDF-2026-001');
    await page.getByLabel('Date de facture').fill('2026-11-21');
    await page.getByLabel('Désignation ligne 1').fill('Formation');
    await page.getByLabel('Quantité ligne 1').fill('2');
    await page.getByLabel('Prix unitaire HT ligne 1').fill('80');
    await page.getByRole('button', { name: 'Valider et envoyer' }).click();
    await page.waitForURL(/\/factures-emises\/\d+$/);
    expect(idDeLaPage(page)).toBe(idPdf);
    expect(await statut(bac, idPdf)).toBe('MISE_A_DISPOSITION');

    // The mails of each step, in « Messagerie ».
    await page.getByRole('link', { name: 'Messagerie' }).first().click();
    await page.waitForURL(/\/messagerie$/);
    const mails = await page.locator('#courriels').innerText();
    expect(mails).toContain('code de connexion');
    expect(mails).toContain('NAV-2026-001 : Suspendue');
    expect(mails).toContain('NAV-2026-001 : Mise en paiement');
    expect(mails).toContain('PDF-2026-001');
    expect(await violationsGraves(page)).toEqual([]);
    await capturer(page, 'messagerie');
  });

  it('une saisie fautive est refusée à côté du champ et garde ce qui a été tapé', async () => {
    const bac = await nouveauBac(banc, { nom: 'classe-saisie-fautive' });
    const gp = compteOf(await matelasOf(banc.app, bac), 'Fournisseur', 'GP');
    const siret = structure(banc.app, bac.id, 'Destinataire avec service obligatoire').identifiant;
    const page = await nouvellePage(banc);
    await seConnecter(banc, page, bac, gp.login, gp.motDePasse);
    await page.goto(`${banc.url}/portail/${bac.id}/factures-emises/saisie?destinataire=${siret}`);
    expect(await page.locator('#obligations-destinataire').innerText()).toContain('le code service est obligatoire');
    await page.getByLabel('Numéro de facture').fill('ERR-1');
    await page.getByLabel('Date de facture').fill('2026-11-20');
    await page.getByLabel('Désignation ligne 1').fill('Prestation');
    await page.getByLabel('Quantité ligne 1').fill('1');
    await page.getByLabel('Prix unitaire HT ligne 1').fill('500');
    await page.getByRole('button', { name: 'Valider et envoyer' }).click();
    await page.waitForLoadState();
    expect(await page.locator('#champ-codeServiceExecutant-erreur').innerText()).toMatch(/service/i);
    expect(await page.getByLabel('Désignation ligne 1').inputValue()).toBe('Prestation');
    expect(await violationsGraves(page)).toEqual([]);
  });

  it('le sous-traitant saisit une facture A9 en brouillon, la modifie et l’envoie à son titulaire, qui la valide dans « Factures à valider » : elle est mise à disposition du destinataire', async () => {
    const bac = await nouveauBac(banc, { nom: 'classe-sous-traitance' });
    const matelas = await matelasOf(banc.app, bac);
    const st = compteOf(matelas, 'Sous-traitant', 'GP');
    const titulaire = compteOf(matelas, 'Titulaire', 'GP');
    const siretTitulaire = structure(banc.app, bac.id, 'Titulaire').identifiant;
    const siret = structure(banc.app, bac.id, 'Destinataire sans paramètre').identifiant;
    const page = await nouvellePage(banc);
    await seConnecter(banc, page, bac, st.login, st.motDePasse);

    // Cadre A9: the form then asks for the valideur, the titulaire, looked up by his name or SIRET.
    await page.goto(`${banc.url}/portail/${bac.id}/factures-emises/saisie?destinataire=${siret}`);
    await page.getByLabel('Cadre de facturation').selectOption('A9_FACTURE_SOUSTRAITANT');
    await page.getByRole('button', { name: 'Appliquer le cadre' }).click();
    await page.waitForLoadState();
    expect(await page.locator('#valideur').innerText()).toContain('Factures à valider');
    await page.getByLabel('Numéro de facture').fill('ST-2026-001');
    await page.getByLabel('Date de facture').fill('2026-11-20');
    await page.getByLabel('Désignation ligne 1').fill('Lot électricité');
    await page.getByLabel('Quantité ligne 1').fill('8');
    await page.getByLabel('Prix unitaire HT ligne 1').fill('100');
    // Without a valideur, « Valider et envoyer » is refused beside his field, with the API's code.
    await page.getByRole('button', { name: 'Valider et envoyer' }).click();
    await page.waitForLoadState();
    expect(await page.locator('#champ-codeStructureValideur-erreur').innerText()).toContain('Le valideur est obligatoire');
    expect(await page.locator('#champ-codeStructureValideur-erreur').innerText()).toContain('20401');
    expect(await page.getByLabel('Désignation ligne 1').inputValue()).toBe('Lot électricité');
    // The titulaire is found by his name: « Rechercher le valideur » lists the companies, « Choisir » fills his SIRET.
    const nomTitulaire = structure(banc.app, bac.id, 'Titulaire').raisonSociale;
    await page.getByLabel('Rechercher le titulaire').fill(nomTitulaire);
    await page.getByRole('button', { name: 'Rechercher le valideur' }).click();
    await page.waitForLoadState();
    expect(await page.locator('#resultats-valideurs').innerText()).toContain(siretTitulaire);
    await page.locator('#resultats-valideurs').getByRole('button', { name: `Choisir ${nomTitulaire}` }).click();
    await page.waitForLoadState();
    expect(await page.getByLabel('SIRET du valideur (titulaire)').inputValue()).toBe(siretTitulaire);
    expect(await page.locator('#valideur-trouve').innerText()).toContain(siretTitulaire);
    expect(await page.getByLabel('Désignation ligne 1').inputValue()).toBe('Lot électricité');
    expect(await violationsGraves(page)).toEqual([]);
    await capturer(page, 'saisie-sous-traitant');

    // Saved as a draft, then « Modifier le brouillon »: pre-filled, one more line, sent.
    await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
    await page.waitForURL(/\/factures-emises\/\d+$/);
    const id = idDeLaPage(page);
    expect(await statut(bac, id)).toBe('BROUILLON');
    await page.getByRole('link', { name: 'Modifier le brouillon' }).click();
    await page.waitForURL(/\/modifier$/);
    expect(await page.getByLabel('Numéro de facture').inputValue()).toBe('ST-2026-001');
    expect(await page.getByLabel('SIRET du valideur (titulaire)').inputValue()).toBe(siretTitulaire);
    expect(await page.getByLabel('Quantité ligne 1').inputValue()).toBe('8');
    await page.getByLabel('Quantité ligne 1').fill('10');
    await page.getByRole('button', { name: 'Enregistrer les modifications' }).click();
    await page.waitForURL(/\/factures-emises\/\d+$/);
    expect(await page.getByRole('status').innerText()).toContain('Brouillon de la facture ST-2026-001 modifié');
    expect(await page.locator('main').innerText()).toMatch(/Montant TTC\s*1\s?200,00\s€/);
    await page.getByRole('link', { name: 'Modifier le brouillon' }).click();
    await page.waitForURL(/\/modifier$/);
    await page.getByRole('button', { name: 'Valider et envoyer' }).click();
    await page.waitForURL(/\/factures-emises\/\d+$/);
    expect(await page.getByRole('status').innerText()).toContain('mise à disposition de son valideur');
    expect(await statut(bac, id)).toBe('A_VALIDER_1');

    // The titulaire validates it in « Factures à valider », in his own browser session.
    const page2 = await nouvellePage(banc);
    await seConnecter(banc, page2, bac, titulaire.login, titulaire.motDePasse);
    await page2.goto(`${banc.url}/portail/${bac.id}/factures-a-valider`);
    await page2.locator('#a-valider').getByRole('link', { name: 'ST-2026-001' }).click();
    await page2.waitForURL(new RegExp(`/factures-a-valider/${id}$`));
    await page2.locator('label[for="decision-VALIDATION"]').click();
    await page2.getByLabel('Complément d’information').fill('Vous êtes titulaire : prestation conforme');
    await page2.getByRole('button', { name: 'Enregistrer la décision' }).click();
    await page2.waitForURL(new RegExp(`/factures-a-valider/${id}$`));
    expect(await page2.getByRole('status').innerText()).toContain('est validée');

    // The sub-contractor sees it « Mise à disposition » of the recipient.
    await page.reload();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('Mise à disposition');
    expect(await statut(bac, id)).toBe('MISE_A_DISPOSITION');
  });
});
