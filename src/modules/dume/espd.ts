import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  ParseOption,
  XmlBufferInputProvider,
  XmlDocument,
  XsdValidator,
  xmlRegisterInputProvider,
  type XmlNode,
} from 'libxml2-wasm';
import { TYPES_PROCEDURE, critereExclusion, critereSelection, CRITERES_DUME_SIMPLIFIE, type TypeProcedure } from '../../domain/dume/criteres.js';
import { NATURES_DEPUIS_UE, NS_CAC, NS_CBC, NS_REQUEST, NS_RESPONSE, PAYS_ALPHA2 } from './espd-xml.js';
import {
  ROLES_OPERATEUR,
  type DonneesAcheteur,
  type DonneesEntreprise,
  type Groupement,
  type LienMembre,
  type RoleOperateur,
  type TailleEntreprise,
  type ValeurReponse,
} from '../../domain/dume/modele.js';
import { erreursDume } from '../../errors/catalogue/dume.js';
import { ChorusError } from '../../errors/chorus-error.js';

/**
 * Validation and reading of ESPD-EDM 4.1.0 XML with libxml2 (WebAssembly). Untrusted XML is
 * bounded before parsing: at most 1 MiB, and no DOCTYPE at all (an ESPD document never needs one),
 * which rules out entity expansion bombs and external entities; the parser also runs without
 * entity substitution, without network and without external entities. The only files libxml2 can
 * open are the schemas, served from memory: nothing on disk is reachable from a document.
 */

export const TAILLE_MAX_XML = 1024 * 1024;

const RACINE = join(dirname(fileURLToPath(import.meta.url)), '../../../fixtures/formats/espd-edm-4.1.0/ubl-2.3/xsdrt');
const OPTIONS = ParseOption.XML_PARSE_NONET | ParseOption.XML_PARSE_NO_XXE | ParseOption.XML_PARSE_NOERROR | ParseOption.XML_PARSE_NOWARNING;
const NS = { cac: NS_CAC, cbc: NS_CBC, req: NS_REQUEST, rep: NS_RESPONSE };

let validateurs: { request: XsdValidator; response: XsdValidator } | undefined;

/** Schemas compile once (about half a second), on first use. */
function schemas() {
  if (validateurs) return validateurs;
  const fichiers: Record<string, Uint8Array> = {};
  for (const dossier of ['common', 'maindoc']) {
    for (const f of readdirSync(join(RACINE, dossier))) fichiers[`espd:/${dossier}/${f}`] = readFileSync(join(RACINE, dossier, f));
  }
  xmlRegisterInputProvider(new XmlBufferInputProvider(fichiers));
  const compiler = (nom: string) => {
    const url = `espd:/maindoc/${nom}`;
    return XsdValidator.fromDoc(XmlDocument.fromBuffer(fichiers[url]!, { url }));
  };
  validateurs = {
    request: compiler('UBL-QualificationApplicationRequest-2.3.xsd'),
    response: compiler('UBL-QualificationApplicationResponse-2.3.xsd'),
  };
  return validateurs;
}

const refus = (code: keyof typeof erreursDume, detail?: string) =>
  new ChorusError(erreursDume[code], detail ? `${erreursDume[code].libelle} : ${detail}` : erreursDume[code].libelle);

/** Parses untrusted XML within the bounds above; the caller disposes the document. */
export function analyserXml(xml: string): XmlDocument {
  if (Buffer.byteLength(xml, 'utf8') > TAILLE_MAX_XML) throw refus('DUME_XML_TROP_GROS');
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) throw refus('DUME_XML_DTD_INTERDITE');
  try {
    return XmlDocument.fromString(xml, { option: OPTIONS });
  } catch (e) {
    throw refus('DUME_XML_MAL_FORME', e instanceof Error ? e.message.split('\n')[0]!.slice(0, 200) : undefined);
  }
}

/** Validates an ESPD document by its schema; returns the first error, or null when valid. */
export function erreurSchema(doc: XmlDocument): string | null {
  const racine = doc.eval('namespace-uri(/*)');
  const v = racine === NS_REQUEST ? schemas().request : racine === NS_RESPONSE ? schemas().response : null;
  if (!v) return `élément racine inattendu (${String(doc.eval('name(/*)'))})`;
  try {
    v.validate(doc);
    return null;
  } catch (e) {
    const details = (e as { details?: { message: string; line?: number }[] }).details;
    const premier = details?.[0];
    return premier ? `ligne ${premier.line ?? '?'} : ${premier.message.trim().slice(0, 300)}` : String(e).slice(0, 300);
  }
}

