import { AFRelationship, decodePDFRawStream, PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream, PDFString, PDFHexString, StandardFonts } from 'pdf-lib';
import type { Anomalie } from './modele.js';

/**
 * Factur-X (E2, `IN_DP_E2_CII_FACTURX`): a PDF/A-3 carrying its CII as `factur-x.xml` with an
 * AFRelationship of Data, Source or Alternative (formats.md §1.4). The sandbox checks the structure
 * (the embedded file and its relationship), not full PDF/A conformance, which needs veraPDF.
 */
const NOMS_XML = ['factur-x.xml', 'zugferd-invoice.xml', 'xrechnung.xml'];
const RELATIONS = ['Data', 'Source', 'Alternative'];

export type ResultatFacturX = { ok: true; xml: Uint8Array; pdf: Uint8Array } | { ok: false; anomalie: Anomalie };

function texte(o: unknown): string | null {
  return o instanceof PDFString || o instanceof PDFHexString ? o.decodeText() : null;
}

/** Walks the EmbeddedFiles name tree (Names pairs, or Kids). */
function fichiersJoints(arbre: PDFDict | undefined, acc: { nom: string; spec: PDFDict }[] = [], profondeur = 0): { nom: string; spec: PDFDict }[] {
  if (!arbre || profondeur > 8) return acc;
  const noms = arbre.lookupMaybe(PDFName.of('Names'), PDFArray);
  if (noms) {
    for (let i = 0; i + 1 < noms.size(); i += 2) {
      const spec = noms.lookup(i + 1);
      if (spec instanceof PDFDict) acc.push({ nom: texte(noms.lookup(i)) ?? '', spec });
    }
  }
  const enfants = arbre.lookupMaybe(PDFName.of('Kids'), PDFArray);
  for (let i = 0; enfants && i < enfants.size(); i++) {
    const k = enfants.lookup(i);
    if (k instanceof PDFDict) fichiersJoints(k, acc, profondeur + 1);
  }
  return acc;
}

export async function extraireFacturX(octets: Uint8Array, nomFichier: string): Promise<ResultatFacturX> {
  const refus = (regle: string, message: string): ResultatFacturX => ({ ok: false, anomalie: { regle, element: nomFichier, message: `IRRECEVABILITE: ${message}` } });
  let pdf: PDFDocument;
  try {
    pdf = await PDFDocument.load(octets, { updateMetadata: false, ignoreEncryption: false });
  } catch (err) {
    return refus('ERR_PDF_001', `le fichier n'est pas un PDF lisible (${(err as Error).message.slice(0, 120)}).`);
  }
  const noms = pdf.catalog.lookupMaybe(PDFName.of('Names'), PDFDict);
  const joints = fichiersJoints(noms?.lookupMaybe(PDFName.of('EmbeddedFiles'), PDFDict));
  const joint = joints.find((j) => NOMS_XML.includes(j.nom.toLowerCase()) || NOMS_XML.includes((texte(j.spec.lookup(PDFName.of('UF'))) ?? '').toLowerCase()));
  if (!joint) return refus('ERR_FACTURX_001', "le PDF ne contient pas de fichier joint 'factur-x.xml'.");
  const relation = joint.spec.lookupMaybe(PDFName.of('AFRelationship'), PDFName)?.decodeText();
  if (relation && !RELATIONS.includes(relation)) {
    return refus('ERR_FACTURX_002', `AFRelationship '${relation}' non accepté pour factur-x.xml (Data, Source ou Alternative).`);
  }
  const flux = joint.spec.lookupMaybe(PDFName.of('EF'), PDFDict)?.lookup(PDFName.of('F'));
  if (!(flux instanceof PDFRawStream)) return refus('ERR_FACTURX_001', "le fichier joint 'factur-x.xml' est vide.");
  try {
    return { ok: true, xml: decodePDFRawStream(flux).decode(), pdf: octets };
  } catch (err) {
    return refus('ERR_FACTURX_001', `le fichier joint 'factur-x.xml' est illisible (${(err as Error).message.slice(0, 120)}).`);
  }
}

/** A one-page PDF carrying the CII as `factur-x.xml` (AFRelationship Alternative, as AIFE's samples). */
export async function construireFacturX(cii: string, titre: string): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const page = pdf.addPage([595, 842]);
  const police = await pdf.embedFont(StandardFonts.Helvetica);
  page.drawText(titre.replace(/[^\x20-\x7e]/g, '?'), { x: 50, y: 780, size: 14, font: police });
  await pdf.attach(new TextEncoder().encode(cii), 'factur-x.xml', {
    mimeType: 'text/xml',
    description: 'Factur-X',
    afRelationship: AFRelationship.Alternative,
  });
  return pdf.save();
}
