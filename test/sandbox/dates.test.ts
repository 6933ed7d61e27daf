import { describe, expect, it } from 'vitest';
import { formatDate, formatDateHeureIso, formatDateHeureMinute, parisVersInstant } from '../../src/sandbox/dates.js';
import { borne } from '../../src/modules/factures/consultation/recherche.js';

/** Wire dates carry Paris time (README, "Wire conventions"). */
describe('Paris time on the wire', () => {
  it('a day near midnight is the Paris day, in winter and in summer', () => {
    expect(formatDate(new Date('2026-01-01T23:30:00Z'))).toBe('2026-01-02');
    expect(formatDate(new Date('2026-07-01T21:59:00Z'))).toBe('2026-07-01');
    expect(formatDate(new Date('2026-07-01T22:00:00Z'))).toBe('2026-07-02');
    expect(formatDate('2026-03-05')).toBe('2026-03-05');
  });

  it('minutes and ISO date-times carry Paris time and its offset', () => {
    expect(formatDateHeureMinute('2026-01-15T09:05:00.000Z')).toBe('2026-01-15 10:05');
    expect(formatDateHeureMinute('2050-12-31')).toBe('2050-12-31 00:00');
    expect(formatDateHeureIso('2026-01-15T09:05:07.123Z')).toBe('2026-01-15T10:05:07.123+01:00');
    expect(formatDateHeureIso('2026-07-15T09:05:07.000Z')).toBe('2026-07-15T11:05:07.000+02:00');
  });

  it('search bounds cover the Paris day, across DST changes', () => {
    expect(parisVersInstant('2026-03-29').toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(borne('2026-03-29', false)).toBe('2026-03-28T23:00:00.000Z');
    expect(borne('2026-03-29', true)).toBe('2026-03-29T21:59:59.999Z');
    expect(borne('2026-01-10T12:00:00', false)).toBe('2026-01-10T11:00:00.000Z');
    expect(borne('2026-01-10T12:00:00Z', false)).toBe('2026-01-10T12:00:00.000Z');
  });
});
