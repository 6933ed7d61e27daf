import { describe, expect, it } from 'vitest';
import {
  CIRCUITS,
  circuitDuCadre,
  estStatutFinal,
  PIECES_TRAVAUX,
  STATUTS_FACTURE,
  statutDeRefus,
  statutsPossibles,
  transitionsDepuis,
  trouverTransition,
  type Acteur,
  type StatutFacture,
} from '../../../src/domain/circuits/index.js';
import { circuitAttendu } from '../../helpers/circuits.js';

interface Fixture {
  cadres: string[];
  cadresPaiement: string[];
  statutsFinaux: StatutFacture[];
  aTraiter: Record<string, StatutFacture[]>;
  mouvements: { de: StatutFacture; vers: StatutFacture; acteur: Acteur; motif: boolean; champs: string[]; effets: string[] }[];
  refus: { de: StatutFacture; vers: StatutFacture; acteur?: Acteur; raison: string }[];
}
const fixture = circuitAttendu('travaux') as unknown as Fixture;
const ACTEURS: Acteur[] = ['FOURNISSEUR', 'DESTINATAIRE', 'VALIDEUR', 'MOE', 'MOA', 'SYSTEME'];
const cle = (m: { de: string; vers: string; acteur: string }) => `${m.de} → ${m.vers} par ${m.acteur}`;

