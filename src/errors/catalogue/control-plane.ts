import { defineErrors } from '../chorus-error.js';

/** Errors of the `/_sandbox` control plane (not part of the real Chorus Pro API). */
export const erreursControlPlane = defineErrors({
  SANDBOX_INTROUVABLE: { codeRetour: 30001, libelle: "Le bac à sable demandé n'existe pas", httpStatus: 404 },
  SCENARIO_INCONNU: { codeRetour: 30002, libelle: "Le scénario demandé n'existe pas", httpStatus: 400 },
  JETON_ADMIN_INVALIDE: { codeRetour: 30003, libelle: 'Jeton administrateur absent ou invalide', httpStatus: 401 },
  NOM_DEJA_UTILISE: { codeRetour: 30004, libelle: 'Un bac à sable porte déjà ce nom', httpStatus: 409 },
});
