import type { FactureLue, IdentifiantPartie, Partie } from './modele.js';

/**
 * Outbound writers: the EN 16931 model as UBL 2.1 or CII D16B, in the schemas' element order, with
 * the Chorus routing data where the platform reads it (BT-10, BT-13, BT-23, identifiers with their
 * `schemeID`). Used by `telecharger/groupe` (format PIVOT / XML) and to generate test flux.
 */
const echapper = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const montant = (x: number | null) => (x ?? 0).toFixed(2);
const nombre = (x: number | null) => String(x ?? 0);

/** `<tag>text</tag>` when the value exists, nothing otherwise. */
function el(tag: string, valeur: string | number | null | undefined, attributs: Record<string, string | null | undefined> = {}): string {
  if (valeur === null || valeur === undefined || valeur === '') return '';
  const a = Object.entries(attributs)
    .filter(([, v]) => v)
    .map(([k, v]) => ` ${k}="${echapper(String(v))}"`)
    .join('');
  return `<${tag}${a}>${echapper(String(valeur))}</${tag}>`;
}

function partieUbl(p: Partie): string {
  const id = p.identifiant;
  const adr = p.adresse ?? { ligne1: null, ville: null, codePostal: null, codePays: 'FR' };
  return (
    '<cac:Party>' +
    (id ? `<cac:PartyIdentification>${el('cbc:ID', id.valeur, { schemeID: id.schemeID })}</cac:PartyIdentification>` : '') +
    (p.nom ? `<cac:PartyName>${el('cbc:Name', p.nom)}</cac:PartyName>` : '') +
    `<cac:PostalAddress>${el('cbc:StreetName', adr.ligne1)}${el('cbc:CityName', adr.ville)}${el('cbc:PostalZone', adr.codePostal)}<cac:Country>${el('cbc:IdentificationCode', adr.codePays ?? 'FR')}</cac:Country></cac:PostalAddress>` +
    (p.numeroTva ? `<cac:PartyTaxScheme>${el('cbc:CompanyID', p.numeroTva)}<cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:PartyTaxScheme>` : '') +
    `<cac:PartyLegalEntity>${el('cbc:RegistrationName', p.nom ?? '')}${id ? el('cbc:CompanyID', id.valeur, { schemeID: id.schemeID }) : ''}</cac:PartyLegalEntity>` +
    '</cac:Party>'
  );
}

function categorieUbl(tag: string, categorie: string | null, taux: number | null, motif: string | null = null): string {
  return `<${tag}>${el('cbc:ID', categorie ?? 'S')}${taux === null ? '' : el('cbc:Percent', nombre(taux))}${el('cbc:TaxExemptionReason', motif)}<cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></${tag}>`;
}

