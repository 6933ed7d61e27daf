/**
 * Date formats of the wire (chorus-api §2.6): the real API mixes plain dates, ISO date-times and a
 * `YYYY-MM-DD HH:MM` layout for history, services and rattachements. Stored dates are ISO strings.
 */
export function formatDateTime(date: Date): string {
  return date.toISOString();
}

/** `YYYY-MM-DD` (dateDepot, dateFacture…). */
export function formatDate(value: Date | string): string {
  return (typeof value === 'string' ? value : value.toISOString()).slice(0, 10);
}

/** `YYYY-MM-DD HH:MM` (histoStatutDatePassage, dateDbtService…), in UTC. */
export function formatDateHeureMinute(value: Date | string): string {
  const iso = typeof value === 'string' ? new Date(value).toISOString() : value.toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
}
