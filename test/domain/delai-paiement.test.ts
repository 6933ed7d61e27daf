import { describe, expect, it } from 'vitest';
import {
  calculerDelaiPaiement,
  calculerInteretsMoratoires,
  jourUtc,
  type ParametresDelaiPaiement,
} from '../../src/domain/delai-paiement.js';

const BASE: ParametresDelaiPaiement = {
  delaiJours: 30,
  dateMiseADisposition: '2026-01-01',
  now: '2026-01-15',
  tauxBce: 2.15,
  montantTtc: 10_000,
};

describe('calculerDelaiPaiement', () => {
  it('MAD 2026-01-01 + 30 jours → échéance 2026-01-31', () => {
    expect(calculerDelaiPaiement(BASE)).toEqual({
      delaiJours: 30,
      delaiApresReprise: null,
      dateDebut: '2026-01-01',
      dateEcheance: '2026-01-31',
      suspendu: false,
      joursSuspendus: 0,
      joursEcoules: 14,
      enRetard: false,
      joursRetard: 0,
      dateReferenceTauxBce: null,
      interetsMoratoires: 0,
      indemniteForfaitaire: 0,
    });
  });

  it.each([
    [30, '2026-01-31'],
    [50, '2026-02-20'],
    [60, '2026-03-02'],
  ])('délai de %i jours → %s', (delaiJours, echeance) => {
    expect(calculerDelaiPaiement({ ...BASE, delaiJours }).dateEcheance).toBe(echeance);
  });

  it('une suspension de 10 jours dès la mise à disposition décale l’échéance de 10 jours', () => {
    const r = calculerDelaiPaiement({ ...BASE, suspensions: [{ debut: '2026-01-01', fin: '2026-01-11' }] });
    expect(r.dateEcheance).toBe('2026-02-10');
    expect(r.joursSuspendus).toBe(10);
    expect(r.delaiApresReprise).toBe(30);
  });

  it('60 jours : une suspension de 10 jours décale de 10 jours (solde restant > 30)', () => {
    // solde au 2026-01-21 : 40 jours → nouveau délai de 40 jours à la complétion
    const r = calculerDelaiPaiement({ ...BASE, delaiJours: 60, now: '2026-02-15', suspensions: [{ debut: '2026-01-21', fin: '2026-01-31' }] });
    expect(r.delaiApresReprise).toBe(40);
    expect(r.dateEcheance).toBe('2026-03-12'); // 2026-03-02 + 10
  });

  it('30 jours : après une suspension tardive, un nouveau délai complet de 30 jours court (R2192-29)', () => {
    const r = calculerDelaiPaiement({ ...BASE, now: '2026-02-15', suspensions: [{ debut: '2026-01-21', fin: '2026-01-31' }] });
    expect(r.delaiApresReprise).toBe(30);
    expect(r.dateEcheance).toBe('2026-03-02');
  });

  it('une seconde suspension ne repousse pas l’échéance', () => {
    const une = calculerDelaiPaiement({ ...BASE, now: '2026-02-05', suspensions: [{ debut: '2026-01-01', fin: '2026-01-11' }] });
    const deux = calculerDelaiPaiement({
      ...BASE,
      now: '2026-02-05',
      // données non triées : la première suspension est celle qui commence le plus tôt
      suspensions: [
        { debut: '2026-01-20', fin: '2026-01-30' },
        { debut: '2026-01-01', fin: '2026-01-11' },
      ],
    });
    expect(deux.dateEcheance).toBe('2026-02-10');
    expect(deux).toEqual(une);
  });

  it('pendant la suspension le délai ne court pas : pas d’échéance, pas de retard', () => {
    const r = calculerDelaiPaiement({ ...BASE, now: '2026-04-01', suspensions: [{ debut: '2026-01-10' }] });
    expect(r).toMatchObject({ suspendu: true, dateEcheance: null, enRetard: false, joursSuspendus: 81, joursEcoules: 9 });
  });

  it('une suspension postérieure à now n’a pas encore eu lieu', () => {
    const r = calculerDelaiPaiement({ ...BASE, suspensions: [{ debut: '2026-01-20' }] });
    expect(r).toMatchObject({ suspendu: false, dateEcheance: '2026-01-31', joursSuspendus: 0 });
  });

  it('une suspension après l’échéance n’interrompt pas le retard', () => {
    const r = calculerDelaiPaiement({
      ...BASE,
      now: '2026-02-10',
      suspensions: [{ debut: '2026-02-03', fin: '2026-02-08' }],
    });
    expect(r).toMatchObject({ dateEcheance: '2026-01-31', joursSuspendus: 0, enRetard: true, joursRetard: 10 });
  });

  it('payée 5 jours en retard : intérêts moratoires (BCE 2,15 % + 8) et indemnité de 40 €', () => {
    const r = calculerDelaiPaiement({ ...BASE, datePaiement: '2026-02-05', now: '2026-06-30' });
    expect(r.enRetard).toBe(true);
    expect(r.joursRetard).toBe(5);
    // 10 000 × 10,15 % × 5 / 365 = 13,904… → 13,90
    expect(r.interetsMoratoires).toBe(13.9);
    expect(r.indemniteForfaitaire).toBe(40);
    expect(r.dateReferenceTauxBce).toBe('2026-01-01');
  });

  it('payée le jour de l’échéance : pas de retard', () => {
    const r = calculerDelaiPaiement({ ...BASE, datePaiement: '2026-01-31', now: '2026-12-31' });
    expect(r).toMatchObject({ enRetard: false, joursRetard: 0, interetsMoratoires: 0, indemniteForfaitaire: 0 });
  });

  it('non payée : le retard court jusqu’à now ; le taux est celui du semestre du premier jour de retard', () => {
    const r = calculerDelaiPaiement({ ...BASE, dateMiseADisposition: '2026-06-01', now: '2026-07-11' });
    expect(r.dateEcheance).toBe('2026-07-01');
    expect(r.joursRetard).toBe(10);
    expect(r.dateReferenceTauxBce).toBe('2026-07-01');
  });

  it('accepte Date et date-heure ISO, comptées en jours UTC', () => {
    const r = calculerDelaiPaiement({
      ...BASE,
      dateMiseADisposition: new Date('2026-01-01T23:59:59Z'),
      now: '2026-01-15T08:00:00+02:00',
    });
    expect(r.dateDebut).toBe('2026-01-01');
    expect(r.joursEcoules).toBe(14);
    expect(jourUtc('2026-01-01 10:36')).toBe(jourUtc('2026-01-01'));
  });

  it('refuse un délai ou une date invalides', () => {
    expect(() => calculerDelaiPaiement({ ...BASE, delaiJours: 0 })).toThrow(RangeError);
    expect(() => calculerDelaiPaiement({ ...BASE, now: 'demain' })).toThrow(RangeError);
  });
});

