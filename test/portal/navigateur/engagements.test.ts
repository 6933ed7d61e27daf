import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compteOf, matelasOf } from '../../helpers/organisation.js';
import { capturer, demarrer, nouveauBac, nouvellePage, seConnecter, violationsGraves, type Banc } from './harnais.js';

let banc: Banc;
beforeAll(async () => {
  banc = await demarrer();
});
afterAll(async () => banc?.fermer());

describe('Engagements (navigateur)', () => {
  it('la structure publique consulte ses engagements juridiques et en cherche un par son numéro', async () => {
    const bac = await nouveauBac(banc, { nom: 'classe-engagements' });
    const matelas = await matelasOf(banc.app, bac);
    const entite = 'Destinataire avec EJ obligatoire';
    const [ej] = matelas.engagements.filter((e) => e.entite === entite);
    const gp = compteOf(matelas, entite, 'GP');
    const page = await nouvellePage(banc);
    await seConnecter(banc, page, bac, gp.login, gp.motDePasse);
    await page.getByRole('navigation', { name: 'Espaces' }).getByRole('link', { name: 'Engagements' }).click();
    await page.waitForURL(/\/engagements$/);
    expect(await page.locator('#liste-engagements').innerText()).toContain(ej!.numero);
    expect(await violationsGraves(page)).toEqual([]);
    await capturer(page, 'engagements');

    await page.getByLabel('Numéro d’engagement juridique').fill(ej!.numero);
    await page.getByRole('button', { name: 'Rechercher' }).click();
    await page.waitForURL(/numero=/);
    expect(await page.locator('#contenu').innerText()).toContain('1 engagement.');
    expect(await page.getByLabel('Numéro d’engagement juridique').inputValue()).toBe(ej!.numero);
  });
});
