import { blob, index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { bool, sandboxScoped } from './columns.js';
import { sandboxes } from './sandboxes.js';

/**
 * Flux deposited by `factures/v1/deposer/flux`, with their compte rendu. Integration runs on the
 * sandbox clock: the flux waits until `echeance`, then its files are analysed and integrated a
 * chunk at a time (`fichiersTraites` records the progress), and the CR lists fill as it goes.
 */
export const flux = sqliteTable(
  'flux',
  {
    ...sandboxScoped(),
    numeroFluxDepot: text('numero_flux_depot').notNull(),
    nomFichier: text('nom_fichier').notNull(),
    syntaxeFlux: text('syntaxe_flux').notNull(),
    codeInterface: text('code_interface').notNull(),
    avecSignature: bool('avec_signature'),
    utilisateurId: integer('utilisateur_id').notNull(),
    /** ISO date-times on the sandbox clock. */
    dateDepot: text('date_depot').notNull(),
    echeance: text('echeance').notNull(),
    etat: text('etat').notNull(),
    dateEtat: text('date_etat').notNull(),
    nombreFichiers: integer('nombre_fichiers').notNull().default(0),
    fichiersTraites: integer('fichiers_traites').notNull().default(0),
    /** JSON: CR lists (consulterCRDetaille) and the integrated invoices' numbers. */
    listeErreurTechnique: text('liste_erreur_technique', { mode: 'json' }).$type<unknown[]>().notNull().default([]),
    listeErreurDP: text('liste_erreur_dp', { mode: 'json' }).$type<unknown[]>().notNull().default([]),
    facturesIntegrees: text('factures_integrees', { mode: 'json' }).$type<string[]>().notNull().default([]),
  },
  (t) => [primaryKey({ columns: [t.sandboxId, t.id] }), index('flux_numero').on(t.sandboxId, t.numeroFluxDepot), index('flux_echeance').on(t.sandboxId, t.etat, t.echeance)],
);

/** The files of a flux as prepared at deposit: the XML to analyse (extracted from a Factur-X PDF), the PDF, or why not. */
export const fluxFichiers = sqliteTable(
  'flux_fichiers',
  {
    ...sandboxScoped(),
    fluxId: integer('flux_id').notNull(),
    rang: integer('rang').notNull(),
    nom: text('nom').notNull(),
    xml: blob('xml', { mode: 'buffer' }),
    pdf: blob('pdf', { mode: 'buffer' }),
    /** JSON Anomalie when the file was refused while preparing it. */
    anomalie: text('anomalie', { mode: 'json' }).$type<{ regle: string; element: string; message: string } | null>(),
  },
  (t) => [primaryKey({ columns: [t.sandboxId, t.id] }), index('flux_fichiers_flux').on(t.sandboxId, t.fluxId, t.rang)],
);

/** Per-sandbox flux settings: how long a flux waits on the sandbox clock before it is integrated. */
export const fluxParametres = sqliteTable('flux_parametres', {
  sandboxId: text('sandbox_id')
    .primaryKey()
    .references(() => sandboxes.id, { onDelete: 'cascade' }),
  delaiIntegrationSecondes: integer('delai_integration_secondes').notNull().default(60),
});
