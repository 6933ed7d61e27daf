import { nextId, reserverIds } from '../../db/sequences.js';
import { ChorusError } from '../../errors/chorus-error.js';
import { erreurs } from '../../errors/catalogue/index.js';
import type { SandboxContext } from '../../sandbox/context.js';
import { formatDate, formatDateHeureMinute, formatDateTime } from '../../sandbox/dates.js';
import * as repo from './repository.js';
import { nouveauSecret, reveiller } from './webhooks.js';

/** The platform's sender address (chorus-domain §13). */
export const EXPEDITEUR = 'choruspro.notification.aife@finances.gouv.fr';

export interface Objet {
  factureId?: number | null;
  sollicitationId?: number | null;
}

const nomDe = (u: repo.UtilisateurRow) => [u.prenom, u.nom].filter(Boolean).join(' ');

/** What the e-mail asks of its reader, by event (a rejection is to be acknowledged, chorus-domain §7.3). */
function invitation(type: string): string {
  if (type === 'STATUT_REJETEE' || type === 'STATUT_SUSPENDUE') {
    return 'Nous vous invitons à vous connecter à Chorus Pro pour en prendre connaissance et l’acquitter ; l’acquittement devient obligatoire au-delà de 7 jours.';
  }
  if (type.startsWith('SOLLICITATION_')) return 'Vous pouvez consulter la sollicitation dans l’espace « Sollicitations » de Chorus Pro.';
  if (type.startsWith('RATTACHEMENT_')) return 'Vous pouvez consulter vos rattachements dans l’espace « Mon compte » de Chorus Pro.';
  return 'Vous pouvez consulter le détail dans Chorus Pro.';
}

/** A day as the platform's e-mails write it, « 01/12/2026 » (Paris time). */
export function jourFr(d: Date | string): string {
  const [a, m, j] = formatDate(d).split('-');
  return `${j}/${m}/${a}`;
}

/** An instant as the platform's e-mails write it, « 01/12/2026 à 19:23 » (Paris time). */
export function jourHeureFr(d: Date | string): string {
  const [jour, heure] = formatDateHeureMinute(d).split(' ');
  return `${jourFr(jour!)} à ${heure}`;
}

function corps(u: repo.UtilisateurRow, type: string, message: string, date: string): string {
  return [
    `Bonjour ${nomDe(u)},`,
    '',
    `${message} (le ${jourHeureFr(date)}).`,
    invitation(type),
    '',
    'Cordialement,',
    'L’équipe Chorus Pro',
    '',
    'Ce message est envoyé automatiquement, merci de ne pas y répondre.',
  ].join('\n');
}

/**
 * What follows the notifications ids premier..dernier just written: the e-mail each user would
 * receive goes to the outbox, and the event to the sandbox's webhooks. Called by every path that
 * notifies (the invoice lifecycle's bulk insert included), inside its transaction.
 */
export function apresNotifications(ctx: SandboxContext, premier: number, dernier: number): void {
  const rows = repo.notificationsEntre(ctx, premier, dernier);
  if (rows.length === 0) return;
  for (const { notification: n, utilisateur: u } of rows) {
    repo.insertCourriel(ctx, {
      id: nextId(ctx.db, ctx.sandboxId, 'courriel'),
      utilisateurId: u.id,
      de: EXPEDITEUR,
      a: u.email ?? u.login,
      sujet: `Chorus Pro - ${n.message}`,
      corps: corps(u, n.type, n.message, n.date),
      nature: 'NOTIFICATION',
      date: n.date,
    });
  }
  const n = rows[0]!.notification;
  publier(ctx, n.type, {
    date: n.date,
    message: n.message,
    idFacture: n.factureId,
    idSollicitation: n.sollicitationId,
    destinataires: rows.map((r) => r.utilisateur.login),
  });
}

/**
 * Notifies the given users, people only (technical accounts have no mailbox, chorus-domain §13),
 * each once: the inbox row, the outbox e-mail, the webhook event.
 */
