import { describe, expect, it } from 'vitest';
import {
  CIRCUITS,
  circuitDuCadre,
  estStatutFacture,
  estStatutFinal,
  STATUTS_FACTURE,
  statutsPossibles,
  transitionsDepuis,
  trouverAction,
  trouverTransition,
  type Acteur,
  type StatutFacture,
} from '../../../src/domain/circuits/index.js';
import { circuitAttendu, statutsOfficiels, type CircuitAttendu } from '../../helpers/circuits.js';

const fixture = circuitAttendu('simple') as Omit<CircuitAttendu, 'mouvements' | 'refus' | 'statutsFinaux'> & {
  statutsFinaux: StatutFacture[];
  mouvements: { de: StatutFacture; vers: StatutFacture; acteur: Acteur; motif: boolean; champs: string[]; effets: string[] }[];
  refus: { de: StatutFacture; vers: StatutFacture; acteur?: Acteur; raison: string }[];
};
const ACTEURS: Acteur[] = ['FOURNISSEUR', 'DESTINATAIRE', 'VALIDEUR', 'MOE', 'MOA', 'SYSTEME'];
const cle = (m: { de: string; vers: string; acteur: string }) => `${m.de} → ${m.vers} par ${m.acteur}`;

describe('circuit simple : la table suit la référence (fixture transcrite de chorus-domain §7.2)', () => {
  it('exactement les mouvements de la référence, ni plus ni moins', () => {
    const table = CIRCUITS.SIMPLE.transitions.map(cle).sort();
    expect(table).toEqual(fixture.mouvements.map(cle).sort());
  });

  it('trouverTransition accepte chaque mouvement documenté, avec son motif et ses champs obligatoires', () => {
    for (const m of fixture.mouvements) {
      const t = trouverTransition('SIMPLE', m.de, m.vers, m.acteur);
      expect(t, cle(m)).toBeDefined();
      expect({ motif: t!.motifObligatoire, champs: [...t!.champsObligatoires] }, cle(m)).toEqual({ motif: m.motif, champs: m.champs });
    }
  });

  it('chaque mouvement déclare les effets sur le délai de paiement que la référence lui donne (§10)', () => {
    for (const m of fixture.mouvements) {
      const t = trouverTransition('SIMPLE', m.de, m.vers, m.acteur)!;
      expect([...t.effets].sort(), cle(m)).toEqual([...m.effets].sort());
    }
  });

  it('trouverTransition refuse tout couple absent de la référence, pour chaque acteur', () => {
    const permis = new Set(fixture.mouvements.map(cle));
    const ecarts: string[] = [];
    for (const de of STATUTS_FACTURE)
      for (const vers of STATUTS_FACTURE)
        for (const acteur of ACTEURS) {
          const attendu = permis.has(cle({ de, vers, acteur }));
          if ((trouverTransition('SIMPLE', de, vers, acteur) !== undefined) !== attendu) ecarts.push(cle({ de, vers, acteur }));
        }
    expect(ecarts).toEqual([]);
  });

  it('les refus documentés : pas de A_RECYCLER après SERVICE_FAIT, rien après MISE_EN_PAIEMENT / REJETEE, seul le fournisseur complète et recycle, l’acheminement est automatique', () => {
    for (const r of fixture.refus) {
      for (const acteur of r.acteur ? [r.acteur] : ACTEURS) {
        expect(trouverTransition('SIMPLE', r.de, r.vers, acteur), `${cle({ ...r, acteur })} (${r.raison})`).toBeUndefined();
      }
    }
    for (const final of ['MISE_EN_PAIEMENT', 'REJETEE', 'SUPPRIMEE'] as const) {
      for (const acteur of ACTEURS) expect(transitionsDepuis('SIMPLE', final, acteur)).toEqual([]);
      expect(estStatutFinal('SIMPLE', final)).toBe(true);
    }
    expect(estStatutFinal('SIMPLE', 'SUSPENDUE')).toBe(false);
    expect(estStatutFinal('SIMPLE', 'MISE_A_DISPOSITION')).toBe(false);
  });

  it('statutsPossibles : ce que le destinataire peut poser, dans l’ordre officiel des statuts', () => {
    // From MISE_A_DISPOSITION (§7.2 rows 5–9), in the order of the Swagger enum (§6.1).
    expect(statutsPossibles('SIMPLE', 'MISE_A_DISPOSITION', 'DESTINATAIRE')).toEqual([
      'A_RECYCLER', 'SUSPENDUE', 'REJETEE', 'MANDATEE', 'MISE_EN_PAIEMENT', 'COMPTABILISEE', 'MISE_A_DISPOSITION_COMPTABLE', 'SERVICE_FAIT',
    ]);
    expect(statutsPossibles('SIMPLE', 'SERVICE_FAIT', 'DESTINATAIRE')).toEqual(['SUSPENDUE', 'REJETEE', 'MANDATEE', 'MISE_EN_PAIEMENT', 'COMPTABILISEE', 'MISE_A_DISPOSITION_COMPTABLE']);
    expect(statutsPossibles('SIMPLE', 'COMPTABILISEE', 'DESTINATAIRE')).toEqual(['MISE_EN_PAIEMENT']);
    expect(statutsPossibles('SIMPLE', 'SUSPENDUE', 'FOURNISSEUR')).toEqual(['COMPLETEE']);
    expect(statutsPossibles('SIMPLE', 'REJETEE', 'DESTINATAIRE')).toEqual([]);
  });

  it('cadres, statuts finaux et statuts « à traiter » du destinataire', () => {
    expect([...CIRCUITS.SIMPLE.cadres]).toEqual(fixture.cadres);
    expect([...CIRCUITS.SIMPLE.statutsFinaux].sort()).toEqual([...fixture.statutsFinaux].sort());
    expect([...(CIRCUITS.SIMPLE.aTraiter.DESTINATAIRE ?? [])].sort()).toEqual([...fixture.aTraiterDestinataire].sort());
    expect(circuitDuCadre('A1_FACTURE_FOURNISSEUR')?.nom).toBe('SIMPLE');
    expect(circuitDuCadre('A2_FACTURE_FOURNISSEUR_DEJA_PAYEE')?.nom).toBe('SIMPLE');
    expect(circuitDuCadre('A9_FACTURE_SOUSTRAITANT')?.nom).toBe('VALIDATION');
  });

  it('actions sans changement de statut (§7.2 rows 12–13) : acquitter un rejet ou une suspension, traiter un rejet', () => {
    expect(trouverAction('SIMPLE', 'ACQUITTEMENT_REJET', 'REJETEE', 'FOURNISSEUR')).toBeDefined();
    expect(trouverAction('SIMPLE', 'ACQUITTEMENT_SUSPENSION', 'SUSPENDUE', 'FOURNISSEUR')).toBeDefined();
    expect(trouverAction('SIMPLE', 'TRAITEMENT_REJET', 'REJETEE', 'FOURNISSEUR')).toBeDefined();
    expect(trouverAction('SIMPLE', 'TRAITEMENT_REJET', 'SUSPENDUE', 'FOURNISSEUR')).toBeUndefined();
    expect(trouverAction('SIMPLE', 'ACQUITTEMENT_REJET', 'SUSPENDUE', 'FOURNISSEUR')).toBeUndefined();
    expect(trouverAction('SIMPLE', 'ACQUITTEMENT_REJET', 'REJETEE', 'DESTINATAIRE')).toBeUndefined();
  });
});