export function ecrireUbl(f: FactureLue): string {
  const avoir = f.racine === 'CreditNote' || f.typeCode === '381';
  const racine = avoir ? 'CreditNote' : 'Invoice';
  const ligne = avoir ? 'CreditNoteLine' : 'InvoiceLine';
  const qte = avoir ? 'CreditedQuantity' : 'InvoicedQuantity';
  const cur = { currencyID: f.devise ?? 'EUR' };
  const t = f.totaux;
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<${racine} xmlns="urn:oasis:names:specification:ubl:schema:xsd:${racine}-2" xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2" xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">` +
    el('cbc:CustomizationID', f.specification ?? 'urn:cen.eu:en16931:2017') +
    el('cbc:ProfileID', f.cadre) +
    el('cbc:ID', f.numero) +
    el('cbc:IssueDate', f.dateEmission) +
    el(avoir ? 'cbc:CreditNoteTypeCode' : 'cbc:InvoiceTypeCode', f.typeCode ?? (avoir ? '381' : '380')) +
    el('cbc:Note', f.note) +
    el('cbc:DocumentCurrencyCode', f.devise ?? 'EUR') +
    el('cbc:BuyerReference', f.codeService) +
    (f.numeroEngagement ? `<cac:OrderReference>${el('cbc:ID', f.numeroEngagement)}</cac:OrderReference>` : '') +
    (f.factureOrigine ? `<cac:BillingReference><cac:InvoiceDocumentReference>${el('cbc:ID', f.factureOrigine)}</cac:InvoiceDocumentReference></cac:BillingReference>` : '') +
    (f.numeroMarche ? `<cac:ContractDocumentReference>${el('cbc:ID', f.numeroMarche)}</cac:ContractDocumentReference>` : '') +
    f.piecesJointes
      .map((p, i) => `<cac:AdditionalDocumentReference>${el('cbc:ID', p.nom || String(i + 1))}<cac:Attachment>${el('cbc:EmbeddedDocumentBinaryObject', p.contenu, { mimeCode: p.typeMime ?? 'application/pdf', filename: p.nom })}</cac:Attachment></cac:AdditionalDocumentReference>`)
      .join('') +
    `<cac:AccountingSupplierParty>${partieUbl(f.fournisseur)}</cac:AccountingSupplierParty>` +
    `<cac:AccountingCustomerParty>${partieUbl(f.acheteur)}</cac:AccountingCustomerParty>` +
    (f.modePaiement ? `<cac:PaymentMeans>${el('cbc:PaymentMeansCode', f.modePaiement)}${f.iban ? `<cac:PayeeFinancialAccount>${el('cbc:ID', f.iban)}</cac:PayeeFinancialAccount>` : ''}</cac:PaymentMeans>` : '') +
    f.remisesCharges
      .map((x) => `<cac:AllowanceCharge>${el('cbc:ChargeIndicator', String(x.charge))}${el('cbc:AllowanceChargeReason', x.motif)}${el('cbc:Amount', montant(x.montant), cur)}${categorieUbl('cac:TaxCategory', x.categorieTva, x.tauxTva)}</cac:AllowanceCharge>`)
      .join('') +
    `<cac:TaxTotal>${el('cbc:TaxAmount', montant(t.totalTVA), cur)}` +
    f.ventilationTva
      .map((v) => `<cac:TaxSubtotal>${el('cbc:TaxableAmount', montant(v.base), cur)}${el('cbc:TaxAmount', montant(v.montant), cur)}${categorieUbl('cac:TaxCategory', v.categorie, v.taux, v.motifExoneration)}</cac:TaxSubtotal>`)
      .join('') +
    '</cac:TaxTotal>' +
    '<cac:LegalMonetaryTotal>' +
    el('cbc:LineExtensionAmount', montant(t.sommeLignes), cur) +
    el('cbc:TaxExclusiveAmount', montant(t.totalHT), cur) +
    el('cbc:TaxInclusiveAmount', montant(t.totalTTC), cur) +
    (t.remises === null ? '' : el('cbc:AllowanceTotalAmount', montant(t.remises), cur)) +
    (t.charges === null ? '' : el('cbc:ChargeTotalAmount', montant(t.charges), cur)) +
    (t.acompte === null ? '' : el('cbc:PrepaidAmount', montant(t.acompte), cur)) +
    (t.arrondi === null ? '' : el('cbc:PayableRoundingAmount', montant(t.arrondi), cur)) +
    el('cbc:PayableAmount', montant(t.aPayer), cur) +
    '</cac:LegalMonetaryTotal>' +
    f.lignes
      .map(
        (l, i) =>
          `<cac:${ligne}>${el('cbc:ID', l.numero ?? String(i + 1))}${el(`cbc:${qte}`, nombre(l.quantite), { unitCode: l.unite ?? 'C62' })}${el('cbc:LineExtensionAmount', montant(l.montantNet), cur)}` +
          `<cac:Item>${el('cbc:Name', l.denomination ?? '')}${l.reference ? `<cac:SellersItemIdentification>${el('cbc:ID', l.reference)}</cac:SellersItemIdentification>` : ''}${categorieUbl('cac:ClassifiedTaxCategory', l.categorieTva, l.tauxTva)}</cac:Item>` +
          `<cac:Price>${el('cbc:PriceAmount', nombre(l.prixUnitaire), cur)}${l.quantiteBase === null ? '' : el('cbc:BaseQuantity', nombre(l.quantiteBase), { unitCode: l.unite ?? 'C62' })}</cac:Price></cac:${ligne}>`,
      )
      .join('') +
    `</${racine}>\n`
  );
}

function organisation(id: IdentifiantPartie | null): string {
  return id ? `<ram:SpecifiedLegalOrganization>${el('ram:ID', id.valeur, { schemeID: id.schemeID })}</ram:SpecifiedLegalOrganization>` : '';
}

function partieCii(tag: string, p: Partie): string {
  const adr = p.adresse ?? { ligne1: null, ville: null, codePostal: null, codePays: 'FR' };
  return (
    `<ram:${tag}>${el('ram:Name', p.nom ?? '')}${organisation(p.identifiant)}` +
    `<ram:PostalTradeAddress>${el('ram:PostcodeCode', adr.codePostal)}${el('ram:LineOne', adr.ligne1)}${el('ram:CityName', adr.ville)}${el('ram:CountryID', adr.codePays ?? 'FR')}</ram:PostalTradeAddress>` +
    (p.numeroTva ? `<ram:SpecifiedTaxRegistration>${el('ram:ID', p.numeroTva, { schemeID: 'VA' })}</ram:SpecifiedTaxRegistration>` : '') +
    `</ram:${tag}>`
  );
}

const dateCii = (iso: string | null) => (iso ?? '').replace(/-/g, '').slice(0, 8);

export function ecrireCii(f: FactureLue): string {
  const t = f.totaux;
  const cur = { currencyID: f.devise ?? 'EUR' };
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    '<rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100" xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100" xmlns:udt="urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100" xmlns:qdt="urn:un:unece:uncefact:data:standard:QualifiedDataType:100">' +
    '<rsm:ExchangedDocumentContext>' +
    (f.cadre ? `<ram:BusinessProcessSpecifiedDocumentContextParameter>${el('ram:ID', f.cadre)}</ram:BusinessProcessSpecifiedDocumentContextParameter>` : '') +
    `<ram:GuidelineSpecifiedDocumentContextParameter>${el('ram:ID', f.specification ?? 'urn:cen.eu:en16931:2017')}</ram:GuidelineSpecifiedDocumentContextParameter>` +
    '</rsm:ExchangedDocumentContext>' +
    `<rsm:ExchangedDocument>${el('ram:ID', f.numero)}${el('ram:TypeCode', f.typeCode ?? '380')}<ram:IssueDateTime>${el('udt:DateTimeString', dateCii(f.dateEmission), { format: '102' })}</ram:IssueDateTime>${f.note ? `<ram:IncludedNote>${el('ram:Content', f.note)}</ram:IncludedNote>` : ''}</rsm:ExchangedDocument>` +
    '<rsm:SupplyChainTradeTransaction>' +
    f.lignes
      .map(
        (l, i) =>
          '<ram:IncludedSupplyChainTradeLineItem>' +
          `<ram:AssociatedDocumentLineDocument>${el('ram:LineID', l.numero ?? String(i + 1))}</ram:AssociatedDocumentLineDocument>` +
          `<ram:SpecifiedTradeProduct>${el('ram:SellerAssignedID', l.reference)}${el('ram:Name', l.denomination ?? '')}</ram:SpecifiedTradeProduct>` +
          `<ram:SpecifiedLineTradeAgreement><ram:NetPriceProductTradePrice>${el('ram:ChargeAmount', nombre(l.prixUnitaire))}${l.quantiteBase === null ? '' : el('ram:BasisQuantity', nombre(l.quantiteBase), { unitCode: l.unite ?? 'C62' })}</ram:NetPriceProductTradePrice></ram:SpecifiedLineTradeAgreement>` +
          `<ram:SpecifiedLineTradeDelivery>${el('ram:BilledQuantity', nombre(l.quantite), { unitCode: l.unite ?? 'C62' })}</ram:SpecifiedLineTradeDelivery>` +
          `<ram:SpecifiedLineTradeSettlement><ram:ApplicableTradeTax><ram:TypeCode>VAT</ram:TypeCode>${el('ram:CategoryCode', l.categorieTva ?? 'S')}${l.tauxTva === null ? '' : el('ram:RateApplicablePercent', nombre(l.tauxTva))}</ram:ApplicableTradeTax>` +
          `<ram:SpecifiedTradeSettlementLineMonetarySummation>${el('ram:LineTotalAmount', montant(l.montantNet))}</ram:SpecifiedTradeSettlementLineMonetarySummation></ram:SpecifiedLineTradeSettlement>` +
          '</ram:IncludedSupplyChainTradeLineItem>',
      )
      .join('') +
    '<ram:ApplicableHeaderTradeAgreement>' +
    el('ram:BuyerReference', f.codeService) +
    partieCii('SellerTradeParty', f.fournisseur) +
    partieCii('BuyerTradeParty', f.acheteur) +
    (f.numeroEngagement ? `<ram:BuyerOrderReferencedDocument>${el('ram:IssuerAssignedID', f.numeroEngagement)}</ram:BuyerOrderReferencedDocument>` : '') +
    (f.numeroMarche ? `<ram:ContractReferencedDocument>${el('ram:IssuerAssignedID', f.numeroMarche)}</ram:ContractReferencedDocument>` : '') +
    f.piecesJointes
      .map((p) => `<ram:AdditionalReferencedDocument>${el('ram:IssuerAssignedID', p.nom)}<ram:TypeCode>916</ram:TypeCode>${el('ram:AttachmentBinaryObject', p.contenu, { mimeCode: p.typeMime ?? 'application/pdf', filename: p.nom })}</ram:AdditionalReferencedDocument>`)
      .join('') +
    '</ram:ApplicableHeaderTradeAgreement>' +
    '<ram:ApplicableHeaderTradeDelivery/>' +
    '<ram:ApplicableHeaderTradeSettlement>' +
    el('ram:InvoiceCurrencyCode', f.devise ?? 'EUR') +
    (f.valideur ? `<ram:InvoiceeTradeParty>${organisation(f.valideur)}</ram:InvoiceeTradeParty>` : '') +
    (f.modePaiement
      ? `<ram:SpecifiedTradeSettlementPaymentMeans>${el('ram:TypeCode', f.modePaiement)}${f.iban ? `<ram:PayeePartyCreditorFinancialAccount>${el('ram:IBANID', f.iban)}</ram:PayeePartyCreditorFinancialAccount>` : ''}</ram:SpecifiedTradeSettlementPaymentMeans>`
      : '') +
    f.ventilationTva
      .map(
        (v) =>
          `<ram:ApplicableTradeTax>${el('ram:CalculatedAmount', montant(v.montant))}<ram:TypeCode>VAT</ram:TypeCode>${el('ram:ExemptionReason', v.motifExoneration)}${el('ram:BasisAmount', montant(v.base))}${el('ram:CategoryCode', v.categorie ?? 'S')}${v.taux === null ? '' : el('ram:RateApplicablePercent', nombre(v.taux))}</ram:ApplicableTradeTax>`,
      )
      .join('') +
    f.remisesCharges
      .map(
        (x) =>
          `<ram:SpecifiedTradeAllowanceCharge><ram:ChargeIndicator>${el('udt:Indicator', String(x.charge))}</ram:ChargeIndicator>${el('ram:ActualAmount', montant(x.montant))}${el('ram:Reason', x.motif)}<ram:CategoryTradeTax><ram:TypeCode>VAT</ram:TypeCode>${el('ram:CategoryCode', x.categorieTva ?? 'S')}${x.tauxTva === null ? '' : el('ram:RateApplicablePercent', nombre(x.tauxTva))}</ram:CategoryTradeTax></ram:SpecifiedTradeAllowanceCharge>`,
      )
      .join('') +
    '<ram:SpecifiedTradeSettlementHeaderMonetarySummation>' +
    el('ram:LineTotalAmount', montant(t.sommeLignes)) +
    (t.charges === null ? '' : el('ram:ChargeTotalAmount', montant(t.charges))) +
    (t.remises === null ? '' : el('ram:AllowanceTotalAmount', montant(t.remises))) +
    el('ram:TaxBasisTotalAmount', montant(t.totalHT)) +
    el('ram:TaxTotalAmount', montant(t.totalTVA), cur) +
    (t.arrondi === null ? '' : el('ram:RoundingAmount', montant(t.arrondi))) +
    el('ram:GrandTotalAmount', montant(t.totalTTC)) +
    (t.acompte === null ? '' : el('ram:TotalPrepaidAmount', montant(t.acompte))) +
    el('ram:DuePayableAmount', montant(t.aPayer)) +
    '</ram:SpecifiedTradeSettlementHeaderMonetarySummation>' +
    (f.factureOrigine ? `<ram:InvoiceReferencedDocument>${el('ram:IssuerAssignedID', f.factureOrigine)}</ram:InvoiceReferencedDocument>` : '') +
    '</ram:ApplicableHeaderTradeSettlement>' +
    '</rsm:SupplyChainTradeTransaction>' +
    '</rsm:CrossIndustryInvoice>\n'
  );
}
