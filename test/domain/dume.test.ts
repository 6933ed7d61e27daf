import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CRITERES_EXCLUSION, CRITERES_SELECTION } from '../../src/domain/dume/criteres.js';
import { xmlDumeAcheteur, xmlDumeOperateur } from '../../src/domain/dume/espd-xml.js';
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
import { lireDumeAcheteur, validerXmlEspd } from '../../src/modules/dume/espd.js';

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

describe('ESPD XML export and import', () => {
  const a = creerDumeAcheteur({ acheteur, criteresSelection: ['gen-year-to', 'year-manpower', 'work-perform'] }, le('acheteur1'));
  it('a DUME A is a schema-valid ESPD Request carrying the buyer data', () => {
    const xml = xmlDumeAcheteur(a);
    expect(validerXmlEspd(xml)).toBeNull();
    expect(xml).toContain('<QualificationApplicationRequest');
    expect(xml).toContain('ESPD-EDMv4.1.0');
    expect(xml).toContain('MAPA-2026-017');
    expect(xml).toContain('&amp; du préau');
  });
  it('reading the exported XML gives the buyer data and the criteria back', () => {
    const lu = lireDumeAcheteur(xmlDumeAcheteur(a));
    expect(lu.identifiant).toBe('acheteur1');
    expect(lu.acheteur).toEqual(acheteur);
    expect(lu.criteresSelection).toEqual(['gen-year-to', 'year-manpower', 'work-perform']);
    expect(lu.simplifie).toBe(false);
  });
  it('a merged DUME OE in a groupement is a schema-valid ESPD Response linking the others', () => {
    let oe = fusionner(a, { entreprise }, le('fusion01'));
    oe = declarerGroupement(oe, 'MANDATAIRE', {
      nom: 'Groupement Toiture Lyon',
      membres: [
        { identifiantDume: 'oe000002', role: 'MEMBRE_GROUPEMENT', raisonSociale: 'CHARPENTES MARTIN' },
        { identifiantDume: 'oe000003', role: 'SOUS_TRAITANT', siret: '98765432100011' },
      ],
    });
    const xml = xmlDumeOperateur(oe);
    expect(validerXmlEspd(xml)).toBeNull();
    expect(xml).toContain('<cbc:EconomicOperatorGroupName>Groupement Toiture Lyon</cbc:EconomicOperatorGroupName>');
    expect(xml).toMatch(/<cbc:RoleCode[^>]*>group-lead</);
    expect(xml).toMatch(/<cbc:ID[^>]*>oe000002<\/cbc:ID><cbc:DocumentDescription>group-mem CHARPENTES MARTIN/);
    expect(xml).toMatch(/<cbc:ID[^>]*>acheteur1<\/cbc:ID><cbc:DocumentTypeCode[^>]*>ESPD_REQUEST</);
    expect(xml).toMatch(/<cbc:ResponseAmount currencyID="EUR">850000</);
  });
  it('a blank model and a DUME type export valid XML too', () => {
    expect(validerXmlEspd(xmlDumeOperateur(modeleDumeOperateur(le('modele01'))))).toBeNull();
    expect(validerXmlEspd(xmlDumeOperateur(dumeOperateurDepuisEntreprise(entreprise, le('type0001'), true)))).toBeNull();
  });
});

describe('untrusted XML is refused with the problem named', () => {
  const refus = (xml: string) => {
    try {
      lireDumeAcheteur(xml);
    } catch (e) {
      return e as { codeRetour: number; libelle: string };
    }
    throw new Error('accepted');
  };
  it('an entity expansion bomb and an external entity never get parsed', () => {
    const bombe = `<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><l>&b;</l>`;
    expect(refus(bombe).libelle).toMatch(/DOCTYPE/);
    expect(refus(`<?xml version="1.0"?><!DOCTYPE l [<!ENTITY x SYSTEM "file:///etc/passwd">]><l>&x;</l>`).libelle).toMatch(/entité/);
  });
  it('not XML, not ESPD, an ESPD Response, a schema violation, too big', () => {
    expect(refus('<pas du xml').libelle).toMatch(/bien formé/);
    expect(refus('<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"/>').libelle).toMatch(/ESPD/);
    expect(refus(xmlDumeOperateur(modeleDumeOperateur(le('modele01')))).libelle).toMatch(/DUME OE/);
    const casse = xmlDumeAcheteur(creerDumeAcheteur({ acheteur }, le('acheteur1'))).replace('<cbc:IssueDate>', '<cbc:Intrus>x</cbc:Intrus><cbc:IssueDate>');
    expect(refus(casse).libelle).toMatch(/schéma ESPD-EDM 4\.1\.0.*Intrus/);
    expect(refus(`<a>${'x'.repeat(1024 * 1024)}</a>`).libelle).toMatch(/taille/);
  });
});

describe('the DUME en clair (PDF)', async () => {
  const { pdfDumeAcheteur, pdfDumeOperateur } = await import('../../src/modules/dume/pdf.js');
  const { textePdf } = await import('../dume/pdf-texte.js');
  it('a DUME A shows the buyer, the consultation and the criteria asked', async () => {
    const texte = textePdf(await pdfDumeAcheteur(creerDumeAcheteur({ acheteur, simplifie: true }, le('acheteur3'))));
    expect(texte).toContain('COMMUNE DE SAINT-EXEMPLE');
    expect(texte).toContain('MAPA-2026-017');
    expect(texte).toContain('(DUME simplifié)');
    expect(texte).toContain('Effectif moyen annuel');
    expect(texte).toContain('[x] Participation à une organisation criminelle');
  });
  it('a DUME OE shows the company, its answers and its groupement', async () => {
    const a = creerDumeAcheteur({ acheteur, simplifie: true }, le('acheteur3'));
    const oe = declarerGroupement(fusionner(a, { entreprise }, le('fusion01')), 'MANDATAIRE', {
      nom: 'Groupement Toiture Lyon',
      membres: [{ identifiantDume: 'oe000003', role: 'SOUS_TRAITANT', raisonSociale: 'ECHAFAUDAGES ROUX' }],
    });
    const texte = textePdf(await pdfDumeOperateur(oe));
    expect(texte).toContain('ATELIER DUPONT ET FILS — SIRET 12345678200010');
    expect(texte).toContain('Chiffre d’affaires annuel général : 850 000 EUR');
    expect(texte).toContain('Effectif moyen annuel : 12');
    expect(texte).toContain('Rôle : Mandataire du groupement');
    expect(texte).toContain('Sous-traitant : ECHAFAUDAGES ROUX — DUME oe000003');
    expect(texte).toContain('NON — Corruption');
  });
});
