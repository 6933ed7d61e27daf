import { randomBytes } from 'node:crypto';
import { electronicFormatIBAN } from 'ibantools';
import { estBicValide, estIbanValide, estSiretValide, TYPES_IDENTIFIANT_STRUCTURE, validerIdentifiantStructure } from '../../domain/identifiants.js';
import { nextId } from '../../db/sequences.js';
import { transaction } from '../../db/transaction.js';
import { ChorusError } from '../../errors/chorus-error.js';
import { erreurs } from '../../errors/catalogue/index.js';
import type { SandboxContext } from '../../sandbox/context.js';
import { formatDateTime } from '../../sandbox/dates.js';
import { notifierUtilisateurs } from '../notifications/service.js';
import { creerCompte, emailOuErreur, refus, utilisateurActifOuErreur, validerAbonnement, refuserAbonnement } from '../utilisateurs/comptes.js';
import { estGestionnaire, refuserRattachement, validerRattachement } from '../utilisateurs/rattachements.js';
import * as urepo from '../utilisateurs/repository.js';
import { creerUtilisateur, ESPACES, rattacher, type Role } from '../utilisateurs/service.js';
import { ESPACES_PAR_DEFAUT, espacesOuverts, espacesOuvertsExplicites } from './espaces.js';
import { VALIDITE_MOT_DE_PASSE_TECHNIQUE_JOURS } from './organisation.js';
import * as repo from './repository.js';
import { creerCoordonneeBancaire, creerService, creerStructure } from './service.js';

/**
 * Managing one's structures from the portal (chorus-domain §2–§3): create a private structure and
 * become its gestionnaire principal, edit it, its services, bank details, espaces and technical
 * account, and the « Activités du gestionnaire » (pending requests, attach, detach, export). Every
 * function first checks that the acting user is a gestionnaire (or the GP) of that structure.
 */

// Rights

export interface StructureGeree {
  structure: repo.StructureRow;
  gestionnaire: urepo.UtilisateurRow;
  rattachement: urepo.RattachementRow;
}

/** The structure, if the acting user is one of its gestionnaires (validated); refused otherwise. */
export function structureGeree(ctx: SandboxContext, gestionnaireId: number, structureId: number): StructureGeree {
  const gestionnaire = utilisateurActifOuErreur(ctx, gestionnaireId, 'gestionnaireId');
  const structure = repo.findStructure(ctx, structureId);
  const rattachement = urepo.findRattachementDe(ctx, gestionnaire.id, structureId);
  // An unknown structure and someone else's are refused alike: nothing leaks about other structures.
  if (!structure || !rattachement || !estGestionnaire(ctx, gestionnaire.id, structureId)) {
    throw refus(erreurs.GESTIONNAIRE_NON_HABILITE, 'structureId', `Vous n'êtes pas gestionnaire de la structure ${structureId} : cette action est réservée à ses gestionnaires`);
  }
  return { structure, gestionnaire, rattachement };
}

/** The structure, if the acting user is its gestionnaire principal; refused otherwise (§3.1: GP-only actions). */
export function structureDuGp(ctx: SandboxContext, gpId: number, structureId: number): StructureGeree {
  const geree = structureGeree(ctx, gpId, structureId);
  if (geree.rattachement.role !== 'GESTIONNAIRE_PRINCIPAL') {
    throw refus(erreurs.GESTIONNAIRE_PRINCIPAL_REQUIS, 'structureId', `Seul le gestionnaire principal de la structure ${geree.structure.raisonSociale} peut effectuer cette action`);
  }
  return geree;
}

// Field checks

function texte(valeur: string | null | undefined, champ: string, libelle: string, max: number, obligatoire: true): string;
function texte(valeur: string | null | undefined, champ: string, libelle: string, max: number, obligatoire: false): string | null;
function texte(valeur: string | null | undefined, champ: string, libelle: string, max: number, obligatoire: boolean): string | null {
  const v = valeur?.trim() ?? '';
  if (v === '') {
    if (obligatoire) throw refus(erreurs.CHAMP_OBLIGATOIRE, champ, `Le champ « ${libelle} » est obligatoire`);
    return null;
  }
  if (v.length > max) throw refus(erreurs.CHAMP_INVALIDE, champ, `Le champ « ${libelle} » ne doit pas dépasser ${max} caractères`);
  return v;
}

function codePaysOuErreur(valeur: string | null | undefined): string {
  const v = (valeur?.trim() || 'FR').toUpperCase();
  if (!/^[A-Z]{2}$/.test(v)) throw refus(erreurs.CHAMP_INVALIDE, 'codePays', 'Le champ « Pays » doit être un code pays sur deux lettres (FR, BE, DE…)');
  return v;
}

function codePostalOuErreur(valeur: string | null | undefined, codePays: string): string {
  const v = texte(valeur, 'codePostal', 'Code postal', 10, true);
  if (codePays === 'FR' && !/^\d{5}$/.test(v)) throw refus(erreurs.CHAMP_INVALIDE, 'codePostal', 'Le champ « Code postal » doit comporter 5 chiffres');
  return v;
}

function tvaOuErreur(valeur: string | null | undefined): string | null {
  const v = valeur?.replace(/\s+/g, '').toUpperCase() ?? '';
  if (v === '') return null;
  if (!/^[A-Z]{2}[0-9A-Z]{2,13}$/.test(v)) {
    throw refus(erreurs.CHAMP_INVALIDE, 'numeroTva', "Le champ « Numéro de TVA intracommunautaire » n'est pas valide (code pays puis 2 à 13 lettres ou chiffres, ex. FR40732829320)");
  }
  return v;
}

/**
 * SIRET: 14 digits and a valid Luhn key; La Poste's establishments (SIREN 356000000) are valid
 * when the sum of their digits is a multiple of 5 (INSEE's rule, `estSiretValide`).
 */
