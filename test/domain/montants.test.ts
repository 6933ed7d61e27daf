import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CADRE_DEJA_PAYEE,
  calculerMontants,
  verifierMontants,
  type FactureMontants,
  type LignePosteSaisie,
  type MontantsCalcules,
} from '../../src/domain/montants.js';

const TAUX = { TVA1: 0, TVA20: 20, TVA10: 10, TVA55: 5.5 };

const MULTI_TAUX: LignePosteSaisie[] = [
  { lignePosteQuantite: 3, lignePosteMontantUnitaireHT: 19.99, lignePosteTauxTvaManuel: 20 }, // 59.97
  { lignePosteQuantite: 2.5, lignePosteMontantUnitaireHT: 12.35, lignePosteTauxTva: 'TVA10' }, // 30.875 → 30.88
  { lignePosteQuantite: 7, lignePosteMontantUnitaireHT: 3.17, lignePosteMontantRemiseHT: 1.05, lignePosteTauxTvaManuel: 5.5 }, // 21.14
  { lignePosteQuantite: 3, lignePosteMontantUnitaireHT: 0.1, lignePosteTauxTva: 'TVA20' }, // 0.30 (0.1 × 3 sans dérive)
];

function factureDepuis(lignes: LignePosteSaisie[], m: MontantsCalcules, extra: Partial<FactureMontants> = {}): FactureMontants {
  return {
    lignePoste: lignes,
    ligneTva: m.parTaux.map((g) => ({
      ligneTvaTauxManuel: g.taux,
      ligneTvaMontantBaseHtParTaux: g.montantBaseHt,
      ligneTvaMontantTvaParTaux: g.montantTva,
    })),
    montantTotal: {
      montantHtTotal: m.montantHtTotal,
      montantTVA: m.montantTVA,
      montantTtcTotal: m.montantTtcTotal,
      montantRemiseGlobaleTTC: m.montantRemiseGlobaleTTC,
      montantAPayer: m.montantAPayer,
    },
    ...extra,
  };
}

describe('calculerMontants', () => {
  it('facture à 20 %, 10 % et 5,5 % : totaux exacts au centime', () => {
    const m = calculerMontants(MULTI_TAUX, TAUX);
    expect(m.lignes.map((l) => l.montantHtApresRemise)).toEqual([59.97, 30.88, 21.14, 0.3]);
    expect(m.parTaux).toEqual([
      { taux: 20, montantBaseHt: 60.27, montantTva: 12.05 }, // 12.054
      { taux: 10, montantBaseHt: 30.88, montantTva: 3.09 }, // 3.088
      { taux: 5.5, montantBaseHt: 21.14, montantTva: 1.16 }, // 1.1627
    ]);
    expect(m.montantHtTotal).toBe(112.29);
    expect(m.montantTVA).toBe(16.3);
    expect(m.montantTtcTotal).toBe(128.59);
    expect(m.montantAPayer).toBe(128.59);
  });

  it.each([
    [1.005, 1.01], // Math.round(1.005 * 100) / 100 donnerait 1
    [2.675, 2.68],
    [0.125, 0.13],
    [-1.005, -1.01], // moitié arrondie en s'éloignant de zéro
  ])('arrondit %d à %d (moitié vers le haut, sans dérive flottante)', (unitaire, ht) => {
    expect(calculerMontants([{ lignePosteQuantite: 1, lignePosteMontantUnitaireHT: unitaire }], TAUX).montantHtTotal).toBe(ht);
  });

  it('arrondit la TVA une fois par taux, pas par ligne', () => {
    // 3 lignes de 0.05 à 10 % : par ligne 3 × 0.01 = 0.03 ; par taux 0.15 × 10 % = 0.015 → 0.02
    const lignes = [1, 2, 3].map(() => ({ lignePosteQuantite: 1, lignePosteMontantUnitaireHT: 0.05, lignePosteTauxTvaManuel: 10 }));
    expect(calculerMontants(lignes, TAUX).montantTVA).toBe(0.02);
  });

  it('déduit la remise globale TTC du montant à payer (A1) et met 0 pour A2', () => {
    expect(calculerMontants(MULTI_TAUX, TAUX, { montantRemiseGlobaleTTC: 8.59 }).montantAPayer).toBe(120);
    expect(calculerMontants(MULTI_TAUX, TAUX, { codeCadreFacturation: CADRE_DEJA_PAYEE }).montantAPayer).toBe(0);
  });

  it('accepte l’alias lignePostePrixUnitaire', () => {
    expect(calculerMontants([{ lignePosteQuantite: 2, lignePostePrixUnitaire: 10, lignePosteTauxTvaManuel: 20 }], TAUX).montantTtcTotal).toBe(24);
  });

  it('refuse un code de taux inconnu', () => {
    expect(() => calculerMontants([{ lignePosteQuantite: 1, lignePosteMontantUnitaireHT: 1, lignePosteTauxTva: 'TVA99' }], TAUX)).toThrow(
      /TVA99/,
    );
  });
});

