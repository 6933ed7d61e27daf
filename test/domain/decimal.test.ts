import { describe, expect, it } from 'vitest';
import { arrondirFraction, comparer, decimal, valeurAbsolue, versCentimes, versNombre, versTexte } from '../../src/domain/decimal.js';
import { createRng } from '../../src/domain/random.js';

describe('decimal : lecture exacte des montants', () => {
  it('lit entiers, BigInt, fractions et exposants sans dérive', () => {
    expect(decimal(12n)).toEqual({ n: 12n, e: 0 });
    expect(decimal('0.1')).toEqual({ n: 1n, e: 1 });
    expect(decimal(' -3.25 ')).toEqual({ n: -325n, e: 2 });
    // 1.5e2 = 150 (a positive exponent becomes trailing zeros, never a negative e).
    expect(decimal('1.5e2')).toEqual({ n: 150n, e: 0 });
    expect(decimal(1e21)).toEqual({ n: 10n ** 21n, e: 0 });
    // 2e-3 = 0.002.
    expect(decimal('2e-3')).toEqual({ n: 2n, e: 3 });
    expect(decimal('.5')).toEqual({ n: 5n, e: 1 });
    const d = { n: 7n, e: 1 };
    expect(decimal(d)).toBe(d);
  });

  it('refuse ce qui n’est pas un montant', () => {
    for (const x of [Number.POSITIVE_INFINITY, Number.NaN]) expect(() => decimal(x)).toThrow(/non fini/);
    for (const x of ['', '.', 'abc', '1,5', '-', 'e3']) expect(() => decimal(x), x).toThrow(/illisible/);
  });

  it('valeur absolue, comparaison, conversion vers nombre et centimes', () => {
    expect(valeurAbsolue(decimal('-0.5'))).toEqual({ n: 5n, e: 1 });
    expect(valeurAbsolue(decimal('0'))).toEqual({ n: 0n, e: 0 });
    expect(comparer(decimal('1.10'), decimal('1.1'))).toBe(0);
    expect(comparer(decimal('-2'), decimal('1'))).toBe(-1);
    expect(versNombre(decimal('12.34'))).toBe(12.34);
    expect(versNombre(decimal('-1500'))).toBe(-1500);
    // 2.675 € → 268 centimes (half up, exact: no 2.67 from binary floating point).
    expect(versCentimes(decimal(2.675))).toBe(268n);
    expect(versCentimes(decimal(-2.675))).toBe(-268n);
  });

  it('arrondit la moitié en s’éloignant de zéro, refuse un dénominateur nul ou négatif', () => {
    expect(arrondirFraction(5n, 2n)).toBe(3n); // 2.5 → 3
    expect(arrondirFraction(-5n, 2n)).toBe(-3n); // -2.5 → -3
    expect(arrondirFraction(7n, 3n)).toBe(2n); // 2.33 → 2
    expect(arrondirFraction(0n, 4n)).toBe(0n);
    expect(() => arrondirFraction(1n, 0n)).toThrow(/Dénominateur/);
    expect(() => arrondirFraction(1n, -2n)).toThrow(/Dénominateur/);
  });

  it('versTexte donne la forme canonique : 5.50 → 5.5, -0.005, 1.00 → 1', () => {
    expect(versTexte(decimal('5.50'))).toBe('5.5');
    expect(versTexte(decimal('1.00'))).toBe('1');
    expect(versTexte({ n: -5n, e: 3 })).toBe('-0.005');
    expect(versTexte(decimal('-12.30'))).toBe('-12.3');
    expect(versTexte(decimal('100'))).toBe('100');
    expect(versTexte(decimal('0.000'))).toBe('0');
    expect(versTexte({ n: 10n, e: 1 })).toBe('1');
  });
});

describe('createRng : bornes', () => {
  it('une borne unique est permise, des bornes non entières ne le sont pas', () => {
    const r = createRng(5);
    expect(r.int(2, 2)).toBe(2);
    expect(() => r.int(1.5, 3)).toThrow(RangeError);
    expect(() => r.int(1, 2.5)).toThrow(RangeError);
    expect(() => r.pick([])).toThrow(/vide/);
    // Every element can be picked, and nothing else.
    const vus = new Set(Array.from({ length: 200 }, () => r.pick(['a', 'b', 'c'])));
    expect([...vus].sort()).toEqual(['a', 'b', 'c']);
  });
});
