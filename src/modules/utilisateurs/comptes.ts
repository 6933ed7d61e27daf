import { randomBytes } from 'node:crypto';
import { estSiretValide } from '../../domain/identifiants.js';
import { nextId } from '../../db/sequences.js';
import { transaction } from '../../db/transaction.js';
import { ChorusError, type ErrorEntry } from '../../errors/chorus-error.js';
import { erreurs } from '../../errors/catalogue/index.js';
import type { SandboxContext } from '../../sandbox/context.js';
import { formatDateHeureMinute, formatDateTime } from '../../sandbox/dates.js';
import { findReglages, insertCourriel } from '../notifications/repository.js';
import { EXPEDITEUR, notifierUtilisateurs } from '../notifications/service.js';
import { espacesOuverts } from '../structures/espaces.js';
import { findStructure, findStructureByIdentifiant, listCoordonneesBancaires, type StructureRow } from '../structures/repository.js';
import { demanderRattachement, estGestionnaire } from './rattachements.js';
import * as repo from './repository.js';
import { creerUtilisateur, ESPACES, type Role } from './service.js';

/**
 * Self-service accounts (chorus-domain §1): « Créer un compte » with its activation mail, « Mon
 * compte », the « complétude du compte » view and the abonnements aux espaces (§2.4). Called by the
 * portal; every refusal is a catalogue error whose libellé names the field in French and whose
 * `champ` is the input's key, so a form can show it beside the field.
 */

/** The activation link is valid 60 minutes on the sandbox clock (chorus-domain §1.1). */
export const VALIDITE_ACTIVATION_MINUTES = 60;

export const refus = (entry: ErrorEntry, champ: string, libelle: string): ChorusError => new ChorusError(entry, libelle, champ);

