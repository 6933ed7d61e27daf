/**
 * Date formats of the wire (chorus-api §2.6): the real API mixes plain dates, ISO date-times and a
 * `YYYY-MM-DD HH:MM` layout for history, services and rattachements. Stored dates are ISO strings
 * in UTC; the wire carries Paris time, as the real platform does (its ISO date-times carry the
 * Paris offset: `2019-03-27T11:12:24.777+01:00`, `2019-07-11T15:45:39.674+02:00`), so a plain date
 * near midnight is the Paris day. Which field uses which layout: `formats-wire.ts`.
 */
export const FUSEAU_WIRE = 'Europe/Paris';

/** Storage format (UTC ISO): never sent on the `/cpro` wire as is. */
export function formatDateTime(date: Date): string {
  return date.toISOString();
}

const PARTIES = new Intl.DateTimeFormat('en-CA', {
  timeZone: FUSEAU_WIRE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

interface Local {
  date: string;
  heure: string;
  minute: string;
  seconde: string;
  decalageMinutes: number;
}

/** The Paris wall-clock of an instant, and the offset it carries then. */
function enParis(d: Date): Local {
  const p = Object.fromEntries(PARTIES.formatToParts(d).map((x) => [x.type, x.value]));
  const commeUtc = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
  const decalageMinutes = Math.round((commeUtc - (d.getTime() - d.getUTCMilliseconds())) / 60_000);
  return { date: `${p.year}-${p.month}-${p.day}`, heure: p.hour, minute: p.minute, seconde: p.second, decalageMinutes };
}

const JOUR = /^\d{4}-\d{2}-\d{2}$/;
const instant = (value: Date | string) => (typeof value === 'string' ? new Date(value) : value);

/** `YYYY-MM-DD` (dateDepot, dateFacture…): a stored plain date as is, an instant as its Paris day. */
export function formatDate(value: Date | string): string {
  if (typeof value === 'string' && JOUR.test(value)) return value;
  return enParis(instant(value)).date;
}

/** `YYYY-MM-DD HH:MM` (histoStatutDatePassage, dateDbtService…), Paris time. A plain date reads as midnight. */
export function formatDateHeureMinute(value: Date | string): string {
  if (typeof value === 'string' && JOUR.test(value)) return `${value} 00:00`;
  const l = enParis(instant(value));
  return `${l.date} ${l.heure}:${l.minute}`;
}

/** `YYYY-MM-DDTHH:MM:SS.sss+01:00` (dateHeureEtatCourant…): Paris time with its offset. */
export function formatDateHeureIso(value: Date | string): string {
  const d = typeof value === 'string' && JOUR.test(value) ? parisVersInstant(value) : instant(value);
  const l = enParis(d);
  const signe = l.decalageMinutes < 0 ? '-' : '+';
  const abs = Math.abs(l.decalageMinutes);
  const ms = String(d.getUTCMilliseconds()).padStart(3, '0');
  return `${l.date}T${l.heure}:${l.minute}:${l.seconde}.${ms}${signe}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** The instant of a Paris wall-clock time (`YYYY-MM-DD` or `YYYY-MM-DDTHH:MM[:SS[.sss]]`, no offset). */
export function parisVersInstant(local: string): Date {
  const texte = JOUR.test(local) ? `${local}T00:00:00` : local.replace(' ', 'T');
  const commeUtc = new Date(`${texte}Z`);
  // The offset at that instant, then once more in case the first guess crossed a DST change.
  let d = new Date(commeUtc.getTime() - enParis(commeUtc).decalageMinutes * 60_000);
  d = new Date(commeUtc.getTime() - enParis(d).decalageMinutes * 60_000);
  return d;
}
