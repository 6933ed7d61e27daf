import { z } from 'zod';
import { referentials } from '../../referentials/index.js';

/**
 * Field blocks that several Chorus Pro models repeat under prefixed or numbered names: a party's
 * postal address, supplier bank details read from an IBAN, a valideur. Each is declared once, as a
 * zod block for the DTOs and a formatter for the answers, so that the schema and the value keep
 * the same names and order.
 */

const str = z.string().nullable();
const int = z.number().int().nullable();

type Renomme<P extends string, O, S extends string> = { [K in keyof O & string as `${P}${K}${S}`]: O[K] };

/** `{Detail: x}` → `{adresseFournisseurDetail: x}`: the official models' prefixed and numbered names. */
export function renommer<P extends string, O extends object, S extends string = ''>(prefixe: P, champs: O, suffixe = '' as S): Renomme<P, O, S> {
  return Object.fromEntries(Object.entries(champs).map(([cle, valeur]) => [`${prefixe}${cle}${suffixe}`, valeur])) as Renomme<P, O, S>;
}

const libellesPays = new Map(referentials.pays.entries.map((p) => [p.codePays, p.libellePays]));
export const libellePays = (code: string | null | undefined) => (code ? (libellesPays.get(code) ?? null) : null);

// ---------------------------------------------------------------------------------------------
// Address of a party (FactureCpp: adresseDestinataire…, adresseFournisseur…)

const ADRESSE = { Id: int, Detail: str, Complement1: str, Complement2: str, CodePostal: str, Ville: str, CodePays: str, LibellePays: str };

/** `adresse<Partie>Id`, `…Detail`, `…Complement1/2`, `…CodePostal`, `…Ville`, `…CodePays`, `…LibellePays`. */
export const champsAdresse = <P extends string>(partie: P) => renommer(`adresse${partie}` as `adresse${P}`, ADRESSE);

export interface AdresseStructure {
  adresse: string | null;
  complementAdresse1: string | null;
  complementAdresse2: string | null;
  codePostal: string | null;
  ville: string | null;
  codePays: string | null;
}

/** A structure's address under a party's names. The sandbox has no address entity: no address id. */
export function adresseDe<P extends string>(partie: P, s: AdresseStructure) {
  return renommer(`adresse${partie}` as `adresse${P}`, {
    Id: null,
    Detail: s.adresse,
    Complement1: s.complementAdresse1,
    Complement2: s.complementAdresse2,
    CodePostal: s.codePostal,
    Ville: s.ville,
    CodePays: s.codePays,
    LibellePays: libellePays(s.codePays),
  });
}

// ---------------------------------------------------------------------------------------------
// Bank details (coordBancairesFournisseur…), read from the IBAN

/**
 * Parts of an IBAN (ISO 13616: country, check digits, BBAN). The RIB parts (bank, branch, RIB key)
 * are only read from a French IBAN: FRkk BBBBB GGGGG CCCCCCCCCCC RR.
 */
export function decomposerIban(iban: string | null | undefined) {
  const i = (iban ?? '').replace(/\s+/g, '').toUpperCase();
  const iso = /^[A-Z]{2}\d{2}[A-Z0-9]+$/.test(i);
  const fr = /^FR\d{2}\d{5}\d{5}[A-Z0-9]{11}\d{2}$/.test(i);
  return {
    codePays: iso ? i.slice(0, 2) : null,
    cleIban: iso ? i.slice(2, 4) : null,
    codeBanque: fr ? i.slice(4, 9) : null,
    codeGuichet: fr ? i.slice(9, 14) : null,
    cleRib: fr ? i.slice(25, 27) : null,
  };
}

/** `coordBancairesFournisseurCleIban`, `…CleRib`, `…CodeBanque`: the first fields of both models. */
export const champsRib = renommer('coordBancairesFournisseur', { CleIban: str, CleRib: str, CodeBanque: str });
/** `coordBancairesFournisseurCodePays`, `…CompteBancaire`. */
export const champsCompte = renommer('coordBancairesFournisseur', { CodePays: str, CompteBancaire: str });

export const ribDe = (iban: ReturnType<typeof decomposerIban>) => renommer('coordBancairesFournisseur', { CleIban: iban.cleIban, CleRib: iban.cleRib, CodeBanque: iban.codeBanque });
export const compteDe = (iban: ReturnType<typeof decomposerIban>, compte: string | null) =>
  renommer('coordBancairesFournisseur', { CodePays: iban.codePays, CompteBancaire: compte });

// ---------------------------------------------------------------------------------------------
// Valideur 1 or 2 (A9/A12 validation circuits; null for the A1/A2 cadres handled today)

const VALIDEUR = { typeIdentifiantValideur: str, codeValideur: str, raisonSocialeValideur: str, nomValideur: str, prenomValideur: str, dateValidation: str };

/** `typeIdentifiantValideurN`, `codeValideurN`, `raisonSocialeValideurN`, `nomValideurN`, `prenomValideurN`, `dateValidationN`. */
export const champsValideur = <N extends 1 | 2>(n: N) => renommer('', VALIDEUR, `${n}` as `${N}`);

/** The same fields for an invoice no valideur handled. */
export const sansValideur = <N extends 1 | 2>(n: N) =>
  renommer('', { typeIdentifiantValideur: null, codeValideur: null, raisonSocialeValideur: null, nomValideur: null, prenomValideur: null, dateValidation: null }, `${n}` as `${N}`);

/** The same fields for a validator structure and its (express or tacit) acceptance day. */
export const valideurDe = <N extends 1 | 2>(
  n: N,
  v: { typeIdentifiant: string; identifiant: string; raisonSociale: string; nom: string | null; prenom: string | null } | undefined,
  dateValidation: string | null,
) =>
  v
    ? renommer(
        '',
        { typeIdentifiantValideur: v.typeIdentifiant, codeValideur: v.identifiant, raisonSocialeValideur: v.raisonSociale, nomValideur: v.nom, prenomValideur: v.prenom, dateValidation },
        `${n}` as `${N}`,
      )
    : sansValideur(n);