/** Validates XML text (the sandbox's own exports, in tests and before answering). */
export function validerXmlEspd(xml: string): string | null {
  const doc = analyserXml(xml);
  try {
    return erreurSchema(doc);
  } finally {
    doc.dispose();
  }
}

const texte = (n: XmlNode | null) => (n ? n.content.trim() : undefined) || undefined;

export interface DumeAcheteurLu {
  readonly identifiant?: string | undefined;
  readonly acheteur: DonneesAcheteur;
  readonly simplifie: boolean;
  readonly criteresSelection: readonly string[];
}

/**
 * Reads a buyer's DUME (ESPD Request) received as XML: refuses anything that is not one, or that
 * breaks the schema, then keeps what the sandbox's model knows (criteria of other lists are dropped).
 */
export function lireDumeAcheteur(xml: string): DumeAcheteurLu {
  const doc = analyserXml(xml);
  try {
    const ns = String(doc.eval('namespace-uri(/*)'));
    const nom = String(doc.eval('local-name(/*)'));
    if (ns === NS_RESPONSE && nom === 'QualificationApplicationResponse') {
      throw refus('DUME_XML_PAS_ESPD', 'ce XML est la réponse d’un opérateur économique (DUME OE)');
    }
    if (ns !== NS_REQUEST || nom !== 'QualificationApplicationRequest') throw refus('DUME_XML_PAS_ESPD', `élément racine ${nom}`);
    const erreur = erreurSchema(doc);
    if (erreur) throw refus('DUME_XML_SCHEMA', erreur);

    const r = doc.root;
    const get = (xpath: string) => texte(r.get(xpath, NS));
    const codes = r.find('cac:TenderingCriterion/cbc:CriterionTypeCode', NS).map((n) => n.content.trim());
    const selection = codes.filter((c) => critereSelection(c) && !critereExclusion(c));
    const procedureUE = get('cbc:ProcedureCode');
    const typeProcedure = (Object.keys(TYPES_PROCEDURE) as TypeProcedure[]).find((k) => TYPES_PROCEDURE[k].codeUE === procedureUE) ?? 'OUVERTE';
    const pays = get('cac:ContractingParty/cac:Party/cac:PostalAddress/cac:Country/cbc:IdentificationCode');
    const ville = get('cac:ContractingParty/cac:Party/cac:PostalAddress/cbc:CityName');
    const nature = get('cac:ProcurementProject/cbc:ProcurementTypeCode');
    const acheteur: DonneesAcheteur = {
      nom: get('cac:ContractingParty/cac:Party/cac:PartyName/cbc:Name') ?? '',
      siret: get('cac:ContractingParty/cac:Party/cac:PartyIdentification/cbc:ID') ?? '',
      numeroAvisJOUE: texte(r.get("cac:AdditionalDocumentReference[cbc:DocumentTypeCode='TED_CN']/cbc:ID", NS)),
      idConsultation: get('cac:ProcurementProject/cbc:ID'),
      referenceMarche: get('cbc:ContractFolderID') ?? '',
      objetMarche: get('cac:ProcurementProject/cbc:Name') ?? get('cbc:ContractName') ?? '',
      descriptionBreve: get('cac:ProcurementProject/cbc:Description'),
      typeProcedure,
      natureMarche: nature ? NATURES_DEPUIS_UE[nature] : undefined,
      adresse: ville
        ? {
            ligne: get('cac:ContractingParty/cac:Party/cac:PostalAddress/cbc:StreetName') ?? '',
            codePostal: get('cac:ContractingParty/cac:Party/cac:PostalAddress/cbc:PostalZone') ?? '',
            ville,
            codePays: (pays && PAYS_ALPHA2[pays]) ?? pays ?? 'FR',
          }
        : undefined,
    };
    const simplifie = selection.length === CRITERES_DUME_SIMPLIFIE.length && CRITERES_DUME_SIMPLIFIE.every((c) => selection.includes(c));
    return { identifiant: get('cbc:ID'), acheteur, simplifie, criteresSelection: [...new Set(selection)] };
  } finally {
    doc.dispose();
  }
}

const ROLES_DEPUIS_ESPD = Object.fromEntries(Object.entries(ROLES_OPERATEUR).map(([role, r]) => [r.codeESPD, role as RoleOperateur]));

export interface DumeOperateurLu {
  readonly identifiant?: string | undefined;
  readonly identifiantDumeA?: string | undefined;
  readonly entreprise?: DonneesEntreprise | undefined;
  readonly role: RoleOperateur;
  readonly groupement?: Groupement | undefined;
  readonly reponsesExclusion: Record<string, boolean>;
  readonly reponsesSelection: Record<string, ValeurReponse>;
}

