import { describe, expect, it } from 'vitest';
import {
  CIRCUITS,
  circuitDuCadre,
  estStatutFinal,
  STATUTS_AVANT_DESTINATAIRE,
  STATUTS_FACTURE,
  trouverTransition,
  type Acteur,
  type StatutFacture,
} from '../../../src/domain/circuits/index.js';
import { circuitAttendu } from '../../helpers/circuits.js';

interface Mouvement {
  de: StatutFacture;
  vers: StatutFacture;
  acteur: Acteur;
  motif: boolean;
  champs: string[];
  effets: string[];
}
const fixture = circuitAttendu('validation') as unknown as {
  cadres: string[];
  statutsFinauxEnPlus: StatutFacture[];
  aTraiterValideur: StatutFacture[];
  aTraiterFournisseur: StatutFacture[];
  statutsAvantDestinataire: StatutFacture[];
  simpleSauf: StatutFacture[];
  mouvements: Mouvement[];
  refus: { de: StatutFacture; vers: StatutFacture; acteur?: Acteur; raison: string }[];
};
const simple = circuitAttendu('simple') as unknown as { mouvements: Mouvement[]; statutsFinaux: StatutFacture[] };
/** §8.4 last row: after DEPOSEE, the simple circuit as the reference gives it (simple.json, not the code's table). */
const attendus = [...fixture.mouvements, ...simple.mouvements.filter((m) => !fixture.simpleSauf.includes(m.de))];
const ACTEURS: Acteur[] = ['FOURNISSEUR', 'DESTINATAIRE', 'VALIDEUR', 'MOE', 'MOA', 'SYSTEME'];
const cle = (m: { de: string; vers: string; acteur: string }) => `${m.de} → ${m.vers} par ${m.acteur}`;

describe('circuit de validation (A9/A12) : la table suit la référence (fixture transcrite de chorus-domain §8.4)', () => {
  it('exactement les mouvements attendus, ni plus ni moins', () => {
    expect(CIRCUITS.VALIDATION.transitions.map(cle).sort()).toEqual(attendus.map(cle).sort());
  });

  it('chaque mouvement : motif, champs et effets attendus', () => {
    for (const m of attendus) {
      const t = trouverTransition('VALIDATION', m.de, m.vers, m.acteur);
      expect(t, cle(m)).toBeDefined();
      expect({ motif: t!.motifObligatoire, champs: [...t!.champsObligatoires], effets: [...t!.effets].sort() }, cle(m)).toEqual({
        motif: m.motif,
        champs: m.champs,
        effets: [...m.effets].sort(),
      });
    }
  });

  it('tout autre couple (de, vers, acteur) est refusé', () => {
    const permis = new Set(attendus.map(cle));
    const ecarts: string[] = [];
    for (const de of STATUTS_FACTURE)
      for (const vers of STATUTS_FACTURE)
        for (const acteur of ACTEURS)
          if ((trouverTransition('VALIDATION', de, vers, acteur) !== undefined) !== permis.has(cle({ de, vers, acteur }))) ecarts.push(cle({ de, vers, acteur }));
    expect(ecarts).toEqual([]);
    for (const r of fixture.refus)
      for (const acteur of r.acteur ? [r.acteur] : ACTEURS) expect(trouverTransition('VALIDATION', r.de, r.vers, acteur), `${r.de} → ${r.vers} (${r.raison})`).toBeUndefined();
  });

  it('cadres, statuts finaux, « à traiter » et statuts invisibles du destinataire', () => {
    expect([...CIRCUITS.VALIDATION.cadres]).toEqual(fixture.cadres);
    for (const c of fixture.cadres) expect(circuitDuCadre(c)?.nom).toBe('VALIDATION');
    expect([...CIRCUITS.VALIDATION.statutsFinaux].sort()).toEqual([...simple.statutsFinaux, ...fixture.statutsFinauxEnPlus].sort());
    for (const s of fixture.statutsFinauxEnPlus) expect(estStatutFinal('VALIDATION', s)).toBe(true);
    expect([...(CIRCUITS.VALIDATION.aTraiter.VALIDEUR ?? [])]).toEqual(fixture.aTraiterValideur);
    expect([...(CIRCUITS.VALIDATION.aTraiter.FOURNISSEUR ?? [])]).toEqual(fixture.aTraiterFournisseur);
    expect([...STATUTS_AVANT_DESTINATAIRE].sort()).toEqual([...fixture.statutsAvantDestinataire].sort());
  });
});
