import { defineErrors } from '../chorus-error.js';

/**
 * Errors of the Structures, Utilisateurs and Engagements APIs and of the organisation rules behind
 * them. The real libellés of these refusals are not public (chorus-api §9.12): codes follow the
 * platform's per-operation 2000x range, libellés are plain French sentences naming the problem.
 */
export const erreursStructures = defineErrors({
  STRUCTURE_INTROUVABLE: { codeRetour: 20001, libelle: "La structure demandée n'existe pas", httpStatus: 400 },
  STRUCTURE_INACTIVE: { codeRetour: 20002, libelle: "La structure demandée n'est pas active", httpStatus: 400 },
  IDENTIFIANT_INVALIDE: { codeRetour: 20003, libelle: "L'identifiant de la structure n'est pas valide", httpStatus: 400 },
  STRUCTURE_EXISTANTE: { codeRetour: 20004, libelle: 'Une structure avec cet identifiant existe déjà', httpStatus: 400 },
  SERVICE_INTROUVABLE: { codeRetour: 20005, libelle: "Le service demandé n'existe pas pour cette structure", httpStatus: 400 },
  SERVICE_EXISTANT: { codeRetour: 20006, libelle: 'Un service avec ce code existe déjà pour cette structure', httpStatus: 400 },
  TYPE_IDENTIFIANT_INVALIDE: {
    codeRetour: 20007,
    libelle: "Le type d'identifiant de structure n'est pas valide (SIRET, UE_HORS_FRANCE, HORS_UE, RIDET, TAHITI, AUTRE, PARTICULIER)",
    httpStatus: 400,
  },
  STRUCTURE_NON_RATTACHEE: {
    codeRetour: 20008,
    libelle: "L'utilisateur n'est pas rattaché à cette structure privée",
    httpStatus: 400,
  },
  UTILISATEUR_INTROUVABLE: { codeRetour: 20009, libelle: "L'utilisateur demandé n'existe pas", httpStatus: 400 },
  LOGIN_EXISTANT: { codeRetour: 20010, libelle: 'Un compte utilisateur porte déjà cet identifiant de connexion', httpStatus: 400 },
  RATTACHEMENT_EXISTANT: {
    codeRetour: 20011,
    libelle: "L'utilisateur est déjà rattaché à cette structure ou sa demande est en cours de validation",
    httpStatus: 400,
  },
  RATTACHEMENT_DEJA_TRAITE: {
    codeRetour: 20012,
    libelle: "La demande de rattachement n'est pas en attente de validation",
    httpStatus: 400,
  },
  GESTIONNAIRE_NON_HABILITE: {
    codeRetour: 20013,
    libelle: "L'utilisateur n'a pas les habilitations nécessaires pour traiter cette demande de rattachement",
    httpStatus: 400,
  },
  ENGAGEMENT_EXISTANT: {
    codeRetour: 20014,
    libelle: 'Un engagement juridique porte déjà ce numéro pour cette structure',
    httpStatus: 400,
  },
  ENGAGEMENT_STRUCTURE_PRIVEE: {
    codeRetour: 20015,
    libelle: "Un engagement juridique ne peut être émis que par une structure publique",
    httpStatus: 400,
  },
  IBAN_INVALIDE: { codeRetour: 20016, libelle: "L'IBAN n'est pas valide (format ou clé de contrôle)", httpStatus: 400 },
  GESTIONNAIRE_PRINCIPAL_EXISTANT: {
    codeRetour: 20017,
    libelle: 'La structure a déjà un gestionnaire principal',
    httpStatus: 400,
  },
  UTILISATEUR_INACTIF: { codeRetour: 20018, libelle: "Le compte utilisateur n'est pas actif", httpStatus: 400 },
  // Accounts and organisation managed from the portal (chorus-domain §1–§3). Libellés name the field.
  JETON_ACTIVATION_INVALIDE: {
    codeRetour: 20019,
    libelle: "Le lien d'activation n'est pas valide : il a peut-être déjà servi. Demandez un nouveau lien d'activation",
    httpStatus: 400,
  },
  JETON_ACTIVATION_EXPIRE: {
    codeRetour: 20020,
    libelle: "Le lien d'activation a expiré (validité 60 minutes) : demandez un nouveau lien d'activation",
    httpStatus: 400,
  },
  MOT_DE_PASSE_NON_CONFORME: { codeRetour: 20021, libelle: 'Le mot de passe ne respecte pas les règles de complexité', httpStatus: 400 },
  CONFIRMATION_DIFFERENTE: {
    codeRetour: 20022,
    libelle: 'Le champ « Confirmation du mot de passe » ne correspond pas au mot de passe saisi',
    httpStatus: 400,
  },
  COMPTE_DEJA_ACTIF: { codeRetour: 20023, libelle: 'Ce compte utilisateur est déjà activé : connectez-vous', httpStatus: 400 },
  ESPACE_INCONNU: { codeRetour: 20024, libelle: "L'espace demandé n'existe pas", httpStatus: 400 },
  ESPACE_NON_OUVERT: {
    codeRetour: 20025,
    libelle: "L'espace n'est pas ouvert sur la structure : un gestionnaire de la structure doit d'abord l'ajouter",
    httpStatus: 400,
  },
  ABONNEMENT_EXISTANT: {
    codeRetour: 20026,
    libelle: "L'utilisateur est déjà abonné à cet espace ou sa demande est en cours de validation",
    httpStatus: 400,
  },
  ABONNEMENT_INTROUVABLE: { codeRetour: 20027, libelle: "L'abonnement demandé n'existe pas", httpStatus: 400 },
  ABONNEMENT_DEJA_TRAITE: { codeRetour: 20028, libelle: "La demande d'abonnement n'est pas en attente de validation", httpStatus: 400 },
  GESTIONNAIRE_PRINCIPAL_REQUIS: {
    codeRetour: 20029,
    libelle: 'Seul le gestionnaire principal de la structure peut effectuer cette action',
    httpStatus: 400,
  },
  BIC_INVALIDE: { codeRetour: 20030, libelle: "Le champ « BIC » n'est pas valide (8 ou 11 caractères)", httpStatus: 400 },
  COMPTE_TECHNIQUE_EXISTANT: { codeRetour: 20031, libelle: 'La structure a déjà un compte technique', httpStatus: 400 },
  COMPTE_TECHNIQUE_INTROUVABLE: { codeRetour: 20032, libelle: "La structure n'a pas de compte technique", httpStatus: 400 },
  ACTION_GESTIONNAIRE_PRINCIPAL: {
    codeRetour: 20033,
    libelle: 'Cette action ne peut pas viser le gestionnaire principal : transférez d’abord son rôle',
    httpStatus: 400,
  },
  RECHERCHE_STRUCTURE_INSUFFISANTE: {
    codeRetour: 20034,
    libelle: 'Saisissez au moins 3 chiffres du SIRET ou la raison sociale exacte de la structure',
    httpStatus: 400,
  },
  /** Control plane: a structure or a rattachement named in the URL does not exist in the sandbox. */
  STRUCTURE_INCONNUE_BAC: { codeRetour: 30005, libelle: "La structure demandée n'existe pas dans ce bac à sable", httpStatus: 404 },
  RATTACHEMENT_INCONNU_BAC: {
    codeRetour: 30006,
    libelle: "La demande de rattachement n'existe pas dans ce bac à sable",
    httpStatus: 404,
  },
});