describe('contrat : les statuts sont ceux du Swagger officiel', () => {
  it('STATUTS_FACTURE est l’enum statutFacture de fixtures/official/factures.swagger.json, dans le même ordre', () => {
    expect([...STATUTS_FACTURE]).toEqual(statutsOfficiels());
    expect(STATUTS_FACTURE).toHaveLength(56);
  });
});

describe('statuts et lectures de la table', () => {
  it('estStatutFacture reconnaît les 56 codes officiels et rien d’autre', () => {
    for (const s of statutsOfficiels()) expect(estStatutFacture(s), s).toBe(true);
    for (const x of ['PAYEE', 'mise_a_disposition', '', 42, null, undefined, ['DEPOSEE']]) expect(estStatutFacture(x), String(x)).toBe(false);
  });

  it('transitionsDepuis sans acteur : les mouvements de tous les acteurs depuis un statut', () => {
    // From SUSPENDUE: the supplier completes (§7.2 row 11); the recipient lifts or rejects (sandbox decisions).
    const depuis = transitionsDepuis('SIMPLE', 'SUSPENDUE').map((t) => `${t.acteur}:${t.vers}`).sort();
    expect(depuis).toEqual(['DESTINATAIRE:MISE_A_DISPOSITION', 'DESTINATAIRE:REJETEE', 'FOURNISSEUR:COMPLETEE']);
    expect(transitionsDepuis('SIMPLE', 'SUSPENDUE', 'FOURNISSEUR').map((t) => t.vers)).toEqual(['COMPLETEE']);
  });
});
