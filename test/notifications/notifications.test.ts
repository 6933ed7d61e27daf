import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, createSandbox, type TestSandbox } from '../helpers/app.js';
import { acteurs, deposer, factureSaisie, structure, traiter, type Acteurs } from '../helpers/factures.js';
import { matelas, structureDe } from '../helpers/transverses.js';
import { cproPost } from '../helpers/app.js';
import { comptes, cp, ok, personnes, type Compte } from '../sollicitations/helpers.js';

/**
 * Inbox, outbox, digests and acknowledgements (chorus-domain §7.2 row 12, §7.3, §13): a rejection is
 * notified at once to the people of the supplier and recipient only (never technical accounts), each
 * gets the e-mail the platform would send from choruspro.notification.aife@finances.gouv.fr; the
 * supplier acknowledges (ACQUITTEMENT_REJET in the history); an unacknowledged one is flagged after 7 days.
 */
let app: FastifyInstance;
let s: TestSandbox;
let h: Acteurs;
let c: Compte[];

beforeAll(async () => {
  app = await buildTestApp();
  s = await createSandbox(app, { seed: 77 });
  h = await acteurs(app, s);
  c = await comptes(app, s);
  await ok(await cp(app, 'PUT', `/sandboxes/${s.id}/clock`, { mode: 'frozen', date: '2026-05-04T08:00:00Z' }));
});
afterAll(() => app.close());

const enc = encodeURIComponent;
const inbox = async (login: string) => (await ok(await cp(app, 'GET', `/sandboxes/${s.id}/notifications?login=${enc(login)}`))).notifications;
const outbox = async (login?: string, nature?: string) =>
  (await ok(await cp(app, 'GET', `/sandboxes/${s.id}/outbox?${login ? `login=${enc(login)}&` : ''}${nature ? `nature=${nature}` : ''}`))).courriels;

describe('rejet : notifié tout de suite aux bonnes personnes, acquitté', () => {
  it('boîte de réception, e-mail en français, acquittement et drapeau des 7 jours', async () => {
    const id = await deposer(app, s, h.fournisseur);
    expect((await traiter(app, h.destinataire, id, 'REJETEE', { motif: 'Montant erroné' })).json().codeRetour).toBe(0);
    const concernes = [...personnes(c, 'Fournisseur'), ...personnes(c, 'Destinataire sans paramètre')];
    for (const u of concernes) {
      const n = (await inbox(u.login)).filter((x: { idFacture: number }) => x.idFacture === id);
      expect(n[0], u.login).toMatchObject({ type: 'STATUT_REJETEE', lu: false });
      const mail = (await outbox(u.login)).find((m: { sujet: string }) => m.sujet.includes('Montant erroné'));
      expect(mail, u.login).toMatchObject({ de: 'choruspro.notification.aife@finances.gouv.fr', date: '2026-05-04T08:00:00.000Z', nature: 'NOTIFICATION' });
      expect(mail.corps).toMatch(/^Bonjour /);
      expect(mail.corps).toContain('acquitter');
    }
    // Nobody else: technical accounts and other structures' people get neither notification nor e-mail.
    const autres = c.filter((x) => !concernes.some((y) => y.login === x.login));
    for (const u of autres) {
      expect((await inbox(u.login)).filter((x: { idFacture: number }) => x.idFacture === id), u.login).toEqual([]);
      expect((await outbox(u.login)).filter((m: { sujet: string }) => m.sujet.includes('Montant erroné')), u.login).toEqual([]);
    }

    const [fournisseur] = personnes(c, 'Fournisseur');
    // Read flag.
    const marquees = await ok(await cp(app, 'POST', `/sandboxes/${s.id}/notifications/lues`, { login: fournisseur!.login }));
    expect(marquees.marquees).toBeGreaterThan(0);
    expect((await inbox(fournisseur!.login)).every((x: { lu: boolean }) => x.lu)).toBe(true);

    // Not acknowledged: flagged once 7 days have passed on the sandbox clock.
    const ligne = async () =>
      (await ok(await cp(app, 'GET', `/sandboxes/${s.id}/acquittements?login=${enc(fournisseur!.login)}`))).factures.find((f: { idFacture: number }) => f.idFacture === id);
    expect(await ligne()).toMatchObject({ statut: 'REJETEE', motif: expect.stringContaining('Montant erroné'), acquittee: false, acquittementObligatoire: false });
    await ok(await cp(app, 'POST', `/sandboxes/${s.id}/clock/advance`, { days: 7 }));
    expect(await ligne()).toMatchObject({ acquittee: false, acquittementObligatoire: true });

    // The recipient cannot acknowledge the supplier's rejection; the supplier's user can.
    const [destinataire] = personnes(c, 'Destinataire sans paramètre');
    expect((await cp(app, 'POST', `/sandboxes/${s.id}/factures/${id}/acquitter`, { login: destinataire!.login })).statusCode).toBe(400);
    expect(await ok(await cp(app, 'POST', `/sandboxes/${s.id}/factures/${id}/acquitter`, { login: fournisseur!.login }))).toEqual({ action: 'ACQUITTEMENT_REJET' });
    expect(await ligne()).toMatchObject({ acquittee: true, acquittementObligatoire: false });
    const histo = (await ok(await cp(app, 'GET', `/sandboxes/${s.id}/factures/${id}`))).historique;
    expect(histo.map((x: { code: string }) => x.code)).toContain('ACQUITTEMENT_REJET');
  });

  it('une suspension s’acquitte par la couche service ; une facture en cours ne s’acquitte pas (400)', async () => {
    const [fournisseur] = personnes(c, 'Fournisseur');
    const id = await deposer(app, s, h.fournisseur);
    const avant = await cp(app, 'POST', `/sandboxes/${s.id}/factures/${id}/acquitter`, { login: fournisseur!.login });
    expect(avant.statusCode).toBe(400);
    expect(avant.json().libelle).toContain('idFacture');
    await traiter(app, h.destinataire, id, 'SUSPENDUE', { motif: 'Pièce manquante' });
    expect(await ok(await cp(app, 'POST', `/sandboxes/${s.id}/factures/${id}/acquitter`, { login: fournisseur!.login }))).toEqual({ action: 'ACQUITTEMENT_SUSPENSION' });
  });
});

