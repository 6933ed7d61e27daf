import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { bool, sandboxScoped } from './columns.js';

/** Notifications per user created by invoice status changes (the portal's bell, the trainer's view). */
export const notifications = sqliteTable(
  'notifications',
  {
    ...sandboxScoped(),
    utilisateurId: integer('utilisateur_id').notNull(),
    factureId: integer('facture_id').notNull(),
    type: text('type').notNull(),
    message: text('message').notNull(),
    date: text('date').notNull(),
    lu: bool('lu'),
  },
  (t) => [primaryKey({ columns: [t.sandboxId, t.id] }), index('notifications_utilisateur').on(t.sandboxId, t.utilisateurId, t.id)],
);
