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
import { NATURES_DEPUIS_UE, NS_CAC, NS_CBC, NS_REQUEST, NS_RESPONSE, PAYS_ALPHA2 } from '../../domain/dume/espd-xml.js';
import type { DonneesAcheteur } from '../../domain/dume/modele.js';
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
