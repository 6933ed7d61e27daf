import { setImmediate as ceder } from 'node:timers/promises';
import { ArchiveRefusee, type FichierArchive, lireTarGz, lireZip, typeContenu } from './archive.js';
import { extraireFacturX } from './facturx.js';
import { lireCii, lireUbl } from './lecture.js';
import { TAILLE_MAX_COMPRESSE, TAILLE_MAX_FICHIER } from './limites.js';
import type { Anomalie, FactureLue } from './modele.js';
import { reglesChorus } from './regles-chorus.js';
import { reglesEn16931 } from './regles-en16931.js';
import { SYNTAXES_FLUX, type CodeSyntaxeFlux } from './syntaxes.js';
import { lireXmlSur } from './xml-sur.js';
import { schemaDeRacine, validerXsd } from './xsd.js';

/**
 * The validation layers of formats.md §2.5, in order, on every invoice of a flux: envelope (size,
 * archive, encoding, well-formed XML, declared syntax), XSD, EN 16931 rules, Chorus format rules.
 * Envelope and XSD failures are irrecevabilités (`listeErreurTechnique`); rule failures belong to
 * the invoice (`listeErreurDP`). Referential controls (directory, obligations, duplicates) come
 * after, at integration. Work yields to the event loop every few milliseconds so that a 1,000-invoice
 * archive never stalls other sandboxes' requests.
 */
export interface FactureAnalysee {
  nomFichier: string;
  facture: FactureLue;
  /** Rule failures; empty when the invoice may be integrated. */
  anomalies: Anomalie[];
  /** The invoice's PDF for E2 flux (the Factur-X itself, or the minimal XML's attachment). */
  pdf: Uint8Array | null;
}

export interface AnalyseFlux {
  /** Flux- or file-level irrecevabilités. */
  erreursTechniques: Anomalie[];
  factures: FactureAnalysee[];
  /** Files in the flux (1 for a single file). */
  nombreFichiers: number;
}

const TRANCHE_MS = 10;

function technique(regle: string, element: string, message: string): Anomalie {
  return { regle, element, message };
}

function ouvrir(octets: Uint8Array, nomFichier: string): FichierArchive[] {
  const type = typeContenu(octets);
  if (type === 'ZIP') return lireZip(octets);
  if (type === 'TAR_GZ') return lireTarGz(octets);
  return [{ nom: nomFichier, octets }];
}

const octetsBase64 = (b64: string) => new Uint8Array(Buffer.from(b64, 'base64'));

/** A file of the flux ready for the synchronous layers: its XML (extracted from a Factur-X PDF), or why not. */
export interface FichierPrepare {
  nom: string;
  xml: Uint8Array | null;
  /** The Factur-X PDF itself (E2). */
  pdf: Uint8Array | null;
  anomalie: Anomalie | null;
}

/**
 * Envelope layer, the only asynchronous one (PDF parsing): size, archive, and for Factur-X the
 * extraction of `factur-x.xml`. Flux-level refusals come back in `erreursTechniques`.
 */
export async function preparerFlux(octets: Uint8Array, nomFichier: string, code: CodeSyntaxeFlux): Promise<{ erreursTechniques: Anomalie[]; fichiers: FichierPrepare[] }> {
  if (octets.length === 0) return { erreursTechniques: [technique('ERR_FICHIER_001', nomFichier, 'IRRECEVABILITE: le fichier est vide.')], fichiers: [] };
  const type = typeContenu(octets);
  const limite = type === 'ZIP' || type === 'TAR_GZ' ? TAILLE_MAX_COMPRESSE : TAILLE_MAX_FICHIER;
  if (octets.length > limite) {
    return { erreursTechniques: [technique('GDP_MSG_11.022', nomFichier, 'IRRECEVABILITE: le fichier dépasse la taille maximale autorisée (10 Mo par fichier, 30 Mo compressé).')], fichiers: [] };
  }
  let contenus: FichierArchive[];
  try {
    contenus = ouvrir(octets, nomFichier);
  } catch (err) {
    if (!(err instanceof ArchiveRefusee)) throw err;
    return { erreursTechniques: [technique(err.regle, nomFichier, err.message)], fichiers: [] };
  }
  if (contenus.length === 0) return { erreursTechniques: [technique('ERR_ARCHIVE_003', nomFichier, "IRRECEVABILITE: l'archive ne contient aucun fichier.")], fichiers: [] };
  const syntaxe = SYNTAXES_FLUX[code];
  const fichiers: FichierPrepare[] = [];
  let debut = performance.now();
  for (const f of contenus) {
    const estPdf = typeContenu(f.octets) === 'PDF';
    if (syntaxe.lecture === 'FACTURX') {
      if (!estPdf) {
        fichiers.push({ nom: f.nom, xml: null, pdf: null, anomalie: technique('ERR_SYNTAXE_001', f.nom, `IRRECEVABILITE: la syntaxe ${code} attend un PDF/A-3 Factur-X, le fichier ${f.nom} n'est pas un PDF.`) });
      } else {
        const x = await extraireFacturX(f.octets, f.nom);
        fichiers.push(x.ok ? { nom: f.nom, xml: x.xml, pdf: x.pdf, anomalie: null } : { nom: f.nom, xml: null, pdf: null, anomalie: x.anomalie });
      }
    } else if (estPdf) {
      fichiers.push({ nom: f.nom, xml: null, pdf: null, anomalie: technique('ERR_SYNTAXE_001', f.nom, `IRRECEVABILITE: la syntaxe ${code} attend un fichier XML, ${f.nom} est un PDF.`) });
    } else {
      fichiers.push({ nom: f.nom, xml: f.octets, pdf: null, anomalie: null });
    }
    if (performance.now() - debut > TRANCHE_MS) {
      await ceder();
      debut = performance.now();
    }
  }
  return { erreursTechniques: [], fichiers };
}

