import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { bool, sandboxScoped } from './columns.js';

/** Fiche structure: a supplier (PRIVEE) or a public buyer (PUBLIQUE). `id` is `idStructureCPP`. */
export const structures = sqliteTable(
  'structures',
  {
    ...sandboxScoped(),
    /** Label of the structure in the matelas de données ("Fournisseur", "MOE"…), null for others. */
    entite: text('entite'),
    identifiant: text('identifiant').notNull(),
    typeIdentifiant: text('type_identifiant').notNull(),
    typeStructure: text('type_structure', { enum: ['PRIVEE', 'PUBLIQUE'] }).notNull(),
    raisonSociale: text('raison_sociale').notNull(),
    libelle: text('libelle'),
    nom: text('nom'),
    prenom: text('prenom'),
    numeroRcs: text('numero_rcs'),
    numeroTva: text('numero_tva'),
    email: text('email'),
    adresse: text('adresse'),
    complementAdresse1: text('complement_adresse1'),
    complementAdresse2: text('complement_adresse2'),
    codePostal: text('code_postal'),
    ville: text('ville'),
    codePays: text('code_pays').notNull().default('FR'),
    telephone: text('telephone'),
    statut: text('statut', { enum: ['ACTIF', 'INACTIF'] }).notNull().default('ACTIF'),
    /** Category of a public buyer; sets its délai global de paiement (30, 50 or 60 days). */
    categorie: text('categorie'),
    codeServiceDoitEtreRenseigne: bool('code_service_doit_etre_renseigne'),
    numeroEjDoitEtreRenseigne: bool('numero_ej_doit_etre_renseigne'),
    gestionNumeroEjOuCodeService: bool('gestion_numero_ej_ou_code_service'),
    estMoa: bool('est_moa'),
    estMoaUniquement: bool('est_moa_uniquement'),
    estValideurDelegue: bool('est_valideur_delegue'),
    connexionEdi: bool('connexion_edi'),
    recevoirDonneesViaEdi: bool('recevoir_donnees_via_edi'),
    statutMiseEnPaiementNestPasRemonte: bool('statut_mise_en_paiement_nest_pas_remonte'),
    nonDiffusibleInsee: bool('non_diffusible_insee'),
    /**
     * For a co-contractor (cotraitant): the mandataire of its groupement. An A9 invoice validated
     * first by this co-contractor then goes to the mandataire as second validator (chorus-domain §8.1).
     */
    mandataireId: integer('mandataire_id'),
    createdAt: text('created_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.sandboxId, t.id] }),
    uniqueIndex('structures_identifiant').on(t.sandboxId, t.typeIdentifiant, t.identifiant),
  ],
);

/** Service (code service / service exécutant) of a structure. */
export const services = sqliteTable(
  'services',
  {
    ...sandboxScoped(),
    structureId: integer('structure_id').notNull(),
    code: text('code').notNull(),
    libelle: text('libelle').notNull(),
    description: text('description'),
    estActif: integer('est_actif', { mode: 'boolean' }).notNull().default(true),
    dateDebut: text('date_debut').notNull(),
    dateFin: text('date_fin'),
    /** Service parameter `numeroEngagement`: an engagement number is mandatory on its invoices. */
    numeroEngagementObligatoire: bool('numero_engagement_obligatoire'),
    /** Service parameter `miseEnPaiement`: the service reports the payment status. */
    miseEnPaiement: bool('mise_en_paiement'),
    adresse: text('adresse'),
    codePostal: text('code_postal'),
    ville: text('ville'),
    codePays: text('code_pays'),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.sandboxId, t.id] }),
    uniqueIndex('services_code').on(t.sandboxId, t.structureId, t.code),
  ],
);

/** Coordonnées bancaires of a private structure (only IBAN is accepted for transfers). */
export const coordonneesBancaires = sqliteTable(
  'coordonnees_bancaires',
  {
    ...sandboxScoped(),
    structureId: integer('structure_id').notNull(),
    nom: text('nom').notNull(),
    iban: text('iban').notNull(),
    bic: text('bic'),
    titulaire: text('titulaire'),
    estValide: integer('est_valide', { mode: 'boolean' }).notNull().default(true),
    /** Bank details of a factor (affactureur) entered on the supplier's structure. */
    affactureur: bool('affactureur'),
    createdAt: text('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.sandboxId, t.id] }), index('coordonnees_structure').on(t.sandboxId, t.structureId)],
);

/**
 * Espaces opened on a structure by a gestionnaire (chorus-domain §2.4: « Ajouter des espaces »).
 * A structure without any row here (the matelas) has the espaces its users are subscribed to.
 */
export const espacesStructures = sqliteTable(
  'espaces_structures',
  {
    ...sandboxScoped(),
    structureId: integer('structure_id').notNull(),
    codeEspace: integer('code_espace').notNull(),
    libelleEspace: text('libelle_espace').notNull(),
    etat: text('etat', { enum: ['OUVERT', 'FERME'] }).notNull(),
    dateModification: text('date_modification').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.sandboxId, t.id] }),
    uniqueIndex('espaces_structures_code').on(t.sandboxId, t.structureId, t.codeEspace),
  ],
);

/** Engagement juridique (purchase order) of a public structure towards a supplier. */
export const engagementsJuridiques = sqliteTable(
  'engagements_juridiques',
  {
    ...sandboxScoped(),
    numero: text('numero').notNull(),
    /** The public structure that issued the engagement. */
    structureId: integer('structure_id').notNull(),
    serviceId: integer('service_id'),
    /** The supplier structure the engagement was placed with, when known. */
    fournisseurStructureId: integer('fournisseur_structure_id'),
    libelle: text('libelle'),
    statut: text('statut').notNull().default('COMMANDE'),
    montantHt: real('montant_ht'),
    montantTtc: real('montant_ttc'),
    dateCreation: text('date_creation').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.sandboxId, t.id] }),
    uniqueIndex('engagements_numero').on(t.sandboxId, t.structureId, t.numero),
  ],
);