function identifiantOuErreur(typeIdentifiant: string, identifiant: string | null | undefined): string {
  if (typeIdentifiant === 'SIRET') {
    const siret = identifiant?.replace(/\s+/g, '') ?? '';
    if (siret === '') throw refus(erreurs.CHAMP_OBLIGATOIRE, 'identifiant', 'Le champ « SIRET » est obligatoire');
    if (!/^\d{14}$/.test(siret)) throw refus(erreurs.IDENTIFIANT_INVALIDE, 'identifiant', `Le champ « SIRET » doit comporter exactement 14 chiffres (saisi : ${siret})`);
    if (!estSiretValide(siret)) {
      throw refus(erreurs.IDENTIFIANT_INVALIDE, 'identifiant', `Le champ « SIRET » n'est pas valide : la clé de contrôle de ${siret} est fausse (vérifiez la saisie sur votre extrait Kbis ou avis de situation INSEE)`);
    }
    return siret;
  }
  const id = identifiant?.trim() ?? '';
  const probleme = validerIdentifiantStructure(typeIdentifiant, id);
  if (probleme) throw refus(erreurs.IDENTIFIANT_INVALIDE, 'identifiant', `Le champ « Identifiant » n'est pas valide : ${probleme}`);
  return id;
}

// Structures

export interface StructurePriveeSaisie {
  typeIdentifiant?: string;
  identifiant: string;
  raisonSociale: string;
  adresse: string;
  codePostal: string;
  ville: string;
  codePays?: string;
  email?: string | null;
  numeroTva?: string | null;
  telephone?: string | null;
}

/**
 * « Créer une fiche structure » (chorus-domain §2.1): a private structure whose creator becomes the
 * gestionnaire principal, with the espaces open by default (§2.4: Factures émises, Sollicitations
 * émises and reçues, Activités du gestionnaire) and the GP subscribed to them.
 */
export function creerStructurePrivee(
  ctx: SandboxContext,
  utilisateurId: number,
  input: StructurePriveeSaisie,
): { structure: repo.StructureRow; rattachement: urepo.RattachementRow } {
  const createur = utilisateurActifOuErreur(ctx, utilisateurId);
  if (createur.type !== 'PERSONNE') throw refus(erreurs.GESTIONNAIRE_NON_HABILITE, 'utilisateurId', 'Un compte technique ne peut pas créer de structure');
  const typeIdentifiant = (input.typeIdentifiant?.trim() || 'SIRET').toUpperCase();
  if (!(TYPES_IDENTIFIANT_STRUCTURE as readonly string[]).includes(typeIdentifiant)) {
    throw refus(erreurs.TYPE_IDENTIFIANT_INVALIDE, 'typeIdentifiant', `Le champ « Type d'identifiant » n'est pas valide (valeurs admises : ${TYPES_IDENTIFIANT_STRUCTURE.join(', ')})`);
  }
  const identifiant = identifiantOuErreur(typeIdentifiant, input.identifiant);
  const raisonSociale = texte(input.raisonSociale, 'raisonSociale', 'Raison sociale', 100, true);
  const adresse = texte(input.adresse, 'adresse', 'Adresse', 100, true);
  const codePays = codePaysOuErreur(input.codePays);
  const codePostal = codePostalOuErreur(input.codePostal, codePays);
  const ville = texte(input.ville, 'ville', 'Ville', 50, true);
  const email = input.email?.trim() ? emailOuErreur(input.email, 'email', 'Adresse e-mail de la structure') : null;
  const numeroTva = tvaOuErreur(input.numeroTva);
  const telephone = texte(input.telephone, 'telephone', 'Téléphone', 20, false);
  return transaction(ctx.db, () => {
    const existante = repo.findStructureByIdentifiant(ctx, identifiant, typeIdentifiant);
    if (existante) {
      throw refus(
        erreurs.STRUCTURE_EXISTANTE,
        'identifiant',
        `Une structure avec le ${typeIdentifiant === 'SIRET' ? 'SIRET' : 'identifiant'} ${identifiant} existe déjà (${existante.raisonSociale}) : demandez votre rattachement à son gestionnaire depuis « Mes rattachements aux structures »`,
      );
    }
    const structure = creerStructure(ctx, { typeStructure: 'PRIVEE', typeIdentifiant, identifiant, raisonSociale, adresse, codePostal, ville, codePays, email, telephone });
    const avecTva = numeroTva ? repo.updateStructure(ctx, structure.id, { numeroTva }) : structure;
    const now = formatDateTime(ctx.now());
    for (const code of ESPACES_PAR_DEFAUT) {
      repo.ecrireEspaceStructure(ctx, { id: nextEspaceId(ctx), structureId: structure.id, codeEspace: code, libelleEspace: libelleEspace(code), etat: 'OUVERT', dateModification: now });
    }
    // `rattacher` subscribes the GP to the espaces just opened.
    const rattachement = rattacher(ctx, { utilisateurId: createur.id, structureId: structure.id, role: 'GESTIONNAIRE_PRINCIPAL', serviceIds: [] });
    return { structure: avecTva, rattachement };
  });
}

const nextEspaceId = (ctx: SandboxContext) => nextId(ctx.db, ctx.sandboxId, 'espaceStructure');
const libelleEspace = (code: number) => ESPACES.find((e) => e.codeEspace === code)?.libelleEspace ?? `Espace ${code}`;

export type StructureModifiee = Partial<Omit<StructurePriveeSaisie, 'typeIdentifiant' | 'identifiant'>> & { complementAdresse1?: string | null };

/** « Modifier » the structure's data (gestionnaire only). The identifier never changes here. */
export function modifierStructure(ctx: SandboxContext, gestionnaireId: number, structureId: number, input: StructureModifiee): repo.StructureRow {
  const { structure } = structureGeree(ctx, gestionnaireId, structureId);
  const codePays = input.codePays === undefined ? structure.codePays : codePaysOuErreur(input.codePays);
  const maj: Parameters<typeof repo.updateStructure>[2] = {};
  if (input.raisonSociale !== undefined) maj.raisonSociale = texte(input.raisonSociale, 'raisonSociale', 'Raison sociale', 100, true);
  if (input.adresse !== undefined) maj.adresse = texte(input.adresse, 'adresse', 'Adresse', 100, true);
  if (input.complementAdresse1 !== undefined) maj.complementAdresse1 = texte(input.complementAdresse1, 'complementAdresse1', "Complément d'adresse", 100, false);
  if (input.codePostal !== undefined || input.codePays !== undefined) maj.codePostal = codePostalOuErreur(input.codePostal ?? structure.codePostal, codePays);
  if (input.ville !== undefined) maj.ville = texte(input.ville, 'ville', 'Ville', 50, true);
  if (input.codePays !== undefined) maj.codePays = codePays;
  if (input.email !== undefined) maj.email = input.email?.trim() ? emailOuErreur(input.email, 'email', 'Adresse e-mail de la structure') : null;
  if (input.numeroTva !== undefined) maj.numeroTva = tvaOuErreur(input.numeroTva);
  if (input.telephone !== undefined) maj.telephone = texte(input.telephone, 'telephone', 'Téléphone', 20, false);
  if (Object.keys(maj).length === 0) return structure;
  return repo.updateStructure(ctx, structure.id, maj);
}

