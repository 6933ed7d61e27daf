import { CRITERE_GROUPEMENT, CRITERE_SOUS_TRAITANCE, CRITERES_EXCLUSION, TYPES_PROCEDURE, critereSelection, type NatureMarche } from '../../domain/dume/criteres.js';
import { ROLES_OPERATEUR, type Adresse, type DonneesEntreprise, type DumeAcheteur, type DumeOperateur, type ValeurReponse } from '../../domain/dume/modele.js';

/**
 * The XML of a DUME in ESPD-EDM 4.1.0 (UBL 2.3): a DUME A is a QualificationApplicationRequest,
 * a DUME OE a QualificationApplicationResponse. The element order follows the UBL schemas
 * (fixtures/formats/espd-edm-4.1.0), against which every export is validated in the tests.
 * The criterion tree is the sandbox's simplified one (one question per criterion, IDs made from
 * the criterion code): enough for the schema and for training, not the full ESPD taxonomy.
 */

export const VERSION_ESPD = '4.1.0';
export const PROFIL_ESPD = 'ESPD-EDMv4.1.0';
export const NS_REQUEST = 'urn:oasis:names:specification:ubl:schema:xsd:QualificationApplicationRequest-2';
export const NS_RESPONSE = 'urn:oasis:names:specification:ubl:schema:xsd:QualificationApplicationResponse-2';
export const NS_CAC = 'urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2';
export const NS_CBC = 'urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2';
/** schemeAgencyID of what the sandbox issues (the real service's agency id is not public). */
export const AGENCE_DUME = 'AIFE-DUME';

const LISTE_OP = 'listAgencyID="OP"';
const CRIT = `schemeID="Criterion" schemeAgencyID="OP" schemeVersionID="${VERSION_ESPD}"`;

export const echapper = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '');

/** ESPD 4 speaks the EU country list (alpha-3); structures store alpha-2. */
const PAYS_ALPHA3: Readonly<Record<string, string>> = {
  FR: 'FRA', BE: 'BEL', DE: 'DEU', ES: 'ESP', IT: 'ITA', LU: 'LUX', NL: 'NLD', PT: 'PRT', CH: 'CHE', GB: 'GBR', MC: 'MCO',
};
export const PAYS_ALPHA2: Readonly<Record<string, string>> = Object.fromEntries(Object.entries(PAYS_ALPHA3).map(([a, b]) => [b, a]));

const NATURES_UE: Readonly<Record<NatureMarche, string>> = { TRAVAUX: 'works', FOURNITURES: 'supplies', SERVICES: 'services' };
export const NATURES_DEPUIS_UE: Readonly<Record<string, NatureMarche>> = { works: 'TRAVAUX', supplies: 'FOURNITURES', services: 'SERVICES' };

const el = (nom: string, valeur: string | undefined, attributs = '') =>
  valeur === undefined || valeur === '' ? '' : `<${nom}${attributs ? ` ${attributs}` : ''}>${echapper(valeur)}</${nom}>`;

function adresse(a: Adresse | undefined): string {
  if (!a) return '';
  const pays = PAYS_ALPHA3[a.codePays.toUpperCase()] ?? a.codePays.toUpperCase();
  return (
    '<cac:PostalAddress>' +
    el('cbc:StreetName', a.ligne) +
    el('cbc:CityName', a.ville) +
    el('cbc:PostalZone', a.codePostal) +
    `<cac:Country>${el('cbc:IdentificationCode', pays, `listID="http://publications.europa.eu/resource/authority/country" ${LISTE_OP}`)}</cac:Country>` +
    '</cac:PostalAddress>'
  );
}

