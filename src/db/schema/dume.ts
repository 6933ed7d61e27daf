import { index, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { bool, sandboxScoped } from './columns.js';

/**
 * DUMEs of a sandbox, buyers' (DUME_A) and economic operators' (DUME_OE). The model is stored
 * whole as JSON (`contenu`, the domain object of src/domain/dume/modele.ts); the columns beside it
 * are what searches filter on. `identifiant` is the 8-character id of the wire.
 */
export const dumes = sqliteTable(
  'dumes',
  {
    ...sandboxScoped(),
    identifiant: text('identifiant').notNull(),
    type: text('type', { enum: ['DUME_A', 'DUME_OE'] }).notNull(),
    /** The buyer's SIRET for a DUME A, the company's for a DUME OE (null for a blank model). */
    siret: text('siret'),
    idConsultation: text('id_consultation'),
    /** For a DUME OE: the DUME A it answers. */
    identifiantDumeA: text('identifiant_dume_a'),
    dumeType: bool('dume_type'),
    dateCreation: text('date_creation').notNull(),
    contenu: text('contenu').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.sandboxId, t.id] }),
    uniqueIndex('dumes_identifiant').on(t.sandboxId, t.identifiant),
    index('dumes_siret').on(t.sandboxId, t.siret),
    index('dumes_consultation').on(t.sandboxId, t.idConsultation),
  ],
);
