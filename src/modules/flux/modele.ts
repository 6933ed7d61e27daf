/**
 * An invoice as read from a flux, in EN 16931 terms (BT-n / BG-n), whatever its syntax (UBL, CII,
 * Factur-X). Readers fill it, the EN 16931 and Chorus rules check it, the mapping turns it into the
 * body `soumettre` takes, and the writers turn it back into UBL or CII.
 */
export interface IdentifiantPartie {
  valeur: string;
  /** Chorus `schemeID` (`1` SIRET … `7`) or ISO 6523 (`0009` SIRET, `0002` SIREN). */
  schemeID: string | null;
}

export interface Partie {
  nom: string | null;
  /** BT-30 / BT-47 (legal registration) or, failing it, BT-29 / BT-46 (party identification). */
  identifiant: IdentifiantPartie | null;
  /** BT-31 / BT-48. */
  numeroTva: string | null;
  adresse: { ligne1: string | null; ville: string | null; codePostal: string | null; codePays: string | null } | null;
}

export interface LigneLue {
  /** BT-126. */
  numero: string | null;
  /** BT-129, BT-130. */
  quantite: number | null;
  unite: string | null;
  /** BT-131. */
  montantNet: number | null;
  /** BT-146 (net price), BT-149 (base quantity). */
  prixUnitaire: number | null;
  quantiteBase: number | null;
  /** BT-151, BT-152. */
  categorieTva: string | null;
  tauxTva: number | null;
  /** BT-153, BT-155. */
  denomination: string | null;
  reference: string | null;
}

export interface VentilationTva {
  /** BT-116, BT-117, BT-118, BT-119, BT-120. */
  base: number | null;
  montant: number | null;
  categorie: string | null;
  taux: number | null;
  motifExoneration: string | null;
}

export interface RemiseOuCharge {
  /** BG-20 (remise, ChargeIndicator false) or BG-21 (charge). */
  charge: boolean;
  montant: number | null;
  categorieTva: string | null;
  tauxTva: number | null;
  motif: string | null;
}

export interface PieceJointeLue {
  nom: string;
  typeMime: string | null;
  /** base64, as carried in the XML. */
  contenu: string;
}

export interface FactureLue {
  syntaxe: 'UBL' | 'CII';
  /** Root element: `Invoice` / `CreditNote` (UBL) or `CrossIndustryInvoice`. */
  racine: string;
  numero: string | null; // BT-1
  dateEmission: string | null; // BT-2, YYYY-MM-DD
  typeCode: string | null; // BT-3
  devise: string | null; // BT-5
  note: string | null; // BT-22
  cadre: string | null; // BT-23
  specification: string | null; // BT-24
  codeService: string | null; // BT-10
  numeroEngagement: string | null; // BT-13
  numeroMarche: string | null; // BT-12
  factureOrigine: string | null; // BT-25
  fournisseur: Partie; // BG-4
  acheteur: Partie; // BG-7
  /** The invoicee (BG-? in CII Extended): the valideur of works cadres in AIFE samples. */
  valideur: IdentifiantPartie | null;
  modePaiement: string | null; // BT-81
  iban: string | null; // BT-84
  lignes: LigneLue[]; // BG-25
  ventilationTva: VentilationTva[]; // BG-23
  remisesCharges: RemiseOuCharge[]; // BG-20, BG-21
  totaux: {
    sommeLignes: number | null; // BT-106
    remises: number | null; // BT-107
    charges: number | null; // BT-108
    totalHT: number | null; // BT-109
    totalTVA: number | null; // BT-110
    totalTTC: number | null; // BT-112
    acompte: number | null; // BT-113
    arrondi: number | null; // BT-114
    aPayer: number | null; // BT-115
  };
  piecesJointes: PieceJointeLue[];
}

/** One problem found in a flux, with the id of the rule it breaks (`BR-CO-10`, `ERR_XSD_001`, …). */
export interface Anomalie {
  regle: string;
  /** The element concerned, as a path or a BT number. */
  element: string;
  /** What to fix, in French. */
  message: string;
}
