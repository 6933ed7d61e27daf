import { describe, expect, it } from 'vitest';
import {
  creerDumeAcheteur,
  declarerGroupement,
  dumeOperateurDepuisEntreprise,
  fusionner,
  modeleDumeOperateur,
  type DonneesAcheteur,
  type DonneesEntreprise,
} from '../../src/domain/dume/modele.js';
import { lireDumeAcheteur, validerXmlEspd } from '../../src/modules/dume/espd.js';
import { xmlDumeAcheteur, xmlDumeOperateur } from '../../src/modules/dume/espd-xml.js';
import { pdfDumeAcheteur, pdfDumeOperateur } from '../../src/modules/dume/pdf.js';
import { textePdf } from './pdf-texte.js';

/** The exports of the DUME model: ESPD-EDM 4.1.0 XML (validated by the stored schemas), its reading back, the PDF en clair. */

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

describe('the DUME en clair (PDF)', () => {
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