export function notifierUtilisateurs(ctx: SandboxContext, utilisateurIds: readonly number[], n: Objet & { type: string; message: string }): void {
  const personnes = [...new Set(utilisateurIds)]
    .sort((a, b) => a - b)
    .map((id) => repo.findUtilisateur(ctx, id))
    .filter((u): u is repo.UtilisateurRow => u?.type === 'PERSONNE');
  if (personnes.length === 0) return;
  const premier = reserverIds(ctx.db, ctx.sandboxId, 'notification', personnes.length);
  const date = formatDateTime(ctx.now());
  personnes.forEach((u, i) =>
    repo.insertNotification(ctx, { id: premier + i, utilisateurId: u.id, factureId: n.factureId ?? null, sollicitationId: n.sollicitationId ?? null, type: n.type, message: n.message, date, lu: false }),
  );
  apresNotifications(ctx, premier, premier + personnes.length - 1);
}

/** Marks a user's notifications read (all of them when `ids` is null); returns how many changed. */
export function marquerLues(ctx: SandboxContext, utilisateurId: number, ids: readonly number[] | null): number {
  return repo.marquerLues(ctx, utilisateurId, ids);
}

// Webhooks

/** Writes one delivery per endpoint listening to `type`; the dispatcher sends them once the call has committed. */
export function publier(ctx: SandboxContext, type: string, donnees: Record<string, unknown>): void {
  const abonnes = repo.listWebhooks(ctx).filter((w) => w.evenements.includes('*') || w.evenements.includes(type));
  if (abonnes.length === 0) return;
  const id = nextId(ctx.db, ctx.sandboxId, 'evenement');
  const corpsJson = JSON.stringify({ id: `evt_${id}`, type, sandbox: ctx.sandboxId, donnees });
  for (const w of abonnes) {
    repo.insertLivraison(ctx, {
      id: nextId(ctx.db, ctx.sandboxId, 'livraison'),
      webhookId: w.id,
      evenement: type,
      corps: corpsJson,
      statut: 'EN_ATTENTE',
      tentatives: 0,
      prochainEssai: Date.now(),
      dateCreation: formatDateTime(ctx.now()),
    });
  }
  reveiller(ctx.db);
}

export function creerWebhook(ctx: SandboxContext, input: { url: string; evenements?: string[] }): repo.WebhookRow {
  let url: URL | undefined;
  try {
    url = new URL(input.url);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new ChorusError(erreurs.WEBHOOK_URL_INVALIDE, `${erreurs.WEBHOOK_URL_INVALIDE.libelle} (${input.url})`);
  }
  return repo.insertWebhook(ctx, {
    id: nextId(ctx.db, ctx.sandboxId, 'webhook'),
    url: url.toString(),
    evenements: input.evenements?.length ? input.evenements : ['*'],
    secret: nouveauSecret(),
    dateCreation: formatDateTime(ctx.now()),
  });
}

export function webhookOuErreur(ctx: SandboxContext, id: number): repo.WebhookRow {
  const w = repo.findWebhook(ctx, id);
  if (!w) throw new ChorusError(erreurs.WEBHOOK_INTROUVABLE, `${erreurs.WEBHOOK_INTROUVABLE.libelle} (${id})`);
  return w;
}

/** « Renvoyer »: the same event again, as a new delivery of the same endpoint. */
export function renvoyerLivraison(ctx: SandboxContext, idLivraison: number): void {
  const l = repo.findLivraison(ctx, idLivraison);
  if (!l) throw new ChorusError(erreurs.LIVRAISON_INTROUVABLE, `${erreurs.LIVRAISON_INTROUVABLE.libelle} (${idLivraison})`);
  webhookOuErreur(ctx, l.webhookId);
  repo.insertLivraison(ctx, {
    id: nextId(ctx.db, ctx.sandboxId, 'livraison'),
    webhookId: l.webhookId,
    evenement: l.evenement,
    corps: l.corps,
    statut: 'EN_ATTENTE',
    tentatives: 0,
    prochainEssai: Date.now(),
    dateCreation: formatDateTime(ctx.now()),
  });
  reveiller(ctx.db);
}

/** The e-mails the platform sent to a user (the sandbox outbox), most recent first: the portal's « Messagerie ». */
export function courrielsDe(ctx: SandboxContext, utilisateurId: number) {
  return repo.listCourriels(ctx, { utilisateurId }).map(({ sandboxId: _s, ...c }) => c);
}

/** A user's inbox, most recent first: the portal's « Notifications ». */
export function notificationsDe(ctx: SandboxContext, utilisateurId: number) {
  return repo.listNotificationsDe(ctx, utilisateurId);
}
