import { index, integer, primaryKey, real, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { bool, sandboxScoped } from './columns.js';

/**
 * Facture (demande de paiement of type FACTURE). `id` is `identifiantFactureCPP` / `idFacture`.
 * Lines, VAT summary and attachments are JSON columns: they are always read with their invoice and
 * never searched, and one row per invoice keeps deposits and million-row benchmarks cheap.
 */
export const factures = sqliteTable(
  'factures',
  {
    ...sandboxScoped(),
    numeroFacture: text('numero_facture').notNull(),
    /** Year of `dateFacture`: invoice numbers are unique per supplier and year. */
    annee: integer('annee').notNull(),
    modeDepot: text('mode_depot').notNull(),
    codeCadreFacturation: text('code_cadre_facturation').notNull(),
    typeFacture: text('type_facture').notNull(),
    typeTva: text('type_tva'),
    motifExonerationTva: text('motif_exoneration_tva'),
    devise: text('devise').notNull().default('EUR'),
    dateFacture: text('date_facture').notNull(),
    /** ISO date-time of the deposit (sandbox clock). */
    dateDepot: text('date_depot').notNull(),
    fournisseurId: integer('fournisseur_id').notNull(),
    serviceFournisseurId: integer('service_fournisseur_id'),
    coordonneesBancairesId: integer('coordonnees_bancaires_id'),
    destinataireId: integer('destinataire_id').notNull(),
    serviceExecutantId: integer('service_executant_id'),
    numeroMarche: text('numero_marche'),
    numeroBonCommande: text('numero_bon_commande'),
    numeroFactureOrigine: text('numero_facture_origine'),
    modePaiement: text('mode_paiement'),
    numeroFluxDepot: text('numero_flux_depot'),
    montantHt: real('montant_ht').notNull(),
    montantTva: real('montant_tva').notNull(),
    montantTtc: real('montant_ttc').notNull(),
    montantRemiseGlobaleTtc: real('montant_remise_globale_ttc'),
    motifRemiseGlobaleTtc: text('motif_remise_globale_ttc'),
    montantAPayer: real('montant_a_payer').notNull(),
    /** JSON: lignes de poste as deposited, with computed amounts. */
    lignesPoste: text('lignes_poste', { mode: 'json' }).$type<unknown[]>().notNull().default([]),
    /** JSON: récapitulatif de TVA. */
    lignesTva: text('lignes_tva', { mode: 'json' }).$type<unknown[]>().notNull().default([]),
    /** JSON: pièces jointes complémentaires (links to pieces_jointes). */
    piecesJointes: text('pieces_jointes', { mode: 'json' }).$type<unknown[]>().notNull().default([]),
    pieceJointePrincipaleId: integer('piece_jointe_principale_id'),
    commentaire: text('commentaire'),
    statut: text('statut').notNull(),
    dateHeureEtatCourant: text('date_heure_etat_courant').notNull(),
    commentaireEtatCourant: text('commentaire_etat_courant'),
    numeroDpMandat: text('numero_dp_mandat'),
    factureTelechargeeParDestinataire: bool('facture_telechargee_par_destinataire'),
    rejetTraite: bool('rejet_traite'),
    empreinteCertificatDepot: text('empreinte_certificat_depot').notNull(),
    utilisateurCreateurId: integer('utilisateur_createur_id'),
    /** Délai de paiement bookkeeping: start (mise à disposition), suspensions (JSON [{debut, fin}]), payment. */
    dateMiseADisposition: text('date_mise_a_disposition'),
    suspensions: text('suspensions', { mode: 'json' }).$type<{ debut: string; fin: string | null }[]>().notNull().default([]),
    datePaiement: text('date_paiement'),
    /** Works pieces (FACTURE_TRAVAUX): their dossier, the piece they follow, and who deposited them. */
    dossierFacturationId: integer('dossier_facturation_id'),
    piecePrecedenteId: integer('piece_precedente_id'),
    deposantId: integer('deposant_id'),
  },
  (t) => [
    primaryKey({ columns: [t.sandboxId, t.id] }),
    // Supplier and recipient searches walk these in dateDepot order and stop at nbResultatsMaximum.
    index('factures_fournisseur').on(t.sandboxId, t.fournisseurId, t.dateDepot, t.id),
    index('factures_destinataire').on(t.sandboxId, t.destinataireId, t.dateDepot, t.id),
    index('factures_numero').on(t.sandboxId, t.fournisseurId, t.numeroFacture, t.annee),
    index('factures_flux').on(t.sandboxId, t.numeroFluxDepot),
    index('factures_dossier').on(t.sandboxId, t.dossierFacturationId),
  ],
);

/** Historique of an invoice: status changes (STATUT), user actions (ACTION) and complementary events (EVENEMENT). */
export const historiqueFactures = sqliteTable(
  'historique_factures',
  {
    ...sandboxScoped(),
    factureId: integer('facture_id').notNull(),
    nature: text('nature', { enum: ['STATUT', 'ACTION', 'EVENEMENT'] }).notNull(),
    code: text('code').notNull(),
    date: text('date').notNull(),
    commentaire: text('commentaire'),
    acteur: text('acteur'),
    utilisateurId: integer('utilisateur_id'),
    nomUtilisateur: text('nom_utilisateur'),
  },
  (t) => [primaryKey({ columns: [t.sandboxId, t.id] }), index('historique_facture').on(t.sandboxId, t.factureId, t.id)],
);
