import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CRITERES_EXCLUSION, CRITERES_SELECTION, critereExclusion, critereSelection } from '../../src/domain/dume/criteres.js';
import { FORMAT_IDENTIFIANT_DUME, identifiantDume } from '../../src/domain/dume/identifiant.js';
import {
  completer,
  creerDumeAcheteur,
  declarerGroupement,
  dumeOperateurDepuisEntreprise,
  fusionner,
  modeleDumeOperateur,
  type DonneesAcheteur,
  type DonneesEntreprise,
} from '../../src/domain/dume/modele.js';

const acheteur: DonneesAcheteur = {
  nom: 'COMMUNE DE SAINT-EXEMPLE',
  siret: '21690123400019',
  numeroAvisJOUE: '2026/S 123-456789',
  idConsultation: 'CONS-2026-017',
  referenceMarche: 'MAPA-2026-017',
  objetMarche: 'Réfection de la toiture de l’école & du préau',
  descriptionBreve: 'Travaux de couverture < 100 k€',
  typeProcedure: 'ADAPTEE',
  natureMarche: 'TRAVAUX',
  adresse: { ligne: '1 place de la Mairie', codePostal: '69003', ville: 'Lyon', codePays: 'FR' },
};
const entreprise: DonneesEntreprise = {
  siret: '12345678200010',
  raisonSociale: 'ATELIER DUPONT ET FILS',
  adresse: { ligne: '12 rue des Artisans', codePostal: '44000', ville: 'Nantes', codePays: 'FR' },
  taille: 'small',
  chiffreAffaires: 850000,
  effectifs: 12,
};
const le = (identifiant: string) => ({ identifiant, date: '2026-12-01' });

describe('criteria tables against the ESPD-EDM 4.1.0 code list (fixture)', () => {
  const gc = readFileSync('fixtures/formats/espd-edm-4.1.0/codelists/gc/Criterion.gc', 'utf8');
  const libelles = new Map<string, string>();
  for (const row of gc.split('<Row>').slice(1)) {
    const code = /ColumnRef="code">\s*<SimpleValue>([^<]+)</.exec(row)?.[1];
    const fr = /ColumnRef="fra_label">\s*<SimpleValue>([^<]+)</.exec(row)?.[1];
    if (code && fr) libelles.set(code, fr);
  }
  it('look-ups tell exclusion grounds from selection criteria', () => {
    expect(critereExclusion('crime-org')?.categorie).toBe('CONDAMNATIONS');
    expect(critereExclusion('gen-year-to')).toBeUndefined();
    expect(critereSelection('gen-year-to')?.reponse).toBe('MONTANT');
  });
  it('every code exists with the French label of the list', () => {
    for (const c of [...CRITERES_EXCLUSION, ...CRITERES_SELECTION]) expect(libelles.get(c.code), c.code).toBe(c.libelle);
  });
});

describe('DUME identifiers', () => {
  it('are 8 lowercase alphanumerics, stable for a seed and distinct along the sequence', () => {
    const ids = Array.from({ length: 5000 }, (_, i) => identifiantDume(i + 1, 42));
    for (const id of ids) expect(id).toMatch(FORMAT_IDENTIFIANT_DUME);
    expect(new Set(ids).size).toBe(ids.length);
    expect(identifiantDume(7, 42)).toBe(ids[6]);
    expect(identifiantDume(7, 43)).not.toBe(ids[6]);
  });
});

describe('a buyer creates a DUME A', () => {
  it('full: every exclusion ground pre-ticked, the chosen selection criteria', () => {
    const a = creerDumeAcheteur({ acheteur, criteresSelection: ['gen-year-to', 'work-perform', 'indem-insu'] }, le('acheteur1'));
    expect(a.simplifie).toBe(false);
    expect(a.criteresExclusion).toHaveLength(24);
    expect(a.criteresExclusion).toContain('crime-org');
    expect(a.criteresExclusion).toContain('tax-pay');
    expect(a.criteresSelection).toEqual(['gen-year-to', 'work-perform', 'indem-insu']);
  });
  it('without a choice, the nature of the contract suggests criteria (works → execution of works)', () => {
    expect(creerDumeAcheteur({ acheteur }, le('acheteur2')).criteresSelection).toContain('work-perform');
  });
  it('simplified: only turnover and headcount, anything else refused', () => {
    expect(creerDumeAcheteur({ acheteur, simplifie: true }, le('acheteur3')).criteresSelection).toEqual(['gen-year-to', 'year-manpower']);
    expect(() => creerDumeAcheteur({ acheteur, simplifie: true, criteresSelection: ['qualification'] }, le('x'))).toThrow(/simplifié/);
  });
  it('an unknown selection criterion is refused by name', () => {
    expect(() => creerDumeAcheteur({ acheteur, criteresSelection: ['chiffre-magique'] }, le('x'))).toThrow(/chiffre-magique/);
  });
});