function entete(identifiant: string, date: string, dumeA: DumeAcheteur | undefined, groupe?: string): string {
  const procedure = dumeA ? TYPES_PROCEDURE[dumeA.acheteur.typeProcedure].codeUE : undefined;
  return (
    '<cbc:UBLVersionID schemeAgencyID="OASIS-UBL-TC">2.3</cbc:UBLVersionID>' +
    `<cbc:ProfileExecutionID schemeAgencyID="OP" schemeVersionID="${VERSION_ESPD}">${PROFIL_ESPD}</cbc:ProfileExecutionID>` +
    el('cbc:ID', identifiant, `schemeAgencyID="${AGENCE_DUME}"`) +
    '<cbc:CopyIndicator>false</cbc:CopyIndicator>' +
    // A DUME type answers no tender: ESPD still wants a folder id, so it carries its own identifier.
    el('cbc:ContractFolderID', dumeA?.acheteur.referenceMarche ?? identifiant, `schemeAgencyID="${AGENCE_DUME}"`) +
    el('cbc:ContractName', dumeA?.acheteur.objetMarche) +
    el('cbc:IssueDate', date) +
    el('cbc:EconomicOperatorGroupName', groupe) +
    `<cbc:VersionID schemeAgencyID="OP" schemeVersionID="${VERSION_ESPD}">${VERSION_ESPD}</cbc:VersionID>` +
    el('cbc:ProcedureCode', procedure, `listID="http://publications.europa.eu/resource/authority/procurement-procedure-type" ${LISTE_OP}`)
  );
}

function partieAcheteur(dumeA: DumeAcheteur | undefined): string {
  // ContractingParty is mandatory even in a DUME type: an empty party stands for "no buyer yet".
  if (!dumeA) return '<cac:ContractingParty><cac:Party/></cac:ContractingParty>';
  const a = dumeA.acheteur;
  return (
    '<cac:ContractingParty><cac:Party>' +
    `<cac:PartyIdentification>${el('cbc:ID', a.siret, 'schemeID="SIRET"')}</cac:PartyIdentification>` +
    `<cac:PartyName>${el('cbc:Name', a.nom)}</cac:PartyName>` +
    adresse(a.adresse) +
    '</cac:Party></cac:ContractingParty>'
  );
}

function projet(dumeA: DumeAcheteur | undefined): string {
  if (!dumeA) return `<cac:ProcurementProjectLot>${el('cbc:ID', 'LOT-0000', CRIT)}</cac:ProcurementProjectLot>`;
  const a = dumeA.acheteur;
  return (
    '<cac:ProcurementProject>' +
    el('cbc:ID', a.idConsultation) +
    el('cbc:Name', a.objetMarche) +
    el('cbc:Description', a.descriptionBreve) +
    el('cbc:ProcurementTypeCode', a.natureMarche ? NATURES_UE[a.natureMarche] : undefined, `listID="http://publications.europa.eu/resource/authority/contract-nature" ${LISTE_OP}`) +
    '</cac:ProcurementProject>' +
    `<cac:ProcurementProjectLot>${el('cbc:ID', 'LOT-0000', CRIT)}</cac:ProcurementProjectLot>`
  );
}

type TypeDonnee = 'INDICATOR' | 'AMOUNT' | 'QUANTITY_INTEGER' | 'DESCRIPTION' | 'CODE';

function critere(code: string, nom: string, type: TypeDonnee, question: string): string {
  return (
    '<cac:TenderingCriterion>' +
    el('cbc:ID', code, CRIT) +
    el('cbc:CriterionTypeCode', code, `listID="http://publications.europa.eu/resource/authority/criterion" ${LISTE_OP}`) +
    el('cbc:Name', nom) +
    '<cac:TenderingCriterionPropertyGroup>' +
    el('cbc:ID', `${code}/QG1`, CRIT) +
    `<cbc:PropertyGroupTypeCode listID="property-group-type" ${LISTE_OP}>ON*</cbc:PropertyGroupTypeCode>` +
    '<cac:TenderingCriterionProperty>' +
    el('cbc:ID', `${code}/QG1/Q1`, CRIT) +
    el('cbc:Description', question) +
    `<cbc:TypeCode listID="criterion-element-type" ${LISTE_OP}>QUESTION</cbc:TypeCode>` +
    `<cbc:ValueDataTypeCode listID="response-data-type" ${LISTE_OP}>${type}</cbc:ValueDataTypeCode>` +
    '</cac:TenderingCriterionProperty>' +
    '</cac:TenderingCriterionPropertyGroup>' +
    '</cac:TenderingCriterion>'
  );
}

