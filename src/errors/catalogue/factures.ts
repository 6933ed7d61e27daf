import { defineErrors } from '../chorus-error.js';

const e = (codeRetour: number, libelle: string, httpStatus = 400) => ({ codeRetour, libelle, httpStatus });

/**
 * Errors of the Factures API (deposit controls, lifecycle, processing). 20000–20003 carry the
 * documented meanings (chorus-api §2.3). The deposit controls' real codes are not public: each gets
 * its own code in a 201xx range so that a client can tell them apart, with a libellé naming the field.
 */
export const erreursFactures = defineErrors({
  FACTURE_INTROUVABLE: e(20000, "GDP_MSG_11.008 - La demande de paiement n'existe pas."),
  FACTURE_NON_HABILITE: e(20001, "GDP_MSG_11.005 - L'utilisateur n'a pas les habilitations nécessaires pour soumettre la demande."),
  STATUT_INCOHERENT: e(20002, "Incohérence au niveau du statut d'origine ou de destination de la facture."),
  STATUT_NON_SUSPENDUE: e(20002, 'GDP_MSG_11.033 - Le statut de la demande de paiement n\'est pas défini à "Suspendue".'),
  STATUT_NON_A_RECYCLER: e(20002, 'Le statut de la demande de paiement n\'est pas défini à "A recycler".'),
  STATUT_NON_ACQUITTABLE: e(20002, "Le statut de la demande de paiement ne permet pas cette action."),
  FICHIER_TROP_VOLUMINEUX: e(20003, 'Le fichier dépasse la taille maximale autorisée (10 Mo).'),
  // --- Contrôles du dépôt (soumettre, recycler) ---
  CADRE_NON_SUPPORTE: e(20101, "Le cadre de facturation n'est pas pris en charge par le bac à sable"),
  FOURNISSEUR_NON_RATTACHE: e(20102, "L'utilisateur n'est pas rattaché à la structure fournisseur"),
  DESTINATAIRE_INTROUVABLE: e(20103, "Le destinataire n'existe pas"),
  DESTINATAIRE_NON_PUBLIC: e(20104, "Le destinataire n'est pas une structure publique"),
  DESTINATAIRE_INACTIF: e(20105, "Le destinataire n'est pas actif"),
  SERVICE_OBLIGATOIRE: e(20106, 'Le code service est obligatoire pour ce destinataire'),
  SERVICE_INVALIDE: e(20107, "Le service n'existe pas ou n'est pas actif pour ce destinataire"),
  ENGAGEMENT_OBLIGATOIRE: e(20108, "Le numéro d'engagement est obligatoire pour ce destinataire ou ce service"),
  EJ_OU_SERVICE_OBLIGATOIRE: e(20109, "Le numéro d'engagement ou le code service doit être renseigné pour ce destinataire"),
  NUMERO_FACTURE_EXISTANT: e(20110, 'Une facture portant ce numéro existe déjà pour ce fournisseur et cette année'),
  COORDONNEES_BANCAIRES_INVALIDES: e(20111, 'Les coordonnées bancaires ne sont pas valides pour ce fournisseur'),
  LIGNES_OBLIGATOIRES: e(20112, 'Au moins une ligne de poste est obligatoire en mode SAISIE_API'),
  MONTANTS_INCOHERENTS: e(20113, 'Les montants de la facture sont incohérents'),
  AVOIR_SANS_ORIGINE: e(20114, "Un avoir doit référencer le numéro de la facture d'origine"),
  AVOIR_MODE_PAIEMENT: e(20115, "Un avoir ne doit pas porter de mode de paiement"),
  SERVICE_FACTURES_PUBLIQUES: e(20116, 'Le service FACTURES_PUBLIQUES est réservé aux factures entre structures publiques'),
  PIECE_JOINTE_INTROUVABLE: e(20117, "La pièce jointe n'existe pas"),
  PIECE_JOINTE_OBLIGATOIRE: e(20118, 'La pièce jointe principale est obligatoire pour un dépôt PDF'),
  TYPE_PIECE_JOINTE_INVALIDE: e(20119, "Le type de pièce jointe n'est pas valide"),
  MODE_PAIEMENT_OBLIGATOIRE: e(20120, 'Le mode de paiement est obligatoire pour une facture'),
  FOURNISSEUR_NON_PRIVE: e(20121, "Le fournisseur doit être une structure privée active"),
  DEVISE_INCONNUE: e(20122, "La devise n'est pas dans la liste des devises (recuperer/devises)"),
  AVOIR_ORIGINE_INCONNUE: e(20123, "La facture d'origine de l'avoir n'existe pas pour ce fournisseur"),
  TROP_DE_LIGNES: e(20124, 'La facture dépasse le nombre de lignes ou de pièces jointes admis'),
  PIECE_JOINTE_SANS_FICHIER: e(20125, "Aucune pièce jointe de ce type d'objet dans le bac à sable"),
  PIECE_JOINTE_RATTACHEE: e(20126, 'La pièce jointe est rattachée à une facture déposée et ne peut plus être détachée'),
  FACTURE_OCR_DEJA_SOUMISE: e(20127, 'La facture interprétée (deposer/pdf) de cette pièce jointe a déjà été soumise'),
  FACTURE_OCR_NON_SOUMISE: e(20128, "La facture interprétée (deposer/pdf) n'a pas encore été soumise : ses données ne peuvent être exportées qu'en PDF"),
  // --- Traitement (traiter/recue) ---
  MOTIF_OBLIGATOIRE: e(20201, 'Le motif est obligatoire pour ce statut'),
  NUMERO_MANDAT_OBLIGATOIRE: e(20202, 'Le numéro de mandat (numeroDPMandat) est obligatoire pour le statut MANDATEE'),
  // --- Circuit de validation (A9/A12, chorus-domain §8) ---
  VALIDEUR_OBLIGATOIRE: e(20401, 'Le valideur est obligatoire pour un cadre A9 ou A12 (SIRET du titulaire ou du mandataire)'),
  VALIDEUR_INTROUVABLE: e(20402, "Le valideur n'existe pas"),
  VALIDEUR_INACTIF: e(20403, "Le valideur n'est pas actif"),
  VALIDEUR_NON_PRIVE: e(20404, 'Le valideur doit être une entreprise (structure privée) : le titulaire du marché ou le mandataire du groupement'),
  SERVICE_VALIDEUR_INVALIDE: e(20405, "Le service du valideur n'existe pas ou n'est pas actif"),
  VALIDEUR_EST_FOURNISSEUR: e(20406, 'Le valideur ne peut pas être le fournisseur lui-même'),
  ACTION_VALIDEUR_INVALIDE: e(20407, "L'action doit être VALIDATION ou REFUS"),
  NON_VALIDEUR: e(20408, "La structure n'est pas le valideur attendu de cette facture à ce stade"),
  MOTIF_REFUS_INVALIDE: e(20409, 'Le motif de refus doit être un motif de recuperer/motifs/refus/Facture/AValider (ERR_VALIDEUR ou AUT_MOTIF_ERR_VALIDEUR)'),
  STATUT_NON_A_VALIDER: e(20002, 'Le statut de la demande de paiement n\'est pas « À valider » : elle a déjà été traitée par son valideur.'),
  STATUT_NON_ERREUR_VALIDEUR: e(20002, 'Le statut de la demande de paiement n\'est pas « Erreur du fournisseur (ou du cotraitant) sur le valideur ».'),
  SEUIL_PAIEMENT_DIRECT: e(
    20410,
    'Le paiement direct du sous-traitant n\'est ouvert que pour une sous-traitance d\'au moins 600 € TTC (CCP R2193-10) : en dessous, le titulaire facture lui-même ces prestations (cadre A1)',
  ),
  // --- Fichiers ---
  PDF_INVALIDE: e(20301, "Le fichier n'est pas un PDF valide"),
  FICHIER_VIDE: e(20302, 'Le fichier est vide ou son encodage base64 est invalide'),
  // --- Plan de contrôle ---
  FACTURE_INCONNUE_BAC: e(30201, "La facture n'existe pas dans ce bac à sable", 404),
  UTILISATEUR_INCONNU_BAC: e(30202, "L'utilisateur n'existe pas dans ce bac à sable", 404),
});
