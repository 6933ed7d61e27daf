import { index, integer, primaryKey, real, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { bool, sandboxScoped } from './columns.js';

/**
 * Facture (demande de paiement of type FACTURE). `id` is `identifiantFactureCPP` / `idFacture`.
 * Lines, VAT summary and attachments are JSON columns: they are always read with their invoice and
 * never searched, and one row per invoice keeps deposits and million-row benchmarks cheap.
 * An invoice created by `deposer/pdf` (status INTERPRETEE_OCR) knows only its supplier and its PDF until
 * `soumettre` completes it: the fields it lacks (number, dates, recipient, cadre, amounts, fingerprint) are null.
 */
export const factures = sqliteTable(
  'factures',
  {
    ...sandboxScoped(),
    numeroFacture: text('numero_facture'),
    /** Year of `dateFacture`: invoice numbers are unique per supplier and year. */
    annee: integer('annee'),
    modeDepot: text('mode_depot').notNull(),
    codeCadreFacturation: text('code_cadre_facturation'),
    typeFacture: text('type_facture').notNull(),
    typeTva: text('type_tva'),
    motifExonerationTva: text('motif_exoneration_tva'),
    devise: text('devise').notNull().default('EUR'),
    dateFacture: text('date_facture'),
    /** ISO date-time of the deposit (sandbox clock). */
    dateDepot: text('date_depot').notNull(),
    fournisseurId: integer('fournisseur_id').notNull(),
    serviceFournisseurId: integer('service_fournisseur_id'),
    coordonneesBancairesId: integer('coordonnees_bancaires_id'),
    destinataireId: integer('destinataire_id'),
    serviceExecutantId: integer('service_executant_id'),
    numeroMarche: text('numero_marche'),
    numeroBonCommande: text('numero_bon_commande'),
    numeroFactureOrigine: text('numero_facture_origine'),
    modePaiement: text('mode_paiement'),
    numeroFluxDepot: text('numero_flux_depot'),
    montantHt: real('montant_ht'),
    montantTva: real('montant_tva'),
    montantTtc: real('montant_ttc'),
    montantRemiseGlobaleTtc: real('montant_remise_globale_ttc'),
    motifRemiseGlobaleTtc: text('motif_remise_globale_ttc'),
    montantAPayer: real('montant_a_payer'),
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
    empreinteCertificatDepot: text('empreinte_certificat_depot'),
    utilisateurCreateurId: integer('utilisateur_createur_id'),
    /** Délai de paiement bookkeeping: start (mise à disposition), suspensions (JSON [{debut, fin}]), payment. */
    dateMiseADisposition: text('date_mise_a_disposition'),
    suspensions: text('suspensions', { mode: 'json' }).$type<{ debut: string; fin: string | null }[]>().notNull().default([]),
    datePaiement: text('date_paiement'),
    /** Works pieces (FACTURE_TRAVAUX): their dossier, the piece they follow, and who deposited them. */
    dossierFacturationId: integer('dossier_facturation_id'),
    piecePrecedenteId: integer('piece_precedente_id'),
    deposantId: integer('deposant_id'),
    /**
     * Validation circuit (A9/A12, chorus-domain §8): validator 1 (titulaire, mandataire or the
     * co-contractor who sub-contracted) and, for a sub-contractor of a co-contractor, validator 2 (the
     * mandataire); each with its optional service and the date of its express or tacit acceptance.
     */
    valideur1Id: integer('valideur1_id'),
    serviceValideur1Id: integer('service_valideur1_id'),
    dateValidation1: text('date_validation1'),
    valideur2Id: integer('valideur2_id'),
    serviceValideur2Id: integer('service_valideur2_id'),
    dateValidation2: text('date_validation2'),
  },
  (t) => [
    primaryKey({ columns: [t.sandboxId, t.id] }),
    // Supplier and recipient searches walk these in dateDepot order and stop at nbResultatsMaximum.
    index('factures_fournisseur').on(t.sandboxId, t.fournisseurId, t.dateDepot, t.id),
    index('factures_destinataire').on(t.sandboxId, t.destinataireId, t.dateDepot, t.id),
    index('factures_numero').on(t.sandboxId, t.fournisseurId, t.numeroFacture, t.annee),
    index('factures_flux').on(t.sandboxId, t.numeroFluxDepot),
    index('factures_dossier').on(t.sandboxId, t.dossierFacturationId),
    // soumettre of a deposer/pdf attachment looks up the OCR invoice holding it.
    index('factures_piece_jointe_principale').on(t.sandboxId, t.pieceJointePrincipaleId),
    index('factures_valideur1').on(t.sandboxId, t.valideur1Id),
    index('factures_valideur2').on(t.sandboxId, t.valideur2Id),
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
