import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  ACTEURS,
  ACTIONS_SANS_CHANGEMENT_STATUT,
  STATUTS_FACTURE,
  STATUTS_FINAUX_FACTURE,
  TRANSITIONS_FACTURE,
  estStatutFinal,
  statutsPossiblesPourTraitement,
  transitionsDepuis,
  trouverTransition,
  type StatutFacture,
} from '../../src/domain/facture-lifecycle.js';

const SWAGGER = '/work/shared/reference/official/factures.swagger.json';

describe('STATUTS_FACTURE', () => {
  it('contient les 56 statuts, sans doublon', () => {
    expect(STATUTS_FACTURE).toHaveLength(56);
    expect(new Set(STATUTS_FACTURE).size).toBe(56);
    expect(STATUTS_FACTURE[0]).toBe('BROUILLON');
    expect(STATUTS_FACTURE[55]).toBe('TECHNIQUE_INCONNU');
  });

  it.skipIf(!existsSync(SWAGGER))("suit l'ordre de l'énumération du Swagger", () => {
    const swagger = JSON.parse(readFileSync(SWAGGER, 'utf8'));
    expect(STATUTS_FACTURE).toEqual(swagger.definitions.TraiterUneFactureRecueParam.properties.nouveauStatut.enum);
  });
});

describe('TRANSITIONS_FACTURE', () => {
  it.each(TRANSITIONS_FACTURE.map((t) => [t.from, t.to, t.actor, t] as const))(
    '%s → %s (%s) est trouvée',
    (from, to, actor, t) => {
      expect(trouverTransition(from, to, actor)).toBe(t);
    },
  );

  it('une seule ligne par couple (from, to)', () => {
    const cles = TRANSITIONS_FACTURE.map((t) => `${t.from}>${t.to}`);
    expect(new Set(cles).size).toBe(cles.length);
  });

  it("refuse tout couple absent de la table, quel que soit l'acteur", () => {
    const permis = new Set(TRANSITIONS_FACTURE.map((t) => `${t.from}>${t.to}>${t.actor}`));
    let refuses = 0;
    for (const from of STATUTS_FACTURE) {
      for (const to of STATUTS_FACTURE) {
        for (const actor of ACTEURS) {
          if (permis.has(`${from}>${to}>${actor}`)) continue;
          expect(trouverTransition(from, to, actor), `${from} → ${to} (${actor})`).toBeUndefined();
          refuses++;
        }
      }
    }
    expect(refuses).toBe(56 * 56 * ACTEURS.length - TRANSITIONS_FACTURE.length);
  });

  it('exige un motif exactement pour SUSPENDUE, REJETEE et A_RECYCLER', () => {
    for (const t of TRANSITIONS_FACTURE) {
      expect(t.motifObligatoire, `${t.from} → ${t.to}`).toBe(['SUSPENDUE', 'REJETEE', 'A_RECYCLER'].includes(t.to));
    }
  });

  it('exige numeroDPMandat pour MANDATEE', () => {
    const versMandatee = TRANSITIONS_FACTURE.filter((t) => t.to === 'MANDATEE');
    expect(versMandatee.length).toBeGreaterThan(0);
    for (const t of versMandatee) expect(t.champsObligatoires).toEqual(['numeroDPMandat']);
  });

  it('a une description en français pour chaque ligne', () => {
    for (const t of TRANSITIONS_FACTURE) expect(t.description.length).toBeGreaterThan(3);
  });
});

describe('parcours nominaux', () => {
  const chemins: [string, [StatutFacture, StatutFacture, (typeof ACTEURS)[number]][]][] = [
    [
      'acheminement puis paiement',
      [
        ['DEPOSEE', 'EN_COURS_ACHEMINEMENT', 'SYSTEME'],
        ['EN_COURS_ACHEMINEMENT', 'MISE_A_DISPOSITION', 'SYSTEME'],
        ['MISE_A_DISPOSITION', 'SERVICE_FAIT', 'DESTINATAIRE'],
        ['SERVICE_FAIT', 'MANDATEE', 'DESTINATAIRE'],
        ['MANDATEE', 'MISE_A_DISPOSITION_COMPTABLE', 'DESTINATAIRE'],
        ['MISE_A_DISPOSITION_COMPTABLE', 'COMPTABILISEE', 'DESTINATAIRE'],
        ['COMPTABILISEE', 'MISE_EN_PAIEMENT', 'DESTINATAIRE'],
      ],
    ],
    [
      'suspension puis complétion',
      [
        ['MISE_A_DISPOSITION', 'SUSPENDUE', 'DESTINATAIRE'],
        ['SUSPENDUE', 'COMPLETEE', 'FOURNISSEUR'],
        ['COMPLETEE', 'MANDATEE', 'DESTINATAIRE'],
      ],
    ],
    [
      'recyclage',
      [
        ['MISE_A_DISPOSITION', 'A_RECYCLER', 'DESTINATAIRE'],
        ['A_RECYCLER', 'MISE_A_DISPOSITION', 'FOURNISSEUR'],
      ],
    ],
  ];
  it.each(chemins)('%s', (_nom, etapes) => {
    for (const [from, to, actor] of etapes) expect(trouverTransition(from, to, actor), `${from} → ${to}`).toBeDefined();
  });

  it.each([
    ['SUSPENDUE', 'COMPLETEE', 'DESTINATAIRE', 'seul le fournisseur complète'],
    ['A_RECYCLER', 'MISE_A_DISPOSITION', 'DESTINATAIRE', 'seul le fournisseur recycle'],
    ['MISE_A_DISPOSITION', 'SERVICE_FAIT', 'FOURNISSEUR', 'le fournisseur ne traite pas'],
    ['DEPOSEE', 'MISE_A_DISPOSITION', 'DESTINATAIRE', "l'acheminement est automatique"],
    ['MANDATEE', 'SUSPENDUE', 'DESTINATAIRE', "plus de suspension après l'ordonnancement"],
    ['MISE_EN_PAIEMENT', 'MANDATEE', 'DESTINATAIRE', 'pas de retour en arrière'],
    ['COMPTABILISEE', 'REJETEE', 'DESTINATAIRE', 'mandat pris en charge'],
    ['REJETEE', 'MISE_A_DISPOSITION', 'FOURNISSEUR', 'rejet définitif'],
  ] as const)('%s → %s (%s) refusée : %s', (from, to, actor, _raison) => {
    expect(trouverTransition(from, to, actor)).toBeUndefined();
  });
});

