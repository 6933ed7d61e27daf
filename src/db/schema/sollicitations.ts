import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { sandboxScoped } from './columns.js';

/**
 * Sollicitations (chorus-domain §12, complements §2): a question of a user, routed by its
 * catégorie/sous-catégorie to a public structure (service métier) or to the Chorus Pro support desk.
 * No PISTE operation creates or answers one: the control plane and the services do.
 */
export const sollicitations = sqliteTable(
  'sollicitations',
  {
    ...sandboxScoped(),
    numero: text('numero').notNull(),
    codeCategorie: text('code_categorie').notNull(),
    codeSousCategorie: text('code_sous_categorie').notNull(),
    titre: text('titre').notNull(),
    /** What it is about: FACTURE, STRUCTURE, ENGAGEMENT or COMPTE (the emitter's own account); optional. */
    objetType: text('objet_type'),
    objetId: integer('objet_id'),
    emetteurUtilisateurId: integer('emetteur_utilisateur_id').notNull(),
    emetteurStructureId: integer('emetteur_structure_id'),
    /** STRUCTURE (a public structure, its service if known) or SUPPORT (the Chorus Pro support desk). */
    destinataire: text('destinataire', { enum: ['STRUCTURE', 'SUPPORT'] }).notNull(),
    destinataireStructureId: integer('destinataire_structure_id'),
    destinataireServiceId: integer('destinataire_service_id'),
    statut: text('statut').notNull(),
    dateCreation: text('date_creation').notNull(),
    dateModification: text('date_modification').notNull(),
  },
  (t) => [primaryKey({ columns: [t.sandboxId, t.id] }), index('sollicitations_emetteur').on(t.sandboxId, t.emetteurUtilisateurId)],
);

/** The thread of a sollicitation: every action with its text and attachments (pieces_jointes ids). */
export const messagesSollicitation = sqliteTable(
  'messages_sollicitation',
  {
    ...sandboxScoped(),
    sollicitationId: integer('sollicitation_id').notNull(),
    action: text('action').notNull(),
    /** Null when the sandbox played the addressee (simulated desk or structure). */
    auteurUtilisateurId: integer('auteur_utilisateur_id'),
    auteurNom: text('auteur_nom').notNull(),
    texte: text('texte'),
    piecesJointes: text('pieces_jointes', { mode: 'json' }).$type<number[]>().notNull(),
    date: text('date').notNull(),
  },
  (t) => [primaryKey({ columns: [t.sandboxId, t.id] }), index('messages_sollicitation_fil').on(t.sandboxId, t.sollicitationId)],
);

/**
 * How the sandbox plays an addressee of sollicitations: `id` is the public structure's id, 0 the
 * support desk. Without a row, structures are played by a person and the desk answers after 24 h.
 */
export const reglagesSollicitations = sqliteTable(
  'reglages_sollicitations',
  {
    ...sandboxScoped(),
    mode: text('mode', { enum: ['MANUEL', 'REPONDRE', 'DEMANDER_COMPLEMENT'] }).notNull(),
    apresHeures: integer('apres_heures').notNull(),
    texte: text('texte'),
  },
  (t) => [primaryKey({ columns: [t.sandboxId, t.id] })],
);
