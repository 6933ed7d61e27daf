/**
 * Identifiants de structure (chorus-domain §2.1, chorus-api §4.4) : SIREN/SIRET (clé de Luhn)
 * et longueurs des autres types d'identifiant.
 */

import { electronicFormatIBAN, isValidBIC, isValidIBAN } from 'ibantools';

/** SIREN de La Poste : ses SIRET suivent « somme des chiffres multiple de 5 » au lieu de Luhn. */
export const SIREN_LA_POSTE = '356000000';

const CHIFFRES = /^\d+$/;

function sommeLuhn(chiffres: string): number {
  let somme = 0;
  for (let i = 0; i < chiffres.length; i++) {
    // En partant de la droite, un chiffre sur deux est doublé (le chiffre de clé n'est pas doublé).
    let c = Number(chiffres[chiffres.length - 1 - i]);
    if (i % 2 === 1) {
      c *= 2;
      if (c > 9) c -= 9;
    }
    somme += c;
  }
  return somme;
}

/** Chiffre à ajouter à `chiffres` pour que l'ensemble soit valide au sens de Luhn. */
export function cleLuhn(chiffres: string): number {
  if (!CHIFFRES.test(chiffres)) throw new RangeError(`Chiffres attendus : ${chiffres}`);
  return (10 - (sommeLuhn(chiffres + '0') % 10)) % 10;
}

function luhnValide(chiffres: string): boolean {
  return sommeLuhn(chiffres) % 10 === 0;
}

export function estSirenValide(siren: string): boolean {
  return /^\d{9}$/.test(siren) && luhnValide(siren);
}

/**
 * 14 chiffres et clé de Luhn. Exception La Poste : ses établissements sont trop nombreux pour des NIC
 * à clé de Luhn ; un SIRET de SIREN 356000000 est aussi valide si la somme de ses chiffres est multiple
 * de 5 (le siège 35600000000048 passe par Luhn).
 */
export function estSiretValide(siret: string): boolean {
  if (!/^\d{14}$/.test(siret)) return false;
  if (luhnValide(siret)) return true;
  if (!siret.startsWith(SIREN_LA_POSTE)) return false;
  const somme = [...siret].reduce((s, c) => s + Number(c), 0);
  return somme % 5 === 0;
}

function chiffresAleatoires(rng: () => number, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += String(Math.min(9, Math.floor(rng() * 10)));
  return s;
}

/** SIREN valide ; premier chiffre non nul, comme les SIREN attribués par l'INSEE. */
export function genererSiren(rng: () => number): string {
  const debut = String(1 + Math.min(8, Math.floor(rng() * 9))) + chiffresAleatoires(rng, 7);
  return debut + cleLuhn(debut);
}

/** SIRET valide (SIREN valide + NIC dont la clé rend les 14 chiffres valides) ; déterministe pour une graine donnée. */
export function genererSiret(rng: () => number): string {
  const debut = genererSiren(rng) + chiffresAleatoires(rng, 4);
  return debut + cleLuhn(debut);
}

export const TYPES_IDENTIFIANT_STRUCTURE = [
  'SIRET',
  'UE_HORS_FRANCE',
  'HORS_UE',
  'RIDET',
  'TAHITI',
  'AUTRE',
  'PARTICULIER',
] as const;
export type TypeIdentifiantStructure = (typeof TYPES_IDENTIFIANT_STRUCTURE)[number];

/** Préfixes TVA intracommunautaire hors France (EL = Grèce, XI = Irlande du Nord). */
const PREFIXES_TVA_UE = new Set([
  'AT', 'BE', 'BG', 'CY', 'CZ', 'DE', 'DK', 'EE', 'EL', 'ES', 'FI', 'HR', 'HU', 'IE',
  'IT', 'LT', 'LU', 'LV', 'MT', 'NL', 'PL', 'PT', 'RO', 'SE', 'SI', 'SK', 'XI',
]);

function longueur(libelle: string, id: string, min: number, max: number): string | null {
  if (id.length < min || id.length > max) {
    const attendu = min === max ? `${min}` : `entre ${min} et ${max}`;
    return `L'identifiant ${libelle} doit comporter ${attendu} caractères (reçu : ${id.length}).`;
  }
  return null;
}

/**
 * `null` si l'identifiant convient au type, sinon un message en français.
 * Longueurs de chorus-domain §2.1 : SIRET 14, UE_HORS_FRANCE ≤ 18 (n° de TVA), HORS_UE 3–18
 * (code pays + début du nom), RIDET 9–10, TAHITI 9 ; AUTRE se construit comme HORS_UE (formats.md).
 */
