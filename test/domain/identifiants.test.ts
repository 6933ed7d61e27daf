import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  cleLuhn,
  estIbanValide,
  estSirenValide,
  estSiretValide,
  genererIban,
  genererSiren,
  genererSiret,
  validerIdentifiantStructure,
} from '../../src/domain/identifiants.js';
import { createRng } from '../../src/domain/random.js';

describe('SIREN / SIRET', () => {
  it.each([
    ['73282932000074', true, 'SIRET connu'],
    ['73282932000075', false, 'dernier chiffre modifié'],
    ['73282942000074', false, 'chiffre du SIREN modifié'],
    ['35600000000048', true, 'La Poste, siège (Luhn)'],
    ['35600000012346', true, 'La Poste, somme des chiffres = 30 (multiple de 5)'],
    ['35600000012345', false, 'La Poste, somme 29'],
    ['12345678901234', false, 'ni Luhn ni La Poste'],
    ['7328293200007', false, '13 chiffres'],
    ['732829320000740', false, '15 chiffres'],
    ['7328293200007A', false, 'lettre'],
    ['', false, 'vide'],
  ])('estSiretValide(%s) = %s (%s)', (siret, attendu) => {
    expect(estSiretValide(siret)).toBe(attendu);
  });

  it('la règle La Poste ne vaut que pour le SIREN 356000000', () => {
    // somme des chiffres = 25, Luhn faux, autre SIREN
    expect(estSiretValide('35600000112340')).toBe(false);
    expect([...'35600000112340'].reduce((s, c) => s + Number(c), 0) % 5).toBe(0);
  });

  it.each([
    ['732829320', true],
    ['732829321', false],
    ['356000000', true],
    ['12345678', false],
  ])('estSirenValide(%s) = %s', (siren, attendu) => {
    expect(estSirenValide(siren)).toBe(attendu);
  });

  it('cleLuhn complète un numéro', () => {
    expect(cleLuhn('73282932')).toBe(0);
    expect(cleLuhn('7328293200007')).toBe(4);
    expect(() => cleLuhn('12a')).toThrow(RangeError);
  });
});

describe('génération', () => {
  it('les SIRET générés sont toujours valides (et leur SIREN aussi)', () => {
    fc.assert(
      fc.property(fc.integer(), (graine) => {
        const rng = createRng(graine);
        const siret = genererSiret(rng.next);
        expect(siret).toMatch(/^[1-9]\d{13}$/);
        expect(estSiretValide(siret)).toBe(true);
        expect(estSirenValide(siret.slice(0, 9))).toBe(true);
        expect(estSirenValide(genererSiren(rng.next))).toBe(true);
      }),
    );
  });

  it('même graine → mêmes SIRET ; graines différentes → SIRET différents', () => {
    const serie = (graine: number) => {
      const rng = createRng(graine);
      return Array.from({ length: 20 }, () => genererSiret(rng.next));
    };
    expect(serie(42)).toEqual(serie(42));
    expect(serie(42)).not.toEqual(serie(43));
    expect(new Set(serie(7)).size).toBe(20);
  });

  it('supporte un rng qui renvoie des valeurs extrêmes', () => {
    expect(estSiretValide(genererSiret(() => 0))).toBe(true);
    expect(estSiretValide(genererSiret(() => 0.9999999999))).toBe(true);
  });
});

describe('createRng', () => {
  it('est déterministe et reste dans les bornes', () => {
    const a = createRng(123);
    const b = createRng(123);
    for (let i = 0; i < 1000; i++) {
      const x = a.next();
      expect(x).toBe(b.next());
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
    }
    const r = createRng(1);
    const tirages = Array.from({ length: 1000 }, () => r.int(3, 5));
    expect(new Set(tirages)).toEqual(new Set([3, 4, 5]));
    expect(['a', 'b']).toContain(r.pick(['a', 'b']));
    expect(r.string(12, '01')).toMatch(/^[01]{12}$/);
    expect(r.string(8)).toMatch(/^[A-Z0-9]{8}$/);
    expect(createRng(9).string(10)).toBe(createRng(9).string(10));
  });

  it('refuse des bornes ou un tableau invalides', () => {
    const r = createRng(1);
    expect(() => r.int(5, 3)).toThrow(RangeError);
    expect(() => r.pick([])).toThrow(RangeError);
  });
});

describe('validerIdentifiantStructure', () => {
  it.each([
    ['SIRET', '73282932000074'],
    ['SIRET', '35600000000048'],
    ['UE_HORS_FRANCE', 'DE123456789'],
    ['UE_HORS_FRANCE', 'EL123456789'],
    ['HORS_UE', 'USACME CORPORATION'],
    ['AUTRE', 'CHEXEMPLE SA'],
    ['RIDET', '123456001'],
    ['RIDET', '1234567001'],
    ['TAHITI', 'A12345001'],
    ['PARTICULIER', 'DUPONT JEAN'],
  ])('%s %s est valide', (type, id) => {
    expect(validerIdentifiantStructure(type, id)).toBeNull();
  });

  it.each([
    ['SIRET', '7328293200007', /14 chiffres/],
    ['SIRET', '732 829 320 00074', /14 chiffres/],
    ['SIRET', '73282932000075', /clé de contrôle/],
    ['UE_HORS_FRANCE', 'DE1234567890123456789', /entre 3 et 18/],
    ['UE_HORS_FRANCE', 'FR44732829320', /SIRET/],
    ['UE_HORS_FRANCE', 'US123456789', /État membre/],
    ['UE_HORS_FRANCE', 'de-123456', /code pays/],
    ['HORS_UE', 'US', /entre 3 et 18/],
    ['HORS_UE', '12ACME', /code pays/],
    ['RIDET', '12345678', /entre 9 et 10/],
    ['RIDET', '12345678A', /chiffres/],
    ['TAHITI', 'A1234500', /9 caractères/],
    ['TAHITI', 'A1234-001', /lettres et chiffres/],
    ['PARTICULIER', 'X'.repeat(19), /entre 1 et 18/],
    ['SIRET', '   ', /obligatoire/],
    ['TVA_INTRACOMMUNAUTAIRE', 'DE123456789', /Type d'identifiant inconnu/],
  ])('%s %s → message', (type, id, message) => {
    expect(validerIdentifiantStructure(type, id)).toMatch(message);
  });
});

describe('IBAN', () => {
  it('accepts a known valid IBAN and refuses an altered one', () => {
    expect(estIbanValide('FR76 3000 6000 0112 3456 7890 189')).toBe(true);
    expect(estIbanValide('FR76 3000 6000 0112 3456 7890 188')).toBe(false);
    expect(estIbanValide('FR76')).toBe(false);
  });

  it('generates valid French IBANs, the same for the same seed', () => {
    const a = createRng(9);
    const b = createRng(9);
    for (let i = 0; i < 50; i += 1) {
      const iban = genererIban(() => a.next());
      expect(iban).toMatch(/^FR\d{25}$/);
      expect(estIbanValide(iban)).toBe(true);
      expect(genererIban(() => b.next())).toBe(iban);
    }
  });
});
