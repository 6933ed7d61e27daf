import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { bool, sandboxScoped } from './columns.js';

/**
 * Each user's inbox (chorus-domain §13): invoice status changes, rattachements validated or refused,
 * sollicitation events. `factureId` or `sollicitationId` says what it is about, when anything.
 */
export const notifications = sqliteTable(
  'notifications',
  {
    ...sandboxScoped(),
    utilisateurId: integer('utilisateur_id').notNull(),
    factureId: integer('facture_id'),
    sollicitationId: integer('sollicitation_id'),
    type: text('type').notNull(),
    message: text('message').notNull(),
    date: text('date').notNull(),
    lu: bool('lu'),
  },
  (t) => [primaryKey({ columns: [t.sandboxId, t.id] }), index('notifications_utilisateur').on(t.sandboxId, t.utilisateurId, t.id)],
);

/** The e-mails the real platform would send, kept instead of mailed (a per-sandbox outbox, as Mailpit shows). */
export const courriels = sqliteTable(
  'courriels',
  {
    ...sandboxScoped(),
    utilisateurId: integer('utilisateur_id').notNull(),
    de: text('de').notNull(),
    a: text('a').notNull(),
    sujet: text('sujet').notNull(),
    corps: text('corps').notNull(),
    /** NOTIFICATION, or RECAP_QUOTIDIEN / RECAP_HEBDOMADAIRE for the digests. */
    nature: text('nature').notNull(),
    date: text('date').notNull(),
  },
  (t) => [primaryKey({ columns: [t.sandboxId, t.id] }), index('courriels_utilisateur').on(t.sandboxId, t.utilisateurId)],
);

/** Per user (`id` is the user's id): the optional « notifications périodiques d'activité ». */
export const reglagesNotifications = sqliteTable(
  'reglages_notifications',
  {
    ...sandboxScoped(),
    recapQuotidien: bool('recap_quotidien'),
    recapHebdomadaire: bool('recap_hebdomadaire'),
  },
  (t) => [primaryKey({ columns: [t.sandboxId, t.id] })],
);

/** Webhook endpoints of a sandbox (beyond the real platform, for CI). Kept across resets, like PISTE credentials. */
export const webhooks = sqliteTable(
  'webhooks',
  {
    ...sandboxScoped(),
    url: text('url').notNull(),
    /** Event types sent (notification types such as STATUT_REJETEE, or `*` for all). */
    evenements: text('evenements', { mode: 'json' }).$type<string[]>().notNull(),
    secret: text('secret').notNull(),
    dateCreation: text('date_creation').notNull(),
  },
  (t) => [primaryKey({ columns: [t.sandboxId, t.id] })],
);

/** One event to deliver to one endpoint, with its attempts (status, duration, HTTP code). */
export const livraisonsWebhook = sqliteTable(
  'livraisons_webhook',
  {
    ...sandboxScoped(),
    webhookId: integer('webhook_id').notNull(),
    evenement: text('evenement').notNull(),
    corps: text('corps').notNull(),
    statut: text('statut', { enum: ['EN_ATTENTE', 'REUSSIE', 'ECHEC'] }).notNull(),
    tentatives: integer('tentatives').notNull().default(0),
    codeHttp: integer('code_http'),
    dureeMs: integer('duree_ms'),
    erreur: text('erreur'),
    /** Wall-clock epoch ms of the next attempt (retries are real time: the receiver is real). */
    prochainEssai: integer('prochain_essai'),
    dateCreation: text('date_creation').notNull(),
    dateDerniereTentative: text('date_derniere_tentative'),
  },
  (t) => [primaryKey({ columns: [t.sandboxId, t.id] }), index('livraisons_webhook_attente').on(t.statut, t.prochainEssai)],
);
