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

describe('portail : récapitulatifs d’activité réglés dans « Mon compte »', () => {
  it('le récapitulatif quotidien puis hebdomadaire arrive dans la « Messagerie » quand l’horloge du bac avance ; décoché, plus rien', async () => {
    const bac2 = await createSandbox(app, { nom: 'portail-recaps' });
    const gp2 = compteOf(await matelasOf(app, bac2), 'Fournisseur', 'GP');
    const avancer = async (days: number) => {
      const r = await app.inject({ method: 'POST', url: `/_sandbox/sandboxes/${bac2.id}/clock/advance`, headers: admin, payload: { days } });
      expect(r.statusCode, r.body).toBeLessThan(300);
    };
    const nav = new Navigateur(app, portailDe(bac2));
    await seConnecter(app, nav, bac2.id, gp2.login, gp2.motDePasse);

    // Both recaps switched on from « Mon compte »: the boxes stay checked.
    await nav.get('/mon-compte');
    const regle = await nav.post('/mon-compte/notifications', { recapQuotidien: 'oui', recapHebdomadaire: 'oui' });
    expect(regle.statusCode).toBe(303);
    const compte = await nav.suivre(regle);
    expect(compte.body).toContain('Vos réglages de notification sont enregistrés.');
    expect(compte.body).toMatch(/name="recapQuotidien" value="oui" checked/);
    expect(compte.body).toMatch(/name="recapHebdomadaire" value="oui" checked/);

    // Something happens to his invoice today: it is in « Notifications » at once.
    const h = await acteurs(app, bac2);
    const id = await deposer(app, bac2, h.fournisseur);
    expect((await traiter(app, h.destinataire, id, 'SUSPENDUE', { motif: 'Relevé d’heures manquant' })).statusCode).toBe(200);
    const notifications = await nav.get('/notifications');
    expect(notifications.body).toContain('Relevé d’heures manquant');
    // The page says where the recaps are set.
    expect(notifications.body).toContain(`href="${portailDe(bac2)}/mon-compte#notifications"`);
    expect((await nav.get('/messagerie')).body).not.toContain('Notification quotidienne d&#39;activité');

    // A day later, the daily recap is in « Messagerie », with the day's event.
    await avancer(1);
    const jour = await nav.get('/messagerie');
    expect(jour.statusCode).toBe(200);
    expect(jour.body).toMatch(/Chorus Pro - Notification quotidienne d(&#39;|')activité \(\d+ événements?\)/);
    expect(jour.body).toContain('Récapitulatif quotidien — reçu le');
    expect(jour.body).toContain('Relevé d’heures manquant');
    const quotidiens = (await courriels(app, bac2.id, gp2.login)).filter((m) => m.nature === 'RECAP_QUOTIDIEN');
    expect(quotidiens).toHaveLength(1);
    expect(quotidiens[0]!.corps).toMatch(/pour la journée du \d{2}\/\d{2}\/\d{4} :/);

    // Within the week, the weekly recap follows on Monday.
    await avancer(7);
    expect((await nav.get('/messagerie')).body).toMatch(/Chorus Pro - Récapitulatif hebdomadaire \(\d+ événements?\)/);
    expect((await courriels(app, bac2.id, gp2.login)).filter((m) => m.nature === 'RECAP_HEBDOMADAIRE')).toHaveLength(1);

    // Switched off (no box checked): new events, days pass, no more recap.
    await nav.get('/mon-compte');
    expect((await nav.post('/mon-compte/notifications', {})).statusCode).toBe(303);
    expect((await nav.get('/mon-compte')).body).not.toMatch(/name="recap(Quotidien|Hebdomadaire)" value="oui" checked/);
    const id2 = await deposer(app, bac2, h.fournisseur);
    expect((await traiter(app, h.destinataire, id2, 'SUSPENDUE', { motif: 'Bon de commande manquant' })).statusCode).toBe(200);
    const avant = (await courriels(app, bac2.id, gp2.login)).filter((m) => m.nature.startsWith('RECAP')).length;
    await avancer(8);
    expect((await courriels(app, bac2.id, gp2.login)).filter((m) => m.nature.startsWith('RECAP')).length).toBe(avant);
    const derniers = (await courriels(app, bac2.id, gp2.login)).filter((m) => m.corps.includes('Bon de commande manquant'));
    expect(derniers.every((m) => m.nature === 'NOTIFICATION')).toBe(true);
  });
});
