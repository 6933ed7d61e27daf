import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { sandboxScoped } from './columns.js';
import { sandboxes } from './sandboxes.js';

/**
 * Behaviour profile of a simulated public buyer (`id` = idStructureCPP). Part of the sandbox's
 * world: set by the scenario, exported, restored by reset.
 */
export const comportementsAcheteurs = sqliteTable(
  'comportements_acheteurs',
  {
    ...sandboxScoped(),
    /** JSON `{ mode: 'manuel' } | { mode: 'automatique', regles }`. */
    profil: text('profil', { mode: 'json' }).$type<unknown>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.sandboxId, t.id] })],
);

/*
 * The journal and the fault rules are the trainer's tooling, not the sandbox's world: they survive a
 * reset (a CI job reads the journal of the run it just reset) and are left out of exports. Their
 * owner column is therefore named `owner` in TypeScript, so `sandboxTables` (which looks for a
 * `sandboxId` property) does not treat them as world tables; they still go with the sandbox (cascade).
 */
const owner = () => text('sandbox_id').notNull().references(() => sandboxes.id, { onDelete: 'cascade' });

/** Request journal of `/cpro` calls (bounded per sandbox by the journal plugin). */
export const journalRequetes = sqliteTable(
  'journal_requetes',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    owner: owner(),
    date: text('date').notNull(),
    methode: text('methode').notNull(),
    chemin: text('chemin').notNull(),
    statut: integer('statut').notNull(),
    codeRetour: integer('code_retour'),
    dureeMs: integer('duree_ms').notNull(),
    /** JSON text (redacted, truncated). */
    requete: text('requete'),
    reponse: text('reponse'),
  },
  (t) => [index('journal_sandbox').on(t.owner, t.id)],
);

/** Fault injection rules of a sandbox (JSON list). */
export const reglesPannes = sqliteTable('regles_pannes', {
  owner: owner().primaryKey(),
  regles: text('regles', { mode: 'json' }).$type<unknown[]>().notNull(),
});
