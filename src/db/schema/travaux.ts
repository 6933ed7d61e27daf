import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { sandboxScoped } from './columns.js';

/**
 * Dossier de facturation of a works contract (chorus-domain §9.2): the pieces that titulaire, MOE and
 * MOA deposit for one monthly or final payment. Opened by a piece deposited without reference; the
 * actors are fixed then, and every following piece is checked against them. `id` is
 * `idDossierFacturation`. The works pieces themselves are rows of `factures` (they are demandes de
 * paiement of type FACTURE_TRAVAUX: the paid ones reach the service financier's « Factures reçues »).
 */
export const dossiersFacturation = sqliteTable(
  'dossiers_facturation',
  {
    ...sandboxScoped(),
    numeroDossierFacturation: text('numero_dossier_facturation').notNull(),
    /** MENSUEL (acompte) or FINAL (solde). */
    nature: text('nature', { enum: ['MENSUEL', 'FINAL'] }).notNull(),
    /** The titulaire (or sub-/co-contractor) whose payment this dossier carries. */
    fournisseurId: integer('fournisseur_id').notNull(),
    serviceFournisseurId: integer('service_fournisseur_id'),
    /** Null when the contract has no maître d'œuvre: the titulaire's pieces go to the MOA. */
    moeId: integer('moe_id'),
    serviceMoeId: integer('service_moe_id'),
    moaId: integer('moa_id').notNull(),
    serviceMoaId: integer('service_moa_id'),
    /** The service financier that pays (destinataire of the paid pieces). */
    destinataireId: integer('destinataire_id').notNull(),
    serviceExecutantId: integer('service_executant_id'),
    numeroMarche: text('numero_marche'),
    numeroEngagement: text('numero_engagement'),
    /** Start of the délai global de paiement: the projet's mise à disposition to the MOE (or MOA). */
    dateDebutDelai: text('date_debut_delai'),
    dateCreation: text('date_creation').notNull(),
  },
  (t) => [primaryKey({ columns: [t.sandboxId, t.id] }), index('dossiers_fournisseur').on(t.sandboxId, t.fournisseurId)],
);
