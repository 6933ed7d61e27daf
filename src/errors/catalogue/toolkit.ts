import { defineErrors } from '../chorus-error.js';

/** Errors of the trainer/CI toolkit of the control plane (clock, journal, faults, snapshots, behaviours). */
export const erreursToolkit = defineErrors({
  HORLOGE_RETOUR_ARRIERE: { codeRetour: 30101, libelle: "L'horloge ne peut qu'avancer", httpStatus: 400 },
  HORLOGE_INVALIDE: { codeRetour: 30102, libelle: "Réglage d'horloge invalide", httpStatus: 400 },
  SNAPSHOT_INVALIDE: { codeRetour: 30103, libelle: 'Instantané invalide', httpStatus: 400 },
  STRUCTURE_SIMULEE_INTROUVABLE: { codeRetour: 30104, libelle: "La structure demandée n'existe pas dans ce bac à sable", httpStatus: 404 },
  COMPORTEMENT_INVALIDE: { codeRetour: 30105, libelle: 'Comportement d’acheteur invalide', httpStatus: 400 },
});
