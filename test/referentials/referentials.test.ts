import { readdirSync, readFileSync } from 'node:fs';
import { describe, it, expect } from 'vitest';
import {
  REFERENTIAL_SCHEMAS,
  TYPES_DEMANDE_PAIEMENT,
  delaiPaiementJours,
  etatsPourTypeDemandePaiement,
  findCadre,
  isKnownCodePays,
  isKnownDevise,
  referentials,
  statutsFacture,
  tauxBceAt,
  tauxInteretsMoratoires,
  tauxTvaByCode,
  validateReferential,
  type ReferentialFile,
} from '../../src/referentials/index.js';
import { statutsOfficiels } from '../helpers/circuits.js';

// statutFacture enum of the official factures swagger (chorus-api §4.1), read from fixtures/official.
const OFFICIAL_STATUTS = statutsOfficiels();
// typeDemandePaiement enum of the official swagger (RechercherDemandePaiementParam), written out from it.
const OFFICIAL_TYPES_DP = ['FACTURE', 'FACTURE_TRAVAUX', 'MEMOIRE_JUSTICE', 'DEMANDE_REMBOURSEMENT'];

const DIR = new URL('../../fixtures/referentials/', import.meta.url);
const files = readdirSync(DIR).filter((f) => f.endsWith('.json'));

// The code (or composite key) that must be unique in each list.
const keyOf: Record<ReferentialFile, ((e: any) => string) | null> = {
  'devises.json': (e) => e.codeDevise,
  'pays.json': (e) => e.codePays,
  'tauxtva.json': (e) => e.codeTauxTva,
  'motifs-exoneration-tva.json': (e) => e.codeMotifExonerationTva,
  'modes-depot.json': (e) => e.modeDepot,
  'modes-reglement.json': (e) => e.modePaiement,
  'cadres-facturation.json': (e) => e.codeCadreFacturation,
  'types-demande-paiement.json': (e) => e.typeDemandePaiement,
  'statuts-facture.json': (e) => e.statut,
  'etats-par-type-dp.json': null, // object keyed by type; checked separately
  'types-identifiant-structure.json': (e) => e.typeIdentifiantStructure,
  'types-piece-jointe.json': (e) => `${e.typeObjet}/${e.codeTypePieceJointe}`,
  'types-facture-travaux.json': (e) => e.typeFactureTravaux,
  'formats-flux.json': (e) => e.formatFlux,
  'syntaxes-flux.json': (e) => e.syntaxeFlux,
  'motifs.json': (e) => e.codeMotif,
  'taux-interet-bce.json': (e) => e.dateEffet,
  'categories-structure-publique.json': (e) => e.categorie,
};

describe('referential files', () => {
  it('every file on disk has a schema, and every schema has a file', () => {
    expect(files.sort()).toEqual(Object.keys(REFERENTIAL_SCHEMAS).sort());
  });

  it.each(files)('%s validates, is versioned and says where it comes from', (file) => {
    const raw = JSON.parse(readFileSync(new URL(file, DIR), 'utf8'));
    const ref = validateReferential(file as ReferentialFile, raw);
    expect(ref.version).toBe('2026-11-01');
    expect(ref.source.length).toBeGreaterThan(20);
  });

  it.each(files.filter((f) => keyOf[f as ReferentialFile]))('%s has no duplicate codes', (file) => {
    const raw = JSON.parse(readFileSync(new URL(file, DIR), 'utf8'));
    const keys = (raw.entries as unknown[]).map(keyOf[file as ReferentialFile]!);
    expect(keys.filter((k, i) => keys.indexOf(k) !== i)).toEqual([]);
  });

  it('names the file and the faulty field when content is invalid', () => {
    const bad = { version: '2026-11-01', source: 'test', entries: [{ codeDevise: 'EUR' }] };
    expect(() => validateReferential('devises.json', bad)).toThrow(/devises\.json[\s\S]*libelleDevise/);
    expect(() => validateReferential('pays.json', { version: 'x', source: 's', entries: [] })).toThrow(/pays\.json/);
  });

  it('rejects fields that are not part of the wire row', () => {
    const extra = { version: '2026-11-01', source: 'test', entries: [{ codePays: 'FR', libellePays: 'France', iso3: 'FRA' }] };
    expect(() => validateReferential('pays.json', extra)).toThrow(/pays\.json/);
  });

  it('exposes frozen data', () => {
    expect(Object.isFrozen(referentials)).toBe(true);
    expect(Object.isFrozen(referentials.devises.entries)).toBe(true);
    expect(Object.isFrozen(referentials.devises.entries[0])).toBe(true);
    expect(Object.isFrozen(statutsFacture)).toBe(true);
  });
});

