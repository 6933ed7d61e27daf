import { XmlXPath, type XmlDocument, type XmlElement, type XmlNode } from 'libxml2-wasm';
import type { FactureLue, IdentifiantPartie, Partie, PieceJointeLue } from './modele.js';

/** Syntax readers: UBL 2.1 Invoice / CreditNote and CII D16B onto the EN 16931 model (formats.md §2.1, §2.4). */
const NS = {
  cac: 'urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2',
  cbc: 'urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2',
  rsm: 'urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100',
  ram: 'urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100',
  udt: 'urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100',
};

/** XPath expressions compiled once: marshalling the expression into WASM at every call cost more than evaluating it. */
const compilees = new Map<string, XmlXPath>();
function xp(expression: string): XmlXPath {
  let c = compilees.get(expression);
  if (!c) {
    c = XmlXPath.compile(expression, NS);
    compilees.set(expression, c);
  }
  return c;
}

function texte(n: XmlNode, xpath: string): string | null {
  const v = (n as XmlElement).eval(xp(`normalize-space(${xpath})`));
  return typeof v === 'string' && v !== '' ? v : null;
}

function nombre(n: XmlNode, xpath: string): number | null {
  const t = texte(n, xpath);
  if (t === null || !/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(t)) return null;
  return Number(t);
}

function identifiant(n: XmlNode, xpath: string): IdentifiantPartie | null {
  const valeur = texte(n, xpath);
  return valeur === null ? null : { valeur, schemeID: texte(n, `${xpath}/@schemeID`) };
}

function tous(n: XmlNode, xpath: string): XmlNode[] {
  return (n as XmlElement).find(xp(xpath));
}

function piecesJointes(n: XmlNode, xpath: string, nomXpath: string): PieceJointeLue[] {
  return tous(n, xpath).map((o, i) => ({
    nom: texte(o, '@filename') ?? texte(o, nomXpath) ?? `piece-jointe-${i + 1}`,
    typeMime: texte(o, '@mimeCode'),
    contenu: texte(o, '.') ?? '',
  }));
}

function partieUbl(p: XmlNode | null): Partie {
  if (!p) return { nom: null, identifiant: null, numeroTva: null, adresse: null };
  const a = (p as XmlElement).get(xp('cac:PostalAddress'));
  return {
    nom: texte(p, 'cac:PartyLegalEntity/cbc:RegistrationName') ?? texte(p, 'cac:PartyName/cbc:Name'),
    // Chorus reads the SIRET in PartyIdentification/ID (formats.md §2.4); CompanyID is the EN 16931 place.
    identifiant: identifiant(p, 'cac:PartyIdentification[1]/cbc:ID') ?? identifiant(p, 'cac:PartyLegalEntity/cbc:CompanyID'),
    numeroTva: texte(p, "cac:PartyTaxScheme[cac:TaxScheme/cbc:ID='VAT']/cbc:CompanyID") ?? texte(p, 'cac:PartyTaxScheme[1]/cbc:CompanyID'),
    adresse: a && {
      ligne1: texte(a, 'cbc:StreetName'),
      ville: texte(a, 'cbc:CityName'),
      codePostal: texte(a, 'cbc:PostalZone'),
      codePays: texte(a, 'cac:Country/cbc:IdentificationCode'),
    },
  };
}