/**
 * Reads an economic operator's DUME (ESPD Response) received as XML, e.g. for `enregistrerDume`:
 * the company, its role and group, the other participants' DUMEs and the answers to the criteria
 * the sandbox knows (answers to property `<code>/QG1/Q1`, as the sandbox writes them).
 */
export function lireXmlDumeOperateur(xml: string): DumeOperateurLu {
  const doc = analyserXml(xml);
  try {
    const ns = String(doc.eval('namespace-uri(/*)'));
    const nom = String(doc.eval('local-name(/*)'));
    if (ns === NS_REQUEST) throw refus('DUME_XML_PAS_ESPD', 'ce XML est un DUME acheteur, pas la réponse d’un opérateur économique');
    if (ns !== NS_RESPONSE || nom !== 'QualificationApplicationResponse') throw refus('DUME_XML_PAS_ESPD', `élément racine ${nom}`);
    const erreur = erreurSchema(doc);
    if (erreur) throw refus('DUME_XML_SCHEMA', erreur);

    const r = doc.root;
    const get = (xpath: string) => texte(r.get(xpath, NS));
    const partie = 'cac:EconomicOperatorParty/cac:Party';
    const siret = get(`${partie}/cac:PartyIdentification/cbc:ID`);
    const ville = get(`${partie}/cac:PostalAddress/cbc:CityName`);
    const pays = get(`${partie}/cac:PostalAddress/cac:Country/cbc:IdentificationCode`);
    const taille = get(`${partie}/cbc:IndustryClassificationCode`);
    const entreprise: DonneesEntreprise | undefined = siret
      ? {
          siret,
          raisonSociale: get(`${partie}/cac:PartyName/cbc:Name`) ?? '',
          adresse: ville
            ? { ligne: get(`${partie}/cac:PostalAddress/cbc:StreetName`) ?? '', codePostal: get(`${partie}/cac:PostalAddress/cbc:PostalZone`) ?? '', ville, codePays: (pays && PAYS_ALPHA2[pays]) ?? pays ?? 'FR' }
            : undefined,
          email: get(`${partie}/cac:Contact/cbc:ElectronicMail`),
          taille: taille && ['micro', 'small', 'medium', 'large'].includes(taille) ? (taille as TailleEntreprise) : undefined,
        }
      : undefined;

    let identifiantDumeA: string | undefined;
    const membres: LienMembre[] = [];
    for (const ref of r.find('cac:AdditionalDocumentReference', NS)) {
      const id = texte(ref.get('cbc:ID', NS));
      if (!id) continue;
      if (texte(ref.get('cbc:DocumentTypeCode', NS)) === 'ESPD_REQUEST') identifiantDumeA = id;
      else {
        const role = ROLES_DEPUIS_ESPD[(texte(ref.get('cbc:DocumentDescription', NS)) ?? '').split(' ')[0]!];
        if (role) membres.push({ identifiantDume: id, role });
      }
    }

    const reponsesExclusion: Record<string, boolean> = {};
    const reponsesSelection: Record<string, ValeurReponse> = {};
    for (const rep of r.find('cac:TenderingCriterionResponse', NS)) {
      const propriete = texte(rep.get('cbc:ValidatedCriterionPropertyID', NS)) ?? '';
      const m = /^([a-z-]+)\/QG1\/Q1$/.exec(propriete);
      if (!m) continue;
      const code = m[1]!;
      const indicateur = texte(rep.get('cac:ResponseValue/cbc:ResponseIndicator', NS));
      const nombre = texte(rep.get('cac:ResponseValue/cbc:ResponseAmount', NS)) ?? texte(rep.get('cac:ResponseValue/cbc:ResponseQuantity', NS));
      const description = texte(rep.get('cac:ResponseValue/cbc:Description', NS));
      if (critereExclusion(code) && indicateur !== undefined) reponsesExclusion[code] = indicateur === 'true';
      else if (critereSelection(code)) {
        const v = nombre !== undefined && Number.isFinite(Number(nombre)) ? Number(nombre) : description;
        if (v !== undefined) reponsesSelection[code] = v;
      }
    }
    const role = ROLES_DEPUIS_ESPD[get('cac:EconomicOperatorParty/cac:EconomicOperatorRole/cbc:RoleCode') ?? ''] ?? 'CANDIDAT_SEUL';
    const nomGroupement = get('cbc:EconomicOperatorGroupName');
    return {
      identifiant: get('cbc:ID'),
      identifiantDumeA,
      entreprise,
      role,
      groupement: membres.length > 0 || nomGroupement ? { nom: nomGroupement, membres } : undefined,
      reponsesExclusion,
      reponsesSelection,
    };
  } finally {
    doc.dispose();
  }
}
