import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { sandboxes } from './sandboxes.js';

/**
 * The sandbox's agenda: what falls due on its clock (a simulated buyer's next action; later tacit
 * validations, flux integrations, payment-delay expiries). A row is written when the work is
 * scheduled and deleted when it is done, so settling a sandbox is one look-up on
 * (sandbox_id, echeance) and advancing its clock reads the rows in time order.
 *
 * A subject has at most one pending item of a kind (an invoice has one next buyer action), so the
 * key is (sandbox_id, type, sujet): rescheduling is an upsert and needs no id sequence. Ties at the
 * same due time run in insertion (rowid) order, which templates and exports preserve.
 * Part of the sandbox's world: reset, templates and exports carry it (`sandboxTables`).
 */
export const agenda = sqliteTable(
  'agenda',
  {
    sandboxId: text('sandbox_id')
      .notNull()
      .references(() => sandboxes.id, { onDelete: 'cascade' }),
    /** Kind of work: the name a handler registered with (`enregistrerTypeEcheance`). */
    type: text('type').notNull(),
    /** What it applies to, e.g. the idFacture. */
    sujet: text('sujet').notNull(),
    /** Due time on the sandbox clock, epoch milliseconds. */
    echeance: integer('echeance').notNull(),
    /** Optional JSON data for the handler. */
    donnees: text('donnees'),
  },
  (t) => [primaryKey({ columns: [t.sandboxId, t.type, t.sujet] }), index('agenda_echeance').on(t.sandboxId, t.echeance)],
);
