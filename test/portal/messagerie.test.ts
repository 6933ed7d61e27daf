import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { admin, buildTestApp, createSandbox, type TestSandbox } from '../helpers/app.js';
import { acteurs, deposer, traiter } from '../helpers/factures.js';
import { compteOf, matelasOf } from '../helpers/organisation.js';
import { courriels, Navigateur, portailDe, seConnecter } from '../helpers/portail.js';

let app: FastifyInstance;
let bac: TestSandbox;
let gp: { login: string; motDePasse: string };

beforeAll(async () => {
  app = await buildTestApp();
  bac = await createSandbox(app, { nom: 'portail-messagerie' });
  gp = compteOf(await matelasOf(app, bac), 'Fournisseur', 'GP');
});
afterAll(async () => app.close());

async function notificationsDe(login: string) {
  const res = await app.inject({ method: 'GET', url: `/_sandbox/sandboxes/${bac.id}/notifications?login=${encodeURIComponent(login)}`, headers: admin });
  return res.json().notifications as { id: number; lu: boolean; message: string }[];
}

describe('portail : messagerie et notifications', () => {
  it('la messagerie montre les courriels de l’utilisateur, le code de connexion compris, les plus récents d’abord', async () => {
    const nav = new Navigateur(app, portailDe(bac));
    await seConnecter(app, nav, bac.id, gp.login, gp.motDePasse);
    const res = await nav.get('/messagerie');
    expect(res.statusCode).toBe(200);
    const mails = await courriels(app, bac.id, gp.login);
    expect(mails[0]!.nature).toBe('SECOND_FACTEUR');
    expect(res.body).toContain(mails[0]!.sujet);
    expect(res.body).toContain(/(\d{6})/.exec(mails[0]!.corps)![1]);
    // Only his own mails: another user's code is not shown.
    const autre = compteOf(await matelasOf(app, bac), 'Destinataire sans paramètre', 'GP');
    const autreNav = new Navigateur(app, portailDe(bac));
    await seConnecter(app, autreNav, bac.id, autre.login, autre.motDePasse);
    const codeAutre = /(\d{6})/.exec((await courriels(app, bac.id, autre.login))[0]!.corps)![1]!;
    expect((await nav.get('/messagerie')).body).not.toContain(`${codeAutre}`);
  });

  it('les notifications se lisent et se marquent comme lues, une par une ou toutes', async () => {
    const h = await acteurs(app, bac);
    const id = await deposer(app, bac, h.fournisseur);
    await traiter(app, h.destinataire, id, 'SUSPENDUE', { motif: 'Pièce manquante' });
    const nav = new Navigateur(app, portailDe(bac));
    await seConnecter(app, nav, bac.id, gp.login, gp.motDePasse);
    const page = await nav.get('/notifications');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Pièce manquante');
    const avant = await notificationsDe(gp.login);
    const premiere = avant.find((n) => !n.lu)!;
    const une = await nav.post('/notifications/lues', { ids: String(premiere.id), quoi: 'selection' });
    expect(une.statusCode).toBe(303);
    expect((await notificationsDe(gp.login)).find((n) => n.id === premiere.id)!.lu).toBe(true);
    await nav.get('/notifications');
    const aucune = await nav.post('/notifications/lues', { quoi: 'selection' });
    expect(aucune.statusCode).toBe(303);
    expect((await nav.suivre(aucune)).body).toContain('Cochez au moins une notification');
    await nav.post('/notifications/lues', { quoi: 'tout' });
    expect((await notificationsDe(gp.login)).every((n) => n.lu)).toBe(true);
  });

  it('marquer lue la notification d’un autre utilisateur ne change rien chez lui', async () => {
    const autre = compteOf(await matelasOf(app, bac), 'Destinataire sans paramètre', 'GP');
    const siennes = (await notificationsDe(autre.login)).filter((n) => !n.lu);
    expect(siennes.length).toBeGreaterThan(0);
    const nav = new Navigateur(app, portailDe(bac));
    await seConnecter(app, nav, bac.id, gp.login, gp.motDePasse);
    await nav.get('/notifications');
    await nav.post('/notifications/lues', { ids: siennes.map((n) => String(n.id)), quoi: 'selection' });
    expect((await notificationsDe(autre.login)).filter((n) => !n.lu).length).toBe(siennes.length);
  });

  it('la messagerie d’un bac à sable ne s’ouvre pas avec la session d’un autre', async () => {
    const autre = await createSandbox(app, { nom: 'portail-messagerie-2' });
    const nav = new Navigateur(app, portailDe(bac));
    await seConnecter(app, nav, bac.id, gp.login, gp.motDePasse);
    const cookie = (nav as unknown as { cookie: string }).cookie;
    const res = await app.inject({ method: 'GET', url: `${portailDe(autre)}/messagerie`, headers: { cookie } });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`${portailDe(autre)}/connexion`);
  });
});