const TYPES_SELECTION = { MONTANT: 'AMOUNT', NOMBRE: 'QUANTITY_INTEGER', TEXTE: 'DESCRIPTION' } as const;

function criteresDemandes(exclusion: readonly string[], selection: readonly string[]): string {
  let xml = '';
  for (const code of exclusion) {
    const c = CRITERES_EXCLUSION.find((e) => e.code === code);
    if (c) xml += critere(c.code, c.libelle, 'INDICATOR', 'Votre réponse');
  }
  for (const code of selection) {
    const c = critereSelection(code);
    if (c) xml += critere(c.code, c.libelle, TYPES_SELECTION[c.reponse], 'Votre réponse');
  }
  return xml;
}

/** The DUME A as an ESPD Request. */
export function xmlDumeAcheteur(dume: DumeAcheteur): string {
  const avis = dume.acheteur.numeroAvisJOUE
    ? `<cac:AdditionalDocumentReference>${el('cbc:ID', dume.acheteur.numeroAvisJOUE, 'schemeAgencyID="TED"')}${el('cbc:DocumentTypeCode', 'TED_CN', `listID="docrefcontent-type" ${LISTE_OP}`)}</cac:AdditionalDocumentReference>`
    : '';
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    `<QualificationApplicationRequest xmlns="${NS_REQUEST}" xmlns:cac="${NS_CAC}" xmlns:cbc="${NS_CBC}">` +
    entete(dume.identifiant, dume.dateCreation, dume) +
    partieAcheteur(dume) +
    projet(dume) +
    criteresDemandes(dume.criteresExclusion, dume.criteresSelection) +
    avis +
    '</QualificationApplicationRequest>'
  );
}

function partieOperateur(dume: DumeOperateur): string {
  const e: DonneesEntreprise | undefined = dume.entreprise;
  return (
    '<cac:EconomicOperatorParty>' +
    `<cac:EconomicOperatorRole>${el('cbc:RoleCode', ROLES_OPERATEUR[dume.role].codeESPD, `listID="http://publications.europa.eu/resource/authority/eo-role-type" ${LISTE_OP}`)}</cac:EconomicOperatorRole>` +
    '<cac:Party>' +
    el('cbc:IndustryClassificationCode', e?.taille, `listID="http://publications.europa.eu/resource/authority/economic-operator-size" ${LISTE_OP}`) +
    (e ? `<cac:PartyIdentification>${el('cbc:ID', e.siret, 'schemeID="SIRET"')}</cac:PartyIdentification>` : '') +
    (e ? `<cac:PartyName>${el('cbc:Name', e.raisonSociale)}</cac:PartyName>` : '') +
    adresse(e?.adresse) +
    (e?.email ? `<cac:Contact>${el('cbc:ElectronicMail', e.email)}</cac:Contact>` : '') +
    '</cac:Party>' +
    '</cac:EconomicOperatorParty>'
  );
}

function valeur(v: ValeurReponse, type: TypeDonnee): string {
  if (type === 'INDICATOR') return el('cbc:ResponseIndicator', String(v === true));
  if (type === 'AMOUNT') return el('cbc:ResponseAmount', String(Number(v)), 'currencyID="EUR"');
  if (type === 'QUANTITY_INTEGER') return el('cbc:ResponseQuantity', String(Math.trunc(Number(v))));
  if (type === 'CODE') return el('cbc:ResponseCode', String(v));
  return el('cbc:Description', String(v));
}

function reponse(propriete: string, v: ValeurReponse, type: TypeDonnee, n = 1): string {
  return (
    '<cac:TenderingCriterionResponse>' +
    el('cbc:ID', `${propriete}/R${n}`, `schemeAgencyID="${AGENCE_DUME}"`) +
    el('cbc:ValidatedCriterionPropertyID', propriete, CRIT) +
    `<cac:ResponseValue>${el('cbc:ID', `${propriete}/R${n}/RV`, `schemeAgencyID="${AGENCE_DUME}"`)}${valeur(v, type)}</cac:ResponseValue>` +
    '</cac:TenderingCriterionResponse>'
  );
}

