/**
 * The 13 `syntaxeFlux` of DeposerFluxFactureParam (chorus-api §4.6) and what the sandbox does with
 * each. Interface codes and their 4-digit numbers come from the EDI annex and AIFE samples
 * (formats.md §1.2–1.3); they make up `numeroFluxDepot` (`CPP001` + code + 15-digit sequence).
 * Syntaxes whose format is not public (CPP Facture minimal, PES, xCBL, pre-D16B CII, PDF archives)
 * are refused at deposit rather than accepted and left unread.
 */
export type Lecture = 'UBL' | 'CII' | 'FACTURX';

export interface SyntaxeFlux {
  famille: 'E1' | 'E2';
  interface: string;
  lecture: Lecture | null;
  /** E2 "minimal" XML: routing data plus the invoice as a PDF attachment; EN 16931 rules not applied. */
  minimal: boolean;
}

export const SYNTAXES_FLUX = {
  IN_DP_E1_UBL_INVOICE: { famille: 'E1', interface: 'FSO1100A', lecture: 'UBL', minimal: false },
  IN_DP_E1_CII: { famille: 'E1', interface: 'FSO1101A', lecture: null, minimal: false },
  IN_DP_E1_PES_FACTURE: { famille: 'E1', interface: 'FSO1102A', lecture: null, minimal: false },
  IN_DP_E1_XCBL: { famille: 'E1', interface: 'FSO1103A', lecture: null, minimal: false },
  IN_DP_E2_UBL_INVOICE_MIN: { famille: 'E2', interface: 'FSO1110A', lecture: 'UBL', minimal: true },
  IN_DP_E2_CII_MIN: { famille: 'E2', interface: 'FSO1111A', lecture: null, minimal: true },
  IN_DP_E2_PES_FACTURE_MIN: { famille: 'E2', interface: 'FSO1112A', lecture: null, minimal: true },
  IN_DP_E2_CPP_FACTURE_MIN: { famille: 'E2', interface: 'FSO1113A', lecture: null, minimal: true },
  IN_DP_PDFARCHIVE_UBL_INVOICE_MUG: { famille: 'E2', interface: 'FSO1114A', lecture: null, minimal: true },
  IN_DP_PDFARCHIVE_CII_MUG: { famille: 'E2', interface: 'FSO1115A', lecture: null, minimal: true },
  IN_DP_E1_CII_16B: { famille: 'E1', interface: 'FSO1106A', lecture: 'CII', minimal: false },
  IN_DP_E2_CII_MIN_16B: { famille: 'E2', interface: 'FSO1116A', lecture: 'CII', minimal: true },
  IN_DP_E2_CII_FACTURX: { famille: 'E2', interface: 'FSO1117A', lecture: 'FACTURX', minimal: false },
} as const satisfies Record<string, SyntaxeFlux>;

export type CodeSyntaxeFlux = keyof typeof SYNTAXES_FLUX;
export const CODES_SYNTAXE_FLUX = Object.keys(SYNTAXES_FLUX) as [CodeSyntaxeFlux, ...CodeSyntaxeFlux[]];
export const SYNTAXES_LUES = CODES_SYNTAXE_FLUX.filter((c) => SYNTAXES_FLUX[c].lecture !== null);

/** `modeDepot` of the invoices a flux creates (FactureCpp.modeDepot enum, chorus-api §4.2). */
export function modeDepotFlux(code: CodeSyntaxeFlux): 'EDI_XML_STRUCT' | 'EDI_MIXTE' {
  return SYNTAXES_FLUX[code].famille === 'E1' ? 'EDI_XML_STRUCT' : 'EDI_MIXTE';
}