describe('statuts facture', () => {
  it('has the 56 official statuses in swagger order, BROUILLON first and TECHNIQUE_INCONNU last', () => {
    expect(statutsFacture).toHaveLength(56);
    expect(statutsFacture[0]).toBe('BROUILLON');
    expect(statutsFacture[55]).toBe('TECHNIQUE_INCONNU');
    // A few anchors from the middle of the official order.
    expect(statutsFacture.indexOf('DEPOSEE')).toBe(11);
    expect(statutsFacture.slice(13, 18)).toEqual(['EN_COURS_ACHEMINEMENT', 'MISE_A_DISPOSITION', 'A_RECYCLER', 'SUSPENDUE', 'REJETEE']);
  });

  it('matches the statutFacture enum of the official swagger exactly', () => {
    expect(statutsFacture).toEqual(OFFICIAL_STATUTS);
  });

  it('carries French labels', () => {
    const label = (s: string) => referentials.statutsFacture.entries.find((e) => e.statut === s)?.libelle;
    expect(label('MISE_A_DISPOSITION')).toBe('Mise à disposition du destinataire');
    expect(label('A_RECYCLER')).toBe('À recycler');
    expect(label('MISE_EN_PAIEMENT')).toBe('Mise en paiement');
  });

  it('lists states per payment-request type, only known statuses, in official order', () => {
    for (const type of TYPES_DEMANDE_PAIEMENT) {
      const etats = etatsPourTypeDemandePaiement(type);
      expect(etats.length).toBeGreaterThan(0);
      const positions = etats.map((s) => statutsFacture.indexOf(s));
      expect(positions.every((p) => p >= 0)).toBe(true);
      expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    }
    expect(etatsPourTypeDemandePaiement('FACTURE')).toContain('A_VALIDER_1');
    expect(etatsPourTypeDemandePaiement('FACTURE')).not.toContain('MISE_A_DISPOSITION_MOE');
    expect(etatsPourTypeDemandePaiement('FACTURE_TRAVAUX')).toContain('MISE_A_DISPOSITION_MOE');
    expect(etatsPourTypeDemandePaiement('MEMOIRE_JUSTICE')).toContain('MISE_EN_PAIEMENT');
  });
});

describe('devises and pays', () => {
  it('has EUR labelled "Euro" and the main currencies', () => {
    expect(referentials.devises.entries.find((d) => d.codeDevise === 'EUR')?.libelleDevise).toBe('Euro');
    for (const c of ['EUR', 'USD', 'GBP', 'CHF', 'XPF', 'XOF', 'XAF', 'JPY']) expect(isKnownDevise(c)).toBe(true);
    expect(isKnownDevise('FRF')).toBe(false);
    expect(isKnownDevise('eur')).toBe(false);
    expect(referentials.devises.entries.length).toBeGreaterThanOrEqual(150);
  });

  it('has every ISO 3166-1 country with French names', () => {
    const label = (c: string) => referentials.pays.entries.find((p) => p.codePays === c)?.libellePays;
    expect(referentials.pays.entries).toHaveLength(249);
    expect(label('FR')).toBe('France');
    expect(label('AD')).toBe('Andorre');
    expect(label('DE')).toBe('Allemagne');
    expect(label('GB')).toBe('Royaume-Uni');
    expect(isKnownCodePays('NC')).toBe(true);
    expect(isKnownCodePays('XX')).toBe(false);
  });
});

describe('taux TVA', () => {
  it('keeps the one confirmed real row verbatim and covers the French rates', () => {
    expect(tauxTvaByCode('TVA1')).toEqual({ codeTauxTva: 'TVA1', libelleTauxTva: 'Art 293B(FranchiseEnBase)', valeurTauxTva: 0 });
    expect(tauxTvaByCode('TVA2')?.valeurTauxTva).toBe(20);
    const valeurs = new Set(referentials.tauxTva.entries.map((t) => t.valeurTauxTva));
    for (const v of [20, 10, 5.5, 2.1, 8.5, 13, 0.9, 0]) expect(valeurs.has(v)).toBe(true);
    expect(tauxTvaByCode('TVA99')).toBeUndefined();
  });
});

describe('cadres de facturation', () => {
  it('has every cadre A1..A25', () => {
    for (let i = 1; i <= 25; i++) expect(findCadre(`A${i}`), `A${i}`).toBeDefined();
    expect(referentials.cadresFacturation.entries).toHaveLength(25);
  });

  it('matches the swagger cadreFacturation enum and finds cadres by full or short code', () => {
    const codes = referentials.cadresFacturation.entries.map((c) => c.codeCadreFacturation);
    expect(codes.map((c) => c.split('_')[0])).toEqual(Array.from({ length: 25 }, (_, i) => `A${i + 1}`));
    expect(codes).toContain('A22_PROJET_DECOMPTE_GENERAL_FOURNISSEUR_PROCEDURE_TACITE');
    expect(codes).toContain('A25_DECOMPTE_GENERAL_DEFINITIF_MOE_PROCEDURE_TACITE');
    expect(findCadre('A9_FACTURE_SOUSTRAITANT')).toBe(findCadre('A9'));
    expect(findCadre('A99')).toBeUndefined();
  });

  it('assigns the payment-request type and flags', () => {
    expect(findCadre('A1')).toMatchObject({ typeDemandePaiement: 'FACTURE', soumettreAutorise: true, circuitValidation: false });
    expect(findCadre('A3')?.typeDemandePaiement).toBe('MEMOIRE_JUSTICE');
    expect(findCadre('A21')?.typeDemandePaiement).toBe('DEMANDE_REMBOURSEMENT');
    expect(findCadre('A4')?.typeDemandePaiement).toBe('FACTURE_TRAVAUX');
    expect(findCadre('A9')?.circuitValidation).toBe(true);
    expect(findCadre('A12')?.circuitValidation).toBe(true);
    const soumettre = referentials.cadresFacturation.entries.filter((c) => c.soumettreAutorise).map((c) => c.codeCadreFacturation.split('_')[0]);
    expect(soumettre).toEqual(['A1', 'A2', 'A9', 'A12']);
  });
});

