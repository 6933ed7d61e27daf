import { z } from 'zod';
import { chaine, entier, optionnel, vide } from '../../structures/pagination.js';

/** Liberal field parsers shared by the Factures DTOs (chorus-api §2.6: dates, numbers as strings, nulls). */
export { booleen, chaine, entier, enumSouple, identifiant, optionnel } from '../../structures/pagination.js';

const nul = (v: unknown) => (v === null ? undefined : v);
const versNombre = (v: unknown) => (vide(v) ? undefined : typeof v === 'string' && Number.isFinite(Number(v)) ? Number(v) : v);

/** A finite amount or quantity, also sent as "12.50". */
export function nombre() {
  return z.preprocess(versNombre, z.number().finite().optional());
}
export function nombreRequis() {
  return z.preprocess(versNombre, z.number().finite());
}
export function chaineRequise(max = 255) {
  return z.preprocess((v) => (v === null ? undefined : typeof v === 'number' ? String(v) : v), z.string().trim().min(1).max(max));
}
export function entierRequis() {
  return z.preprocess(versNombre, z.number().int());
}

const DATE = /^(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/** `YYYY-MM-DD` or an ISO date-time; kept as given (trimmed), validated as a real calendar day. */
function estDate(v: string): boolean {
  const m = DATE.exec(v);
  if (!m) return false;
  const d = new Date(`${m[1]}-${m[2]}-${m[3]}T00:00:00Z`);
  return d.getUTCDate() === Number(m[3]);
}
export function dateSouple() {
  return z.preprocess(
    (v) => (vide(v) ? undefined : typeof v === 'string' ? v.trim() : v),
    z.string().refine(estDate, { message: 'format attendu : YYYY-MM-DD ou date-heure ISO' }).optional(),
  );
}
export function dateRequise() {
  return z.preprocess((v) => (typeof v === 'string' ? v.trim() : nul(v)), z.string().refine(estDate, { message: 'format attendu : YYYY-MM-DD ou date-heure ISO' }));
}

/** An object or an array of such objects (pieceJointePrincipale, chorus-api §3.1.1): always an array. */
export function objetOuListe<T extends z.ZodType>(item: T) {
  return z.preprocess((v) => (vide(v) ? undefined : Array.isArray(v) ? v : typeof v === 'object' ? [v] : v), z.array(item).optional());
}

export function liste<T extends z.ZodType>(item: T) {
  return optionnel(z.array(item));
}

export { chaine as texte, entier as entierOptionnel };

/**
 * An item a typed client sends for "nothing": `{}`, or every field null, blank or 0 (the zero
 * values of a struct). Such items are dropped from attachment lists, so an empty
 * `pieceJointePrincipale` (`{}`, `[]`, `[{pieceJointePrincipaleId: 0, …Designation: ""}]`) means
 * "no main attachment" (README, "Wire conventions").
 */
export function elementVide(v: unknown): boolean {
  if (v === null || v === undefined) return true;
  if (typeof v !== 'object' || Array.isArray(v)) return false;
  return Object.values(v as Record<string, unknown>).every((x) => x === undefined || x === 0 || vide(x));
}

/** `objetOuListe`/`liste` that drop zero-valued items first; an empty result is absent. */
export function listeSansVides<T extends z.ZodType>(item: T, objetAccepte = false) {
  return z.preprocess((v) => {
    if (vide(v)) return undefined;
    const items = Array.isArray(v) ? v : objetAccepte && typeof v === 'object' ? [v] : v;
    if (!Array.isArray(items)) return items;
    const gardes = items.filter((x) => !elementVide(x));
    return gardes.length ? gardes : undefined;
  }, z.array(item).optional());
}