describe('utilisateurs par leurs services', () => {
  it('un utilisateur rattaché à un seul service du destinataire n’entend que les factures de ce service', async () => {
    const d = structureDe(await matelas(app, s), 'Destinataire sans paramètre');
    // The deposit helper addresses the first service (« Service achats »); this user is on the second one.
    const [achats, technique] = structure(app, s.id, 'Destinataire sans paramètre').services.map((x) => ({ codeService: x.code }));
    const us = await ok(
      await cp(app, 'POST', `/sandboxes/${s.id}/utilisateurs`, { type: 'US', login: 'agent.technique@exemple.fr', email: 'agent.technique@exemple.fr', idStructureCPP: d.idStructureCPP, services: [technique!.codeService] }),
      201,
    );
    expect(us).toBeTruthy();
    const autreService = await deposer(app, s, h.fournisseur);
    const corps = factureSaisie(app, s.id);
    const res = await cproPost(app, h.fournisseur, '/cpro/factures/v1/soumettre', { ...corps, destinataire: { ...corps.destinataire, codeServiceExecutant: technique!.codeService } });
    expect(res.statusCode, res.body).toBe(200);
    const sonService = res.json().identifiantFactureCPP;
    const recues = (await inbox('agent.technique@exemple.fr')).map((x: { idFacture: number }) => x.idFacture);
    expect(recues).toContain(sonService);
    expect(recues).not.toContain(autreService);
    expect(achats).toBeTruthy();
  });
});

describe('rattachement validé ou refusé', () => {
  it('la demande va aux gestionnaires seulement ; la décision à l’utilisateur', async () => {
    const [demandeur] = personnes(c, 'Destinataire 2');
    const gestionnaires = personnes(c, 'Fournisseur').filter((x) => x.role !== 'UTILISATEUR_SIMPLE');
    const simples = personnes(c, 'Fournisseur').filter((x) => x.role === 'UTILISATEUR_SIMPLE');
    const idFournisseur = personnes(c, 'Fournisseur')[0]!.idStructure;
    const r = await ok(await cp(app, 'POST', `/sandboxes/${s.id}/rattachements`, { login: demandeur!.login, idStructureCPP: idFournisseur }), 201);
    for (const g of gestionnaires) expect((await inbox(g.login)).map((x: { type: string }) => x.type)).toContain('RATTACHEMENT_DEMANDE');
    for (const u of simples) expect((await inbox(u.login)).map((x: { type: string }) => x.type)).not.toContain('RATTACHEMENT_DEMANDE');
    await ok(await cp(app, 'POST', `/sandboxes/${s.id}/rattachements/${r.idRattachement}/refuser`, { gestionnaire: gestionnaires[0]!.login, commentaire: 'Inconnu' }), 201);
    expect((await inbox(demandeur!.login))[0]).toMatchObject({ type: 'RATTACHEMENT_REFUSE', idFacture: null });
    expect((await outbox(demandeur!.login))[0].corps).toContain('Inconnu');
  });
});

