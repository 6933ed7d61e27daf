import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compteOf, matelasOf } from '../../helpers/organisation.js';
import { capturer, demarrer, nouveauBac, nouvellePage, seConnecter, violationsGraves, type Banc } from './harnais.js';

let banc: Banc;
beforeAll(async () => {
  banc = await demarrer();
});
afterAll(async () => banc?.fermer());

/** The main pages a trainee opens, under the sandbox's portal. */
const PAGES = [
  '/',
  '/mon-compte',
  '/mon-compte/completude',
  '/gestionnaire',
  '/factures-emises',
  '/factures-emises/saisie',
  '/factures-recues',
  '/factures-travaux',
  '/sollicitations-emises',
  '/engagements',
  '/messagerie',
  '/notifications',
];

describe('sur une tablette (navigateur)', () => {
  it('les pages principales tiennent dans la largeur d’une tablette en portrait, le menu s’ouvre au doigt, et axe ne trouve rien de grave', async () => {
    const bac = await nouveauBac(banc, { nom: 'classe-tablette' });
    const gp = compteOf(await matelasOf(banc.app, bac), 'Fournisseur', 'GP');
    const largeur = 820;
    const page = await nouvellePage(banc, { width: largeur, height: 1180 });
    await seConnecter(banc, page, bac, gp.login, gp.motDePasse);
    for (const chemin of PAGES) {
      const res = await page.goto(`${banc.url}/portail/${bac.id}${chemin}`);
      expect(res?.status(), chemin).toBe(200);
      // No sideways scrolling of the page itself (wide tables scroll inside their own DSFR wrapper).
      const debord = await page.evaluate(() => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth);
      expect(debord, chemin).toBeLessThanOrEqual(largeur);
      expect(await violationsGraves(page), chemin).toEqual([]);
    }
    // The espaces are behind the DSFR « Menu » button at this width: it opens them.
    await page.goto(`${banc.url}/portail/${bac.id}/`);
    await page.getByRole('button', { name: 'Menu' }).click();
    const lien = page.getByRole('navigation', { name: 'Espaces' }).getByRole('link', { name: 'Factures reçues' });
    expect(await lien.isVisible()).toBe(true);
    await capturer(page, 'tablette-menu');
    await lien.click();
    await page.waitForURL(/\/factures-recues$/);
  });
});