describe('an economic operator’s DUME OE', () => {
  it('blank model: every exclusion ground answered no, no company', () => {
    const m = modeleDumeOperateur(le('modele01'));
    expect(m.entreprise).toBeUndefined();
    expect(Object.values(m.reponsesExclusion).every((v) => v === false)).toBe(true);
  });
  it('from a SIRET: pre-filled with turnover and headcount', () => {
    const d = dumeOperateurDepuisEntreprise(entreprise, le('type0001'), true);
    expect(d.dumeType).toBe(true);
    expect(d.reponsesSelection).toEqual({ 'gen-year-to': 850000, 'year-manpower': 12 });
  });
  it('merging a DUME A with a DUME type keeps the buyer’s criteria and the company’s own answers', () => {
    const a = creerDumeAcheteur({ acheteur, criteresSelection: ['gen-year-to', 'work-perform'] }, le('acheteur1'));
    const type = completer(dumeOperateurDepuisEntreprise(entreprise, le('type0001'), true), {
      selection: { 'gen-year-to': 900000, 'work-perform': 'Couverture de 3 écoles (2023-2025)', qualification: 'Qualibat 3111' },
    });
    const oe = fusionner(a, { dumeType: type }, le('fusion01'));
    expect(oe.dumeAcheteur?.identifiant).toBe('acheteur1');
    expect(oe.entreprise?.siret).toBe('12345678200010');
    expect(oe.reponsesSelection).toEqual({ 'gen-year-to': 900000, 'work-perform': 'Couverture de 3 écoles (2023-2025)' });
  });
  it('merging with the company data only fills what the company data know', () => {
    const a = creerDumeAcheteur({ acheteur, simplifie: true }, le('acheteur3'));
    expect(fusionner(a, { entreprise }, le('fusion02')).reponsesSelection).toEqual({ 'gen-year-to': 850000, 'year-manpower': 12 });
  });
});

describe('groupements and sub-contractors', () => {
  const base = dumeOperateurDepuisEntreprise(entreprise, le('oe000001'));
  it('a mandataire links a member and a sub-contractor', () => {
    const g = declarerGroupement(base, 'MANDATAIRE', {
      nom: 'Groupement Toiture Lyon',
      membres: [
        { identifiantDume: 'oe000002', role: 'MEMBRE_GROUPEMENT', raisonSociale: 'CHARPENTES MARTIN' },
        { identifiantDume: 'oe000003', role: 'SOUS_TRAITANT', raisonSociale: 'ECHAFAUDAGES ROUX' },
      ],
    });
    expect(g.role).toBe('MANDATAIRE');
    expect(g.groupement?.membres).toHaveLength(2);
  });
  it('a groupement has exactly one mandataire', () => {
    expect(() => declarerGroupement(base, 'MEMBRE_GROUPEMENT', { membres: [{ identifiantDume: 'oe000002', role: 'MEMBRE_GROUPEMENT' }] })).toThrow(/mandataire/);
    expect(() => declarerGroupement(base, 'MANDATAIRE', { membres: [{ identifiantDume: 'oe000002', role: 'MANDATAIRE' }] })).toThrow(/mandataire/);
  });
  it('a DUME cannot link itself', () => {
    expect(() => declarerGroupement(base, 'CANDIDAT_SEUL', { membres: [{ identifiantDume: 'oe000001', role: 'SOUS_TRAITANT' }] })).toThrow(/lui-même/);
  });
});

