/**
 * Générateur pseudo-aléatoire à graine (mulberry32) : mêmes données de démonstration
 * pour une même graine, sans dépendre de Math.random.
 */
export interface Rng {
  /** Flottant dans [0, 1). */
  next(): number;
  /** Entier dans [min, max], bornes incluses. */
  int(min: number, max: number): number;
  pick<T>(valeurs: readonly T[]): T;
  string(longueur: number, alphabet?: string): string;
}

const ALPHANUMERIQUE = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

export function createRng(seed: number): Rng {
  let etat = seed >>> 0;
  // Fonction fléchée : `rng.next` reste utilisable détachée (ex. genererSiret(rng.next)).
  const next = (): number => {
    etat = (etat + 0x6d2b79f5) >>> 0;
    let t = etat;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number): number => {
    if (!Number.isInteger(min) || !Number.isInteger(max) || max < min) {
      throw new RangeError(`Bornes invalides : [${min}, ${max}]`);
    }
    return min + Math.floor(next() * (max - min + 1));
  };
  return {
    next,
    int,
    pick: <T>(valeurs: readonly T[]): T => {
      if (valeurs.length === 0) throw new RangeError('Tableau vide');
      return valeurs[int(0, valeurs.length - 1)];
    },
    string: (longueur: number, alphabet: string = ALPHANUMERIQUE): string => {
      let s = '';
      for (let i = 0; i < longueur; i++) s += alphabet[int(0, alphabet.length - 1)];
      return s;
    },
  };
}
