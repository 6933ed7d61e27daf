/**
 * What a page reads from its URL, the same way everywhere: an identifier in the path and a page
 * number in the query string. Anything else than digits is no identifier (the page then answers as
 * for an unknown one) and no page number (the first page).
 */

/** The positive integer of a path segment (`/factures-recues/123`), else undefined. */
export function idDuChemin(valeur: unknown): number | undefined {
  if (typeof valeur !== 'string' || !/^\d{1,12}$/.test(valeur)) return undefined;
  const id = Number(valeur);
  return id > 0 ? id : undefined;
}

/**
 * The identifier of a path segment for services that answer « not found » themselves: a segment
 * that is no identifier becomes -1, which no row carries.
 */
export function idOuInconnu(valeur: unknown): number {
  return idDuChemin(valeur) ?? -1;
}

/** `?page=` as a page number from 1 to 10,000 (1 when absent or not a number). */
export function numeroDePage(valeur: unknown): number {
  const n = typeof valeur === 'string' && /^\d{1,6}$/.test(valeur) ? Number(valeur) : 1;
  return Math.min(10_000, Math.max(1, n));
}