describe('rules of the model, one by one', () => {
  const a = creerDumeAcheteur({ acheteur, criteresSelection: ['gen-year-to', 'work-perform', 'qualification'] }, le('acheteur1'));
  const base = dumeOperateurDepuisEntreprise(entreprise, le('oe000001'));

  it('a new DUME A and a blank DUME OE carry their type, date and defaults', () => {
    expect(a).toMatchObject({ type: 'DUME_A', identifiant: 'acheteur1', dateCreation: '2026-12-01' });
    expect(modeleDumeOperateur(le('m'))).toMatchObject({ type: 'DUME_OE', dumeType: false, role: 'CANDIDAT_SEUL', reponsesSelection: {} });
    expect(dumeOperateurDepuisEntreprise({ siret: '1', raisonSociale: 'X' }, le('m')).reponsesSelection).toEqual({});
  });
  it('the simplified DUME accepts its own two criteria when they are given', () => {
    expect(creerDumeAcheteur({ acheteur, simplifie: true, criteresSelection: ['year-manpower'] }, le('s')).criteresSelection).toEqual(['gen-year-to', 'year-manpower']);
  });
  it('answers are added to the earlier ones; an unknown criterion is refused by name', () => {
    const d = completer(completer(base, { selection: { 'work-perform': 'Écoles' } }), { exclusion: { 'tax-pay': true } });
    expect(d.reponsesSelection).toEqual({ 'gen-year-to': 850000, 'year-manpower': 12, 'work-perform': 'Écoles' });
    expect(d.reponsesExclusion['tax-pay']).toBe(true);
    expect(d.reponsesExclusion.corruption).toBe(false);
    expect(() => completer(base, { exclusion: { 'pas-un-motif': true } })).toThrow(/pas-un-motif/);
    expect(() => completer(base, { selection: { 'pas-un-critere': 1 } })).toThrow(/pas-un-critere/);
  });
  it('a merge keeps only the criteria the buyer asked for, takes the DUME type’s exclusion answers and role', () => {
    const type = declarerGroupement(completer(base, { exclusion: { 'tax-pay': true }, selection: { qualification: 'Qualibat' } }), 'MEMBRE_GROUPEMENT', {
      membres: [{ identifiantDume: 'lead0001', role: 'MANDATAIRE' }],
    });
    const oe = fusionner(a, { dumeType: type }, le('f'));
    expect(oe.reponsesSelection).toEqual({ 'gen-year-to': 850000, qualification: 'Qualibat' });
    expect(oe.reponsesExclusion['tax-pay']).toBe(true);
    expect(oe.reponsesExclusion.fraud).toBe(false);
    expect(Object.keys(oe.reponsesExclusion)).toHaveLength(a.criteresExclusion.length);
    expect(oe.role).toBe('MEMBRE_GROUPEMENT');
    expect(oe.dumeType).toBe(false);
    const seul = fusionner(a, { entreprise }, le('g'));
    expect(seul.role).toBe('CANDIDAT_SEUL');
    expect(Object.values(seul.reponsesExclusion).every((v) => v === false)).toBe(true);
  });
  it('a sole tenderer links sub-contractors only; a link is declared once; no members and no name is no groupement', () => {
    expect(declarerGroupement(base, 'CANDIDAT_SEUL', { membres: [{ identifiantDume: 'st000001', role: 'SOUS_TRAITANT' }] }).groupement?.membres).toHaveLength(1);
    expect(() => declarerGroupement(base, 'CANDIDAT_SEUL', { membres: [{ identifiantDume: 'm0000001', role: 'MEMBRE_GROUPEMENT' }] })).toThrow(/candidat seul/);
    expect(() =>
      declarerGroupement(base, 'MANDATAIRE', {
        membres: [
          { identifiantDume: 'st000001', role: 'SOUS_TRAITANT' },
          { identifiantDume: 'st000001', role: 'SOUS_TRAITANT' },
        ],
      }),
    ).toThrow(/deux fois/);
    expect(declarerGroupement(base, 'CANDIDAT_SEUL').groupement).toBeUndefined();
    expect(declarerGroupement(base, 'MANDATAIRE', { nom: 'G', membres: [] }).groupement).toEqual({ nom: 'G', membres: [] });
    expect(declarerGroupement(base, 'SOUS_TRAITANT', { membres: [{ identifiantDume: 'lead0001', role: 'MANDATAIRE' }] }).role).toBe('SOUS_TRAITANT');
  });
  it('identifiers: the seed rotates the sequence, and every position of the id varies', () => {
    const k = Math.imul(42, 0x9e3779b1) >>> 0;
    expect(identifiantDume((1000 + k) >>> 0, 0)).toBe(identifiantDume(1000, 42));
    const ids = Array.from({ length: 3000 }, (_, i) => identifiantDume(i, 7));
    for (let position = 0; position < 8; position++) {
      expect(new Set(ids.map((id) => id[position])).size, `position ${position}`).toBeGreaterThanOrEqual(20);
    }
  });
});
