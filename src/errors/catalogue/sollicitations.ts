import { defineErrors } from '../chorus-error.js';

const e = (codeRetour: number, libelle: string, httpStatus = 400) => ({ codeRetour, libelle, httpStatus });

/**
 * Errors of sollicitations, notifications, acknowledgements and webhooks. Sollicitations have no
 * public PISTE operation besides the look-ups, so their refusals are the sandbox's own (206xx, and
 * 301xx for the control plane's webhooks); each libellé names the offending field.
 */
export const erreursSollicitations = defineErrors({
  CATEGORIE_SOLLICITATION_INCONNUE: e(20601, "La catégorie de sollicitation (codeCategorie) n'existe pas"),
  SOUS_CATEGORIE_SOLLICITATION_INCONNUE: e(20602, "La sous-catégorie (codeSousCategorie) n'existe pas dans cette catégorie"),
  SOLLICITATION_INTROUVABLE: e(20603, "La sollicitation (idSollicitation) n'existe pas", 404),
  ACTION_SOLLICITATION_INTERDITE: e(20604, "L'action (action) n'est pas permise dans le statut de la sollicitation"),
  SOLLICITATION_NON_AUTORISEE: e(20605, "L'utilisateur (login) n'est ni l'émetteur ni le destinataire de la sollicitation"),
  OBJET_SOLLICITATION_INCONNU: e(20606, "L'objet de la sollicitation (objet) n'existe pas ou n'est pas dans le périmètre de l'utilisateur"),
  DESTINATAIRE_SOLLICITATION_ABSENT: e(20607, "Cette sous-catégorie s'adresse à une structure publique : indiquer une facture, un engagement ou idStructureDestinataire"),
  ACQUITTEMENT_IMPOSSIBLE: e(20608, "La facture (idFacture) n'est ni rejetée ni suspendue : rien à acquitter"),
  WEBHOOK_URL_INVALIDE: e(30101, "L'adresse du webhook (url) doit être une URL http ou https"),
  WEBHOOK_INTROUVABLE: e(30102, "Le webhook (idWebhook) n'existe pas dans ce bac à sable", 404),
  LIVRAISON_INTROUVABLE: e(30103, "La livraison (idLivraison) n'existe pas dans ce bac à sable", 404),
});
