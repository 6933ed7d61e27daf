import { integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** A sandbox (tenant): an isolated copy of the whole Chorus Pro world, built from a scenario. */
export const sandboxes = sqliteTable('sandboxes', {
  id: text('id').primaryKey(),
  nom: text('nom').notNull().unique(),
  scenario: text('scenario').notNull(),
  seed: integer('seed').notNull(),
  pisteClientId: text('piste_client_id').notNull().unique(),
  pisteClientSecret: text('piste_client_secret').notNull(),
  createdAt: text('created_at').notNull(),
  resetAt: text('reset_at'),
  /** Sandbox clock: `real` (system time + offset) or `frozen` at `clockFrozenAt`. */
  clockMode: text('clock_mode', { enum: ['real', 'frozen', 'offset'] }).notNull().default('real'),
  clockFrozenAt: text('clock_frozen_at'),
  clockOffsetMs: integer('clock_offset_ms').notNull().default(0),
  /** JSON snapshot this sandbox was created from, when it was (reset goes back to it). */
  snapshot: text('snapshot'),
  /**
   * Whether the portal asks for the second factor (a code sent to the outbox) at login, as the real
   * platform does since 2024. A trainer setting of the sandbox, kept across resets.
   */
  secondFacteurPortail: integer('second_facteur_portail', { mode: 'boolean' }).notNull().default(true),
});

/** Per-sandbox id sequences, so that a scenario replays to the same identifiers. */
export const sequences = sqliteTable(
  'sequences',
  {
    sandboxId: text('sandbox_id').notNull().references(() => sandboxes.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    value: integer('value').notNull(),
  },
  (t) => [primaryKey({ columns: [t.sandboxId, t.name] })],
);
