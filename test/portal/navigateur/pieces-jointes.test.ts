import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { compteOf, matelasOf } from '../../helpers/organisation.js';
import { capturer, demarrer, nouveauBac, nouvellePage, seConnecter, violationsGraves, type Banc } from './harnais.js';

/**
 * « Mes pièces jointes » of « Mon compte » (chorus-domain §1.2, §4.3), as a trainee does it: a
 * refused format said beside the field, then a Kbis in PDF added, listed, downloaded intact.
 */
let banc: Banc;
beforeAll(async () => {
  banc = await demarrer();
});
afterAll(async () => banc?.fermer());

async function kbis(): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const police = await doc.embedFont(StandardFonts.Helvetica);
  doc.addPage().drawText('Extrait Kbis - Fournisseur du matelas', { x: 50, y: 750, size: 14, font: police });
  return Buffer.from(await doc.save());
}

describe('Mes pièces jointes (navigateur)', () => {
  it('le gestionnaire ajoute un PDF à ses pièces jointes depuis Mon compte, le voit listé et le télécharge', async () => {
    const bac = await nouveauBac(banc, { nom: 'classe-pieces-jointes' });
    const gp = compteOf(await matelasOf(banc.app, bac), 'Fournisseur', 'GP');
    const page = await nouvellePage(banc);
    await seConnecter(banc, page, bac, gp.login, gp.motDePasse);
    await page.getByRole('navigation', { name: 'Espaces' }).getByRole('link', { name: 'Mon compte' }).click();
    await page.waitForURL(/\/mon-compte$/);
    await page.getByRole('link', { name: 'Gérer mes pièces jointes' }).click();
    await page.waitForURL(/\/mon-compte\/pieces-jointes$/);
    expect(await page.locator('#liste-pieces-jointes').innerText()).toContain('Aucune pièce jointe');

    await page.getByLabel(/^Fichier/).setInputFiles({ name: 'installeur.exe', mimeType: 'application/octet-stream', buffer: Buffer.from('MZ') });
    await page.getByRole('button', { name: 'Ajouter la pièce jointe' }).click();
    await page.waitForLoadState();
    expect(await page.locator('#champ-fichier-erreur').innerText()).toContain('n’est pas accepté');

    const contenu = await kbis();
    await page.getByLabel(/^Fichier/).setInputFiles({ name: 'kbis-fournisseur.pdf', mimeType: 'application/pdf', buffer: contenu });
    await page.getByRole('button', { name: 'Ajouter la pièce jointe' }).click();
    await page.waitForURL(/\/mon-compte\/pieces-jointes$/);
    expect(await page.getByRole('status').innerText()).toContain('« kbis-fournisseur.pdf » est ajoutée');
    const liste = await page.locator('#liste-pieces-jointes').innerText();
    expect(liste).toContain('kbis-fournisseur.pdf');
    expect(liste).toContain('PDF');
    expect(liste).toMatch(/\d+(,\d)? Ko|\d+ octets/);
    expect(await violationsGraves(page)).toEqual([]);
    await capturer(page, 'pieces-jointes');

    const [telechargement] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Télécharger kbis-fournisseur.pdf' }).click()]);
    expect(telechargement.suggestedFilename()).toBe('kbis-fournisseur.pdf');
    expect((await readFile((await telechargement.path())!)).equals(contenu)).toBe(true);
  });
});
