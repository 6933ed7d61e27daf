import { describe, expect, it } from 'vitest';
import { analyserFlux } from '../../src/modules/flux/analyse.js';
import { compteRenduAnalyse, pdfCompteRendu } from '../../src/modules/flux/cr.js';
import { ecrireCii, ecrireUbl } from '../../src/modules/flux/ecriture.js';
import { reglesOfficielles } from '../../src/modules/flux/regles-officielles.js';
import { versFactureLue, type FactureStockee, type StructureSortie } from '../../src/modules/flux/sortie.js';
import { factureExemple, SIRET_DESTINATAIRE, SIRET_FOURNISSEUR } from './exemples.js';

const enc = (s: string) => new TextEncoder().encode(s);
const structure = (identifiant: string, raisonSociale: string): StructureSortie => ({
  identifiant,
  typeIdentifiant: 'SIRET',
  raisonSociale,
  numeroTva: null,
  adresse: '2 place de la Mairie',
  codePostal: '69001',
  ville: 'Lyon',
  codePays: 'FR',
});
const parties = { fournisseur: structure(SIRET_FOURNISSEUR, 'Menuiserie Dupont'), destinataire: structure(SIRET_DESTINATAIRE, 'Commune'), codeService: 'SERV1', iban: null };

const stockee: FactureStockee = {
  numeroFacture: 'SAISIE-1',
  dateFacture: '2026-11-02',
  typeFacture: 'FACTURE',
  codeCadreFacturation: 'A1_FACTURE_FOURNISSEUR',
  typeTva: null,
  motifExonerationTva: null,
  devise: 'EUR',
  numeroMarche: null,
  numeroBonCommande: 'EJ1',
  numeroFactureOrigine: null,
  modePaiement: 'VIREMENT',
  montantHt: 150,
  montantTva: 25,
  montantTtc: 175,
  montantAPayer: 165,
  lignesPoste: [
    { lignePosteQuantite: 3, lignePosteMontantUnitaireHT: 40, lignePosteMontantRemiseHT: 20, lignePosteTauxTvaManuel: 20, lignePosteMontantHtApresRemise: 100, lignePosteDenomination: 'Ouvrage' },
    { lignePosteQuantite: 1, lignePosteMontantUnitaireHT: 50, lignePosteTauxTvaManuel: 10, lignePosteMontantHtApresRemise: 50, lignePosteDenomination: 'Étude' },
  ],
  lignesTva: [
    { ligneTvaTauxRefValeur: 20, ligneTvaMontantBaseHtParTaux: 100, ligneTvaMontantTvaParTaux: 20 },
    { ligneTvaTauxRefValeur: 10, ligneTvaMontantBaseHtParTaux: 50, ligneTvaMontantTvaParTaux: 5 },
  ],
  commentaire: null,
};

describe('outbound UBL / CII of a stored invoice', () => {
  for (const [nom, syntaxe, ecrire, code] of [
    ['UBL', 'UBL', ecrireUbl, 'IN_DP_E1_UBL_INVOICE'],
    ['CII', 'CII', ecrireCii, 'IN_DP_E1_CII_16B'],
  ] as const) {
    it(`an invoice entered by soumettre, written as ${nom}, passes our XSD, EN 16931 and Chorus layers`, async () => {
      const a = await analyserFlux(enc(ecrire(versFactureLue(stockee, syntaxe, parties))), 'f.xml', code);
      expect(a.erreursTechniques).toEqual([]);
      expect(a.factures[0].anomalies).toEqual([]);
      expect(a.factures[0].facture.totaux.acompte).toBe(10);
      // And the complete official CEN rule set finds nothing fatal either.
      expect(reglesOfficielles(ecrire(versFactureLue(stockee, syntaxe, parties)), syntaxe)).toEqual([]);
    });
    it(`a PDF deposit without lines and a credit note also pass as ${nom}`, async () => {
      const pdf = { ...stockee, lignesPoste: [], montantAPayer: 175, modePaiement: null };
      const a = await analyserFlux(enc(ecrire(versFactureLue(pdf, syntaxe, parties))), 'f.xml', code);
      expect(a.factures[0].anomalies).toEqual([]);
      const avoir = { ...stockee, typeFacture: 'AVOIR', numeroFactureOrigine: 'SAISIE-0', modePaiement: null, montantAPayer: 175 };
      const b = await analyserFlux(enc(ecrire(versFactureLue(avoir, syntaxe, parties))), 'f.xml', code);
      expect(b.erreursTechniques).toEqual([]);
      expect(b.factures[0].anomalies).toEqual([]);
    });
  }
});

describe('compte rendu', () => {
  it('an archive with one broken invoice among good ones would be IN_INTEGRE_PARTIEL, its error row names the rule and the element', async () => {
    const { zipSync, strToU8 } = await import('fflate');
    const bonne = ecrireUbl(factureExemple({ numero: 'OK-1' }));
    const casse = ecrireUbl(factureExemple({ numero: 'KO-1', totaux: { ...factureExemple().totaux, totalTTC: 1 } }));
    const a = await analyserFlux(zipSync({ '1.xml': strToU8(bonne), '2.xml': strToU8(casse) }), 'lot.zip', 'IN_DP_E1_UBL_INVOICE');
    const cr = compteRenduAnalyse(a);
    expect(cr.etat).toBe('IN_INTEGRE_PARTIEL');
    expect(cr.facturesIntegrees).toEqual(['OK-1']);
    expect(cr.listeErreurDP).toHaveLength(1);
    expect(cr.listeErreurDP[0]).toMatchObject({ numeroDP: 'KO-1', identifiantFournisseur: SIRET_FOURNISSEUR, identifiantDestinataire: SIRET_DESTINATAIRE });
    expect(cr.listeErreurDP[0].libelleErreurDP).toMatch(/\[BR-CO-15\].*\(élément BT-112\)/);
    const pdf = await pdfCompteRendu({ numeroFluxDepot: 'CPP0011100000000000000001', nomFichier: 'lot.zip', syntaxeFlux: 'IN_DP_E1_UBL_INVOICE', codeInterface: 'FSO1100A', dateDepot: '2026-12-01', dateEtat: '2026-12-01 10:00' }, cr);
    expect(Buffer.from(pdf.slice(0, 5)).toString()).toBe('%PDF-');
  });

  it('an XSD error is a technical error of nature IRRECEVABILITE, and the flux is IN_REJETE', async () => {
    const a = await analyserFlux(enc(ecrireUbl(factureExemple()).replace('<cbc:IssueDate>', '<cbc:IssueDate>x')), 'f.xml', 'IN_DP_E1_UBL_INVOICE');
    const cr = compteRenduAnalyse(a);
    expect(cr.etat).toBe('IN_REJETE');
    expect(cr.listeErreurTechnique[0]).toMatchObject({ codeErreur: 'ERR_XSD_001', natureErreur: 'IRRECEVABILITE' });
    expect(cr.listeErreurTechnique[0].libelleErreur).toMatch(/^IRRECEVABILITE: /);
  });
});