// Services

export interface ServiceSaisi {
  code: string;
  libelle: string;
  description?: string | null;
  numeroEngagementObligatoire?: boolean;
  miseEnPaiement?: boolean;
}

/** A new service of the structure (code unique per structure; gestionnaire only). */
export function creerServiceStructure(ctx: SandboxContext, gestionnaireId: number, structureId: number, input: ServiceSaisi): repo.ServiceRow {
  const { structure } = structureGeree(ctx, gestionnaireId, structureId);
  const code = texte(input.code, 'code', 'Code du service', 100, true).toUpperCase();
  if (!/^[A-Z0-9_-]+$/.test(code)) throw refus(erreurs.CHAMP_INVALIDE, 'code', 'Le champ « Code du service » ne doit contenir que des lettres, chiffres, tirets et soulignés, sans espace');
  const libelle = texte(input.libelle, 'libelle', 'Libellé du service', 100, true);
  const description = texte(input.description, 'description', 'Description', 500, false);
  if (repo.findServiceByCode(ctx, structure.id, code)) {
    throw refus(erreurs.SERVICE_EXISTANT, 'code', `Un service de code ${code} existe déjà pour cette structure (champ « Code du service »)`);
  }
  return creerService(ctx, structure.id, {
    code,
    libelle,
    description,
    numeroEngagementObligatoire: input.numeroEngagementObligatoire ?? false,
    miseEnPaiement: input.miseEnPaiement ?? false,
  });
}

function serviceDe(ctx: SandboxContext, structureId: number, serviceId: number): repo.ServiceRow {
  const service = repo.findService(ctx, serviceId);
  if (!service || service.structureId !== structureId) throw refus(erreurs.SERVICE_INTROUVABLE, 'serviceId', `Le service ${serviceId} n'existe pas pour cette structure`);
  return service;
}

/** Changes a service's libellé, description, parameters or state (its code stays; gestionnaire only). */
export function modifierServiceStructure(
  ctx: SandboxContext,
  gestionnaireId: number,
  structureId: number,
  serviceId: number,
  input: Partial<Omit<ServiceSaisi, 'code'>> & { estActif?: boolean },
): repo.ServiceRow {
  const { structure } = structureGeree(ctx, gestionnaireId, structureId);
  const service = serviceDe(ctx, structure.id, serviceId);
  const maj: Parameters<typeof repo.updateService>[2] = { updatedAt: formatDateTime(ctx.now()) };
  if (input.libelle !== undefined) maj.libelle = texte(input.libelle, 'libelle', 'Libellé du service', 100, true);
  if (input.description !== undefined) maj.description = texte(input.description, 'description', 'Description', 500, false);
  if (input.numeroEngagementObligatoire !== undefined) maj.numeroEngagementObligatoire = input.numeroEngagementObligatoire;
  if (input.miseEnPaiement !== undefined) maj.miseEnPaiement = input.miseEnPaiement;
  if (input.estActif !== undefined) maj.estActif = input.estActif;
  return repo.updateService(ctx, service.id, maj);
}

/** Deactivates a service: it stays listed, inactive; invoices can no longer be addressed to it. */
export function desactiverServiceStructure(ctx: SandboxContext, gestionnaireId: number, structureId: number, serviceId: number): repo.ServiceRow {
  return modifierServiceStructure(ctx, gestionnaireId, structureId, serviceId, { estActif: false });
}

// Bank details

export interface IbanSaisi {
  iban: string;
  bic?: string | null;
  /** The name the account is shown under (« Compte principal » by default). */
  nom?: string | null;
  titulaire?: string | null;
  affactureur?: boolean;
}

/** « Coordonnées bancaires » (§2.2): an IBAN checked by ibantools (format, national and ISO keys), an optional BIC. */
export function ajouterIban(ctx: SandboxContext, gestionnaireId: number, structureId: number, input: IbanSaisi): repo.CoordonneeBancaireRow {
  const { structure } = structureGeree(ctx, gestionnaireId, structureId);
  const saisi = input.iban?.trim() ?? '';
  if (saisi === '') throw refus(erreurs.CHAMP_OBLIGATOIRE, 'iban', 'Le champ « IBAN » est obligatoire');
  const iban = electronicFormatIBAN(saisi) ?? '';
  if (!estIbanValide(iban)) {
    throw refus(erreurs.IBAN_INVALIDE, 'iban', `Le champ « IBAN » n'est pas valide : ${saisi} (longueur, format du pays ou clé de contrôle ; vérifiez-le sur votre RIB)`);
  }
  const bicSaisi = input.bic?.replace(/\s+/g, '').toUpperCase() ?? '';
  if (bicSaisi !== '' && !estBicValide(bicSaisi)) throw refus(erreurs.BIC_INVALIDE, 'bic', `Le champ « BIC » n'est pas valide : ${bicSaisi} (8 ou 11 caractères, ex. BNPAFRPPXXX)`);
  const existantes = repo.listCoordonneesBancaires(ctx, structure.id);
  if (existantes.some((c) => c.iban === iban)) throw refus(erreurs.CHAMP_INVALIDE, 'iban', 'Cet IBAN est déjà enregistré sur la structure (champ « IBAN »)');
  return creerCoordonneeBancaire(ctx, structure.id, {
    nom: texte(input.nom, 'nom', 'Nom du compte', 100, false) ?? (existantes.length === 0 ? 'Compte principal' : `Compte ${existantes.length + 1}`),
    iban,
    bic: bicSaisi || null,
    titulaire: texte(input.titulaire, 'titulaire', 'Titulaire du compte', 100, false),
    affactureur: input.affactureur ?? false,
  });
}

