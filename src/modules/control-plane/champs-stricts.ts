import { z } from 'zod';

/**
 * Field parsers of the control plane's JSON bodies. Unlike the `/cpro` API, which must take what
 * real Chorus Pro clients send, the control plane is ours: it is strict. A date is a real calendar
 * day (`2026-02-30` is refused, not rolled over to March), a number is a JSON number (`"100"`,
 * `true` and `null` are refused). Path and query parameters are text by nature and keep coercion.
 */
const DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?)?$/;

function dateValide(texte: string): boolean {
  const m = DATE.exec(texte);
  if (!m) return false;
  const [an, mois, jour] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const d = new Date(Date.UTC(an, mois - 1, jour));
  if (d.getUTCFullYear() !== an || d.getUTCMonth() !== mois - 1 || d.getUTCDate() !== jour) return false;
  if (m[4] !== undefined && (Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6] ?? 0) > 59)) return false;
  return true;
}

/** `YYYY-MM-DD` or an ISO date-time, a real calendar date. */
export const dateStricte = z
  .string()
  .max(40)
  .refine(dateValide, { message: 'format attendu : YYYY-MM-DD ou date-heure ISO, date du calendrier' });

/** A JSON integer in [min, max]. */
export const entierStrict = (min: number, max: number) => z.number().int().min(min).max(max);