describe('calculerInteretsMoratoires', () => {
  it.each([
    [10_000, 2.15, 5, 13.9],
    [10_000, 2.15, 0, 0],
    [1234.56, 4.5, 30, 12.68], // 1234.56 × 12.5 % × 30 / 365 = 12.6838…
    [1460, 2.15, 3, 1.22], // 1460 × 10.15 % × 3 / 365 = 1.218 → 1.22
    [100, 0, 365, 8], // taux BCE nul : 8 points seuls
  ])('%d € à %d % pendant %i jours → %d €', (ttc, taux, jours, interets) => {
    expect(calculerInteretsMoratoires(ttc, taux, jours)).toBe(interets);
  });
});

describe('bornes du délai (chorus-domain §10.3)', () => {
  it('jourUtc lit une Date, un jour, une date-heure Chorus et refuse une date illisible', () => {
    const j = jourUtc('2026-01-15');
    expect(jourUtc(new Date('2026-01-15T23:59:00Z'))).toBe(j);
    expect(jourUtc('2026-01-15 23:30')).toBe(j);
    expect(jourUtc('2026-01-15 00:00:05')).toBe(j);
    expect(jourUtc('2026-01-16T00:30:00+02:00')).toBe(j); // 2026-01-15 22:30 UTC
    expect(() => jourUtc('pas une date')).toThrow(/Date invalide/);
  });

  it('une suspension notifiée le jour même de l’échéance l’interrompt encore ; le lendemain, non', () => {
    // MAD 2026-01-01, due 2026-01-31. Suspended on 01-31, completed 02-05: new 30 days → 2026-03-07.
    const le31 = calculerDelaiPaiement({ ...BASE, now: '2026-02-10', suspensions: [{ debut: '2026-01-31', fin: '2026-02-05' }] });
    expect(le31).toMatchObject({ dateEcheance: '2026-03-07', joursSuspendus: 5, enRetard: false });
    const le1er = calculerDelaiPaiement({ ...BASE, now: '2026-02-10', suspensions: [{ debut: '2026-02-01', fin: '2026-02-05' }] });
    expect(le1er).toMatchObject({ dateEcheance: '2026-01-31', joursSuspendus: 0, enRetard: true, joursRetard: 10 });
  });

  it('une suspension commencée le jour de référence compte ; complétée ce jour-là, elle est close', () => {
    const ouverte = calculerDelaiPaiement({ ...BASE, now: '2026-01-10', suspensions: [{ debut: '2026-01-10' }] });
    expect(ouverte).toMatchObject({ suspendu: true, dateEcheance: null, joursSuspendus: 0 });
    // Suspended 01-05, completed on the reference day 01-10: closed, 30 days from 01-10 → 02-09.
    const close = calculerDelaiPaiement({ ...BASE, now: '2026-01-10', suspensions: [{ debut: '2026-01-05', fin: '2026-01-10' }] });
    expect(close).toMatchObject({ suspendu: false, joursSuspendus: 5, dateEcheance: '2026-02-09' });
  });

  it('refuse un délai nul ou non entier', () => {
    expect(() => calculerDelaiPaiement({ ...BASE, delaiJours: 0 })).toThrow(/Délai de paiement invalide/);
    expect(() => calculerDelaiPaiement({ ...BASE, delaiJours: 30.5 })).toThrow(/Délai de paiement invalide/);
  });
});