// Espaces

export interface EspaceDeStructure {
  codeEspace: number;
  libelleEspace: string;
  ouvert: boolean;
}

/** The espaces of the structure, open or not, for any user attached to it (validated). */
export function espacesDeStructure(ctx: SandboxContext, utilisateurId: number, structureId: number): EspaceDeStructure[] {
  const r = urepo.findRattachementDe(ctx, utilisateurId, structureId);
  if (r?.statut !== 'VALIDEE') throw refus(erreurs.STRUCTURE_NON_RATTACHEE, 'structureId', `Vous n'êtes pas rattaché à la structure ${structureId}`);
  const ouverts = espacesOuverts(ctx, structureId);
  return ESPACES.map((e) => ({ codeEspace: e.codeEspace, libelleEspace: e.libelleEspace, ouvert: ouverts.has(e.codeEspace) }));
}

/** A structure still on derived espaces (the matelas) gets them written down before its first change. */
function figerEspaces(ctx: SandboxContext, structureId: number): void {
  if (espacesOuvertsExplicites(ctx, structureId)) return;
  const now = formatDateTime(ctx.now());
  for (const code of espacesOuverts(ctx, structureId)) {
    repo.ecrireEspaceStructure(ctx, { id: nextEspaceId(ctx), structureId, codeEspace: code, libelleEspace: libelleEspace(code), etat: 'OUVERT', dateModification: now });
  }
}

function codeEspaceOuErreur(codeEspace: number): number {
  if (!ESPACES.some((e) => e.codeEspace === codeEspace)) throw refus(erreurs.ESPACE_INCONNU, 'codeEspace', `L'espace ${codeEspace} (champ « Espace ») n'existe pas`);
  return codeEspace;
}

/** « Ajouter des espaces » on the structure (gestionnaire only); its users may then subscribe. Idempotent. */
export function ouvrirEspace(ctx: SandboxContext, gestionnaireId: number, structureId: number, codeEspace: number): EspaceDeStructure[] {
  const { structure, gestionnaire } = structureGeree(ctx, gestionnaireId, structureId);
  const code = codeEspaceOuErreur(codeEspace);
  transaction(ctx.db, () => {
    figerEspaces(ctx, structure.id);
    repo.ecrireEspaceStructure(ctx, { id: nextEspaceId(ctx), structureId: structure.id, codeEspace: code, libelleEspace: libelleEspace(code), etat: 'OUVERT', dateModification: formatDateTime(ctx.now()) });
  });
  return espacesDeStructure(ctx, gestionnaire.id, structure.id);
}

/** « Supprimer un espace » of the structure (gestionnaire only): every subscription to it ends. */
export function fermerEspace(ctx: SandboxContext, gestionnaireId: number, structureId: number, codeEspace: number): EspaceDeStructure[] {
  const { structure, gestionnaire } = structureGeree(ctx, gestionnaireId, structureId);
  const code = codeEspaceOuErreur(codeEspace);
  if (code === 8) {
    throw refus(erreurs.CHAMP_INVALIDE, 'codeEspace', "L'espace « Activités du gestionnaire » ne peut pas être retiré : il donne accès à la gestion de la structure");
  }
  transaction(ctx.db, () => {
    figerEspaces(ctx, structure.id);
    repo.ecrireEspaceStructure(ctx, { id: nextEspaceId(ctx), structureId: structure.id, codeEspace: code, libelleEspace: libelleEspace(code), etat: 'FERME', dateModification: formatDateTime(ctx.now()) });
    for (const a of urepo.listAbonnementsStructure(ctx, structure.id)) {
      if (a.codeEspace === code && a.etat !== 'SUPPRIME') urepo.updateAbonnement(ctx, a.id, { etat: 'SUPPRIME' });
    }
  });
  return espacesDeStructure(ctx, gestionnaire.id, structure.id);
}

// Technical account

export interface CompteTechnique {
  utilisateur: urepo.UtilisateurRow;
  /** Shown once: it is not displayed again (reset it if lost). */
  motDePasse: string;
  dateExpirationMotDePasse: string;
}

function compteTechniqueDe(ctx: SandboxContext, structureId: number): urepo.UtilisateurRow | undefined {
  return urepo
    .listRattachementsStructure(ctx, structureId)
    .find(({ rattachement: r, utilisateur: u }) => u.type === 'TECHNIQUE' && r.statut === 'VALIDEE')?.utilisateur;
}

/** A random password meeting the complexity rules (upper, lower, digit, special). */
const motDePasseTechnique = () => `Cp!${randomBytes(12).toString('base64url')}7`;

const expirationTechnique = (ctx: SandboxContext) => formatDateTime(new Date(ctx.now().getTime() + VALIDITE_MOT_DE_PASSE_TECHNIQUE_JOURS * 86_400_000));

/** The structure's technical account for API access (GP only; one per structure), `TECH_n_<identifiant>@cpro.fr`. */
export function creerCompteTechnique(ctx: SandboxContext, gpId: number, structureId: number): CompteTechnique {
  const { structure } = structureDuGp(ctx, gpId, structureId);
  return transaction(ctx.db, () => {
    const existant = compteTechniqueDe(ctx, structure.id);
    if (existant) throw refus(erreurs.COMPTE_TECHNIQUE_EXISTANT, 'structureId', `La structure a déjà un compte technique (${existant.login}) : réinitialisez son mot de passe si besoin`);
    let n = 1;
    while (urepo.findUtilisateurByLogin(ctx, `TECH_${n}_${structure.identifiant}@cpro.fr`)) n++;
    const motDePasse = motDePasseTechnique();
    const dateExpirationMotDePasse = expirationTechnique(ctx);
    const utilisateur = creerUtilisateur(ctx, {
      login: `TECH_${n}_${structure.identifiant}@cpro.fr`,
      type: 'TECHNIQUE',
      nom: `Compte technique ${structure.raisonSociale}`.slice(0, 100),
      motDePasse,
      dateExpirationMotDePasse,
    });
    rattacher(ctx, { utilisateurId: utilisateur.id, structureId: structure.id, role: 'UTILISATEUR_SIMPLE', serviceIds: [] });
    return { utilisateur, motDePasse, dateExpirationMotDePasse };
  });
}

