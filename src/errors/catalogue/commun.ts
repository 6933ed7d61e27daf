import { defineErrors } from '../chorus-error.js';

/**
 * Errors shared by every API. The real gateway's codes are operation-specific (20000–20003 change
 * meaning per service); these generic ones sit in a range of their own so they never collide.
 */
export const erreursCommunes = defineErrors({
  SUCCES: { codeRetour: 0, libelle: 'TRA_MSG_00.000', httpStatus: 200 },
  SUCCES_DEPOT: { codeRetour: 0, libelle: 'GCU_MSG_01_000', httpStatus: 200 },
  AUCUN_RESULTAT: { codeRetour: 20000, libelle: "TRA_MSG_00.015 - La recherche n'a retourné aucun résultat", httpStatus: 200 },
  CHAMP_OBLIGATOIRE: { codeRetour: 10001, libelle: 'Le champ est obligatoire', httpStatus: 400 },
  CHAMP_INVALIDE: { codeRetour: 10002, libelle: "La valeur du champ n'est pas valide", httpStatus: 400 },
  CORPS_INVALIDE: { codeRetour: 10003, libelle: "Le corps de la requête n'est pas un JSON valide", httpStatus: 400 },
  FORMAT_NON_SUPPORTE: { codeRetour: 10004, libelle: 'Format de la requête non supporté', httpStatus: 415 },
  CORPS_TROP_VOLUMINEUX: { codeRetour: 10005, libelle: 'La requête dépasse la taille autorisée', httpStatus: 413 },
  RESSOURCE_INTROUVABLE: { codeRetour: 10006, libelle: 'API non trouvée', httpStatus: 404 },
  METHODE_NON_AUTORISEE: { codeRetour: 10007, libelle: 'Méthode non autorisée pour cette ressource', httpStatus: 405 },
  NON_AUTHENTIFIE: { codeRetour: 10008, libelle: "Problème d'authentification", httpStatus: 401 },
  ACCES_REFUSE: { codeRetour: 10009, libelle: 'Accès refusé', httpStatus: 403 },
  ERREUR_INTERNE: { codeRetour: 10010, libelle: 'Erreur interne du serveur', httpStatus: 500 },
  OPERATION_NON_DISPONIBLE: {
    codeRetour: 10011,
    libelle: "Opération de l'API Chorus Pro non disponible dans ce bac à sable",
    httpStatus: 501,
  },
});
