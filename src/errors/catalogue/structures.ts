import { defineErrors } from '../chorus-error.js';

/** Errors of the Structures API and of the organisation rules behind it. */
export const erreursStructures = defineErrors({
  STRUCTURE_INTROUVABLE: { codeRetour: 20001, libelle: "La structure demandée n'existe pas", httpStatus: 400 },
  STRUCTURE_INACTIVE: { codeRetour: 20002, libelle: "La structure demandée n'est pas active", httpStatus: 400 },
  IDENTIFIANT_INVALIDE: { codeRetour: 20003, libelle: "L'identifiant de la structure n'est pas valide", httpStatus: 400 },
  STRUCTURE_EXISTANTE: { codeRetour: 20004, libelle: 'Une structure avec cet identifiant existe déjà', httpStatus: 400 },
  SERVICE_INTROUVABLE: { codeRetour: 20005, libelle: "Le service demandé n'existe pas pour cette structure", httpStatus: 400 },
  SERVICE_EXISTANT: { codeRetour: 20006, libelle: 'Un service avec ce code existe déjà pour cette structure', httpStatus: 400 },
});