/** A new password for the structure's technical account (GP only, §3.1), with a new expiry date. */
export function reinitialiserMotDePasseTechnique(ctx: SandboxContext, gpId: number, structureId: number): CompteTechnique {
  const { structure } = structureDuGp(ctx, gpId, structureId);
  const compte = compteTechniqueDe(ctx, structure.id);
  if (!compte) throw refus(erreurs.COMPTE_TECHNIQUE_INTROUVABLE, 'structureId', "La structure n'a pas de compte technique : créez-le d'abord");
  const motDePasse = motDePasseTechnique();
  const dateExpirationMotDePasse = expirationTechnique(ctx);
  const utilisateur = urepo.updateUtilisateur(ctx, compte.id, { motDePasse, dateExpirationMotDePasse });
  return { utilisateur, motDePasse, dateExpirationMotDePasse };
}

// Roles

/** Subscribes a user to « Activités du gestionnaire » when it is open and he lacks it. */
function abonnerActivitesGestionnaire(ctx: SandboxContext, utilisateurId: number, structureId: number): void {
  if (!espacesOuverts(ctx, structureId).has(8) && espacesOuvertsExplicites(ctx, structureId)) return;
  const existants = urepo.listAbonnementsUtilisateur(ctx, utilisateurId).filter((a) => a.structureId === structureId && a.codeEspace === 8);
  if (existants.some((a) => a.etat === 'ACTIVE')) return;
  if (existants[0]) urepo.updateAbonnement(ctx, existants[0].id, { etat: 'ACTIVE' });
  else {
    urepo.insertAbonnementEspace(ctx, {
      id: nextId(ctx.db, ctx.sandboxId, 'abonnementEspace'),
      utilisateurId,
      structureId,
      codeEspace: 8,
      libelleEspace: libelleEspace(8),
      typeHabilitation: 'MODIFICATION',
      etat: 'ACTIVE',
      dateCreation: formatDateTime(ctx.now()),
    });
  }
}

/**
 * « Transférer le rôle de gestionnaire principal » (GP only): the target must be attached
 * (validated) and active; the former GP stays as gestionnaire secondaire.
 */
export function transfererRolePrincipal(ctx: SandboxContext, gpId: number, structureId: number, nouvelUtilisateurId: number): urepo.RattachementRow {
  const { structure, rattachement: ancien } = structureDuGp(ctx, gpId, structureId);
  return transaction(ctx.db, () => {
    if (nouvelUtilisateurId === gpId) throw refus(erreurs.CHAMP_INVALIDE, 'nouvelUtilisateurId', 'Vous êtes déjà le gestionnaire principal de cette structure');
    const cible = urepo.findUtilisateur(ctx, nouvelUtilisateurId);
    const r = cible && urepo.findRattachementDe(ctx, cible.id, structure.id);
    if (!cible || r?.statut !== 'VALIDEE') {
      throw refus(erreurs.STRUCTURE_NON_RATTACHEE, 'nouvelUtilisateurId', "Le nouveau gestionnaire principal doit être un utilisateur rattaché (rattachement validé) à la structure");
    }
    if (cible.statut !== 'ACTIF' || cible.type !== 'PERSONNE') {
      throw refus(erreurs.UTILISATEUR_INACTIF, 'nouvelUtilisateurId', `Le compte ${cible.login} n'est pas un compte personnel actif : il ne peut pas devenir gestionnaire principal`);
    }
    urepo.updateRattachement(ctx, ancien.id, { role: 'GESTIONNAIRE_SECONDAIRE' });
    const nouveau = urepo.updateRattachement(ctx, r.id, { role: 'GESTIONNAIRE_PRINCIPAL' });
    abonnerActivitesGestionnaire(ctx, cible.id, structure.id);
    notifierUtilisateurs(ctx, [cible.id, gpId], { type: 'GESTIONNAIRE_PRINCIPAL_TRANSFERE', message: `${cible.login} est désormais gestionnaire principal de la structure ${structure.raisonSociale}` });
    return nouveau;
  });
}

// Activités du gestionnaire

/** « Mes structures »: the structures the user manages, with his role on each. */
export function structuresGerees(ctx: SandboxContext, gestionnaireId: number): { structure: repo.StructureRow; role: Role }[] {
  utilisateurActifOuErreur(ctx, gestionnaireId, 'gestionnaireId');
  return urepo
    .listRattachementsValides(ctx, gestionnaireId)
    .filter((r) => r.role !== 'UTILISATEUR_SIMPLE')
    .flatMap((r) => {
      const structure = repo.findStructure(ctx, r.structureId);
      return structure ? [{ structure, role: r.role }] : [];
    });
}

export interface FicheStructureGeree {
  structure: repo.StructureRow;
  /** The acting gestionnaire's role (GP-only actions are shown to the GP only). */
  role: Role;
  services: repo.ServiceRow[];
  coordonneesBancaires: repo.CoordonneeBancaireRow[];
  espaces: EspaceDeStructure[];
  utilisateurs: { utilisateurId: number; login: string; nom: string; prenom: string | null; type: 'PERSONNE' | 'TECHNIQUE'; statutCompte: 'ACTIF' | 'INACTIF'; role: Role; statut: urepo.RattachementRow['statut'] }[];
  /** Login and expiry of the technical account, never its password. */
  compteTechnique: { login: string; dateExpirationMotDePasse: string | null } | null;
}

/** Everything the gestionnaire's page of one structure shows (gestionnaire of that structure only). */
export function ficheStructureGeree(ctx: SandboxContext, gestionnaireId: number, structureId: number): FicheStructureGeree {
  const { structure, gestionnaire, rattachement } = structureGeree(ctx, gestionnaireId, structureId);
  const tech = compteTechniqueDe(ctx, structure.id);
  return {
    structure,
    role: rattachement.role,
    services: repo.listServices(ctx, structure.id),
    coordonneesBancaires: repo.listCoordonneesBancaires(ctx, structure.id),
    espaces: espacesDeStructure(ctx, gestionnaire.id, structure.id),
    utilisateurs: urepo.listRattachementsStructure(ctx, structure.id).map(({ rattachement: r, utilisateur: u }) => ({
      utilisateurId: u.id,
      login: u.login,
      nom: u.nom,
      prenom: u.prenom,
      type: u.type,
      statutCompte: u.statut,
      role: r.role,
      statut: r.statut,
    })),
    compteTechnique: tech ? { login: tech.login, dateExpirationMotDePasse: tech.dateExpirationMotDePasse } : null,
  };
}

