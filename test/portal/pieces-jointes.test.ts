import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { PDFDocument } from 'pdf-lib';
import { admin, buildTestApp, createSandbox, type TestSandbox } from '../helpers/app.js';
import { compteOf, matelasOf } from '../helpers/organisation.js';
import { Navigateur, portailDe, seConnecter } from '../helpers/portail.js';

/**
 * « Mes pièces jointes » in « Mon compte » (chorus-domain §1.2, §4.3): a user's own files, uploaded
 * once (10 Mo, 50 characters of name, the platform's formats), listed, downloaded and deleted.
 */
let app: FastifyInstance;
let bac: TestSandbox;
let nav: Navigateur;
let autreNav: Navigateur;

/** Posts the upload form as a browser does, from the list page (its token, unless `sansJeton`). */
async function deposer(n: Navigateur, fichier?: { nom: string; type: string; contenu: Buffer }, sansJeton = false) {
  await n.get('/mon-compte/pieces-jointes');
  return n.postMultipart('/mon-compte/pieces-jointes', {}, fichier, sansJeton ? null : undefined);
}

/** The session cookie the helper browser keeps (its getter is private to the helper's type only). */
const cookieDe = (n: Navigateur) => (n as unknown as { cookie: string }).cookie;

async function pdf(texte: string): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.addPage().drawText(texte);
  return Buffer.from(await doc.save());
}

/** The id of the file named `nom` in the list page. */
function idDe(corps: string, nom: string): number {
  const ligne = corps.split('<tr>').find((l) => l.includes(`<td>${nom}</td>`));
  const id = ligne && /pieces-jointes\/(\d+)"/.exec(ligne)?.[1];
  if (!id) throw new Error(`${nom} is not listed`);
  return Number(id);
}

beforeAll(async () => {
  app = await buildTestApp();
  bac = await createSandbox(app, { nom: 'portail-pieces-jointes' });
  // 23:30 UTC on 30 November is already 1 December, 00:30, in Paris.
  const horloge = await app.inject({ method: 'PUT', url: `/_sandbox/sandboxes/${bac.id}/clock`, headers: admin, payload: { mode: 'frozen', date: '2026-11-30T23:30:00Z' } });
  expect(horloge.statusCode, horloge.body).toBe(200);
  const matelas = await matelasOf(app, bac);
  const gp = compteOf(matelas, 'Fournisseur', 'GP');
  nav = new Navigateur(app, portailDe(bac));
  await seConnecter(app, nav, bac.id, gp.login, gp.motDePasse);
  const autre = compteOf(matelas, 'Fournisseur', 'US');
  autreNav = new Navigateur(app, portailDe(bac));
  await seConnecter(app, autreNav, bac.id, autre.login, autre.motDePasse);
});
afterAll(async () => app.close());