export function validerIdentifiantStructure(type: string, identifiant: string): string | null {
  const id = identifiant ?? '';
  if (id.trim() === '') return "L'identifiant de la structure est obligatoire.";
  switch (type) {
    case 'SIRET':
      if (!/^\d{14}$/.test(id)) return 'Le SIRET doit comporter exactement 14 chiffres, sans espace.';
      return estSiretValide(id) ? null : 'La clé de contrôle du SIRET est invalide.';
    case 'UE_HORS_FRANCE': {
      const erreur = longueur('UE_HORS_FRANCE (numéro de TVA intracommunautaire)', id, 3, 18);
      if (erreur) return erreur;
      if (!/^[A-Z]{2}[A-Z0-9]+$/.test(id)) {
        return 'Le numéro de TVA intracommunautaire doit commencer par le code pays puis ne contenir que lettres majuscules et chiffres.';
      }
      // Choix : une structure française s'identifie par son SIRET, le type dit « hors France ».
      if (id.startsWith('FR')) return 'Un numéro de TVA français ne convient pas au type UE_HORS_FRANCE : utiliser le SIRET.';
      return PREFIXES_TVA_UE.has(id.slice(0, 2))
        ? null
        : `Le préfixe ${id.slice(0, 2)} n'est pas celui d'un État membre de l'Union européenne.`;
    }
    case 'HORS_UE':
    case 'AUTRE': {
      const erreur = longueur(type, id, 3, 18);
      if (erreur) return erreur;
      return /^[A-Za-z]{2}/.test(id) ? null : `L'identifiant ${type} doit commencer par un code pays sur deux lettres.`;
    }
    case 'RIDET':
      // Le RIDET (Nouvelle-Calédonie) est numérique.
      return longueur('RIDET', id, 9, 10) ?? (CHIFFRES.test(id) ? null : 'Le RIDET ne doit contenir que des chiffres.');
    case 'TAHITI':
      return longueur('TAHITI', id, 9, 9) ?? (/^[A-Za-z0-9]+$/.test(id) ? null : 'Le numéro TAHITI ne doit contenir que lettres et chiffres.');
    case 'PARTICULIER':
      // Aucune règle publiée : on borne seulement à 18 caractères comme les autres types.
      return longueur('PARTICULIER', id, 1, 18);
    default:
      return `Type d'identifiant inconnu : ${type}. Valeurs admises : ${TYPES_IDENTIFIANT_STRUCTURE.join(', ')}.`;
  }
}

/** ISO 13616 mod-97 remainder of an IBAN (country and check digits moved to the end, letters as numbers). */
function resteIban(compact: string): number {
  const rearranged = compact.slice(4) + compact.slice(0, 4);
  let reste = 0;
  for (const char of rearranged) {
    const value = /\d/.test(char) ? char : String(char.charCodeAt(0) - 55);
    for (const digit of value) reste = (reste * 10 + Number(digit)) % 97;
  }
  return reste;
}

/**
 * An IBAN with a correct format and check digits (Chorus Pro accepts only IBANs for transfers),
 * checked by `ibantools`: the country's BBAN layout, the ISO 13616 mod-97 key and, where the
 * country has one, the national key (the French RIB key).
 */
export function estIbanValide(iban: string): boolean {
  return isValidIBAN(electronicFormatIBAN(iban) ?? '');
}

/** A BIC of 8 or 11 characters (ISO 9362), as `ibantools` checks it. */
export function estBicValide(bic: string): boolean {
  return isValidBIC(bic.replace(/\s+/g, '').toUpperCase());
}

/** Clé RIB : 97 − ((89 × banque + 15 × guichet + 3 × compte) mod 97), compte numérique. */
function cleRib(banque: string, guichet: string, compte: string): string {
  const reste = (89 * Number(banque) + 15 * Number(guichet) + 3 * Number(compte)) % 97;
  return String(97 - reste).padStart(2, '0');
}

/** A French IBAN with correct RIB and IBAN keys, from the supplied random function. */
export function genererIban(rng: () => number): string {
  let chiffres = '';
  // 23 draws as before (same sequence consumption); the last two give way to the RIB key.
  for (let i = 0; i < 23; i += 1) chiffres += Math.floor(rng() * 10);
  const bban = chiffres.slice(0, 21) + cleRib(chiffres.slice(0, 5), chiffres.slice(5, 10), chiffres.slice(10, 21));
  const cle = 98 - resteIban(`FR00${bban}`);
  return `FR${String(cle).padStart(2, '0')}${bban}`;
}