/** Criteria of the users list of « Activités du gestionnaire »: words of the name or e-mail, role, rattachement status, page. */
export interface CriteresUtilisateurs {
  texte?: string;
  role?: string;
  statut?: string;
  page?: number;
}

export const ROLES_RATTACHEMENT: readonly Role[] = ['GESTIONNAIRE_PRINCIPAL', 'GESTIONNAIRE_SECONDAIRE', 'UTILISATEUR_SIMPLE'];
export const STATUTS_RATTACHEMENT: readonly urepo.RattachementRow['statut'][] = ['VALIDEE', 'EN_COURS_DE_VALIDATION', 'REFUSEE', 'DESACTIVEE', 'SUPPRIMEE'];
export const UTILISATEURS_PAR_PAGE = 20;

const plier = (t: string) => t.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();

/**
 * The people attached to a structure, as its gestionnaire searches them (gestionnaire of that
 * structure only): every typed word in the name, first name, login or contact e-mail, the role and
 * the rattachement status when chosen (unknown values are ignored), 20 a page, the page kept in range.
 */
export function utilisateursGeres(ctx: SandboxContext, gestionnaireId: number, structureId: number, criteres: CriteresUtilisateurs = {}) {
  const { structure, rattachement } = structureGeree(ctx, gestionnaireId, structureId);
  const mots = plier((criteres.texte ?? '').slice(0, 100)).split(/\s+/).filter(Boolean);
  const role = ROLES_RATTACHEMENT.find((r) => r === criteres.role);
  const statut = STATUTS_RATTACHEMENT.find((x) => x === criteres.statut);
  const tous = urepo
    .listRattachementsStructure(ctx, structure.id)
    .filter(({ utilisateur: u }) => u.type === 'PERSONNE')
    .filter(({ rattachement: r }) => (!role || r.role === role) && (!statut || r.statut === statut))
    .filter(({ utilisateur: u }) => mots.every((m) => [u.nom, u.prenom ?? '', u.login, u.email ?? ''].some((c) => plier(c).includes(m))));
  const pages = Math.max(1, Math.ceil(tous.length / UTILISATEURS_PAR_PAGE));
  const page = Math.min(pages, Math.max(1, Number.isInteger(criteres.page) ? criteres.page! : 1));
  return {
    structure,
    /** The acting gestionnaire's role (only the GP appoints a gestionnaire secondaire). */
    role: rattachement.role,
    total: tous.length,
    page,
    pages,
    utilisateurs: tous.slice((page - 1) * UTILISATEURS_PAR_PAGE, page * UTILISATEURS_PAR_PAGE).map(({ rattachement: r, utilisateur: u }) => ({
      utilisateurId: u.id,
      login: u.login,
      nom: u.nom,
      prenom: u.prenom,
      statutCompte: u.statut,
      role: r.role,
      statut: r.statut,
    })),
  };
}

export interface DemandeEnAttente {
  /** `RATTACHEMENT-<id>` or `ABONNEMENT-<id>`: what `traiterDemandesEnMasse` takes. */
  cle: string;
  type: 'RATTACHEMENT' | 'ABONNEMENT';
  id: number;
  structure: { id: number; identifiant: string; raisonSociale: string };
  utilisateur: { id: number; login: string; nom: string; prenom: string | null };
  date: string;
  commentaire: string | null;
  /** For a rattachement: the services the user asks for. */
  services: { id: number; code: string; libelle: string }[];
  /** For an abonnement: the espace asked for. */
  espace: { codeEspace: number; libelleEspace: string } | null;
}

/** Structures the user manages (validated gestionnaire rattachement). */
function structuresGereesPar(ctx: SandboxContext, gestionnaireId: number): repo.StructureRow[] {
  return urepo
    .listRattachementsValides(ctx, gestionnaireId)
    .filter((r) => r.role !== 'UTILISATEUR_SIMPLE')
    .map((r) => repo.findStructure(ctx, r.structureId))
    .filter((s): s is repo.StructureRow => s !== undefined);
}

/** « Activités du gestionnaire »: pending rattachement and abonnement requests on the structures he manages, oldest first. */
export function demandesEnAttente(ctx: SandboxContext, gestionnaireId: number): DemandeEnAttente[] {
  utilisateurActifOuErreur(ctx, gestionnaireId, 'gestionnaireId');
  const demandes: DemandeEnAttente[] = [];
  for (const s of structuresGereesPar(ctx, gestionnaireId)) {
    const structure = { id: s.id, identifiant: s.identifiant, raisonSociale: s.raisonSociale };
    const rattachements = urepo.listRattachementsStructure(ctx, s.id);
    const personne = (u: urepo.UtilisateurRow) => ({ id: u.id, login: u.login, nom: u.nom, prenom: u.prenom });
    for (const { rattachement: r, utilisateur: u } of rattachements) {
      if (r.statut !== 'EN_COURS_DE_VALIDATION') continue;
      const services = urepo
        .listRattachementsServices(ctx, r.id)
        .filter((rs) => rs.statut === 'EN_COURS_DE_VALIDATION')
        .map((rs) => repo.findService(ctx, rs.serviceId))
        .filter((x): x is repo.ServiceRow => x !== undefined)
        .map((x) => ({ id: x.id, code: x.code, libelle: x.libelle }));
      demandes.push({ cle: `RATTACHEMENT-${r.id}`, type: 'RATTACHEMENT', id: r.id, structure, utilisateur: personne(u), date: r.dateCreation, commentaire: r.commentaire, services, espace: null });
    }
    const valides = new Map(rattachements.filter(({ rattachement: r }) => r.statut === 'VALIDEE').map(({ rattachement: r, utilisateur: u }) => [r.utilisateurId, u]));
    for (const a of urepo.listAbonnementsStructure(ctx, s.id)) {
      const u = valides.get(a.utilisateurId);
      if (a.etat !== 'EN_COURS_DE_VALIDATION' || !u) continue;
      demandes.push({
        cle: `ABONNEMENT-${a.id}`,
        type: 'ABONNEMENT',
        id: a.id,
        structure,
        utilisateur: personne(u),
        date: a.dateCreation,
        commentaire: null,
        services: [],
        espace: { codeEspace: a.codeEspace, libelleEspace: a.libelleEspace },
      });
    }
  }
  return demandes.sort((a, b) => a.date.localeCompare(b.date) || a.cle.localeCompare(b.cle));
}