const EMAIL = /^[^\s@;,"<>]+@[^\s@;,"<>]+\.[^\s@;,"<>]{2,}$/;
const TELEPHONE = /^\+?[0-9][0-9 .-]{5,19}$/;

function texteObligatoire(valeur: string | null | undefined, champ: string, libelle: string, max = 100): string {
  const v = valeur?.trim() ?? '';
  if (v === '') throw refus(erreurs.CHAMP_OBLIGATOIRE, champ, `Le champ « ${libelle} » est obligatoire`);
  if (v.length > max) throw refus(erreurs.CHAMP_INVALIDE, champ, `Le champ « ${libelle} » ne doit pas dépasser ${max} caractères`);
  return v;
}

export function emailOuErreur(valeur: string | null | undefined, champ: string, libelle: string): string {
  const v = texteObligatoire(valeur, champ, libelle, 254).toLowerCase();
  if (!EMAIL.test(v)) throw refus(erreurs.CHAMP_INVALIDE, champ, `Le champ « ${libelle} » n'est pas une adresse e-mail valide (exemple : prenom.nom@entreprise.fr)`);
  return v;
}

function telephoneOuErreur(valeur: string | null | undefined): string | null {
  const v = valeur?.trim() ?? '';
  if (v === '') return null;
  if (!TELEPHONE.test(v)) throw refus(erreurs.CHAMP_INVALIDE, 'telephone', 'Le champ « Téléphone » ne doit contenir que des chiffres (6 à 20), espaces, points ou tirets, éventuellement précédés de +');
  return v;
}

/** The portal's activation page, for this sandbox and token. */
export function cheminActivation(sandboxId: string, jeton: string): string {
  return `/portail/${encodeURIComponent(sandboxId)}/activer?jeton=${jeton}`;
}

/** `2026-12-01 18:05` → `01/12/2026 à 18:05` (Paris time), as a French reader expects it. */
function dateFrancaise(d: Date): string {
  const [jour, heure] = formatDateHeureMinute(d).split(' ');
  const [a, m, j] = jour!.split('-');
  return `${j}/${m}/${a} à ${heure}`;
}

const nomDe = (u: repo.UtilisateurRow) => [u.prenom, u.nom].filter(Boolean).join(' ');

/** A new activation token for the account (the previous one stops working) and its mail in the outbox. */
function envoyerActivation(ctx: SandboxContext, utilisateur: repo.UtilisateurRow, contexte: string): { utilisateur: repo.UtilisateurRow; jeton: string } {
  const jeton = randomBytes(32).toString('base64url');
  const expiration = new Date(ctx.now().getTime() + VALIDITE_ACTIVATION_MINUTES * 60_000);
  const maj = repo.updateUtilisateur(ctx, utilisateur.id, { jetonActivation: jeton, jetonActivationExpiration: formatDateTime(expiration) });
  insertCourriel(ctx, {
    id: nextId(ctx.db, ctx.sandboxId, 'courriel'),
    utilisateurId: utilisateur.id,
    de: EXPEDITEUR,
    // The activation mail goes to the login address (chorus-domain §1.1).
    a: utilisateur.login,
    sujet: 'Chorus Pro - Activation de votre compte utilisateur',
    corps: [
      `Bonjour ${nomDe(utilisateur)},`,
      '',
      contexte,
      `Votre identifiant de connexion est : ${utilisateur.login}`,
      '',
      `Pour activer votre compte et choisir votre mot de passe, ouvrez le lien suivant. Il est valable ${VALIDITE_ACTIVATION_MINUTES} minutes, jusqu'au ${dateFrancaise(expiration)} :`,
      cheminActivation(ctx.sandboxId, jeton),
      '',
      "Passé ce délai, demandez un nouveau lien d'activation depuis la page de connexion.",
      "Si vous n'êtes pas à l'origine de cette demande, ignorez ce message.",
      '',
      'Cordialement,',
      'L’équipe Chorus Pro',
      '',
      'Ce message est envoyé automatiquement, merci de ne pas y répondre.',
    ].join('\n'),
    nature: 'ACTIVATION_COMPTE',
    date: formatDateTime(ctx.now()),
  });
  return { utilisateur: maj, jeton };
}

/** A password nobody knows: an account stays unusable until its owner activates it. */
const motDePasseInutilisable = () => `!inactif!${randomBytes(24).toString('base64url')}`;

export interface CompteSaisi {
  email: string;
  nom: string;
  prenom: string;
  telephone?: string | null;
  /** SIRET of the structure the user works for: a rattachement is requested on activation if it exists. */
  siret?: string | null;
}

/**
 * « Créer un compte » (chorus-domain §1.1): an inactive PERSONNE account whose login is the e-mail
 * (lower-cased), and an activation mail valid 60 minutes. Returns the token too (tests, trainers).
 */
export function creerCompte(ctx: SandboxContext, input: CompteSaisi): { utilisateur: repo.UtilisateurRow; jeton: string } {
  const login = emailOuErreur(input.email, 'email', 'Adresse e-mail de connexion');
  const nom = texteObligatoire(input.nom, 'nom', 'Nom');
  const prenom = texteObligatoire(input.prenom, 'prenom', 'Prénom');
  const telephone = telephoneOuErreur(input.telephone);
  const siret = input.siret?.replace(/\s+/g, '') || null;
  if (siret !== null && !estSiretValide(siret)) {
    throw refus(erreurs.IDENTIFIANT_INVALIDE, 'siret', `Le champ « SIRET » n'est pas valide : ${siret} (14 chiffres dont une clé de contrôle)`);
  }
  return transaction(ctx.db, () => {
    // Logins are compared without case: the matelas's are upper case (`GEST_…@cpro.fr`), typed ones lower.
    if (repo.findUtilisateurByLogin(ctx, login) || repo.listUtilisateurs(ctx).some((u) => u.login.toLowerCase() === login)) {
      throw refus(erreurs.LOGIN_EXISTANT, 'email', `Un compte existe déjà avec l'adresse e-mail de connexion ${login} : connectez-vous ou demandez un nouveau lien d'activation`);
    }
    const utilisateur = creerUtilisateur(ctx, { login, type: 'PERSONNE', nom, prenom, telephone, email: login, motDePasse: motDePasseInutilisable() });
    const cree = repo.updateUtilisateur(ctx, utilisateur.id, { statut: 'INACTIF', siretDemande: siret });
    return envoyerActivation(ctx, cree, 'Votre compte Chorus Pro a bien été créé.');
  });
}

/**
 * Password rules. Chosen as the qualification portal states them and as ANSSI's recommendations for
 * a password guarding access to invoices and bank details allow with a lock after 5 failures: 8 to 64
 * characters (64 so a passphrase or a password manager's output fits), at least one uppercase letter,
 * one lowercase letter, one digit and one special character (four classes: about 52 bits for 8
 * characters), and not containing the login's local part (the most guessed password).
 * Returns what is missing, in French; empty when the password is acceptable.
 */
export function manquesMotDePasse(motDePasse: string, login: string): string[] {
  const manques: string[] = [];
  if (motDePasse.length < 8) manques.push('au moins 8 caractères');
  if (motDePasse.length > 64) manques.push('au plus 64 caractères');
  if (!/\p{Lu}/u.test(motDePasse)) manques.push('une lettre majuscule');
  if (!/\p{Ll}/u.test(motDePasse)) manques.push('une lettre minuscule');
  if (!/\d/.test(motDePasse)) manques.push('un chiffre');
  if (!/[^\p{L}\d]/u.test(motDePasse) || /\s/.test(motDePasse)) manques.push('un caractère spécial (hors espace), par exemple ! ? @ # - _');
  const local = login.split('@')[0]!.toLowerCase();
  if (local.length >= 3 && motDePasse.toLowerCase().includes(local)) manques.push(`ne pas contenir votre identifiant (${local})`);
  return manques;
}

export const REGLES_MOT_DE_PASSE =
  'De 8 à 64 caractères, dont au moins une majuscule, une minuscule, un chiffre et un caractère spécial ; sans votre identifiant.';

export function motDePasseOuErreur(motDePasse: string | null | undefined, confirmation: string | null | undefined, login: string, champ = 'motDePasse'): string {
  const mdp = motDePasse ?? '';
  if (mdp === '') throw refus(erreurs.CHAMP_OBLIGATOIRE, champ, 'Le champ « Mot de passe » est obligatoire');
  const manques = manquesMotDePasse(mdp, login);
  if (manques.length > 0) {
    throw refus(erreurs.MOT_DE_PASSE_NON_CONFORME, champ, `Le champ « Mot de passe » ne respecte pas les règles de complexité. Il faut : ${manques.join(', ')}.`);
  }
  if (confirmation !== mdp) throw refus(erreurs.CONFIRMATION_DIFFERENTE, 'confirmation', erreurs.CONFIRMATION_DIFFERENTE.libelle);
  return mdp;
}

/** The pending account an activation link designates, refused when unknown, used or expired. */
export function compteAActiver(ctx: SandboxContext, jeton: string | null | undefined): repo.UtilisateurRow {
  const j = jeton?.trim() ?? '';
  const utilisateur = j === '' ? undefined : repo.findUtilisateurParJeton(ctx, j);
  if (!utilisateur || utilisateur.statut !== 'INACTIF') throw refus(erreurs.JETON_ACTIVATION_INVALIDE, 'jeton', erreurs.JETON_ACTIVATION_INVALIDE.libelle);
  if (!utilisateur.jetonActivationExpiration || ctx.now().getTime() > Date.parse(utilisateur.jetonActivationExpiration)) {
    throw refus(erreurs.JETON_ACTIVATION_EXPIRE, 'jeton', erreurs.JETON_ACTIVATION_EXPIRE.libelle);
  }
  return utilisateur;
}

/**
 * The activation page: the user chooses his password; the account becomes ACTIF and the token dies.
 * If a SIRET was typed at creation and that active structure exists, a rattachement is requested.
 */
export function activerCompte(
  ctx: SandboxContext,
  input: { jeton: string; motDePasse: string; confirmation: string },
): { utilisateur: repo.UtilisateurRow; rattachement: repo.RattachementRow | null } {
  return transaction(ctx.db, () => {
    const compte = compteAActiver(ctx, input.jeton);
    const motDePasse = motDePasseOuErreur(input.motDePasse, input.confirmation, compte.login);
    const utilisateur = repo.updateUtilisateur(ctx, compte.id, {
      statut: 'ACTIF',
      motDePasse,
      jetonActivation: null,
      jetonActivationExpiration: null,
      siretDemande: null,
    });
    const structure = compte.siretDemande ? findStructureByIdentifiant(ctx, compte.siretDemande, 'SIRET') : undefined;
    const rattachement =
      structure && structure.statut === 'ACTIF' && !repo.findRattachementDe(ctx, utilisateur.id, structure.id)
        ? demanderRattachement(ctx, { utilisateurId: utilisateur.id, structureId: structure.id })
        : null;
    return { utilisateur, rattachement };
  });
}

/** « Renvoyer le lien d'activation »: a new link (the old one stops working) for a pending account. */
export function renvoyerActivation(ctx: SandboxContext, email: string): { utilisateur: repo.UtilisateurRow; jeton: string } {
  const login = emailOuErreur(email, 'email', 'Adresse e-mail de connexion');
  return transaction(ctx.db, () => {
    const utilisateur = repo.findUtilisateurByLogin(ctx, login);
    if (!utilisateur || utilisateur.type !== 'PERSONNE') {
      throw refus(erreurs.UTILISATEUR_INTROUVABLE, 'email', `Aucun compte n'utilise l'adresse e-mail de connexion ${login}`);
    }
    if (utilisateur.statut === 'ACTIF') throw refus(erreurs.COMPTE_DEJA_ACTIF, 'email', `Le compte ${login} est déjà activé : connectez-vous`);
    return envoyerActivation(ctx, utilisateur, "Voici un nouveau lien d'activation pour votre compte Chorus Pro ; les liens précédents ne fonctionnent plus.");
  });
}

/** An existing account of this sandbox, or the catalogue error. */
export function utilisateurOuErreur(ctx: SandboxContext, utilisateurId: number, champ = 'utilisateurId'): repo.UtilisateurRow {
  const u = repo.findUtilisateur(ctx, utilisateurId);
  if (!u) throw refus(erreurs.UTILISATEUR_INTROUVABLE, champ, `L'utilisateur ${utilisateurId} n'existe pas`);
  return u;
}

/** An active account of this sandbox, or the catalogue error. */
export function utilisateurActifOuErreur(ctx: SandboxContext, utilisateurId: number, champ = 'utilisateurId'): repo.UtilisateurRow {
  const u = utilisateurOuErreur(ctx, utilisateurId, champ);
  if (u.statut !== 'ACTIF') throw refus(erreurs.UTILISATEUR_INACTIF, champ, `Le compte ${u.login} n'est pas actif`);
  return u;
}

/**
 * « Mon compte » → informations personnelles. The login cannot change (chorus-domain §1.1); the
 * contact e-mail, where notifications go, can, and is the login when left empty.
 */
export function modifierMonCompte(
  ctx: SandboxContext,
  utilisateurId: number,
  input: { nom: string; prenom: string; telephone?: string | null; emailContact?: string | null },
): repo.UtilisateurRow {
  const u = utilisateurActifOuErreur(ctx, utilisateurId);
  const nom = texteObligatoire(input.nom, 'nom', 'Nom');
  const prenom = texteObligatoire(input.prenom, 'prenom', 'Prénom');
  const telephone = telephoneOuErreur(input.telephone);
  const email = input.emailContact?.trim() ? emailOuErreur(input.emailContact, 'emailContact', 'Adresse e-mail de contact') : u.login;
  return repo.updateUtilisateur(ctx, u.id, { nom, prenom, telephone, email });
}

const libelleEspace = (code: number) => ESPACES.find((e) => e.codeEspace === code)?.libelleEspace ?? `Espace ${code}`;

export interface MonCompte {
  informations: {
    id: number;
    login: string;
    nom: string;
    prenom: string | null;
    telephone: string | null;
    emailContact: string;
    statut: 'ACTIF' | 'INACTIF';
    dateCreation: string;
  };
  rattachements: {
    idRattachement: number;
    structure: Pick<StructureRow, 'id' | 'identifiant' | 'typeIdentifiant' | 'raisonSociale' | 'statut' | 'typeStructure'>;
    role: Role;
    statut: repo.RattachementRow['statut'];
    dateCreation: string;
    dateValidation: string | null;
  }[];
  abonnements: {
    idAbonnement: number;
    structureId: number;
    raisonSociale: string;
    codeEspace: number;
    libelleEspace: string;
    etat: repo.AbonnementEspaceRow['etat'];
    dateCreation: string;
  }[];
  notifications: { recapQuotidien: boolean; recapHebdomadaire: boolean };
}

/** « Mon compte »: personal data, rattachements with roles, abonnements aux espaces, notification settings. */
export function monCompte(ctx: SandboxContext, utilisateurId: number): MonCompte {
  const u = utilisateurOuErreur(ctx, utilisateurId);
  const structures = new Map<number, StructureRow | undefined>();
  const structure = (id: number) => {
    if (!structures.has(id)) structures.set(id, findStructure(ctx, id));
    return structures.get(id);
  };
  const reglages = findReglages(ctx, u.id);
  return {
    informations: {
      id: u.id,
      login: u.login,
      nom: u.nom,
      prenom: u.prenom,
      telephone: u.telephone,
      emailContact: u.email ?? u.login,
      statut: u.statut,
      dateCreation: u.createdAt,
    },
    rattachements: repo.listRattachementsUtilisateur(ctx, u.id).flatMap((r) => {
      const s = structure(r.structureId);
      if (!s) return [];
      return [
        {
          idRattachement: r.id,
          structure: { id: s.id, identifiant: s.identifiant, typeIdentifiant: s.typeIdentifiant, raisonSociale: s.raisonSociale, statut: s.statut, typeStructure: s.typeStructure },
          role: r.role,
          statut: r.statut,
          dateCreation: r.dateCreation,
          dateValidation: r.dateValidation,
        },
      ];
    }),
    abonnements: repo
      .listAbonnementsUtilisateur(ctx, u.id)
      .filter((a) => a.etat !== 'SUPPRIME')
      .map((a) => ({
        idAbonnement: a.id,
        structureId: a.structureId,
        raisonSociale: structure(a.structureId)?.raisonSociale ?? String(a.structureId),
        codeEspace: a.codeEspace,
        libelleEspace: a.libelleEspace,
        etat: a.etat,
        dateCreation: a.dateCreation,
      })),
    notifications: { recapQuotidien: reglages?.recapQuotidien ?? false, recapHebdomadaire: reglages?.recapHebdomadaire ?? false },
  };
}

export type CodeCompletude =
  | 'COMPTE_ACTIF'
  | 'RATTACHEMENT_VALIDE'
  | 'STRUCTURE_ACTIVE'
  | 'ESPACE_FACTURES_EMISES_OUVERT'
  | 'ABONNEMENT_FACTURES_EMISES'
  | 'COORDONNEES_BANCAIRES';

export interface VerificationCompletude {
  code: CodeCompletude;
  libelle: string;
  fait: boolean;
  /** False for what is recommended only (bank details): it does not block depositing. */
  obligatoire: boolean;
  conseil: string;
}

export interface CompletudeCompte {
  /** The structure the checks were made on (the attached one closest to ready), null without any. */
  structure: { id: number; identifiant: string; raisonSociale: string } | null;
  verifications: VerificationCompletude[];
  pretPourDeposer: boolean;
}

const FACTURES_EMISES = 1;

/**
 * « Complétude du compte » (seed 004): what is missing before the user can deposit an invoice,
 * in the order it is fixed, derived from the data. Checked on each structure the user is attached
 * to (validated rattachement); the structure with the most obligatory checks passed is shown.
 */
export function completudeCompte(ctx: SandboxContext, utilisateurId: number): CompletudeCompte {
  const u = utilisateurOuErreur(ctx, utilisateurId);
  const actif = u.statut === 'ACTIF';
  const attachees = repo
    .listRattachementsValides(ctx, u.id)
    .map((r) => findStructure(ctx, r.structureId))
    .filter((s): s is StructureRow => s !== undefined);
  const pourStructure = (s: StructureRow | undefined): VerificationCompletude[] => {
    const ouverts = s ? espacesOuverts(ctx, s.id) : new Set<number>();
    const abonne = s ? repo.listAbonnementsUtilisateur(ctx, u.id).some((a) => a.structureId === s.id && a.codeEspace === FACTURES_EMISES && a.etat === 'ACTIVE') : false;
    const nom = s ? ` (${s.raisonSociale})` : '';
    return [
      {
        code: 'COMPTE_ACTIF',
        libelle: 'Compte utilisateur activé',
        fait: actif,
        obligatoire: true,
        conseil: "Ouvrez le lien d'activation reçu par e-mail (valable 60 minutes) et choisissez votre mot de passe ; sinon, demandez un nouveau lien d'activation.",
      },
      {
        code: 'RATTACHEMENT_VALIDE',
        libelle: 'Rattachement validé à au moins une structure',
        fait: s !== undefined,
        obligatoire: true,
        conseil:
          'Dans « Mon compte » → « Mes rattachements aux structures », demandez votre rattachement à votre structure (recherche par SIRET) puis attendez la validation de son gestionnaire, ou créez la structure si elle n’existe pas encore : vous en deviendrez gestionnaire principal.',
      },
      {
        code: 'STRUCTURE_ACTIVE',
        libelle: `Structure active${nom}`,
        fait: s?.statut === 'ACTIF',
        obligatoire: true,
        conseil: 'Une structure désactivée ne peut pas émettre de factures : demandez à son gestionnaire de la réactiver ou rattachez-vous à la structure active de votre entreprise.',
      },
      {
        code: 'ESPACE_FACTURES_EMISES_OUVERT',
        libelle: `Espace « Factures émises » ouvert sur la structure${nom}`,
        fait: ouverts.has(FACTURES_EMISES),
        obligatoire: true,
        conseil: 'Un gestionnaire de la structure l’ajoute dans « Activités du gestionnaire » → « Mes structures » → « Liste des espaces de la structure » → « Ajouter des espaces ».',
      },
      {
        code: 'ABONNEMENT_FACTURES_EMISES',
        libelle: 'Abonnement actif à l’espace « Factures émises »',
        fait: abonne,
        obligatoire: true,
        conseil: 'Dans « Mon compte » → « Mes abonnements aux espaces » → « Ajouter un abonnement », choisissez « Factures émises » : il est accordé sans validation.',
      },
      {
        code: 'COORDONNEES_BANCAIRES',
        libelle: 'Coordonnées bancaires (IBAN) saisies sur la structure — recommandé',
        fait: s ? listCoordonneesBancaires(ctx, s.id).some((c) => c.estValide) : false,
        obligatoire: false,
        conseil: 'Recommandé, non bloquant : sans IBAN sur la structure, l’acheteur ne sait pas où payer par virement. Un gestionnaire les saisit dans la fiche de la structure.',
      },
    ];
  };
  const score = (v: VerificationCompletude[]) => v.filter((x) => x.obligatoire && x.fait).length * 2 + v.filter((x) => !x.obligatoire && x.fait).length;
  let meilleure: StructureRow | undefined;
  let verifications = pourStructure(undefined);
  for (const s of attachees) {
    const v = pourStructure(s);
    if (meilleure === undefined || score(v) > score(verifications)) {
      meilleure = s;
      verifications = v;
    }
  }
  return {
    structure: meilleure ? { id: meilleure.id, identifiant: meilleure.identifiant, raisonSociale: meilleure.raisonSociale } : null,
    verifications,
    pretPourDeposer: verifications.every((v) => v.fait || !v.obligatoire),
  };
}

// Abonnements aux espaces (chorus-domain §2.4)

function espaceOuErreur(codeEspace: number): { codeEspace: number; libelleEspace: string } {
  const espace = ESPACES.find((e) => e.codeEspace === codeEspace);
  if (!espace) throw refus(erreurs.ESPACE_INCONNU, 'codeEspace', `L'espace ${codeEspace} (champ « Espace ») n'existe pas`);
  return espace;
}

function gestionnairesDe(ctx: SandboxContext, structureId: number): number[] {
  return repo
    .listRattachementsStructure(ctx, structureId)
    .filter(({ rattachement: r }) => r.statut === 'VALIDEE' && r.role !== 'UTILISATEUR_SIMPLE')
    .map(({ rattachement: r }) => r.utilisateurId);
}

/**
 * « Ajouter un abonnement »: the espace must be open on a structure the user is attached to.
 * « Factures émises » is granted at once (Chorus Pro v2.0), as is any espace a gestionnaire asks
 * for himself; other requests wait for a gestionnaire, who is notified.
 */
export function demanderAbonnement(ctx: SandboxContext, utilisateurId: number, structureId: number, codeEspace: number): repo.AbonnementEspaceRow {
  return transaction(ctx.db, () => {
    const u = utilisateurActifOuErreur(ctx, utilisateurId);
    const espace = espaceOuErreur(codeEspace);
    const r = repo.findRattachementDe(ctx, u.id, structureId);
    const structure = findStructure(ctx, structureId);
    if (!structure || r?.statut !== 'VALIDEE') {
      throw refus(erreurs.STRUCTURE_NON_RATTACHEE, 'structureId', `Vous n'êtes pas rattaché à la structure ${structureId} (champ « Structure ») : demandez d'abord votre rattachement`);
    }
    if (!espacesOuverts(ctx, structure.id).has(espace.codeEspace)) {
      throw refus(
        erreurs.ESPACE_NON_OUVERT,
        'codeEspace',
        `L'espace « ${espace.libelleEspace} » n'est pas ouvert sur la structure ${structure.raisonSociale} : un gestionnaire de la structure doit d'abord l'ajouter`,
      );
    }
    const gestionnaire = estGestionnaire(ctx, u.id, structure.id);
    if (espace.codeEspace === 8 && !gestionnaire) {
      throw refus(erreurs.GESTIONNAIRE_NON_HABILITE, 'codeEspace', "L'espace « Activités du gestionnaire » est réservé aux gestionnaires de la structure");
    }
    const existants = repo.listAbonnementsUtilisateur(ctx, u.id).filter((a) => a.structureId === structure.id && a.codeEspace === espace.codeEspace);
    const enCours = existants.find((a) => a.etat !== 'SUPPRIME');
    if (enCours) {
      throw refus(
        erreurs.ABONNEMENT_EXISTANT,
        'codeEspace',
        enCours.etat === 'ACTIVE'
          ? `Vous êtes déjà abonné à l'espace « ${espace.libelleEspace} » de cette structure`
          : `Votre demande d'abonnement à l'espace « ${espace.libelleEspace} » est déjà en cours de validation`,
      );
    }
    const etat = espace.codeEspace === FACTURES_EMISES || gestionnaire ? 'ACTIVE' : 'EN_COURS_DE_VALIDATION';
    const now = formatDateTime(ctx.now());
    const ancien = existants[0];
    const abonnement = ancien
      ? repo.updateAbonnement(ctx, ancien.id, { etat, dateCreation: now })
      : repo.insertAbonnementEspace(ctx, {
          id: nextId(ctx.db, ctx.sandboxId, 'abonnementEspace'),
          utilisateurId: u.id,
          structureId: structure.id,
          codeEspace: espace.codeEspace,
          libelleEspace: espace.libelleEspace,
          typeHabilitation: 'MODIFICATION',
          etat,
          dateCreation: now,
        });
    if (etat === 'EN_COURS_DE_VALIDATION') {
      notifierUtilisateurs(ctx, gestionnairesDe(ctx, structure.id), {
        type: 'ABONNEMENT_DEMANDE',
        message: `Demande d'abonnement de ${u.login} à l'espace « ${espace.libelleEspace} » de la structure ${structure.raisonSociale}`,
      });
    }
    return abonnement;
  });
}

/** A pending abonnement request a gestionnaire of its structure may decide (its rattachement already validated). */
export function abonnementEnAttente(ctx: SandboxContext, gestionnaireId: number, abonnementId: number): repo.AbonnementEspaceRow {
  const abonnement = repo.findAbonnement(ctx, abonnementId);
  if (!abonnement) throw refus(erreurs.ABONNEMENT_INTROUVABLE, 'abonnementId', `La demande d'abonnement ${abonnementId} n'existe pas`);
  const g = utilisateurActifOuErreur(ctx, gestionnaireId, 'gestionnaireId');
  if (!estGestionnaire(ctx, g.id, abonnement.structureId)) {
    throw refus(erreurs.GESTIONNAIRE_NON_HABILITE, 'abonnementId', `${g.login} n'est pas gestionnaire de la structure de cette demande d'abonnement`);
  }
  const r = repo.findRattachementDe(ctx, abonnement.utilisateurId, abonnement.structureId);
  if (abonnement.etat !== 'EN_COURS_DE_VALIDATION' || r?.statut !== 'VALIDEE') {
    throw refus(erreurs.ABONNEMENT_DEJA_TRAITE, 'abonnementId', `La demande d'abonnement ${abonnementId} n'est pas en attente de validation`);
  }
  return abonnement;
}

function decider(ctx: SandboxContext, gestionnaireId: number, abonnementId: number, valider: boolean, commentaire?: string | null): repo.AbonnementEspaceRow {
  return transaction(ctx.db, () => {
    const a = abonnementEnAttente(ctx, gestionnaireId, abonnementId);
    const structure = findStructure(ctx, a.structureId);
    const maj = repo.updateAbonnement(ctx, a.id, { etat: valider ? 'ACTIVE' : 'SUPPRIME' });
    notifierUtilisateurs(ctx, [a.utilisateurId], {
      type: valider ? 'ABONNEMENT_VALIDE' : 'ABONNEMENT_REFUSE',
      message: `Votre demande d'abonnement à l'espace « ${libelleEspace(a.codeEspace)} » de la structure ${structure?.raisonSociale ?? a.structureId} est ${valider ? 'validée' : 'refusée'}${commentaire ? ` (${commentaire})` : ''}`,
    });
    return maj;
  });
}

/** A gestionnaire of the structure grants a pending abonnement; the user is notified by e-mail. */
export function validerAbonnement(ctx: SandboxContext, gestionnaireId: number, abonnementId: number): repo.AbonnementEspaceRow {
  return decider(ctx, gestionnaireId, abonnementId, true);
}

/** A gestionnaire of the structure refuses a pending abonnement; the user is notified by e-mail. */
export function refuserAbonnement(ctx: SandboxContext, gestionnaireId: number, abonnementId: number, commentaire?: string | null): repo.AbonnementEspaceRow {
  return decider(ctx, gestionnaireId, abonnementId, false, commentaire);
}

/** The user ends one of his own abonnements (or withdraws a pending request). */
export function resilierAbonnement(ctx: SandboxContext, utilisateurId: number, abonnementId: number): repo.AbonnementEspaceRow {
  const a = repo.findAbonnement(ctx, abonnementId);
  if (!a || a.utilisateurId !== utilisateurId || a.etat === 'SUPPRIME') {
    throw refus(erreurs.ABONNEMENT_INTROUVABLE, 'abonnementId', `L'abonnement ${abonnementId} n'existe pas dans votre compte`);
  }
  return repo.updateAbonnement(ctx, a.id, { etat: 'SUPPRIME' });
}
