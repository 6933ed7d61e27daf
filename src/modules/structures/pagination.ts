import { z } from 'zod';
import { ChorusError } from '../../errors/chorus-error.js';
import { erreurs } from '../../errors/catalogue/index.js';

/**
 * Pagination and sorting shared by the organisation searches (chorus-api §2.5): each operation
 * names its parameter object differently, the fields inside are the same.
 */
export const NB_RESULTATS_PAR_PAGE_DEFAUT = 10;
/** OCA asks 10000 services per page; anything larger is capped rather than refused. */
export const NB_RESULTATS_PAR_PAGE_MAX = 10_000;

/**
 * Typed clients (generated from the Swagger, or Go/Java/C# structs) cannot omit a field: they send
 * `null`, `""` or `"   "` for what they leave unset. All three mean absent, everywhere a field is
 * optional (README, "Wire conventions").
 */
export const vide = (v: unknown): boolean => v === null || (typeof v === 'string' && v.trim() === '');

/** Clients send Java-style nulls for unset fields: null (or a blank string) means absent. */
export function optionnel<T extends z.ZodType>(schema: T) {
  return z.preprocess((v) => (vide(v) ? undefined : v), schema.optional());
}

/** A string; numbers are taken as their text (a SIRET sent as a JSON number), null or blank as absent. */
export function chaine(max = 255) {
  return z.preprocess((v) => (vide(v) ? undefined : typeof v === 'number' ? String(v) : v), z.string().max(max).optional());
}

/** An integer, also when sent as a numeric string ("10"), as several clients do. */
export function entier(min?: number) {
  const nombre = min === undefined ? z.number().int() : z.number().int().min(min);
  return z.preprocess(
    (v) => (vide(v) ? undefined : typeof v === 'string' && Number.isFinite(Number(v)) ? Number(v) : v),
    nombre.optional(),
  );
}

/**
 * An identifier (idStructure, idService, idFournisseur…): a positive integer. Chorus Pro ids start
 * at 1, so `0` can only be a typed client's unset field: it is absent, like null.
 */
export function identifiant() {
  return z.preprocess((v) => (v === 0 || v === '0' ? undefined : v), entier());
}

/** A boolean, also as "true"/"false"/"OUI"/"NON" strings. */
export function booleen() {
  return z.preprocess((v) => {
    if (vide(v)) return undefined;
    if (typeof v !== 'string') return v;
    const s = v.trim().toLowerCase();
    return s === 'true' || s === 'oui' ? true : s === 'false' || s === 'non' ? false : v;
  }, z.boolean().optional());
}

/** An enum value, whatever its case and surrounding spaces (GO sends `"Ascendant "`). */
export function enumSouple<const T extends readonly [string, ...string[]]>(values: T) {
  return z.preprocess((v) => {
    if (vide(v)) return undefined;
    if (typeof v !== 'string') return v;
    const wanted = v.trim().toLowerCase();
    return values.find((value) => value.toLowerCase() === wanted) ?? v;
  }, z.enum(values).optional());
}

export const TRI_SENS = ['Descendant', 'Ascendant'] as const;

/** `{nbResultatsParPage, pageResultatDemandee, triColonne, triSens}` with the operation's sort columns. */
export function parametresPagination<const T extends readonly [string, ...string[]]>(triColonnes: T) {
  return optionnel(
    z.object({
      nbResultatsParPage: entier(0).describe(`Taille de page (défaut ${NB_RESULTATS_PAR_PAGE_DEFAUT}, plafonnée à ${NB_RESULTATS_PAR_PAGE_MAX})`),
      pageResultatDemandee: entier(0).describe('Numéro de page, à partir de 1 (0, valeur par défaut des clients typés : la première)'),
      triColonne: enumSouple(triColonnes),
      triSens: enumSouple(TRI_SENS).describe('Descendant par défaut quand triColonne est donné'),
    }),
  );
}

export interface Pagination<C extends string = string> {
  nbResultatsParPage?: number;
  pageResultatDemandee?: number;
  triColonne?: C;
  triSens?: (typeof TRI_SENS)[number];
}

export const parametresRetourDto = z.object({
  pageCourante: z.number().int(),
  pages: z.number().int(),
  nbResultatsParPage: z.number().int(),
  total: z.number().int(),
});
export type ParametresRetour = z.infer<typeof parametresRetourDto>;

export interface Page<T> {
  liste: T[];
  parametresRetour: ParametresRetour;
}

type Cle = string | number | boolean | null | undefined;

function comparer(a: Cle, b: Cle): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return 1;
  if (b === null || b === undefined) return -1;
  if (typeof a === 'string' && typeof b === 'string') return a.localeCompare(b, 'fr');
  return a < b ? -1 : 1;
}

/**
 * Sorts and cuts one page. Without `triColonne`, rows keep their creation order (the reference
 * names no default column); with it, `triSens` defaults to Descendant as documented. A negative page or
 * size is a 400 naming the field (`objet` is the operation's parameter object name).
 */
export function paginer<T, C extends string>(
  rows: readonly T[],
  params: Pagination<C> | undefined,
  colonnes: Record<C, (row: T) => Cle>,
  objet: string,
): Page<T> {
  // 0 is an unset int of a typed client: the first page, like an absent field.
  const page = params?.pageResultatDemandee || 1;
  if (page < 1) throw champInvalide(`${objet}.pageResultatDemandee`, 'la première page est la page 1');
  const demande = params?.nbResultatsParPage;
  if (demande !== undefined && demande < 0) throw champInvalide(`${objet}.nbResultatsParPage`, 'une taille de page est positive');
  // 0 is what clients serialising an unset int send: it means the default size.
  const taille = !demande ? NB_RESULTATS_PAR_PAGE_DEFAUT : Math.min(demande, NB_RESULTATS_PAR_PAGE_MAX);

  let tries = [...rows];
  if (params?.triColonne) {
    const cle = colonnes[params.triColonne];
    const sens = (params.triSens ?? 'Descendant') === 'Descendant' ? -1 : 1;
    // Stable sort: equal keys keep creation order whatever the direction.
    tries = tries.map((row, i) => ({ row, i })).sort((a, b) => sens * comparer(cle(a.row), cle(b.row)) || a.i - b.i).map((x) => x.row);
  } else if (params?.triSens === 'Descendant') {
    tries.reverse();
  }
  const total = tries.length;
  return {
    liste: tries.slice((page - 1) * taille, page * taille),
    parametresRetour: {
      // An empty result reads `pageCourante 1, pages 0, total 0` (chorus-api §2.5).
      pageCourante: total === 0 ? 1 : page,
      pages: Math.ceil(total / taille),
      nbResultatsParPage: taille,
      total,
    },
  };
}

/** A field refused by a pagination rule, with the validation envelope code. */
function champInvalide(champ: string, detail: string): ChorusError {
  return new ChorusError(erreurs.CHAMP_INVALIDE, `Le champ '${champ}' n'est pas valide (${detail})`);
}

/**
 * The envelope of a search answer: success, or `TRA_MSG_00.015` (codeRetour 20000, HTTP 200) when
 * nothing matched at all (chorus-api §2.3). A page past the last one of a non-empty result is a
 * success with an empty list: the search did find something.
 */
export function enveloppeRecherche(total: number): { codeRetour: number; libelle: string } {
  const entry = total === 0 ? erreurs.AUCUN_RESULTAT : erreurs.SUCCES;
  return { codeRetour: entry.codeRetour, libelle: entry.libelle };
}
