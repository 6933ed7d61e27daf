import { blob, index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { sandboxScoped } from './columns.js';

/**
 * Stored files (pièces jointes) uploaded by `transverses/v1/ajouter/fichier` and `factures/v1/deposer/pdf`.
 * The bytes live in SQLite: a sandbox is one file to copy, reset or delete, with nothing left on disk.
 */
export const piecesJointes = sqliteTable(
  'pieces_jointes',
  {
    ...sandboxScoped(),
    nom: text('nom').notNull(),
    typeMime: text('type_mime').notNull(),
    extension: text('extension').notNull(),
    taille: integer('taille').notNull(),
    contenu: blob('contenu', { mode: 'buffer' }).notNull(),
    /** Technical account that uploaded it: only its structures may use the file. */
    utilisateurId: integer('utilisateur_id'),
    createdAt: text('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.sandboxId, t.id] }), index('pieces_jointes_utilisateur').on(t.sandboxId, t.utilisateurId)],
);