export function lireUbl(doc: XmlDocument): FactureLue {
  const r = doc.root;
  const avoir = r.name === 'CreditNote';
  const ligne = avoir ? 'cac:CreditNoteLine' : 'cac:InvoiceLine';
  const quantite = avoir ? 'cbc:CreditedQuantity' : 'cbc:InvoicedQuantity';
  const devise = texte(r, 'cbc:DocumentCurrencyCode');
  const m = r.get(xp('cac:LegalMonetaryTotal'));
  return {
    syntaxe: 'UBL',
    racine: r.name,
    numero: texte(r, 'cbc:ID'),
    dateEmission: texte(r, 'cbc:IssueDate'),
    typeCode: texte(r, avoir ? 'cbc:CreditNoteTypeCode' : 'cbc:InvoiceTypeCode'),
    devise,
    note: texte(r, 'cbc:Note[1]'),
    cadre: texte(r, 'cbc:ProfileID'),
    specification: texte(r, 'cbc:CustomizationID'),
    codeService: texte(r, 'cbc:BuyerReference') ?? texte(r, 'cac:AccountingCustomerParty/cac:Party/cac:Contact/cbc:ID'),
    numeroEngagement: texte(r, 'cac:OrderReference/cbc:ID'),
    numeroMarche: texte(r, 'cac:ContractDocumentReference/cbc:ID'),
    factureOrigine: texte(r, 'cac:BillingReference[1]/cac:InvoiceDocumentReference/cbc:ID'),
    fournisseur: partieUbl(r.get(xp('cac:AccountingSupplierParty/cac:Party'))),
    acheteur: partieUbl(r.get(xp('cac:AccountingCustomerParty/cac:Party'))),
    valideur: null,
    modePaiement: texte(r, 'cac:PaymentMeans[1]/cbc:PaymentMeansCode'),
    iban: texte(r, 'cac:PaymentMeans[1]/cac:PayeeFinancialAccount/cbc:ID'),
    lignes: tous(r, ligne).map((l) => ({
      numero: texte(l, 'cbc:ID'),
      quantite: nombre(l, quantite),
      unite: texte(l, `${quantite}/@unitCode`),
      montantNet: nombre(l, 'cbc:LineExtensionAmount'),
      prixUnitaire: nombre(l, 'cac:Price/cbc:PriceAmount'),
      quantiteBase: nombre(l, 'cac:Price/cbc:BaseQuantity'),
      categorieTva: texte(l, 'cac:Item/cac:ClassifiedTaxCategory/cbc:ID'),
      tauxTva: nombre(l, 'cac:Item/cac:ClassifiedTaxCategory/cbc:Percent'),
      denomination: texte(l, 'cac:Item/cbc:Name'),
      reference: texte(l, 'cac:Item/cac:SellersItemIdentification/cbc:ID'),
    })),
    ventilationTva: tous(r, 'cac:TaxTotal/cac:TaxSubtotal').map((s) => ({
      base: nombre(s, 'cbc:TaxableAmount'),
      montant: nombre(s, 'cbc:TaxAmount'),
      categorie: texte(s, 'cac:TaxCategory/cbc:ID'),
      taux: nombre(s, 'cac:TaxCategory/cbc:Percent'),
      motifExoneration: texte(s, 'cac:TaxCategory/cbc:TaxExemptionReason'),
    })),
    remisesCharges: tous(r, 'cac:AllowanceCharge').map((a) => ({
      charge: texte(a, 'cbc:ChargeIndicator') === 'true',
      montant: nombre(a, 'cbc:Amount'),
      categorieTva: texte(a, 'cac:TaxCategory/cbc:ID'),
      tauxTva: nombre(a, 'cac:TaxCategory/cbc:Percent'),
      motif: texte(a, 'cbc:AllowanceChargeReason'),
    })),
    totaux: {
      sommeLignes: m && nombre(m, 'cbc:LineExtensionAmount'),
      remises: m && nombre(m, 'cbc:AllowanceTotalAmount'),
      charges: m && nombre(m, 'cbc:ChargeTotalAmount'),
      totalHT: m && nombre(m, 'cbc:TaxExclusiveAmount'),
      // BT-110 is the TaxTotal in the document currency (BR-53 puts the accounting currency in another).
      totalTVA: nombre(r, devise ? `cac:TaxTotal[cbc:TaxAmount/@currencyID='${devise.replace(/'/g, '')}'][1]/cbc:TaxAmount` : 'cac:TaxTotal[1]/cbc:TaxAmount'),
      totalTTC: m && nombre(m, 'cbc:TaxInclusiveAmount'),
      acompte: m && nombre(m, 'cbc:PrepaidAmount'),
      arrondi: m && nombre(m, 'cbc:PayableRoundingAmount'),
      aPayer: m && nombre(m, 'cbc:PayableAmount'),
    },
    piecesJointes: piecesJointes(r, 'cac:AdditionalDocumentReference/cac:Attachment/cbc:EmbeddedDocumentBinaryObject', '../../cbc:ID'),
  };
}

function partieCii(p: XmlNode | null): Partie {
  if (!p) return { nom: null, identifiant: null, numeroTva: null, adresse: null };
  const a = (p as XmlElement).get(xp('ram:PostalTradeAddress'));
  return {
    nom: texte(p, 'ram:Name'),
    identifiant: identifiant(p, 'ram:SpecifiedLegalOrganization/ram:ID') ?? identifiant(p, 'ram:ID[1]') ?? identifiant(p, 'ram:GlobalID[1]'),
    numeroTva: texte(p, "ram:SpecifiedTaxRegistration/ram:ID[@schemeID='VA']"),
    adresse: a && {
      ligne1: texte(a, 'ram:LineOne'),
      ville: texte(a, 'ram:CityName'),
      codePostal: texte(a, 'ram:PostcodeCode'),
      codePays: texte(a, 'ram:CountryID'),
    },
  };
}

/** CII dates are `YYYYMMDD` (format 102); the model keeps ISO dates. */
function dateCii(brute: string | null): string | null {
  if (brute === null) return null;
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(brute);
  return m ? `${m[1]}-${m[2]}-${m[3]}` : brute;
}

