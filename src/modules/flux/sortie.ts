import type { FactureLue, IdentifiantPartie, Partie } from './modele.js';

/**
 * A stored invoice (entered by `soumettre` or by flux) as an EN 16931 invoice, for the UBL / CII
 * downloads of `telecharger/groupe`. The stored data is the `soumettre` model, so:
 * - an invoice deposited as a PDF without lines gets one line per VAT rate of its summary (EN 16931
 *   needs at least one line, BR-16);
 * - what is not due (global discount, or everything for A2 « déjà payée ») is the paid amount BT-113,
 *   so that BT-115 = BT-112 − BT-113 holds (BR-CO-16);
 * - a rate of 0 is category Z, or E with its reason when the invoice is exonerated.
 */
export interface StructureSortie {
  identifiant: string;
  typeIdentifiant: string;
  raisonSociale: string;
  numeroTva: string | null;
  adresse: string | null;
  codePostal: string | null;
  ville: string | null;
  codePays: string | null;
}

export interface FactureStockee {
  numeroFacture: string;
  dateFacture: string;
  typeFacture: string;
  codeCadreFacturation: string;
  typeTva: string | null;
  motifExonerationTva: string | null;
  devise: string;
  numeroMarche: string | null;
  numeroBonCommande: string | null;
  numeroFactureOrigine: string | null;
  modePaiement: string | null;
  montantHt: number;
  montantTva: number;
  montantTtc: number;
  montantAPayer: number;
  lignesPoste: unknown[];
  lignesTva: unknown[];
  commentaire: string | null;
}

const SCHEMES: Record<string, string> = { SIRET: '1', UE_HORS_FRANCE: '2', HORS_UE: '3', RIDET: '4', TAHITI: '5', AUTRE: '6', PARTICULIER: '7' };
const MOYENS: Record<string, string> = { VIREMENT: '30', PRELEVEMENT: '49', CHEQUE: '20', ESPECE: '10', REPORT: '97', AUTRE: '1' };

type Ligne = Record<string, unknown>;
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const arrondi = (x: number) => Math.round(x * 100) / 100;

/**
 * A French VAT number from a SIRET when the structure has none: FR + key + SIREN, key =
 * (12 + 3 × (SIREN mod 97)) mod 97. EN 16931 wants the seller's VAT id on standard-rated lines (BR-S-02).
 */
function tvaDeSiret(s: StructureSortie): string | null {
  if (s.numeroTva) return s.numeroTva;
  if (s.typeIdentifiant !== 'SIRET' || !/^\d{14}$/.test(s.identifiant)) return null;
  const siren = s.identifiant.slice(0, 9);
  const cle = (12 + 3 * (Number(siren) % 97)) % 97;
  return `FR${String(cle).padStart(2, '0')}${siren}`;
}

function partie(s: StructureSortie): Partie {
  const identifiant: IdentifiantPartie = { valeur: s.identifiant, schemeID: SCHEMES[s.typeIdentifiant] ?? '6' };
  return {
    nom: s.raisonSociale,
    identifiant,
    numeroTva: tvaDeSiret(s),
    adresse: { ligne1: s.adresse, ville: s.ville, codePostal: s.codePostal, codePays: s.codePays ?? 'FR' },
  };
}

export function versFactureLue(
  f: FactureStockee,
  syntaxe: 'UBL' | 'CII',
  parties: { fournisseur: StructureSortie; destinataire: StructureSortie; codeService: string | null; iban: string | null },
): FactureLue {
  const avoir = f.typeFacture === 'AVOIR';
  const m = (x: number) => (avoir ? Math.abs(x) : x);
  const exonere = f.typeTva === 'EXONERATION';
  const categorie = (taux: number) => (taux !== 0 ? 'S' : exonere ? 'E' : 'Z');
  const recap = (f.lignesTva as Ligne[]).map((l) => {
    const taux = num(l.ligneTvaTauxRefValeur) ?? num(l.ligneTvaTauxManuel) ?? 0;
    return {
      base: m(num(l.ligneTvaMontantBaseHtParTaux) ?? 0),
      montant: m(num(l.ligneTvaMontantTvaParTaux) ?? 0),
      categorie: categorie(taux),
      taux,
      motifExoneration: categorie(taux) === 'E' ? (f.motifExonerationTva ?? 'Exonération') : null,
    };
  });
  const stockees = f.lignesPoste as Ligne[];
  const lignes =
    stockees.length > 0
      ? stockees.map((l, i) => {
          const taux = num(l.lignePosteTauxTvaManuel) ?? 0;
          const net = m(num(l.lignePosteMontantHtApresRemise) ?? 0);
          const quantite = m(num(l.lignePosteQuantite) ?? 1);
          return {
            numero: String(i + 1),
            quantite,
            unite: 'C62',
            montantNet: net,
            // Net price after the line discount (BT-146), so quantity × price = net amount.
            prixUnitaire: quantite === 0 ? 0 : Math.abs(arrondi((net / quantite) * 10000) / 10000),
            quantiteBase: null,
            categorieTva: categorie(taux),
            tauxTva: taux,
            denomination: (l.lignePosteDenomination as string | null) ?? `Ligne ${i + 1}`,
            reference: (l.lignePosteReference as string | null) ?? null,
          };
        })
      : recap.map((v, i) => ({
          numero: String(i + 1),
          quantite: 1,
          unite: 'C62',
          montantNet: v.base,
          prixUnitaire: v.base,
          quantiteBase: null,
          categorieTva: v.categorie,
          tauxTva: v.taux,
          denomination: `Facture déposée en PDF, TVA ${v.taux} %`,
          reference: null,
        }));
  const sommeLignes = arrondi(lignes.reduce((s, l) => s + l.montantNet, 0));
  const ttc = m(f.montantTtc);
  const aPayer = m(f.montantAPayer);
  const paye = arrondi(ttc - aPayer);
  return {
    syntaxe,
    racine: syntaxe === 'CII' ? 'CrossIndustryInvoice' : avoir ? 'CreditNote' : 'Invoice',
    numero: f.numeroFacture,
    dateEmission: f.dateFacture.slice(0, 10),
    typeCode: avoir ? '381' : '380',
    devise: f.devise,
    note: f.commentaire,
    cadre: f.codeCadreFacturation.split('_')[0],
    specification: 'urn:cen.eu:en16931:2017',
    codeService: parties.codeService,
    numeroEngagement: f.numeroBonCommande,
    numeroMarche: f.numeroMarche,
    factureOrigine: f.numeroFactureOrigine,
    fournisseur: partie(parties.fournisseur),
    acheteur: partie(parties.destinataire),
    valideur: null,
    // A credit transfer names the account it goes to (BR-61); without known bank details the means is '1' (not defined).
    modePaiement: avoir ? null : f.modePaiement === 'VIREMENT' && !parties.iban ? '1' : (MOYENS[f.modePaiement ?? ''] ?? '1'),
    iban: avoir ? null : parties.iban,
    lignes,
    ventilationTva: recap,
    remisesCharges: [],
    totaux: {
      sommeLignes,
      remises: null,
      charges: null,
      totalHT: m(f.montantHt),
      totalTVA: m(f.montantTva),
      totalTTC: ttc,
      acompte: paye === 0 ? null : paye,
      arrondi: null,
      aPayer,
    },
    piecesJointes: [],
  };
}
