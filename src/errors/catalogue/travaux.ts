import { defineErrors } from '../chorus-error.js';

const e = (codeRetour: number, libelle: string, httpStatus = 400) => ({ codeRetour, libelle, httpStatus });

/**
 * Errors of the Factures de travaux API. The real codes of `soumettreFactureTravaux` (20003–20005,
 * 20042, 20064, 20065, 20127–20134, complements §1.1) have no public labels: each control gets its
 * own code in a 202xx range and a libellé naming the field.
 */
export const erreursTravaux = defineErrors({
  // Empty search: codeRetour 20007 and GFT_MSG_01.075 (complements §1.3, PASTELL CPPWrapper); HTTP 200 like the other searches.
  TRAVAUX_AUCUN_RESULTAT: e(20007, "GFT_MSG_01.075 - La recherche n'a retourné aucun résultat", 200),
  CADRE_TRAVAUX_NON_SIMULE: e(20215, "Le cadre de facturation n'est pas un cadre de facture de travaux pris en charge par le bac à sable"),
  PIECE_PRECEDENTE_OBLIGATOIRE: e(20216, 'Cette pièce se dépose en référence à une pièce précédente du dossier de facturation'),
  PIECE_PRECEDENTE_INTROUVABLE: e(20203, "La pièce précédente n'existe pas ou n'est pas une facture de travaux"),
  PIECE_PRECEDENTE_INCOMPATIBLE: e(20204, 'Le cadre de facturation ne peut pas suivre celui de la pièce précédente'),
  DEPOSANT_NON_ACTEUR: e(20205, "L'utilisateur n'est pas rattaché à la structure qui dépose ce cadre dans le dossier de facturation"),
  PIECE_DEJA_TRAITEE: e(20206, "La pièce n'attend pas d'action de cet acteur (elle a déjà reçu une réponse ou n'est pas à son statut de traitement)"),
  MOA_NON_PARAMETREE: e(20207, "La structure n'est pas paramétrée comme maîtrise d'ouvrage (estMOA ou estMoaUniquement)"),
  MOE_INVALIDE: e(20208, "La structure de maîtrise d'œuvre n'existe pas ou n'est pas active"),
  DOSSIER_SANS_MOE: e(20209, "Le dossier de facturation n'a pas de maîtrise d'œuvre"),
  MOTIF_REFUS_TRAVAUX_INVALIDE: e(20210, "Le motif de refus n'est pas admis pour cet acteur (AUTRE, MAUVAISE_MOE pour la MOE, MAUVAISE_MOA pour la MOA)"),
  // §9.3 (AIFE KB0011867, since 19/02/2025): the portal answers « Erreur de montant » with this reminder.
  REFUS_ERREUR_MONTANT: e(
    20211,
    "Une pièce ne peut pas être refusée pour une erreur de montant : corrigez les montants dans votre propre pièce (par exemple l'état d'acompte). En cas de désaccord, le paiement est effectué sur la base provisoire des sommes admises (article R2192-34 du code de la commande publique)",
  ),
  MONTANTS_TRAVAUX_INCOHERENTS: e(20212, 'Les montants de la pièce sont incohérents (montantHtTotal + montantTVA doit égaler montantTtcTotal)'),
  CHAMP_OBLIGATOIRE_TRAVAUX: e(20214, 'Champ obligatoire pour le dépôt initial qui ouvre un dossier de facturation'),
  COMMENTAIRE_DEMANDE_COMPLEMENT_OBLIGATOIRE: e(20217, 'Le commentaire qui explique le complément demandé est obligatoire (commentaire)'),
  PIECE_NON_A_COMPLETER: e(20218, "La pièce n'est pas au statut A_COMPLETER (demande de complément) : il n'y a rien à compléter"),
  COMPLETER_PAR_DEPOSANT: e(20219, "Seule la structure qui a déposé la pièce la complète : completer pour le titulaire, completermoe pour la maîtrise d'œuvre"),
  COMMENTAIRE_RECYCLAGE_OBLIGATOIRE: e(20220, "Le commentaire qui explique pourquoi la pièce est mal adressée est obligatoire (commentaire)"),
  PIECE_NON_A_RECYCLER: e(20221, "La pièce n'est pas à recycler (statuts A_RECYCLER, ERREUR_FOURNISSEUR_SUR_MOA ou ERREUR_MOE_SUR_MOA) ou ne peut pas être recyclée vers ce destinataire"),
  RECYCLAGE_SANS_DESTINATAIRE: e(20222, "Le recyclage indique la maîtrise d'œuvre ou la maîtrise d'ouvrage corrigée (moe.idStructureMoe ou moa.idStructureMoa)"),
  RECYCLAGE_SANS_CHANGEMENT: e(20223, "Le recyclage ne change pas le destinataire : indiquez une autre structure ou un autre service"),
  RECYCLER_PAR_DEPOSANT: e(20224, "Seule la structure qui a déposé la pièce la recycle"),
  MOE_NON_MODIFIABLE: e(20225, "La maîtrise d'œuvre ne se corrige que sur un projet de décompte du titulaire adressé à la maîtrise d'œuvre"),
  FACTURE_TRAVAUX_NON_HABILITE: e(20213, "L'utilisateur n'est ni titulaire, ni maîtrise d'œuvre, ni maîtrise d'ouvrage de ce dossier de facturation"),
});