describe('portail : Mes pièces jointes (Mon compte)', () => {
  it('Mon compte mène à la bibliothèque, vide au départ, avec son formulaire d’envoi', async () => {
    const compte = await nav.get('/mon-compte');
    expect(compte.body).toContain(`href="${portailDe(bac)}/mon-compte/pieces-jointes"`);
    expect(compte.body).toContain('Mes pièces jointes');
    const page = await nav.get('/mon-compte/pieces-jointes');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<h1>Mes pièces jointes</h1>');
    expect(page.body).toContain('Aucune pièce jointe');
    expect(page.body).toContain('enctype="multipart/form-data"');
    expect(page.body).toContain('name="_csrf"');
    expect(page.body).toMatch(/10 Mo au plus/);
  });

  it('ajoute un PDF et un texte, les liste (nom, type, taille en Ko, date de Paris) et rend les mêmes octets en pièce jointe', async () => {
    const contenu = await pdf('Kbis de la société');
    const ajout = await deposer(nav, { nom: 'kbis-2026.pdf', type: 'application/pdf', contenu });
    expect(ajout.statusCode, ajout.body).toBe(303);
    expect(ajout.headers.location).toBe(`${portailDe(bac)}/mon-compte/pieces-jointes`);
    const second = await deposer(nav, { nom: 'attestation urssaf.txt', type: 'text/plain', contenu: Buffer.alloc(1536, 'a') });
    expect(second.statusCode).toBe(303);
    const page = await nav.suivre(second);
    expect(page.body).toContain('La pièce jointe « attestation urssaf.txt » est ajoutée');
    expect(page.body).toMatch(/<td>attestation urssaf\.txt<\/td>\s*<td>TXT<\/td>\s*<td>1,5 Ko<\/td>\s*<td>01\/12\/2026 à 00:30<\/td>/);
    expect(page.body).toMatch(/<td>kbis-2026\.pdf<\/td>\s*<td>PDF<\/td>/);
    expect(page.body).toContain('Télécharger');
    expect(page.body).toContain('Supprimer');

    const id = idDe(page.body, 'kbis-2026.pdf');
    const telechargement = await nav.get(`/mon-compte/pieces-jointes/${id}`);
    expect(telechargement.statusCode).toBe(200);
    expect(telechargement.headers['content-type']).toBe('application/pdf');
    expect(telechargement.headers['content-disposition']).toMatch(/^attachment; filename="kbis-2026\.pdf"/);
    expect(telechargement.rawPayload.equals(contenu)).toBe(true);
  });

  it('un nom accentué se télécharge sous son nom exact', async () => {
    expect((await deposer(nav, { nom: 'relevé bancaire.pdf', type: 'application/pdf', contenu: await pdf('RIB') })).statusCode).toBe(303);
    const id = idDe((await nav.get('/mon-compte/pieces-jointes')).body, 'relevé bancaire.pdf');
    const res = await nav.get(`/mon-compte/pieces-jointes/${id}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toContain("filename*=UTF-8''relev%C3%A9%20bancaire.pdf");
  });

  it('supprime un fichier : il quitte la liste et ne se télécharge plus', async () => {
    expect((await deposer(nav, { nom: 'devis-perime.pdf', type: 'application/pdf', contenu: await pdf('Devis') })).statusCode).toBe(303);
    const id = idDe((await nav.get('/mon-compte/pieces-jointes')).body, 'devis-perime.pdf');
    const suppression = await nav.post(`/mon-compte/pieces-jointes/${id}/supprimer`);
    expect(suppression.statusCode).toBe(303);
    const page = await nav.suivre(suppression);
    expect(page.body).toContain('La pièce jointe est supprimée');
    expect(page.body).not.toContain('devis-perime.pdf');
    const apres = await nav.get(`/mon-compte/pieces-jointes/${id}`);
    expect(apres.statusCode).toBe(400);
    expect(apres.headers['content-type']).toContain('text/html');
    expect(apres.body).toContain('La pièce jointe n&#39;existe pas');
  });

  it('un format non accepté, un nom trop long, un envoi sans fichier sont refusés à côté du champ (400)', async () => {
    for (const [nom, message] of [
      ['outil.exe', 'n’est pas accepté'],
      [`${'x'.repeat(47)}.pdf`, '50 caractères'],
    ] as const) {
      const res = await deposer(nav, { nom, type: 'application/octet-stream', contenu: Buffer.from('MZ') });
      expect(res.statusCode).toBe(400);
      expect(res.body).toContain('id="champ-fichier-erreur"');
      expect(/id="champ-fichier-erreur">([^<]*)</.exec(res.body)![1]).toContain(message);
      expect(res.body).toContain('aria-invalid="true"');
    }
    const vide = await deposer(nav, { nom: 'vide.pdf', type: 'application/pdf', contenu: Buffer.alloc(0) });
    expect(vide.statusCode).toBe(400);
    expect(vide.body).toContain('id="champ-fichier-erreur"');
    const sans = await deposer(nav);
    expect(sans.statusCode).toBe(400);
    expect(sans.body).toContain('Choisissez le fichier');
    expect((await nav.get('/mon-compte/pieces-jointes')).body).not.toContain('outil.exe');
  });

  it('un fichier de plus de 10 Mo est refusé à côté du champ, sans erreur serveur', async () => {
    const res = await deposer(nav, { nom: 'plans.pdf', type: 'application/pdf', contenu: Buffer.alloc(10 * 1024 * 1024 + 10, 1) });
    expect(res.statusCode).toBe(400);
    expect(/id="champ-fichier-erreur">([^<]*)</.exec(res.body)![1]).toContain('10 Mo');
    expect((await nav.get('/mon-compte/pieces-jointes')).body).not.toContain('plans.pdf');
    // Two files in one form (the form has one field): refused as a whole, never a 5xx.
    const page = await nav.get('/mon-compte/pieces-jointes');
    const jeton = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
    const limite = '----deux-fichiers';
    const partie = (nom: string) => Buffer.from(`--${limite}\r\nContent-Disposition: form-data; name="fichier"; filename="${nom}"\r\nContent-Type: text/plain\r\n\r\nabc\r\n`);
    const corps = Buffer.concat([Buffer.from(`--${limite}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${jeton}\r\n`), partie('un.txt'), partie('deux.txt'), Buffer.from(`--${limite}--\r\n`)]);
    const deux = await app.inject({ method: 'POST', url: `${nav.base}/mon-compte/pieces-jointes`, headers: { cookie: cookieDe(nav), 'content-type': `multipart/form-data; boundary=${limite}` }, payload: corps });
    expect(deux.statusCode).toBeGreaterThanOrEqual(400);
    expect(deux.statusCode).toBeLessThan(500);
    expect((await nav.get('/mon-compte/pieces-jointes')).body).not.toContain('deux.txt');
  });

  it('un envoi sans jeton CSRF est refusé (403) et rien n’est ajouté', async () => {
    const res = await deposer(nav, { nom: 'sans-jeton.pdf', type: 'application/pdf', contenu: await pdf('x') }, true);
    expect(res.statusCode).toBe(403);
    expect((await nav.get('/mon-compte/pieces-jointes')).body).not.toContain('sans-jeton.pdf');
    const page = await nav.get('/mon-compte/pieces-jointes');
    const id = idDe(page.body, 'kbis-2026.pdf');
    const suppression = await nav.post(`/mon-compte/pieces-jointes/${id}/supprimer`, { _csrf: 'faux' });
    expect(suppression.statusCode).toBe(403);
    expect((await nav.get('/mon-compte/pieces-jointes')).body).toContain('kbis-2026.pdf');
  });

  it('un autre utilisateur de la même structure ne voit, ne télécharge ni ne supprime le fichier', async () => {
    const id = idDe((await nav.get('/mon-compte/pieces-jointes')).body, 'kbis-2026.pdf');
    const liste = await autreNav.get('/mon-compte/pieces-jointes');
    expect(liste.statusCode).toBe(200);
    expect(liste.body).not.toContain('kbis-2026.pdf');
    const lu = await autreNav.get(`/mon-compte/pieces-jointes/${id}`);
    expect([400, 403, 404]).toContain(lu.statusCode);
    expect(lu.headers['content-type']).toContain('text/html');
    expect(lu.headers['content-disposition']).toBeUndefined();
    expect(lu.body).not.toContain('%PDF');
    const suppression = await autreNav.post(`/mon-compte/pieces-jointes/${id}/supprimer`);
    expect(suppression.statusCode).toBe(400);
    expect(suppression.body).toContain('parmi vos pièces jointes');
    expect((await nav.get(`/mon-compte/pieces-jointes/${id}`)).statusCode).toBe(200);
    expect((await nav.get('/mon-compte/pieces-jointes/abc')).statusCode).toBe(404);
  });

  it('un autre bac à sable ne connaît ni la session ni le fichier', async () => {
    const id = idDe((await nav.get('/mon-compte/pieces-jointes')).body, 'kbis-2026.pdf');
    const autre = await createSandbox(app, { nom: 'portail-pieces-jointes-2' });
    const intrus = await app.inject({ method: 'GET', url: `${portailDe(autre)}/mon-compte/pieces-jointes/${id}`, headers: { cookie: cookieDe(nav) } });
    expect(intrus.statusCode).toBe(303);
    expect(intrus.headers.location).toBe(`${portailDe(autre)}/connexion`);
    // Its own Fournisseur's gestionnaire has no such file either.
    const gp2 = compteOf(await matelasOf(app, autre), 'Fournisseur', 'GP');
    const nav2 = new Navigateur(app, portailDe(autre));
    await seConnecter(app, nav2, autre.id, gp2.login, gp2.motDePasse);
    expect((await nav2.get('/mon-compte/pieces-jointes')).body).toContain('Aucune pièce jointe');
    const lu = await nav2.get(`/mon-compte/pieces-jointes/${id}`);
    expect(lu.statusCode).toBe(400);
    expect(lu.body).not.toContain('%PDF');
  });
});