describe('verifierMontants', () => {
  const m = calculerMontants(MULTI_TAUX, TAUX);

  it('ne signale rien sur une facture cohérente', () => {
    expect(verifierMontants(factureDepuis(MULTI_TAUX, m), TAUX)).toEqual([]);
  });

  it('signale un montantTVA faux en nommant le champ', () => {
    const f = factureDepuis(MULTI_TAUX, m);
    f.montantTotal.montantTVA = 16.4;
    expect(verifierMontants(f, TAUX)).toEqual([{ champ: 'montantTVA', attendu: 16.3, recu: 16.4 }]);
  });

  it('tolère un écart d’un centime, pas de deux', () => {
    const f = factureDepuis(MULTI_TAUX, m);
    f.montantTotal.montantHtTotal = 112.3;
    expect(verifierMontants(f, TAUX)).toEqual([]);
    f.montantTotal.montantHtTotal = 112.31;
    expect(verifierMontants(f, TAUX).map((e) => e.champ)).toEqual(['montantHtTotal']);
  });

  it('signale les écarts du récapitulatif de TVA', () => {
    const f = factureDepuis(MULTI_TAUX, m);
    f.ligneTva = [f.ligneTva![0], { ...f.ligneTva![1], ligneTvaMontantTvaParTaux: 3.2 }];
    expect(verifierMontants(f, TAUX)).toEqual([
      { champ: 'ligneTva[1].ligneTvaMontantTvaParTaux', attendu: 3.09, recu: 3.2 },
      { champ: 'ligneTva', attendu: 5.5, recu: null },
    ]);
  });

  it('signale un taux du récapitulatif absent des lignes et un HT de ligne faux', () => {
    const f = factureDepuis(MULTI_TAUX, m);
    f.ligneTva = [...f.ligneTva!, { ligneTvaTauxManuel: 2.1, ligneTvaMontantBaseHtParTaux: 0, ligneTvaMontantTvaParTaux: 0 }];
    f.lignePoste = MULTI_TAUX.map((l, i) => (i === 1 ? { ...l, lignePosteMontantHtApresRemise: 30.8 } : l));
    expect(verifierMontants(f, TAUX)).toEqual([
      { champ: 'lignePoste[1].lignePosteMontantHtApresRemise', attendu: 30.88, recu: 30.8 },
      { champ: 'ligneTva[3].ligneTvaTauxManuel', attendu: null, recu: 2.1 },
    ]);
  });

  it('signale un code de taux inconnu sur une ligne', () => {
    const f = factureDepuis(MULTI_TAUX, m);
    f.lignePoste = [{ ...MULTI_TAUX[0], lignePosteTauxTvaManuel: null, lignePosteTauxTva: 'TVA99' }];
    expect(verifierMontants(f, TAUX)).toContainEqual({ champ: 'lignePoste[0].lignePosteTauxTva', attendu: null, recu: 'TVA99' });
  });

  it('accepte l’exemple réel à 4 décimales (16.6667 / 3.3333 / 20)', () => {
    const f: FactureMontants = {
      lignePoste: [{ lignePosteQuantite: 1, lignePosteMontantUnitaireHT: 16.6667, lignePosteTauxTvaManuel: 20 }],
      ligneTva: [{ ligneTvaTauxManuel: 20, ligneTvaMontantBaseHtParTaux: 16.6667, ligneTvaMontantTvaParTaux: 3.3333 }],
      montantTotal: { montantHtTotal: 16.6667, montantTVA: 3.3333, montantTtcTotal: 20, montantAPayer: 20 },
    };
    expect(verifierMontants(f, TAUX)).toEqual([]);
  });

  it('sans lignes (dépôt PDF) : vérifie HT + TVA = TTC et le montant à payer', () => {
    const f: FactureMontants = { montantTotal: { montantHtTotal: 100, montantTVA: 20, montantTtcTotal: 121, montantAPayer: 121 } };
    expect(verifierMontants(f, TAUX)).toEqual([
      { champ: 'montantTtcTotal', attendu: 120, recu: 121 },
      { champ: 'montantAPayer', attendu: 120, recu: 121 },
    ]);
  });

  it('sans lignes mais avec récapitulatif : totaux = somme du récapitulatif', () => {
    const f: FactureMontants = {
      ligneTva: [
        { ligneTvaTaux: 'TVA20', ligneTvaMontantBaseHtParTaux: 100, ligneTvaMontantTvaParTaux: 20 },
        { ligneTvaTauxManuel: 5.5, ligneTvaMontantBaseHtParTaux: 10, ligneTvaMontantTvaParTaux: 0.55 },
      ],
      montantTotal: { montantHtTotal: 110, montantTVA: 20.55, montantTtcTotal: 130.55, montantAPayer: 130.55 },
    };
    expect(verifierMontants(f, TAUX)).toEqual([]);
  });

  it('A2 (déjà payée) : montantAPayer doit valoir 0', () => {
    const f = factureDepuis(MULTI_TAUX, m, { codeCadreFacturation: CADRE_DEJA_PAYEE });
    expect(verifierMontants(f, TAUX)).toEqual([{ champ: 'montantAPayer', attendu: 0, recu: 128.59 }]);
    f.montantTotal.montantAPayer = 0;
    expect(verifierMontants(f, TAUX)).toEqual([]);
  });

  it('signale un total obligatoire absent', () => {
    const f = factureDepuis(MULTI_TAUX, m);
    delete (f.montantTotal as Partial<FactureMontants['montantTotal']>).montantAPayer;
    expect(verifierMontants(f, TAUX)).toEqual([{ champ: 'montantAPayer', attendu: 128.59, recu: null }]);
  });

  describe('AVOIR', () => {
    const negatif = (x: number) => -x;
    const signerLigne = (l: LignePosteSaisie, signe: (x: number) => number): LignePosteSaisie => ({
      ...l,
      lignePosteMontantUnitaireHT: signe(l.lignePosteMontantUnitaireHT!),
      lignePosteMontantRemiseHT: l.lignePosteMontantRemiseHT ? signe(l.lignePosteMontantRemiseHT) : undefined,
    });
    it.each([
      ['en positif', (x: number) => x],
      ['en négatif', negatif],
    ])('accepte un avoir saisi %s', (_nom, signe) => {
      const lignes = MULTI_TAUX.map((l) => signerLigne(l, signe));
      const f = factureDepuis(lignes, calculerMontants(lignes, TAUX), { typeFacture: 'AVOIR' });
      expect(verifierMontants(f, TAUX)).toEqual([]);
      // totaux positifs sur des lignes négatives : accepté aussi pour un avoir…
      const g = factureDepuis(lignes, calculerMontants(MULTI_TAUX, TAUX), { typeFacture: 'AVOIR' });
      expect(verifierMontants(g, TAUX)).toEqual([]);
    });

    it('avoir négatif : la remise globale suit le signe du document', () => {
      const lignes = MULTI_TAUX.map((l) => signerLigne(l, negatif));
      const f = factureDepuis(lignes, calculerMontants(lignes, TAUX), { typeFacture: 'AVOIR' });
      f.montantTotal.montantRemiseGlobaleTTC = -8.59;
      f.montantTotal.montantAPayer = -120;
      expect(verifierMontants(f, TAUX)).toEqual([]);
    });

    it('…mais pas pour une facture', () => {
      const lignes = MULTI_TAUX.map((l) => signerLigne(l, negatif));
      const f = factureDepuis(lignes, calculerMontants(MULTI_TAUX, TAUX), { typeFacture: 'FACTURE' });
      expect(verifierMontants(f, TAUX).map((e) => e.champ)).toContain('montantTVA');
    });
  });
});

