import { ParseOption, XmlDocument, XmlParseError } from 'libxml2-wasm';
import type { Anomalie } from './modele.js';

/**
 * The one door through which flux XML is parsed. Chorus flux never carry a DTD, so any DOCTYPE or
 * ENTITY declaration is refused before parsing: no billion laughs, no XXE, whatever the parser does.
 * libxml2 is called anyway with external entities and network access off, as a second fence.
 */
const OPTIONS = ParseOption.XML_PARSE_NO_XXE | ParseOption.XML_PARSE_NONET | ParseOption.XML_PARSE_NOERROR | ParseOption.XML_PARSE_NOWARNING;
const DECLARATION_DTD = /<!(DOCTYPE|ENTITY)/i;

export type ResultatXml = { ok: true; doc: XmlDocument } | { ok: false; anomalie: Anomalie };

/** Decodes the bytes as UTF-8 (with or without BOM), the only encoding the sandbox reads. */
function decoder(octets: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(octets);
  } catch {
    return null;
  }
}

export function lireXmlSur(octets: Uint8Array, nomFichier: string): ResultatXml {
  const texte = decoder(octets);
  if (texte === null) {
    return { ok: false, anomalie: { regle: 'ERR_FICHIER_002', element: nomFichier, message: "IRRECEVABILITE: le fichier n'est pas encodé en UTF-8." } };
  }
  const declaration = /encoding\s*=\s*["']([^"']+)["']/.exec(texte.slice(0, 200));
  if (declaration && !/^utf-?8$/i.test(declaration[1])) {
    return { ok: false, anomalie: { regle: 'ERR_FICHIER_002', element: nomFichier, message: `IRRECEVABILITE: encodage ${declaration[1]} non accepté, le fichier doit être en UTF-8.` } };
  }
  if (DECLARATION_DTD.test(texte)) {
    return {
      ok: false,
      anomalie: { regle: 'ERR_XML_002', element: nomFichier, message: 'IRRECEVABILITE: les déclarations DOCTYPE et ENTITY sont interdites dans un flux.' },
    };
  }
  try {
    return { ok: true, doc: XmlDocument.fromString(texte, { option: OPTIONS }) };
  } catch (err) {
    const detail = err instanceof XmlParseError ? err.details?.[0] : undefined;
    const ou = detail ? ` - ligne: ${detail.line} - position: ${detail.col}` : '';
    const quoi = (detail?.message ?? (err as Error).message).trim();
    return { ok: false, anomalie: { regle: 'ERR_XML_001', element: nomFichier, message: `IRRECEVABILITE: XML mal formé : ${quoi}${ou}` } };
  }
}
