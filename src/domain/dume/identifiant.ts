/**
 * DUME identifiers: 8 random-looking lowercase alphanumerics, as the French pages of the service
 * describe them (the English pages say 6; chorus-domain §15, complements §3.3 keep 8). They are
 * drawn from the sandbox's own DUME sequence and seed, so a scenario replays to the same ids, and
 * the mixing is a bijection of 32-bit integers: two sequence numbers never give the same id.
 */

const BASE36 = '0123456789abcdefghijklmnopqrstuvwxyz';
export const LONGUEUR_IDENTIFIANT_DUME = 8;
export const FORMAT_IDENTIFIANT_DUME = /^[a-z0-9]{8}$/;

/** Invertible 32-bit mix (the murmur3 finaliser): distinct inputs, distinct outputs. */
function melange(x: number): number {
  let h = x >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

export function identifiantDume(sequence: number, graine: number): string {
  // The seed only rotates the space: (sequence + seed·k) mod 2^32 stays a bijection of sequence.
  let n = melange((sequence + Math.imul(graine >>> 0, 0x9e3779b1)) >>> 0);
  const bruit = melange(n ^ 0x5bd1e995);
  // A leading letter, so an identifier never reads as a number (clients that parse JSON loosely).
  let id = BASE36[10 + (n % 26)]!;
  n = Math.floor(n / 26);
  for (let i = 1; i < 6; i++) {
    id += BASE36[n % 36]!;
    n = Math.floor(n / 36);
  }
  // n < 3 is left (2^32 < 26·36^5·3): it shares a character with noise, then one of noise only,
  // so the id stays injective without its last characters always reading "0".
  id += BASE36[(bruit % 12) * 3 + n]!;
  id += BASE36[Math.floor(bruit / 12) % 36]!;
  return id;
}