describe('propriétés', () => {
  const montant = (max: number, decimales: number) =>
    fc.integer({ min: -max, max }).map((n) => n / 10 ** decimales);
  const ligne: fc.Arbitrary<LignePosteSaisie> = fc.record({
    lignePosteQuantite: fc.integer({ min: 1, max: 100_000 }).map((n) => n / 1000),
    lignePosteMontantUnitaireHT: montant(10_000_000, 4),
    lignePosteMontantRemiseHT: fc.option(montant(10_000, 2), { nil: undefined }),
    lignePosteTauxTvaManuel: fc.option(fc.constantFrom(20, 10, 5.5, 2.1, 8.5, 0), { nil: undefined }),
    lignePosteTauxTva: fc.option(fc.constantFrom('TVA1', 'TVA20', 'TVA55'), { nil: undefined }),
  });
  const facture = fc.record({
    lignes: fc.array(ligne, { minLength: 1, maxLength: 30 }),
    remise: fc.option(fc.integer({ min: 0, max: 10_000 }).map((n) => n / 100), { nil: undefined }),
    typeFacture: fc.constantFrom('FACTURE', 'AVOIR'),
    codeCadreFacturation: fc.constantFrom('A1_FACTURE_FOURNISSEUR', CADRE_DEJA_PAYEE),
  });
  const centimes = (x: number) => Math.round(x * 100);

  it('les montants calculés passent toujours la vérification', () => {
    fc.assert(
      fc.property(facture, ({ lignes, remise, typeFacture, codeCadreFacturation }) => {
        const m = calculerMontants(lignes, TAUX, { montantRemiseGlobaleTTC: remise, codeCadreFacturation });
        const f = factureDepuis(lignes, m, { typeFacture, codeCadreFacturation });
        expect(verifierMontants(f, TAUX)).toEqual([]);
      }),
    );
  });

  it('les totaux sont exacts au centime : TTC = HT + TVA = somme par taux', () => {
    fc.assert(
      fc.property(facture, ({ lignes }) => {
        const m = calculerMontants(lignes, TAUX);
        const base = m.parTaux.reduce((s, g) => s + centimes(g.montantBaseHt), 0);
        const tva = m.parTaux.reduce((s, g) => s + centimes(g.montantTva), 0);
        expect(centimes(m.montantHtTotal)).toBe(base);
        expect(centimes(m.montantTVA)).toBe(tva);
        expect(centimes(m.montantTtcTotal)).toBe(base + tva);
        for (const x of [m.montantHtTotal, m.montantTVA, m.montantTtcTotal]) expect(String(x)).toMatch(/^-?\d+(\.\d{1,2})?$/);
      }),
    );
  });

  it('un montantTVA décalé de plus d’un centime est toujours signalé', () => {
    fc.assert(
      fc.property(facture, fc.integer({ min: 2, max: 100_000 }), ({ lignes }, decalage) => {
        const m = calculerMontants(lignes, TAUX);
        const f = factureDepuis(lignes, m);
        f.montantTotal.montantTVA = (centimes(m.montantTVA) + decalage) / 100;
        expect(verifierMontants(f, TAUX).map((e) => e.champ)).toContain('montantTVA');
      }),
    );
  });
});