describe('circuit travaux : la table suit la référence (fixture transcrite de chorus-domain §9.5)', () => {
  it('exactement les mouvements de la fixture, avec motif et effets', () => {
    expect(CIRCUITS.TRAVAUX.transitions.map(cle).sort()).toEqual(fixture.mouvements.map(cle).sort());
    for (const m of fixture.mouvements) {
      const t = trouverTransition('TRAVAUX', m.de, m.vers, m.acteur)!;
      expect({ motif: t.motifObligatoire, effets: [...t.effets].sort() }, cle(m)).toEqual({ motif: m.motif, effets: [...m.effets].sort() });
    }
  });

  it('aucun autre couple, pour aucun acteur', () => {
    const permis = new Set(fixture.mouvements.map(cle));
    const ecarts: string[] = [];
    for (const de of STATUTS_FACTURE)
      for (const vers of STATUTS_FACTURE)
        for (const acteur of ACTEURS) if ((trouverTransition('TRAVAUX', de, vers, acteur) !== undefined) !== permis.has(cle({ de, vers, acteur }))) ecarts.push(cle({ de, vers, acteur }));
    expect(ecarts).toEqual([]);
    for (const r of fixture.refus) for (const acteur of r.acteur ? [r.acteur] : ACTEURS) expect(trouverTransition('TRAVAUX', r.de, r.vers, acteur), r.raison).toBeUndefined();
  });

  it('les cadres : pièces échangées (TRAVAUX) et pièces payées (TRAVAUX_PAIEMENT)', () => {
    expect([...CIRCUITS.TRAVAUX.cadres].sort()).toEqual([...fixture.cadres].sort());
    expect([...CIRCUITS.TRAVAUX_PAIEMENT.cadres].sort()).toEqual([...fixture.cadresPaiement].sort());
    for (const c of fixture.cadres) expect(circuitDuCadre(c)?.nom).toBe('TRAVAUX');
    for (const c of fixture.cadresPaiement) expect(circuitDuCadre(c)?.nom).toBe('TRAVAUX_PAIEMENT');
    for (const s of fixture.statutsFinaux) expect(estStatutFinal('TRAVAUX', s)).toBe(true);
    expect(CIRCUITS.TRAVAUX.aTraiter).toEqual(fixture.aTraiter);
  });

  it('qui dépose quoi, à la suite de quoi (§9.3, §9.4)', () => {
    // §9.3: A4 → MOE; A15 by the MOE follows the A4; A19 by the MOA follows the A15.
    expect(PIECES_TRAVAUX.A4_PROJET_DECOMPTE_MENSUEL_FOURNISSEUR).toMatchObject({ deposant: 'FOURNISSEUR', adresse: 'MOE', initiale: true, typeFactureTravaux: 'PROJET_DECOMPTE_MENSUEL' });
    expect(PIECES_TRAVAUX.A15_ETAT_ACOMPTE_MOE).toMatchObject({ deposant: 'MOE', adresse: 'MOA', initiale: false, typeFactureTravaux: 'ETAT_ACOMPTE' });
    expect(PIECES_TRAVAUX.A15_ETAT_ACOMPTE_MOE.suit).toContain('A4_PROJET_DECOMPTE_MENSUEL_FOURNISSEUR');
    expect(PIECES_TRAVAUX.A19_ETAT_ACOMPTE_VALIDE_MOA).toMatchObject({ deposant: 'MOA', adresse: 'DESTINATAIRE' });
    expect(PIECES_TRAVAUX.A19_ETAT_ACOMPTE_VALIDE_MOA.suit).toContain('A15_ETAT_ACOMPTE_MOE');
    // §9.4: A7 → A17 (MOE) → A20 (MOA) → titulaire → A8 to the service financier.
    expect(PIECES_TRAVAUX.A17_PROJET_DECOMPTE_GENERAL_MOE.suit).toContain('A7_PROJET_DECOMPTE_FINAL_FOURNISSEUR');
    expect(PIECES_TRAVAUX.A20_DECOMPTE_GENERAL_MOA).toMatchObject({ deposant: 'MOA', adresse: 'FOURNISSEUR' });
    expect(PIECES_TRAVAUX.A8_DECOMPTE_GENERAL_DEFINITIF_FOURNISSEUR).toMatchObject({ deposant: 'FOURNISSEUR', adresse: 'DESTINATAIRE', typeFactureTravaux: 'DECOMPTE_GENERAL_SIGNE' });
    expect(PIECES_TRAVAUX.A8_DECOMPTE_GENERAL_DEFINITIF_FOURNISSEUR.suit).toContain('A20_DECOMPTE_GENERAL_MOA');
  });

  it('motifs de refus → statut (complements §4.3), « Erreur de montant » n’est jamais un refus (§9.3)', () => {
    expect(statutDeRefus('MOE', 'AUTRE', 'FOURNISSEUR')).toBe('REFUSEE_MOE');
    expect(statutDeRefus('MOE', 'MAUVAISE_MOE', 'FOURNISSEUR')).toBe('ERREUR_FOURNISSEUR_SUR_MOE');
    expect(statutDeRefus('MOA', 'MAUVAISE_MOA', 'MOE')).toBe('ERREUR_MOE_SUR_MOA');
    expect(statutDeRefus('MOA', 'MAUVAISE_MOA', 'FOURNISSEUR')).toBe('ERREUR_FOURNISSEUR_SUR_MOA');
    expect(statutDeRefus('MOA', 'AUTRE', 'MOE')).toBe('REFUSEE_MOA');
    expect(statutDeRefus('FOURNISSEUR', 'AUTRE', 'MOA')).toBe('REFUSEE_FOURNISSEUR');
    for (const r of ['MOE', 'MOA', 'FOURNISSEUR'] as const) expect(statutDeRefus(r, 'ERREUR_MONTANT', 'FOURNISSEUR')).toBeUndefined();
    // Each actor refuses for its own wrong-addressee motif only.
    expect(statutDeRefus('MOE', 'MAUVAISE_MOA', 'FOURNISSEUR')).toBeUndefined();
    expect(statutDeRefus('MOA', 'MAUVAISE_MOE', 'MOE')).toBeUndefined();
    expect(statutDeRefus('FOURNISSEUR', 'MAUVAISE_MOE', 'MOA')).toBeUndefined();
    expect(statutDeRefus('FOURNISSEUR', 'MAUVAISE_MOA', 'MOA')).toBeUndefined();
  });

  it('recyclage (complements §1.2) : demandé par qui a reçu la pièce, fait par son déposant ; un refus de la MOE reste définitif', () => {
    const lignes = CIRCUITS.TRAVAUX.transitions;
    const demandes = lignes.filter((t) => t.operation === 'facturesTravaux/demanderRecyclage');
    expect(demandes.every((t) => t.vers === 'A_RECYCLER' && t.motifObligatoire && (CIRCUITS.TRAVAUX.aTraiter[t.acteur] as readonly string[]).includes(t.de))).toBe(true);
    const recyclages = lignes.filter((t) => t.operation === 'facturesTravaux/recycler');
    expect(new Set(recyclages.map((t) => t.de))).toEqual(new Set(['A_RECYCLER', 'ERREUR_FOURNISSEUR_SUR_MOA', 'ERREUR_MOE_SUR_MOA']));
    expect(recyclages.every((t) => t.acteur === 'FOURNISSEUR' || t.acteur === 'MOE')).toBe(true);
    expect(transitionsDepuis('TRAVAUX', 'ERREUR_FOURNISSEUR_SUR_MOE')).toEqual([]);
    expect(estStatutFinal('TRAVAUX', 'ERREUR_MOE_SUR_MOA')).toBe(false);
    // The titulaire's projet reaching the right MOE restarts the délai global de paiement (§10.2).
    expect(trouverTransition('TRAVAUX', 'A_RECYCLER', 'MISE_A_DISPOSITION_MOE', 'FOURNISSEUR')?.effets).toEqual(['REDEMARRER_DELAI']);
    expect(trouverTransition('TRAVAUX', 'A_RECYCLER', 'MISE_A_DISPOSITION_MOA', 'MOE')?.effets).toEqual([]);
  });

  it('pièce payée : le service financier la traite comme une facture simple jusqu’à MISE_EN_PAIEMENT (§9.3 étape 3)', () => {
    expect(trouverTransition('TRAVAUX_PAIEMENT', 'DEPOSEE', 'EN_COURS_ACHEMINEMENT', 'SYSTEME')).toBeDefined();
    expect(trouverTransition('TRAVAUX_PAIEMENT', 'EN_COURS_ACHEMINEMENT', 'MISE_A_DISPOSITION', 'SYSTEME')?.effets).toEqual(['DEMARRER_DELAI']);
    expect(statutsPossibles('TRAVAUX_PAIEMENT', 'MISE_A_DISPOSITION', 'DESTINATAIRE')).toEqual([
      'REJETEE', 'MANDATEE', 'MISE_EN_PAIEMENT', 'COMPTABILISEE', 'MISE_A_DISPOSITION_COMPTABLE', 'SERVICE_FAIT',
    ]);
    expect(trouverTransition('TRAVAUX_PAIEMENT', 'MISE_EN_PAIEMENT', 'REJETEE', 'DESTINATAIRE')).toBeUndefined();
    expect(estStatutFinal('TRAVAUX_PAIEMENT', 'MISE_EN_PAIEMENT')).toBe(true);
  });
});
