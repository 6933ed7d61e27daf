import { FUSEAU_WIRE } from '../sandbox/dates.js';

/** Dates and amounts as a French user reads them: Paris time, jj/mm/aaaa, euros with French spacing. */
const DATE = new Intl.DateTimeFormat('fr-FR', { timeZone: FUSEAU_WIRE, day: '2-digit', month: '2-digit', year: 'numeric' });
const DATE_HEURE = new Intl.DateTimeFormat('fr-FR', {
  timeZone: FUSEAU_WIRE,
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

function instant(valeur: Date | string | number): Date | undefined {
  // A date without time (aaaa-mm-jj) is a calendar day: shown as is, never shifted by the time zone.
  if (typeof valeur === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(valeur)) return new Date(`${valeur}T12:00:00Z`);
  const d = valeur instanceof Date ? valeur : new Date(valeur);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

export function dateFr(valeur: Date | string | number | null | undefined): string {
  if (valeur === null || valeur === undefined || valeur === '') return '';
  const d = instant(valeur);
  return d ? DATE.format(d) : String(valeur);
}

export function dateHeureFr(valeur: Date | string | number | null | undefined): string {
  if (valeur === null || valeur === undefined || valeur === '') return '';
  const d = instant(valeur);
  return d ? DATE_HEURE.format(d).replace(' ', ' à ') : String(valeur);
}

const MONTANTS = new Map<string, Intl.NumberFormat>();

export function montantFr(montant: number | string | null | undefined, devise = 'EUR'): string {
  if (montant === null || montant === undefined || montant === '') return '';
  const n = typeof montant === 'number' ? montant : Number(montant);
  if (!Number.isFinite(n)) return String(montant);
  let f = MONTANTS.get(devise);
  if (!f) MONTANTS.set(devise, (f = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: devise })));
  return f.format(n);
}

const TAILLE = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 });

/** A file size as Chorus Pro states its limits (1 Ko = 1 024 octets, 10 Mo = 10 × 1 024 Ko): « 12,5 Ko », « 1,2 Mo ». */
export function tailleFr(octets: number): string {
  if (octets < 1024) return `${octets} octet${octets > 1 ? 's' : ''}`;
  if (octets < 1024 * 1024) return `${TAILLE.format(octets / 1024)} Ko`;
  return `${TAILLE.format(octets / (1024 * 1024))} Mo`;
}