export function lireCii(doc: XmlDocument): FactureLue {
  const r = doc.root;
  const t = r.get(xp('rsm:SupplyChainTradeTransaction')) ?? r;
  const a = t.get(xp('ram:ApplicableHeaderTradeAgreement')) ?? t;
  const s = t.get(xp('ram:ApplicableHeaderTradeSettlement')) ?? t;
  const m = s.get(xp('ram:SpecifiedTradeSettlementHeaderMonetarySummation'));
  const devise = texte(s, 'ram:InvoiceCurrencyCode');
  return {
    syntaxe: 'CII',
    racine: r.name,
    numero: texte(r, 'rsm:ExchangedDocument/ram:ID'),
    dateEmission: dateCii(texte(r, 'rsm:ExchangedDocument/ram:IssueDateTime/udt:DateTimeString')),
    typeCode: texte(r, 'rsm:ExchangedDocument/ram:TypeCode'),
    devise,
    note: texte(r, 'rsm:ExchangedDocument/ram:IncludedNote[1]/ram:Content'),
    cadre: texte(r, 'rsm:ExchangedDocumentContext/ram:BusinessProcessSpecifiedDocumentContextParameter/ram:ID'),
    specification: texte(r, 'rsm:ExchangedDocumentContext/ram:GuidelineSpecifiedDocumentContextParameter/ram:ID'),
    codeService: texte(a, 'ram:BuyerReference'),
    numeroEngagement: texte(a, 'ram:BuyerOrderReferencedDocument/ram:IssuerAssignedID'),
    numeroMarche: texte(a, 'ram:ContractReferencedDocument/ram:IssuerAssignedID'),
    factureOrigine: texte(s, 'ram:InvoiceReferencedDocument[1]/ram:IssuerAssignedID'),
    fournisseur: partieCii(a.get(xp('ram:SellerTradeParty'))),
    acheteur: partieCii(a.get(xp('ram:BuyerTradeParty'))),
    valideur: identifiant(s, 'ram:InvoiceeTradeParty/ram:SpecifiedLegalOrganization/ram:ID'),
    modePaiement: texte(s, 'ram:SpecifiedTradeSettlementPaymentMeans[1]/ram:TypeCode'),
    iban: texte(s, 'ram:SpecifiedTradeSettlementPaymentMeans[1]/ram:PayeePartyCreditorFinancialAccount/ram:IBANID'),
    lignes: tous(t, 'ram:IncludedSupplyChainTradeLineItem').map((l) => ({
      numero: texte(l, 'ram:AssociatedDocumentLineDocument/ram:LineID'),
      quantite: nombre(l, 'ram:SpecifiedLineTradeDelivery/ram:BilledQuantity'),
      unite: texte(l, 'ram:SpecifiedLineTradeDelivery/ram:BilledQuantity/@unitCode'),
      montantNet: nombre(l, 'ram:SpecifiedLineTradeSettlement/ram:SpecifiedTradeSettlementLineMonetarySummation/ram:LineTotalAmount'),
      prixUnitaire: nombre(l, 'ram:SpecifiedLineTradeAgreement/ram:NetPriceProductTradePrice/ram:ChargeAmount'),
      quantiteBase: nombre(l, 'ram:SpecifiedLineTradeAgreement/ram:NetPriceProductTradePrice/ram:BasisQuantity'),
      categorieTva: texte(l, 'ram:SpecifiedLineTradeSettlement/ram:ApplicableTradeTax/ram:CategoryCode'),
      tauxTva: nombre(l, 'ram:SpecifiedLineTradeSettlement/ram:ApplicableTradeTax/ram:RateApplicablePercent'),
      denomination: texte(l, 'ram:SpecifiedTradeProduct/ram:Name'),
      reference: texte(l, 'ram:SpecifiedTradeProduct/ram:SellerAssignedID'),
    })),
    ventilationTva: tous(s, 'ram:ApplicableTradeTax').map((v) => ({
      base: nombre(v, 'ram:BasisAmount'),
      montant: nombre(v, 'ram:CalculatedAmount'),
      categorie: texte(v, 'ram:CategoryCode'),
      taux: nombre(v, 'ram:RateApplicablePercent'),
      motifExoneration: texte(v, 'ram:ExemptionReason'),
    })),
    remisesCharges: tous(s, 'ram:SpecifiedTradeAllowanceCharge').map((x) => ({
      charge: texte(x, 'ram:ChargeIndicator/udt:Indicator') === 'true',
      montant: nombre(x, 'ram:ActualAmount'),
      categorieTva: texte(x, 'ram:CategoryTradeTax/ram:CategoryCode'),
      tauxTva: nombre(x, 'ram:CategoryTradeTax/ram:RateApplicablePercent'),
      motif: texte(x, 'ram:Reason'),
    })),
    totaux: {
      sommeLignes: m && nombre(m, 'ram:LineTotalAmount'),
      remises: m && nombre(m, 'ram:AllowanceTotalAmount'),
      charges: m && nombre(m, 'ram:ChargeTotalAmount'),
      totalHT: m && nombre(m, 'ram:TaxBasisTotalAmount'),
      totalTVA: m && nombre(m, devise ? `ram:TaxTotalAmount[@currencyID='${devise.replace(/'/g, '')}' or not(@currencyID)][1]` : 'ram:TaxTotalAmount[1]'),
      totalTTC: m && nombre(m, 'ram:GrandTotalAmount'),
      acompte: m && nombre(m, 'ram:TotalPrepaidAmount'),
      arrondi: m && nombre(m, 'ram:RoundingAmount'),
      aPayer: m && nombre(m, 'ram:DuePayableAmount'),
    },
    piecesJointes: piecesJointes(a, 'ram:AdditionalReferencedDocument/ram:AttachmentBinaryObject', '../ram:IssuerAssignedID'),
  };
}