describe('taux BCE and late interest', () => {
  it('picks the rate in force at boundary dates', () => {
    expect(tauxBceAt('2013-01-01')).toBe(0.75);
    expect(tauxBceAt('2013-05-07')).toBe(0.75);
    expect(tauxBceAt('2013-05-08')).toBe(0.5);
    expect(tauxBceAt('2016-03-15')).toBe(0.05);
    expect(tauxBceAt('2016-03-16')).toBe(0);
    expect(tauxBceAt('2022-07-26')).toBe(0);
    expect(tauxBceAt('2022-07-27')).toBe(0.5);
    expect(tauxBceAt('2023-09-20T10:00:00Z')).toBe(4.5);
    expect(tauxBceAt('2024-09-18')).toBe(3.65);
    expect(tauxBceAt('2026-11-01')).toBe(2.15);
  });

  it('refuses dates before the history or malformed', () => {
    expect(() => tauxBceAt('2010-01-01')).toThrow(RangeError);
    expect(() => tauxBceAt('01/01/2024')).toThrow(RangeError);
  });

  it('computes moratorium interest from the rate at the start of the semester + 8 points', () => {
    expect(tauxInteretsMoratoires('2023-03-15')).toBe(10.5); // 2.50 on 2023-01-01
    expect(tauxInteretsMoratoires('2023-12-31')).toBe(12); // 4.00 on 2023-07-01
    expect(tauxInteretsMoratoires('2025-08-01')).toBe(10.15); // 2.15 on 2025-07-01
  });
});

describe('payment delays and motifs', () => {
  it('gives 30 days to the State and local authorities, 50 to public hospitals, 60 to public companies', () => {
    expect(delaiPaiementJours('ETAT')).toBe(30);
    expect(delaiPaiementJours('COLLECTIVITE_TERRITORIALE')).toBe(30);
    expect(delaiPaiementJours('ETABLISSEMENT_PUBLIC_SANTE')).toBe(50);
    expect(delaiPaiementJours('ENTREPRISE_PUBLIQUE')).toBe(60);
  });

  it('offers motifs for each recipient action', () => {
    for (const action of ['REJETEE', 'SUSPENDUE', 'A_RECYCLER'] as const) {
      expect(referentials.motifs.entries.some((m) => m.actions.includes(action)), action).toBe(true);
    }
    expect(referentials.motifs.entries.find((m) => m.codeMotif === 'JUSTIF_ABS')?.actions).toEqual(['SUSPENDUE']);
  });
});

describe('simple enumerations', () => {
  it('match the official swagger enums', () => {
    expect(referentials.modesDepot.entries.map((e) => e.modeDepot)).toEqual([
      'SAISIE_WEB', 'PORTAIL_PDF', 'EDI_XML_STRUCT', 'EDI_MIXTE', 'EDI_PDF_ARCHIVE', 'SAISIE_PORTAIL', 'SAISIE_API',
      'DEPOT_PDF_PORTAIL', 'DEPOT_PDF_SIGNE_PORTAIL', 'DEPOT_PDF_API', 'DEPOT_PDF_SIGNE_API', 'EDI', 'UPLOAD_PORTAIL',
      'UPLOAD_API', 'EDI_NUMERISATION',
    ]);
    expect(referentials.modesReglement.entries.map((e) => e.modePaiement)).toEqual(['CHEQUE', 'PRELEVEMENT', 'VIREMENT', 'ESPECE', 'AUTRE', 'REPORT']);
    expect(referentials.syntaxesFlux.entries).toHaveLength(13);
    expect(referentials.syntaxesFlux.entries.map((e) => e.syntaxeFlux)).toContain('IN_DP_E2_CII_FACTURX');
    expect(referentials.formatsFlux.entries.map((e) => e.formatFlux)).toEqual(['IN_DP_E1_STRUCT', 'IN_DP_E2_MIXTE', 'IN_DP_E2_FACTURX']);
    expect(referentials.typesFactureTravaux.entries).toHaveLength(11);
    expect(referentials.typesIdentifiantStructure.entries.map((e) => e.typeIdentifiantStructure)).toEqual([
      'SIRET', 'UE_HORS_FRANCE', 'HORS_UE', 'RIDET', 'TAHITI', 'AUTRE', 'PARTICULIER',
    ]);
    expect(referentials.typesDemandePaiement.entries.map((e) => e.typeDemandePaiement)).toEqual(OFFICIAL_TYPES_DP);
    expect([...TYPES_DEMANDE_PAIEMENT]).toEqual(OFFICIAL_TYPES_DP);
  });
});
