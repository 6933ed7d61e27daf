import { defineErrors } from '../chorus-error.js';

const e = (codeRetour: number, libelle: string, httpStatus = 400) => ({ codeRetour, libelle, httpStatus });

/**
 * Errors of the DUME service. The real service answers with a `messageList` whose codes are not
 * public (complements §3.1): each refusal gets its own code in a 205xx range and a libellé naming
 * the field or the problem, in the sandbox's `{codeRetour, libelle}` envelope.
 */
export const erreursDume = defineErrors({
  DUME_IDENTIFIANT_ET_XML: e(20501, 'Renseigner soit l’identifiant du DUME acheteur (idDume), soit son XML (dumeA), pas les deux'),
  DUME_NI_IDENTIFIANT_NI_XML: e(20502, 'Renseigner l’identifiant du DUME acheteur (idDume) ou son XML (dumeA)'),
  DUME_INCONNU: e(20503, 'Aucun DUME ne porte cet identifiant (idDume)'),
  DUME_XML_BASE64: e(20504, 'Le XML du DUME (dumeA) doit être encodé en base64'),
  DUME_XML_TROP_GROS: e(20505, 'Le XML du DUME dépasse la taille maximale admise (1 Mo)'),
  DUME_XML_DTD_INTERDITE: e(20506, 'Le XML du DUME ne doit contenir ni DOCTYPE ni entité (DTD et entités externes refusées)'),
  DUME_XML_MAL_FORME: e(20507, 'Le XML du DUME n’est pas un XML bien formé'),
  DUME_XML_PAS_ESPD: e(20508, 'Le XML n’est pas un DUME acheteur au format ESPD (QualificationApplicationRequest attendu)'),
  DUME_XML_SCHEMA: e(20509, 'Le XML du DUME ne respecte pas le schéma ESPD-EDM 4.1.0'),
  DUME_CRITERE_SELECTION_INCONNU: e(20510, 'Critère de sélection inconnu (criteresSelection)'),
  DUME_SIMPLIFIE_CRITERES: e(20511, 'Le DUME simplifié ne demande que le chiffre d’affaires et les effectifs'),
  DUME_GROUPEMENT_INVALIDE: e(20512, 'Groupement invalide'),
  DUME_REPONSE_CRITERE_INCONNU: e(20513, 'Réponse à un critère inconnu'),
  DUME_SIRET_INCONNU: e(20514, 'Aucune structure de ce bac à sable ne porte ce SIRET (siretOE)'),
  DUME_TYPE_NON_DUME_A: e(20516, 'Cet identifiant ne désigne pas un DUME acheteur'),
  DUME_TYPE_NON_DUME_OE: e(20517, 'Cet identifiant ne désigne pas un DUME opérateur économique'),
});
