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

/** One XML invoice through XSD, reading and rules; Factur-X PDFs are opened first. */
async function analyserFichier(f: FichierArchive, code: CodeSyntaxeFlux, techniques: Anomalie[]): Promise<FactureAnalysee | null> {
  const syntaxe = SYNTAXES_FLUX[code];
  let xml = f.octets;
  let pdf: Uint8Array | null = null;
  const estPdf = typeContenu(f.octets) === 'PDF';
  if (syntaxe.lecture === 'FACTURX') {
    if (!estPdf) {
      techniques.push(technique('ERR_SYNTAXE_001', f.nom, `IRRECEVABILITE: la syntaxe ${code} attend un PDF/A-3 Factur-X, le fichier ${f.nom} n'est pas un PDF.`));
      return null;
    }
    const x = await extraireFacturX(f.octets, f.nom);
    if (!x.ok) {
      techniques.push(x.anomalie);
      return null;
    }
    xml = x.xml;
    pdf = x.pdf;
  } else if (estPdf) {
    techniques.push(technique('ERR_SYNTAXE_001', f.nom, `IRRECEVABILITE: la syntaxe ${code} attend un fichier XML, ${f.nom} est un PDF.`));
    return null;
  }
  const lu = lireXmlSur(xml, f.nom);
  if (!lu.ok) {
    techniques.push(lu.anomalie);
    return null;
  }
  const doc = lu.doc;
  try {
    const racine = doc.root;
    const schema = schemaDeRacine(racine.namespaceUri, racine.name);
    const attendu = syntaxe.lecture === 'UBL' ? ['UBL_INVOICE', 'UBL_CREDITNOTE'] : ['CII'];
    if (schema === null || !attendu.includes(schema)) {
      techniques.push(
        technique('ERR_SYNTAXE_001', f.nom, `IRRECEVABILITE: l'élément racine {${racine.namespaceUri}}${racine.name} ne correspond pas à la syntaxe déclarée ${code}.`),
      );
      return null;
    }
    const xsd = validerXsd(doc, schema);
    if (xsd.length > 0) {
      techniques.push(...xsd.map((a) => ({ ...a, element: `${f.nom}:${a.element}` })));
      return null;
    }
    const facture = schema === 'CII' ? lireCii(doc) : lireUbl(doc);
    const anomalies = [...(syntaxe.minimal ? [] : reglesEn16931(facture)), ...reglesChorus(facture, { minimal: syntaxe.minimal })];
    if (syntaxe.minimal) {
      const joint = facture.piecesJointes.find((p) => (p.typeMime ?? '').toLowerCase() === 'application/pdf');
      if (!joint) anomalies.push({ regle: 'CPP-E2-PDF', element: 'BG-24', message: '[CPP-E2-PDF] Un flux mixte (E2) doit joindre la facture en PDF (pièce jointe application/pdf).' });
      else pdf = octetsBase64(joint.contenu);
    }
    return { nomFichier: f.nom, facture, anomalies, pdf };
  } finally {
    doc.dispose();
  }
}

export async function analyserFlux(octets: Uint8Array, nomFichier: string, code: CodeSyntaxeFlux): Promise<AnalyseFlux> {
  const erreursTechniques: Anomalie[] = [];
  const factures: FactureAnalysee[] = [];
  if (octets.length === 0) {
    return { erreursTechniques: [technique('ERR_FICHIER_001', nomFichier, 'IRRECEVABILITE: le fichier est vide.')], factures, nombreFichiers: 0 };
  }
  const type = typeContenu(octets);
  const limite = type === 'ZIP' || type === 'TAR_GZ' ? TAILLE_MAX_COMPRESSE : TAILLE_MAX_FICHIER;
  if (octets.length > limite) {
    return { erreursTechniques: [technique('GDP_MSG_11.022', nomFichier, 'IRRECEVABILITE: le fichier dépasse la taille maximale autorisée (10 Mo par fichier, 30 Mo compressé).')], factures, nombreFichiers: 0 };
  }
  let fichiers: FichierArchive[];
  try {
    fichiers = ouvrir(octets, nomFichier);
  } catch (err) {
    if (!(err instanceof ArchiveRefusee)) throw err;
    return { erreursTechniques: [technique(err.regle, nomFichier, err.message)], factures, nombreFichiers: 0 };
  }
  if (fichiers.length === 0) erreursTechniques.push(technique('ERR_ARCHIVE_003', nomFichier, "IRRECEVABILITE: l'archive ne contient aucun fichier."));
  let debut = performance.now();
  for (const f of fichiers) {
    const r = await analyserFichier(f, code, erreursTechniques);
    if (r) factures.push(r);
    if (performance.now() - debut > TRANCHE_MS) {
      await ceder();
      debut = performance.now();
    }
  }
  return { erreursTechniques, factures, nombreFichiers: fichiers.length };
}
