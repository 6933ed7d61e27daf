import { defineErrors } from '../chorus-error.js';

const e = (codeRetour: number, libelle: string, httpStatus = 400) => ({ codeRetour, libelle, httpStatus });

/**
 * Errors of the Transverses API. The real codes of these refusals are not public (the V5.01 annex
 * is unreadable, chorus-api §9.12): each gets its own code in a 204xx range, so that a client can
 * tell them apart, and a libellé naming the offending field.
 */
export const erreursTransverses = defineErrors({
  STATUT_COURANT_INCONNU: e(20401, "Le statut courant (statutCourant) n'est pas un statut de facture connu"),
  CADRE_A_VALIDER_INCONNU: e(20402, "Le cadre de facturation (codeCadreFacturationAValider) n'existe pas"),
  COORDBANC_STRUCTURE_NON_RATTACHEE: e(20403, "L'utilisateur n'est pas rattaché à la structure (idStructure)"),
  DESTINATAIRE_ANNUAIRE_INCONNU: e(20404, "Le destinataire (idDestinataireCPP) n'est pas une structure publique active"),
  SIRET_CLE_INVALIDE: e(20405, "Le SIRET (siretStructure) n'est pas valide : 14 chiffres dont une clé de contrôle"),
  SIRET_INCONNU_INSEE: e(20406, "Aucun établissement ne correspond à ce SIRET (siretStructure)"),
});
