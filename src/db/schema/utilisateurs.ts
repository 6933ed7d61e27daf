import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { sandboxScoped } from './columns.js';

/**
 * Compte utilisateur: a person (login = e-mail) or a technical account (`TECH_1_…@cpro.fr`) used
 * through the API in the `cpro-account` header. Passwords are kept in clear on purpose: this is a
 * training sandbox whose matelas de données hands them out, exactly as the qualification portal does.
 */
export const utilisateurs = sqliteTable(
  'utilisateurs',
  {
    ...sandboxScoped(),
    login: text('login').notNull(),
    type: text('type', { enum: ['PERSONNE', 'TECHNIQUE'] }).notNull(),
    nom: text('nom').notNull(),
    prenom: text('prenom'),
    email: text('email'),
    telephone: text('telephone'),
    statut: text('statut', { enum: ['ACTIF', 'INACTIF'] }).notNull().default('ACTIF'),
    motDePasse: text('mot_de_passe').notNull(),
    dateExpirationMotDePasse: text('date_expiration_mot_de_passe'),
    /** Self-registration (chorus-domain §1.1): the activation link's token, until the account is activated. */
    jetonActivation: text('jeton_activation'),
    /** When the activation link stops working (sandbox clock; 60 minutes after it was sent). */
    jetonActivationExpiration: text('jeton_activation_expiration'),
    /** The SIRET typed at registration: a rattachement is requested to it on activation. */
    siretDemande: text('siret_demande'),
    createdAt: text('created_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.sandboxId, t.id] }),
    uniqueIndex('utilisateurs_login').on(t.sandboxId, t.login),
    uniqueIndex('utilisateurs_jeton_activation').on(t.sandboxId, t.jetonActivation),
  ],
);

/** Rattachement of a user to a structure, with the user's role on it. */
export const rattachements = sqliteTable(
  'rattachements',
  {
    ...sandboxScoped(),
    utilisateurId: integer('utilisateur_id').notNull(),
    structureId: integer('structure_id').notNull(),
    role: text('role', {
      enum: ['GESTIONNAIRE_PRINCIPAL', 'GESTIONNAIRE_SECONDAIRE', 'UTILISATEUR_SIMPLE'],
    }).notNull(),
    statut: text('statut', {
      enum: ['EN_COURS_DE_VALIDATION', 'REFUSEE', 'VALIDEE', 'DESACTIVEE', 'SUPPRIMEE'],
    }).notNull(),
    commentaire: text('commentaire'),
    dateCreation: text('date_creation').notNull(),
    dateValidation: text('date_validation'),
  },
  (t) => [
    primaryKey({ columns: [t.sandboxId, t.id] }),
    uniqueIndex('rattachements_unique').on(t.sandboxId, t.utilisateurId, t.structureId),
    index('rattachements_structure').on(t.sandboxId, t.structureId),
  ],
);

/** Rattachement of a user to a service of a structure he is attached to. */
export const rattachementsServices = sqliteTable(
  'rattachements_services',
  {
    ...sandboxScoped(),
    rattachementId: integer('rattachement_id').notNull(),
    utilisateurId: integer('utilisateur_id').notNull(),
    serviceId: integer('service_id').notNull(),
    statut: text('statut', {
      enum: ['EN_COURS_DE_VALIDATION', 'REFUSEE', 'VALIDEE', 'DESACTIVEE', 'SUPPRIMEE'],
    }).notNull(),
    commentaire: text('commentaire'),
    dateDebut: text('date_debut').notNull(),
    dateFin: text('date_fin'),
  },
  (t) => [
    primaryKey({ columns: [t.sandboxId, t.id] }),
    uniqueIndex('rattachements_services_unique').on(t.sandboxId, t.rattachementId, t.serviceId),
  ],
);

/** Abonnement of a user to an espace (factures émises, reçues, travaux, sollicitations…). */
export const abonnementsEspaces = sqliteTable(
  'abonnements_espaces',
  {
    ...sandboxScoped(),
    utilisateurId: integer('utilisateur_id').notNull(),
    structureId: integer('structure_id').notNull(),
    serviceId: integer('service_id'),
    codeEspace: integer('code_espace').notNull(),
    libelleEspace: text('libelle_espace').notNull(),
    typeHabilitation: text('type_habilitation', { enum: ['CONSULTATION_UNIQUEMENT', 'MODIFICATION'] }).notNull(),
    etat: text('etat', { enum: ['ACTIVE', 'SUPPRIME', 'EN_COURS_DE_VALIDATION'] }).notNull(),
    dateCreation: text('date_creation').notNull(),
  },
  (t) => [primaryKey({ columns: [t.sandboxId, t.id] }), index('abonnements_utilisateur').on(t.sandboxId, t.utilisateurId)],
);