export interface ResultatTraitement {
  cle: string;
  ok: boolean;
  /** The refusal's French libellé when `ok` is false. */
  libelle: string | null;
}

/**
 * Validates or refuses several requests at once (checkboxes). Each is decided on its own: one
 * that fails (already decided, not his structure) is reported and does not stop the others.
 */
export function traiterDemandesEnMasse(
  ctx: SandboxContext,
  gestionnaireId: number,
  cles: readonly string[],
  decision: 'VALIDER' | 'REFUSER',
  commentaire?: string | null,
): ResultatTraitement[] {
  return cles.map((cle) => {
    try {
      const m = /^(RATTACHEMENT|ABONNEMENT)-(\d+)$/.exec(cle);
      if (!m) throw refus(erreurs.CHAMP_INVALIDE, 'demandes', `La demande ${cle} n'est pas reconnue`);
      const id = Number(m[2]);
      if (m[1] === 'RATTACHEMENT') {
        if (decision === 'VALIDER') validerRattachement(ctx, { idRattachement: id, gestionnaireId, commentaire: commentaire ?? null });
        else refuserRattachement(ctx, { idRattachement: id, gestionnaireId, commentaire: commentaire ?? null });
      } else if (decision === 'VALIDER') validerAbonnement(ctx, gestionnaireId, id);
      else refuserAbonnement(ctx, gestionnaireId, id, commentaire);
      return { cle, ok: true, libelle: null };
    } catch (e) {
      if (e instanceof ChorusError) return { cle, ok: false, libelle: e.libelle };
      throw e;
    }
  });
}

/**
 * « Rattacher un utilisateur » on the gestionnaire's initiative (§3.3): validated at once. An
 * unknown e-mail gets an inactive account and an activation mail (then `identite` is needed).
 * Only the GP appoints a gestionnaire secondaire (§3.1).
 */
export function rattacherParGestionnaire(
  ctx: SandboxContext,
  gestionnaireId: number,
  structureId: number,
  email: string,
  role: Exclude<Role, 'GESTIONNAIRE_PRINCIPAL'>,
  identite?: { nom?: string; prenom?: string },
): { utilisateur: urepo.UtilisateurRow; rattachement: urepo.RattachementRow; compteCree: boolean; jeton: string | null } {
  const { structure, rattachement: acteur } = structureGeree(ctx, gestionnaireId, structureId);
  if ((role as string) !== 'UTILISATEUR_SIMPLE' && (role as string) !== 'GESTIONNAIRE_SECONDAIRE') {
    throw refus(erreurs.CHAMP_INVALIDE, 'role', 'Le champ « Rôle » doit être utilisateur simple ou gestionnaire secondaire (le rôle de gestionnaire principal se transfère)');
  }
  if (role === 'GESTIONNAIRE_SECONDAIRE' && acteur.role !== 'GESTIONNAIRE_PRINCIPAL') {
    throw refus(erreurs.GESTIONNAIRE_PRINCIPAL_REQUIS, 'role', 'Seul le gestionnaire principal peut nommer un gestionnaire secondaire');
  }
  const login = emailOuErreur(email, 'email', 'Adresse e-mail');
  return transaction(ctx.db, () => {
    let utilisateur = urepo.findUtilisateurByLogin(ctx, login);
    let jeton: string | null = null;
    const compteCree = utilisateur === undefined;
    if (!utilisateur) {
      if (!identite?.nom?.trim() || !identite.prenom?.trim()) {
        throw refus(erreurs.CHAMP_OBLIGATOIRE, identite?.nom?.trim() ? 'prenom' : 'nom', `Aucun compte n'utilise l'adresse ${login} : renseignez son nom et son prénom pour le créer`);
      }
      const cree = creerCompte(ctx, { email: login, nom: identite.nom, prenom: identite.prenom });
      utilisateur = cree.utilisateur;
      jeton = cree.jeton;
    }
    if (utilisateur.type !== 'PERSONNE') throw refus(erreurs.CHAMP_INVALIDE, 'email', 'Un compte technique ne se rattache pas depuis le portail');
    const existant = urepo.findRattachementDe(ctx, utilisateur.id, structure.id);
    let rattachement: urepo.RattachementRow;
    if (!existant) {
      rattachement = rattacher(ctx, { utilisateurId: utilisateur.id, structureId: structure.id, role, serviceIds: [] });
    } else if (existant.statut === 'VALIDEE') {
      throw refus(erreurs.RATTACHEMENT_EXISTANT, 'email', `${login} est déjà rattaché à la structure ${structure.raisonSociale}`);
    } else if (existant.statut === 'EN_COURS_DE_VALIDATION') {
      // His pending request is validated with the role chosen (and notified by `validerRattachement`).
      rattachement = validerRattachement(ctx, { idRattachement: existant.id, gestionnaireId, role });
      if (role === 'GESTIONNAIRE_SECONDAIRE') abonnerActivitesGestionnaire(ctx, utilisateur.id, structure.id);
      return { utilisateur, rattachement, compteCree, jeton };
    } else {
      urepo.updateStatutRattachementsServices(ctx, existant.id, ['REFUSEE', 'DESACTIVEE', 'SUPPRIMEE'], 'VALIDEE');
      urepo.updateEtatAbonnements(ctx, utilisateur.id, structure.id, ['SUPPRIME', 'EN_COURS_DE_VALIDATION'], 'ACTIVE');
      rattachement = urepo.updateRattachement(ctx, existant.id, { statut: 'VALIDEE', role, dateValidation: formatDateTime(ctx.now()) });
    }
    if (role === 'GESTIONNAIRE_SECONDAIRE') abonnerActivitesGestionnaire(ctx, utilisateur.id, structure.id);
    notifierUtilisateurs(ctx, [utilisateur.id], { type: 'RATTACHEMENT_VALIDE', message: `Vous êtes rattaché à la structure ${structure.raisonSociale} par son gestionnaire` });
    return { utilisateur, rattachement, compteCree, jeton };
  });
}

