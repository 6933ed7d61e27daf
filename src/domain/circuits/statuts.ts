/**
 * Les statuts d'une demande de paiement (factures simples, circuits de validation, travaux).
 * Source : enum `statutFacture` du Swagger officiel (chorus-api §4.1, chorus-domain §6.1).
 */

/** Les 56 statuts du fil (`statutFacture`, `nouveauStatut`…), dans l'ordre officiel du Swagger. */
export const STATUTS_FACTURE = [
  'BROUILLON',
  'A_VALIDER_1',
  'ERREUR_FOURNISSEUR_SUR_VALIDEUR',
  'REFUSEE_1',
  'VALIDEE_1',
  'ABSENCE_VALIDATION_1_HORS_DELAI',
  'A_VALIDER_2',
  'ERREUR_COTRAITANT_SUR_VALIDEUR',
  'REFUSEE_2',
  'VALIDEE_2',
  'ABSENCE_VALIDATION_2_HORS_DELAI',
  'DEPOSEE',
  'ERREUR_FOURNISSEUR_SUR_MOE',
  'EN_COURS_ACHEMINEMENT',
  'MISE_A_DISPOSITION',
  'A_RECYCLER',
  'SUSPENDUE',
  'REJETEE',
  'MANDATEE',
  'MISE_EN_PAIEMENT',
  'COMPTABILISEE',
  'MISE_A_DISPOSITION_COMPTABLE',
  'ABANDONNEE',
  'SUPPRIMEE',
  'ASSOCIEE',
  'EN_COURS_TRAITEMENT_PIVOT_S',
  'A_VALIDER_MOE',
  'REFUSEE_MOE',
  'EN_ATTENTE_RECYCLAGE_FOURNISSEUR',
  'ERREUR_MOE_SUR_FOURNISSEUR',
  'ERREUR_MOA_SUR_FOURNISSEUR',
  'INTERPRETEE_OCR',
  'COMPLETEE',
  'ERREUR_FOURNISSEUR_SUR_MOA',
  'ERREUR_MOE_SUR_MOA',
  'ERREUR_DESTINATAIRE_PD',
  'ERREUR_DESTINATAIRE_EA',
  'SERVICE_FAIT',
  'NON_CONFORME',
  'A_ASSOCIER_MOE',
  'ERREUR_DE_MOE',
  'MISE_A_DISPOSITION_MOE',
  'PRISE_EN_COMPTE_MOE',
  'A_ASSOCIER_MOA',
  'ERREUR_DE_MOA',
  'REFUSEE_MOA',
  'A_ASSOCIER_FOURNISSEUR',
  'REFUSEE_FOURNISSEUR',
  'A_COMPLETER',
  'TRANSMISE_MOA',
  'PRISE_EN_COMPTE_DESTINATAIRE',
  'REMPLACEE_PAR_A22',
  'DUPLIQUE_APRES_REFUS',
  'MISE_A_DISPOSITION_MOA',
  'PRISE_EN_COMPTE_MOA',
  'TECHNIQUE_INCONNU',
] as const;

export type StatutFacture = (typeof STATUTS_FACTURE)[number];

export function estStatutFacture(valeur: unknown): valeur is StatutFacture {
  return typeof valeur === 'string' && (STATUTS_FACTURE as readonly string[]).includes(valeur);
}
