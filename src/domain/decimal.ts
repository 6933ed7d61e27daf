/**
 * Décimaux exacts pour les montants : valeur = n × 10^-e, sur des BigInt.
 * Les nombres JSON sont lus via leur écriture décimale la plus courte (String(x)),
 * donc 0.1 vaut exactement 1 × 10^-1 : aucune dérive de virgule flottante.
 */
export interface Decimal {
  readonly n: bigint;
  readonly e: number;
}

const FORME = /^([+-]?)(\d*)(?:\.(\d*))?(?:e([+-]?\d+))?$/i;

export function decimal(x: number | string | bigint | Decimal): Decimal {
  if (typeof x === 'object') return x;
  if (typeof x === 'bigint') return { n: x, e: 0 };
  if (typeof x === 'number' && !Number.isFinite(x)) throw new RangeError(`Montant non fini : ${x}`);
  const m = FORME.exec(String(x).trim());
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) throw new RangeError(`Montant illisible : ${String(x)}`);
  const fraction = m[3] ?? '';
  let n = BigInt((m[2] || '0') + fraction);
  let e = fraction.length - Number(m[4] ?? 0);
  if (e < 0) {
    n *= 10n ** BigInt(-e);
    e = 0;
  }
  return { n: m[1] === '-' ? -n : n, e };
}

function aligner(a: Decimal, b: Decimal): [bigint, bigint, number] {
  const e = Math.max(a.e, b.e);
  return [a.n * 10n ** BigInt(e - a.e), b.n * 10n ** BigInt(e - b.e), e];
}

export function ajouter(a: Decimal, b: Decimal): Decimal {
  const [x, y, e] = aligner(a, b);
  return { n: x + y, e };
}

export function soustraire(a: Decimal, b: Decimal): Decimal {
  const [x, y, e] = aligner(a, b);
  return { n: x - y, e };
}

export function multiplier(a: Decimal, b: Decimal): Decimal {
  return { n: a.n * b.n, e: a.e + b.e };
}

/** Division par 10^k (pourcentages : k = 2). */
export function diviserPuissanceDix(a: Decimal, k: number): Decimal {
  return { n: a.n, e: a.e + k };
}

export function valeurAbsolue(a: Decimal): Decimal {
  return a.n < 0n ? { n: -a.n, e: a.e } : a;
}

export function comparer(a: Decimal, b: Decimal): -1 | 0 | 1 {
  const [x, y] = aligner(a, b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * num / den arrondi à l'entier, moitié « vers le haut » en valeur absolue
 * (half away from zero) : un avoir saisi en négatif donne exactement l'opposé de la facture.
 */
export function arrondirFraction(num: bigint, den: bigint): bigint {
  if (den <= 0n) throw new RangeError('Dénominateur nul ou négatif');
  const negatif = num < 0n;
  const abs = negatif ? -num : num;
  const q = (2n * abs + den) / (2n * den);
  return negatif ? -q : q;
}

/** Arrondi au centime, renvoyé en centimes entiers. */
export function versCentimes(a: Decimal): bigint {
  return arrondirFraction(a.n * 100n, 10n ** BigInt(a.e));
}

export function depuisCentimes(centimes: bigint): Decimal {
  return { n: centimes, e: 2 };
}

/** Conversion finale pour le fil (division IEEE correctement arrondie : 1234n → 12.34). */
export function versNombre(a: Decimal): number {
  return Number(a.n) / 10 ** a.e;
}

export function centimesVersNombre(centimes: bigint): number {
  return Number(centimes) / 100;
}

/** Forme canonique (sans zéros superflus), utile comme clé : 5.50 → "5.5". */
export function versTexte(a: Decimal): string {
  const negatif = a.n < 0n;
  const chiffres = (negatif ? -a.n : a.n).toString().padStart(a.e + 1, '0');
  const entier = chiffres.slice(0, chiffres.length - a.e);
  const fraction = chiffres.slice(chiffres.length - a.e).replace(/0+$/, '');
  const texte = fraction ? `${entier}.${fraction}` : entier;
  return negatif && texte !== '0' ? `-${texte}` : texte;
}