/**
 * « Détacher » a user from the structure: his rattachement is deactivated, his services and
 * abonnements on it end. The GP cannot be detached (transfer the role first); only the GP detaches a GS.
 */
export function detacher(ctx: SandboxContext, gestionnaireId: number, structureId: number, utilisateurId: number): urepo.RattachementRow {
  const { structure, rattachement: acteur } = structureGeree(ctx, gestionnaireId, structureId);
  return transaction(ctx.db, () => {
    const r = urepo.findRattachementDe(ctx, utilisateurId, structure.id);
    if (!r || (r.statut !== 'VALIDEE' && r.statut !== 'EN_COURS_DE_VALIDATION')) {
      throw refus(erreurs.STRUCTURE_NON_RATTACHEE, 'utilisateurId', `L'utilisateur ${utilisateurId} n'est pas rattaché à la structure ${structure.raisonSociale}`);
    }
    if (r.role === 'GESTIONNAIRE_PRINCIPAL') throw refus(erreurs.ACTION_GESTIONNAIRE_PRINCIPAL, 'utilisateurId', erreurs.ACTION_GESTIONNAIRE_PRINCIPAL.libelle);
    if (r.role === 'GESTIONNAIRE_SECONDAIRE' && acteur.role !== 'GESTIONNAIRE_PRINCIPAL' && utilisateurId !== gestionnaireId) {
      throw refus(erreurs.GESTIONNAIRE_PRINCIPAL_REQUIS, 'utilisateurId', 'Seul le gestionnaire principal peut détacher un gestionnaire secondaire');
    }
    urepo.updateStatutRattachementsServices(ctx, r.id, ['VALIDEE', 'EN_COURS_DE_VALIDATION'], 'DESACTIVEE');
    urepo.updateEtatAbonnements(ctx, utilisateurId, structure.id, ['ACTIVE', 'EN_COURS_DE_VALIDATION'], 'SUPPRIME');
    notifierUtilisateurs(ctx, [utilisateurId], { type: 'RATTACHEMENT_DESACTIVE', message: `Votre rattachement à la structure ${structure.raisonSociale} a été désactivé par son gestionnaire` });
    return urepo.updateRattachement(ctx, r.id, { statut: 'DESACTIVEE', dateValidation: formatDateTime(ctx.now()) });
  });
}

/** A CSV cell: quoted when it holds the separator, a quote or a line break; formula starts neutralised. */
function cellule(v: string | number | null | undefined): string {
  let s = v === null || v === undefined ? '' : String(v);
  if (/^[=+\-@]/.test(s)) s = `'${s}`;
  return /[;"\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** « Exporter les utilisateurs » of the structure (gestionnaire only): `;`-separated CSV with a header line. */
export function exporterUtilisateurs(ctx: SandboxContext, gestionnaireId: number, structureId: number): string {
  const { structure } = structureGeree(ctx, gestionnaireId, structureId);
  const lignes = [['Identifiant de connexion', 'Nom', 'Prénom', 'Adresse e-mail de contact', 'Téléphone', 'Type de compte', 'Statut du compte', 'Rôle', 'Statut du rattachement', 'Date de demande', 'Date de validation']];
  for (const { rattachement: r, utilisateur: u } of urepo.listRattachementsStructure(ctx, structure.id)) {
    lignes.push([u.login, u.nom, u.prenom ?? '', u.email ?? u.login, u.telephone ?? '', u.type, u.statut, r.role, r.statut, r.dateCreation, r.dateValidation ?? '']);
  }
  return lignes.map((l) => l.map(cellule).join(';')).join('\r\n') + '\r\n';
}

// Search before asking for a rattachement

export interface StructureTrouvee {
  id: number;
  identifiant: string;
  typeIdentifiant: string;
  typeStructure: 'PRIVEE' | 'PUBLIQUE';
  raisonSociale: string;
  codePostal: string | null;
  ville: string | null;
  services: { id: number; code: string; libelle: string }[];
}

const normaliser = (s: string) => s.trim().replace(/\s+/g, ' ').toLocaleUpperCase('fr-FR');

/**
 * « Demande de rattachement » → search (§3.3): by SIRET, at least 3 digits, partial; or by raison
 * sociale typed entirely and exactly (case and repeated spaces aside). Active structures, at most 50.
 */
export function rechercherStructuresPourRattachement(ctx: SandboxContext, input: { siret?: string | null; raisonSociale?: string | null }): StructureTrouvee[] {
  const siret = input.siret?.replace(/\s+/g, '') ?? '';
  const raison = input.raisonSociale?.trim() ?? '';
  if (siret !== '' && !/^\d+$/.test(siret)) throw refus(erreurs.CHAMP_INVALIDE, 'siret', 'Le champ « SIRET » ne doit contenir que des chiffres');
  if (siret.length < 3 && raison === '') {
    throw refus(erreurs.RECHERCHE_STRUCTURE_INSUFFISANTE, siret === '' ? 'raisonSociale' : 'siret', erreurs.RECHERCHE_STRUCTURE_INSUFFISANTE.libelle);
  }
  const cible = normaliser(raison);
  return repo
    .listStructures(ctx)
    .filter((s) => s.statut === 'ACTIF')
    .filter((s) => (siret.length >= 3 ? s.typeIdentifiant === 'SIRET' && s.identifiant.includes(siret) : true))
    .filter((s) => (raison !== '' ? normaliser(s.raisonSociale) === cible : true))
    .slice(0, 50)
    .map((s) => ({
      id: s.id,
      identifiant: s.identifiant,
      typeIdentifiant: s.typeIdentifiant,
      typeStructure: s.typeStructure,
      raisonSociale: s.raisonSociale,
      codePostal: s.codePostal,
      ville: s.ville,
      services: repo
        .listServices(ctx, s.id)
        .filter((x) => x.estActif)
        .map((x) => ({ id: x.id, code: x.code, libelle: x.libelle })),
    }));
}