describe('notifications périodiques', () => {
  it('le récapitulatif quotidien part quand l’horloge passe minuit, s’il y a eu des événements', async () => {
    const [fournisseur] = personnes(c, 'Fournisseur');
    await ok(await cp(app, 'PUT', `/sandboxes/${s.id}/clock`, { mode: 'frozen', date: '2026-06-10T09:00:00Z' }));
    await ok(await cp(app, 'PUT', `/sandboxes/${s.id}/notifications/reglages?login=${enc(fournisseur!.login)}`, { recapQuotidien: true, recapHebdomadaire: false }));
    const id = await deposer(app, s, h.fournisseur);
    await traiter(app, h.destinataire, id, 'REJETEE', { motif: 'Doublon' });
    await ok(await cp(app, 'POST', `/sandboxes/${s.id}/clock/advance`, { hours: 12 }));
    expect(await outbox(fournisseur!.login, 'RECAP_QUOTIDIEN')).toEqual([]);
    await ok(await cp(app, 'POST', `/sandboxes/${s.id}/clock/advance`, { hours: 4 }));
    const recaps = await outbox(fournisseur!.login, 'RECAP_QUOTIDIEN');
    expect(recaps).toHaveLength(1);
    // Paris midnight of 11 June 2026 is 22:00 UTC on the 10th.
    expect(recaps[0].date).toBe('2026-06-10T22:00:00.000Z');
    expect(recaps[0].corps).toContain('Doublon');
    // Dates written the French way, Paris time.
    expect(recaps[0].corps).toContain('pour la journée du 10/06/2026 :');
    expect(recaps[0].corps).toMatch(/- 10\/06\/2026 à 11:00 : Facture .+ : Rejetée \(Doublon\)/);
    // A day without events sends nothing.
    await ok(await cp(app, 'POST', `/sandboxes/${s.id}/clock/advance`, { days: 1 }));
    expect(await outbox(fournisseur!.login, 'RECAP_QUOTIDIEN')).toHaveLength(1);
  });

  it('le récapitulatif hebdomadaire part le lundi à minuit (heure de Paris)', async () => {
    const [destinataire] = personnes(c, 'Destinataire sans paramètre');
    // Wednesday 17 June 2026; the next Monday is the 22nd, whose Paris midnight is 22:00 UTC on the 21st.
    await ok(await cp(app, 'PUT', `/sandboxes/${s.id}/clock`, { mode: 'frozen', date: '2026-06-17T09:00:00Z' }));
    await ok(await cp(app, 'PUT', `/sandboxes/${s.id}/notifications/reglages?login=${enc(destinataire!.login)}`, { recapQuotidien: false, recapHebdomadaire: true }));
    const id = await deposer(app, s, h.fournisseur);
    await traiter(app, h.destinataire, id, 'SUSPENDUE', { motif: 'Attestation manquante' });
    await ok(await cp(app, 'POST', `/sandboxes/${s.id}/clock/advance`, { until: '2026-06-21T21:59:00Z' }));
    expect(await outbox(destinataire!.login, 'RECAP_HEBDOMADAIRE')).toEqual([]);
    await ok(await cp(app, 'POST', `/sandboxes/${s.id}/clock/advance`, { hours: 1 }));
    const recaps = await outbox(destinataire!.login, 'RECAP_HEBDOMADAIRE');
    expect(recaps).toHaveLength(1);
    expect(recaps[0].date).toBe('2026-06-21T22:00:00.000Z');
    expect(recaps[0].corps).toContain('Attestation manquante');
    expect(recaps[0].corps).toContain('pour la semaine du 15/06/2026 au 21/06/2026 :');
  });

  it('les semaines et les journées d’un changement d’heure vont de minuit à minuit (heure de Paris) : un événement n’est jamais récapitulé deux fois', async () => {
    const [fournisseur] = personnes(c, 'Fournisseur');
    // Sunday 22 March 2026, 23:30 in Paris (CET); summer time starts on Sunday 29 March.
    await ok(await cp(app, 'PUT', `/sandboxes/${s.id}/clock`, { mode: 'frozen', date: '2026-03-22T22:30:00Z' }));
    await ok(await cp(app, 'PUT', `/sandboxes/${s.id}/notifications/reglages?login=${enc(fournisseur!.login)}`, { recapQuotidien: true, recapHebdomadaire: true }));
    const enMars = async (nature: string) => ((await outbox(fournisseur!.login, nature)) as { date: string; corps: string }[]).filter((m) => m.date.startsWith('2026-03'));
    const id = await deposer(app, s, h.fournisseur);
    await traiter(app, h.destinataire, id, 'REJETEE', { motif: 'Dimanche soir' });
    // Monday 23 March, Paris midnight: the week of 16–22 March and the day of the 22nd hold it.
    await ok(await cp(app, 'POST', `/sandboxes/${s.id}/clock/advance`, { hours: 1 }));
    const hebdo = await enMars('RECAP_HEBDOMADAIRE');
    expect(hebdo).toHaveLength(1);
    expect(hebdo[0].corps).toContain('pour la semaine du 16/03/2026 au 22/03/2026 :');
    expect(hebdo[0].corps).toContain('Dimanche soir');
    // The next week (23–29 March, 167 hours) has no event: no recap; the day of the 29th (23 hours) neither.
    await ok(await cp(app, 'POST', `/sandboxes/${s.id}/clock/advance`, { until: '2026-03-30T12:00:00Z' }));
    expect(await enMars('RECAP_HEBDOMADAIRE')).toHaveLength(1);
    const quotidiens = await enMars('RECAP_QUOTIDIEN');
    expect(quotidiens).toHaveLength(1);
    expect(quotidiens[0].corps).toContain('pour la journée du 22/03/2026 :');
    await ok(await cp(app, 'PUT', `/sandboxes/${s.id}/notifications/reglages?login=${enc(fournisseur!.login)}`, { recapQuotidien: false, recapHebdomadaire: false }));
  });
});