/** The synchronous layers on one prepared file: well-formed XML, declared syntax, XSD, reading, rules. */
export function analyserFichier(f: FichierPrepare, code: CodeSyntaxeFlux): { techniques: Anomalie[]; facture: FactureAnalysee | null } {
  if (f.anomalie || !f.xml) return { techniques: f.anomalie ? [f.anomalie] : [], facture: null };
  const syntaxe = SYNTAXES_FLUX[code];
  const lu = lireXmlSur(f.xml, f.nom);
  if (!lu.ok) return { techniques: [lu.anomalie], facture: null };
  const doc = lu.doc;
  try {
    const racine = doc.root;
    const schema = schemaDeRacine(racine.namespaceUri, racine.name);
    const attendu = syntaxe.lecture === 'UBL' ? ['UBL_INVOICE', 'UBL_CREDITNOTE'] : ['CII'];
    if (schema === null || !attendu.includes(schema)) {
      return {
        techniques: [technique('ERR_SYNTAXE_001', f.nom, `IRRECEVABILITE: l'élément racine {${racine.namespaceUri}}${racine.name} ne correspond pas à la syntaxe déclarée ${code}.`)],
        facture: null,
      };
    }
    const xsd = validerXsd(doc, schema);
    if (xsd.length > 0) return { techniques: xsd.map((a) => ({ ...a, element: `${f.nom}:${a.element}` })), facture: null };
    const facture = schema === 'CII' ? lireCii(doc) : lireUbl(doc);
    const anomalies = [...(syntaxe.minimal ? [] : reglesEn16931(facture)), ...reglesChorus(facture, { minimal: syntaxe.minimal })];
    let pdf = f.pdf;
    if (syntaxe.minimal) {
      const joint = facture.piecesJointes.find((p) => (p.typeMime ?? '').toLowerCase() === 'application/pdf');
      if (!joint) anomalies.push({ regle: 'CPP-E2-PDF', element: 'BG-24', message: '[CPP-E2-PDF] Un flux mixte (E2) doit joindre la facture en PDF (pièce jointe application/pdf).' });
      else pdf = octetsBase64(joint.contenu);
    }
    return { techniques: [], facture: { nomFichier: f.nom, facture, anomalies, pdf } };
  } finally {
    doc.dispose();
  }
}

export async function analyserFlux(octets: Uint8Array, nomFichier: string, code: CodeSyntaxeFlux): Promise<AnalyseFlux> {
  const prepare = await preparerFlux(octets, nomFichier, code);
  const erreursTechniques = [...prepare.erreursTechniques];
  const factures: FactureAnalysee[] = [];
  let debut = performance.now();
  for (const f of prepare.fichiers) {
    const r = analyserFichier(f, code);
    erreursTechniques.push(...r.techniques);
    if (r.facture) factures.push(r.facture);
    if (performance.now() - debut > TRANCHE_MS) {
      await ceder();
      debut = performance.now();
    }
  }
  return { erreursTechniques, factures, nombreFichiers: prepare.fichiers.length };
}
