import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { XmlBufferInputProvider, XmlDocument, XmlValidateError, XsdValidator, xmlRegisterInputProvider } from 'libxml2-wasm';
import type { Anomalie } from './modele.js';

/**
 * XSD layer: the official UBL 2.1 and CII D16B schemas (fixtures/formats/xsd, unmodified). They are
 * served to libxml2 from memory under a private `xsd:/` scheme, so neither a schema nor a hostile
 * document can make it read the disk or the network. Each schema is compiled once, on first use.
 */
const RACINE = fileURLToPath(new URL('../../../fixtures/formats/xsd/', import.meta.url));
const SCHEMA = 'xsd:/';

export type SchemaFlux = 'UBL_INVOICE' | 'UBL_CREDITNOTE' | 'CII';
const FICHIERS: Record<SchemaFlux, string> = {
  UBL_INVOICE: 'ubl-2.1/maindoc/UBL-Invoice-2.1.xsd',
  UBL_CREDITNOTE: 'ubl-2.1/maindoc/UBL-CreditNote-2.1.xsd',
  CII: 'cii-d16b/uncefact/data/standard/CrossIndustryInvoice_100pD16B.xsd',
};

let fichiers: Record<string, Uint8Array> | undefined;
const validateurs = new Map<SchemaFlux, XsdValidator>();

function charger(): Record<string, Uint8Array> {
  if (fichiers) return fichiers;
  const lus: Record<string, Uint8Array> = {};
  const parcourir = (dossier: string) => {
    for (const e of readdirSync(dossier, { withFileTypes: true })) {
      const chemin = join(dossier, e.name);
      if (e.isDirectory()) parcourir(chemin);
      else if (e.name.endsWith('.xsd')) lus[SCHEMA + relative(RACINE, chemin).split('\\').join('/')] = readFileSync(chemin);
    }
  };
  parcourir(RACINE);
  xmlRegisterInputProvider(new XmlBufferInputProvider(lus));
  fichiers = lus;
  return lus;
}

function validateur(schema: SchemaFlux): XsdValidator {
  let v = validateurs.get(schema);
  if (!v) {
    const url = SCHEMA + FICHIERS[schema];
    const doc = XmlDocument.fromBuffer(charger()[url], { url });
    v = XsdValidator.fromDoc(doc);
    validateurs.set(schema, v);
  }
  return v;
}

/** Validates against the schema; XSD errors are flux-level irrecevabilité (`ERR_XSD_001`, formats.md §2.5). */
export function validerXsd(doc: XmlDocument, schema: SchemaFlux): Anomalie[] {
  try {
    validateur(schema).validate(doc);
    return [];
  } catch (err) {
    if (!(err instanceof XmlValidateError)) throw err;
    return err.details.slice(0, 20).map((d) => ({
      regle: 'ERR_XSD_001',
      element: d.xpath ?? '',
      message: `IRRECEVABILITE: ${d.message.trim()} - ligne: ${d.line} - position: ${d.col}`,
    }));
  }
}

/** Schema to apply, from the root element's namespace and name. */
export function schemaDeRacine(espace: string, nom: string): SchemaFlux | null {
  if (espace === 'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2' && nom === 'Invoice') return 'UBL_INVOICE';
  if (espace === 'urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2' && nom === 'CreditNote') return 'UBL_CREDITNOTE';
  if (espace === 'urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100' && nom === 'CrossIndustryInvoice') return 'CII';
  return null;
}