/** The DUME OE as an ESPD Response: the buyer's criteria, the answers, the group and its links. */
export function xmlDumeOperateur(dume: DumeOperateur): string {
  const exclusion = dume.dumeAcheteur?.criteresExclusion ?? Object.keys(dume.reponsesExclusion);
  const selection = dume.dumeAcheteur?.criteresSelection ?? Object.keys(dume.reponsesSelection);
  const membres = dume.groupement?.membres ?? [];
  const enGroupement = dume.role === 'MANDATAIRE' || dume.role === 'MEMBRE_GROUPEMENT';
  const sousTraitants = membres.filter((m) => m.role === 'SOUS_TRAITANT');
  const autres = membres
    .filter((m) => m.role !== 'SOUS_TRAITANT')
    .map((m) => `${m.raisonSociale ?? m.siret ?? ''} (DUME ${m.identifiantDume}, ${ROLES_OPERATEUR[m.role].libelle})`.trim())
    .join('; ');

  let criteres = criteresDemandes(exclusion, selection);
  criteres += critere(CRITERE_GROUPEMENT.code, CRITERE_GROUPEMENT.libelle, 'INDICATOR', 'Participez-vous à la procédure avec d’autres opérateurs économiques ?');
  criteres += critere(CRITERE_SOUS_TRAITANCE.code, CRITERE_SOUS_TRAITANCE.libelle, 'INDICATOR', 'Recourez-vous à la sous-traitance ?');

  let reponses = '';
  for (const code of exclusion) if (code in dume.reponsesExclusion) reponses += reponse(`${code}/QG1/Q1`, dume.reponsesExclusion[code]!, 'INDICATOR');
  for (const code of selection) {
    const c = critereSelection(code);
    const v = dume.reponsesSelection[code];
    if (c && v !== undefined) reponses += reponse(`${code}/QG1/Q1`, v, TYPES_SELECTION[c.reponse]);
  }
  reponses += reponse(`${CRITERE_GROUPEMENT.code}/QG1/Q1`, enGroupement, 'INDICATOR');
  if (enGroupement) {
    // ESPD's eo-group sub-questions: the role code, then the other operators in words.
    reponses += reponse(`${CRITERE_GROUPEMENT.code}/QG1/QSG1/Q1`, ROLES_OPERATEUR[dume.role].codeESPD, 'CODE');
    if (autres) reponses += reponse(`${CRITERE_GROUPEMENT.code}/QG1/QSG1/Q2`, autres, 'DESCRIPTION');
  }
  reponses += reponse(`${CRITERE_SOUS_TRAITANCE.code}/QG1/Q1`, sousTraitants.length > 0, 'INDICATOR');

  // Links: the buyer's ESPD Request, then each other participant's DUME. The ESPD code list has
  // no document type for another operator's ESPD, so those carry a description instead.
  let references = '';
  if (dume.dumeAcheteur) {
    references += `<cac:AdditionalDocumentReference>${el('cbc:ID', dume.dumeAcheteur.identifiant, `schemeAgencyID="${AGENCE_DUME}"`)}${el('cbc:DocumentTypeCode', 'ESPD_REQUEST', `listID="docrefcontent-type" ${LISTE_OP}`)}</cac:AdditionalDocumentReference>`;
  }
  for (const m of membres) {
    const description = `${ROLES_OPERATEUR[m.role].codeESPD}${m.raisonSociale ? ` ${m.raisonSociale}` : ''}${m.siret ? ` SIRET ${m.siret}` : ''}`;
    references += `<cac:AdditionalDocumentReference>${el('cbc:ID', m.identifiantDume, `schemeAgencyID="${AGENCE_DUME}"`)}${el('cbc:DocumentDescription', description)}</cac:AdditionalDocumentReference>`;
  }

  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    `<QualificationApplicationResponse xmlns="${NS_RESPONSE}" xmlns:cac="${NS_CAC}" xmlns:cbc="${NS_CBC}">` +
    entete(dume.identifiant, dume.dateCreation, dume.dumeAcheteur, enGroupement ? dume.groupement?.nom : undefined) +
    partieAcheteur(dume.dumeAcheteur) +
    partieOperateur(dume) +
    projet(dume.dumeAcheteur) +
    criteres +
    reponses +
    references +
    '</QualificationApplicationResponse>'
  );
}
