import { defineErrors } from '../chorus-error.js';

const e = (codeRetour: number, libelle: string, httpStatus = 400) => ({ codeRetour, libelle, httpStatus });

/**
 * Errors of the flux deposit and its compte rendu. 20001 `GDP_MSG_11.022` (file too large) and
 * 20001 `POQ_MSG_01.003` (unknown flux) are documented (chorus-api §2.3, formats.md §3.1); the refusal
 * of a syntax the sandbox cannot read is its own, in the 204xx range.
 */
export const erreursFlux = defineErrors({
  FLUX_TROP_VOLUMINEUX: e(20001, 'GDP_MSG_11.022 - Le fichier dépasse la taille maximale autorisée (10 Mo par fichier, 30 Mo compressé).'),
  FLUX_INTROUVABLE: e(20001, 'POQ_MSG_01.003 - Flux introuvable.'),
  FLUX_VIDE: e(20402, "Le fichier du flux (fichierFlux) est vide ou son encodage base64 est invalide"),
  SYNTAXE_FLUX_NON_PRISE_EN_CHARGE: e(20401, "La syntaxe du flux (syntaxeFlux) n'est pas prise en charge"),
  FLUX_INCONNU_BAC: e(30401, "Le flux n'existe pas dans ce bac à sable", 404),
});