describe('statutsPossiblesPourTraitement', () => {
  it('depuis MISE_A_DISPOSITION, dans l’ordre officiel', () => {
    expect(statutsPossiblesPourTraitement('MISE_A_DISPOSITION')).toEqual([
      'A_RECYCLER',
      'SUSPENDUE',
      'REJETEE',
      'MANDATEE',
      'MISE_EN_PAIEMENT',
      'COMPTABILISEE',
      'MISE_A_DISPOSITION_COMPTABLE',
      'SERVICE_FAIT',
    ]);
  });

  it.each([
    ['COMPLETEE', ['SUSPENDUE', 'REJETEE', 'A_RECYCLER', 'SERVICE_FAIT', 'MANDATEE']],
    ['SUSPENDUE', ['MISE_A_DISPOSITION', 'REJETEE']],
    ['SERVICE_FAIT', ['SUSPENDUE', 'REJETEE', 'MANDATEE', 'MISE_EN_PAIEMENT']],
    ['MANDATEE', ['REJETEE', 'MISE_A_DISPOSITION_COMPTABLE', 'COMPTABILISEE', 'MISE_EN_PAIEMENT']],
    ['COMPTABILISEE', ['MISE_EN_PAIEMENT']],
  ] as const)('depuis %s contient %j', (statut, attendus) => {
    expect(statutsPossiblesPourTraitement(statut)).toEqual(expect.arrayContaining([...attendus]));
  });

  it.each(['DEPOSEE', 'EN_COURS_ACHEMINEMENT', 'A_RECYCLER', 'REJETEE', 'MISE_EN_PAIEMENT', 'BROUILLON', 'A_VALIDER_MOE'] as const)(
    'rien depuis %s',
    (statut) => {
      expect(statutsPossiblesPourTraitement(statut)).toEqual([]);
    },
  );

  it('ne propose que des statuts admis par traiter/recue', () => {
    const admis = new Set([
      'MISE_A_DISPOSITION', 'SUSPENDUE', 'REJETEE', 'MANDATEE', 'MISE_EN_PAIEMENT',
      'COMPTABILISEE', 'MISE_A_DISPOSITION_COMPTABLE', 'A_RECYCLER', 'SERVICE_FAIT',
    ]);
    for (const s of STATUTS_FACTURE) {
      for (const cible of statutsPossiblesPourTraitement(s)) expect(admis.has(cible), cible).toBe(true);
    }
  });
});

describe('transitionsDepuis / estStatutFinal', () => {
  it('filtre par acteur', () => {
    expect(transitionsDepuis('SUSPENDUE').map((t) => t.to).sort()).toEqual(['COMPLETEE', 'MISE_A_DISPOSITION', 'REJETEE']);
    expect(transitionsDepuis('SUSPENDUE', 'FOURNISSEUR').map((t) => t.to)).toEqual(['COMPLETEE']);
    expect(transitionsDepuis('DEPOSEE', 'SYSTEME').map((t) => t.to)).toEqual(['EN_COURS_ACHEMINEMENT']);
  });

  it('les statuts finaux n’ont aucune sortie, les autres statuts du cycle en ont', () => {
    for (const s of STATUTS_FINAUX_FACTURE) {
      expect(estStatutFinal(s)).toBe(true);
      expect(transitionsDepuis(s)).toEqual([]);
    }
    const duCycle = new Set(TRANSITIONS_FACTURE.flatMap((t) => [t.from, t.to]));
    for (const s of duCycle) {
      if (!estStatutFinal(s)) expect(transitionsDepuis(s).length, s).toBeGreaterThan(0);
    }
    expect(estStatutFinal('MISE_A_DISPOSITION')).toBe(false);
  });

  it('acquitter ou traiter un rejet ne change pas de statut', () => {
    for (const action of ACTIONS_SANS_CHANGEMENT_STATUT) {
      for (const statut of action.statuts) expect(trouverTransition(statut, statut, action.actor)).toBeUndefined();
    }
    expect(ACTIONS_SANS_CHANGEMENT_STATUT.map((a) => a.code)).toContain('TRAITEMENT_REJET');
  });
});