describe('verifierMontants : lignes inexploitables', () => {
  const total = { montantHtTotal: 100, montantTVA: 20, montantTtcTotal: 120, montantAPayer: 120 };
  it('signale une quantité, un prix unitaire ou une remise non numériques, puis juge les totaux seuls', () => {
    const ecarts = verifierMontants(
      {
        lignePoste: [
          { lignePosteQuantite: 'deux' as unknown as number, lignePosteMontantUnitaireHT: 50, lignePosteTauxTvaManuel: 20 },
          { lignePosteQuantite: 1, lignePosteTauxTvaManuel: 20 },
          { lignePosteQuantite: 1, lignePosteMontantUnitaireHT: 50, lignePosteMontantRemiseHT: 'x' as unknown as number, lignePosteTauxTvaManuel: 20 },
        ],
        montantTotal: total,
      },
      TAUX,
    );
    // No usable line: the totals are checked against themselves (HT 100 + TVA 20 = TTC 120), so only the lines are reported.
    expect(ecarts).toEqual([
      { champ: 'lignePoste[0].lignePosteQuantite', attendu: null, recu: 'deux' },
      { champ: 'lignePoste[1].lignePosteMontantUnitaireHT', attendu: null, recu: null },
      { champ: 'lignePoste[2].lignePosteMontantRemiseHT', attendu: null, recu: 'x' },
    ]);
  });

  it('sans lignes de poste, un taux inconnu du récapitulatif est signalé', () => {
    const ecarts = verifierMontants(
      { ligneTva: [{ ligneTvaTaux: 'TVA99', ligneTvaMontantBaseHtParTaux: 100, ligneTvaMontantTvaParTaux: 20 }], montantTotal: total },
      TAUX,
    );
    expect(ecarts).toEqual([{ champ: 'ligneTva[0].ligneTvaTaux', attendu: null, recu: 'TVA99' }]);
    // With a known code, 100 × 20 % = 20: nothing to report.
    expect(verifierMontants({ ligneTva: [{ ligneTvaTauxRefCode: 'TVA20', ligneTvaMontantBaseHtParTaux: 100, ligneTvaMontantTvaParTaux: 20 }], montantTotal: total }, TAUX)).toEqual([]);
  });

  it('un total donné en texte non numérique est signalé avec le texte reçu', () => {
    const ecarts = verifierMontants({ lignePoste: [{ lignePosteQuantite: 1, lignePosteMontantUnitaireHT: 100, lignePosteTauxTvaManuel: 20 }], montantTotal: { ...total, montantTVA: 'vingt' as unknown as number } }, TAUX);
    expect(ecarts).toContainEqual({ champ: 'montantTVA', attendu: 20, recu: 'vingt' });
  });
});
