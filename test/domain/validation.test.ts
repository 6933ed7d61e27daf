import { describe, expect, it } from 'vitest';
import { DELAI_VALIDATION_JOURS } from '../../src/domain/circuits/index.js';
import { motifRefusValideur, MOTIFS_REFUS_VALIDEUR, SEUIL_PAIEMENT_DIRECT_TTC } from '../../src/domain/validation.js';

describe('motifs de refus d’un valideur (chorus-domain §8.3)', () => {
  it('les deux motifs de la nomenclature, numérotés dans cet ordre', () => {
    expect(MOTIFS_REFUS_VALIDEUR.map((m) => [m.idMotif, m.codeMotif])).toEqual([
      [1, 'ERR_VALIDEUR'],
      [2, 'AUT_MOTIF_ERR_VALIDEUR'],
    ]);
    expect(MOTIFS_REFUS_VALIDEUR[0].libelleMotif).toBe('Mauvais valideur');
  });

  it('reconnu par son code, son id, son libellé ou « CODE - libellé », sans tenir compte de la casse ni des blancs', () => {
    for (const saisi of ['ERR_VALIDEUR', ' err_valideur ', '1', 'Mauvais valideur', 'MAUVAIS VALIDEUR', 'ERR_VALIDEUR - Mauvais valideur', 'ERR_VALIDEUR -x']) {
      expect(motifRefusValideur(saisi)?.codeMotif, saisi).toBe('ERR_VALIDEUR');
    }
    for (const saisi of ['AUT_MOTIF_ERR_VALIDEUR', '2', 'AUT_MOTIF_ERR_VALIDEUR - autre']) {
      expect(motifRefusValideur(saisi)?.codeMotif, saisi).toBe('AUT_MOTIF_ERR_VALIDEUR');
    }
    for (const saisi of ['', 'ERR', 'ERR_VALIDEURX', '3', '12', 'Refus', 'X ERR_VALIDEUR']) expect(motifRefusValideur(saisi), saisi).toBeUndefined();
  });

  it('délais et seuils de la référence : 15 jours (R2193-16), 600 € TTC (R2193-10)', () => {
    expect(DELAI_VALIDATION_JOURS).toBe(15);
    expect(SEUIL_PAIEMENT_DIRECT_TTC).toBe(600);
  });
});
