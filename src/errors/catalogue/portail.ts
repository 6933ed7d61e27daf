import { defineErrors } from '../chorus-error.js';

/**
 * Refusals of the web portal's login (codes 400xx, a range of their own). The real portal's messages are not public: plain French
 * sentences, the same whatever was wrong between login and password so that logins cannot be guessed.
 */
export const erreursPortail = defineErrors({
  CONNEXION_REFUSEE: { codeRetour: 40001, libelle: 'Identifiant ou mot de passe incorrect', httpStatus: 400 },
  COMPTE_VERROUILLE: { codeRetour: 40002, libelle: 'Votre compte est verrouillé après 5 tentatives de connexion infructueuses', httpStatus: 400 },
  COMPTE_TECHNIQUE_PORTAIL: {
    codeRetour: 40003,
    libelle: 'Un compte technique ne peut pas se connecter au portail : il sert uniquement aux appels API (en-tête cpro-account)',
    httpStatus: 400,
  },
  COMPTE_NON_ACTIVE: { codeRetour: 40004, libelle: "Votre compte n'est pas activé : utilisez le lien du courriel d'activation", httpStatus: 400 },
  CODE_SECOND_FACTEUR_INVALIDE: { codeRetour: 40005, libelle: 'Le code saisi est incorrect', httpStatus: 400 },
  CODE_SECOND_FACTEUR_EXPIRE: { codeRetour: 40006, libelle: 'Le code a expiré ou a été saisi trop de fois : demandez un nouveau code', httpStatus: 400 },
  JETON_CSRF_INVALIDE: { codeRetour: 40007, libelle: 'Le formulaire a expiré : rechargez la page et recommencez', httpStatus: 403 },
});
