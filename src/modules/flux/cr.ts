import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import type { AnalyseFlux, FactureAnalysee } from './analyse.js';
import type { Anomalie } from './modele.js';

/**
 * Compte rendu of a flux (formats.md §3, chorus-api §3.3): the lists `consulterCRDetaille` returns
 * and the PDF `consulterCR` returns. Flux-level irrecevabilités go to `listeErreurTechnique`; each
 * rejected invoice (demande de paiement) gets one `listeErreurDP` row whose libellé joins its
 * anomalies with `|`, as a real CR does.
 */
export const ETATS_FLUX = [
  'IN_DEPOT_PORTAIL_EN_ATTENTE_TRAITEMENT_SE_CPP',
  'IN_RECU',
  'IN_TRAITE_SE_CPP',
  'IN_EN_ATTENTE_TRAITEMENT_CPP',
  'IN_EN_COURS_TRAITEMENT_CPP',
  'IN_INTEGRE',
  'IN_INTEGRE_PARTIEL',
  'IN_REJETE',
  'IN_INCIDENTE',
] as const;
export type EtatFlux = (typeof ETATS_FLUX)[number];
export const ETATS_TERMINAUX: readonly EtatFlux[] = ['IN_INTEGRE', 'IN_INTEGRE_PARTIEL', 'IN_REJETE', 'IN_INCIDENTE'];

export interface ErreurTechnique {
  codeErreur: string;
  libelleErreur: string;
  natureErreur: string;
}

export interface ErreurDP {
  numeroDP: string;
  identifiantFournisseur: string;
  identifiantDestinataire: string;
  libelleErreurDP: string;
}

export interface CompteRendu {
  etat: EtatFlux;
  listeErreurTechnique: ErreurTechnique[];
  listeErreurDP: ErreurDP[];
  /** Invoices integrated (numéro), for the PDF. */
  facturesIntegrees: string[];
}

export function erreurTechnique(a: Anomalie): ErreurTechnique {
  return { codeErreur: a.regle, libelleErreur: a.message, natureErreur: 'IRRECEVABILITE' };
}

export function libelleAnomalie(a: Anomalie): string {
  return `${a.message} (élément ${a.element})`;
}

export function erreurDP(f: FactureAnalysee, anomalies: Anomalie[]): ErreurDP {
  return {
    numeroDP: f.facture.numero ?? '',
    identifiantFournisseur: f.facture.fournisseur.identifiant?.valeur ?? '',
    identifiantDestinataire: f.facture.acheteur.identifiant?.valeur ?? '',
    libelleErreurDP: anomalies.map(libelleAnomalie).join('|'),
  };
}

/**
 * Final state from what was found: nothing integrated → IN_REJETE; some → IN_INTEGRE_PARTIEL;
 * everything → IN_INTEGRE.
 */
export function etatFinal(nombreFichiers: number, integrees: number): EtatFlux {
  if (integrees === 0) return 'IN_REJETE';
  return integrees < nombreFichiers ? 'IN_INTEGRE_PARTIEL' : 'IN_INTEGRE';
}

/** The CR of an analysis alone (the "test a flux" route): what would integrate, before the directory. */
export function compteRenduAnalyse(a: AnalyseFlux): CompteRendu {
  const valides = a.factures.filter((f) => f.anomalies.length === 0);
  return {
    etat: etatFinal(a.nombreFichiers, valides.length),
    listeErreurTechnique: a.erreursTechniques.map(erreurTechnique),
    listeErreurDP: a.factures.filter((f) => f.anomalies.length > 0).map((f) => erreurDP(f, f.anomalies)),
    facturesIntegrees: valides.map((f) => f.facture.numero ?? ''),
  };
}

function winAnsi(texte: string): string {
  return texte.replace(/[^\x20-\x7E\xA0-\xFF€’–—…]/g, '?');
}

/** Lines of at most `n` characters, so long libellés wrap instead of running off the page. */
function couper(texte: string, n = 100): string[] {
  const out: string[] = [];
  for (let reste = texte; reste.length > 0; reste = reste.slice(n)) out.push(reste.slice(0, n));
  return out;
}

export interface EnteteCR {
  numeroFluxDepot: string;
  nomFichier: string;
  syntaxeFlux: string;
  codeInterface: string;
  dateDepot: string;
  dateEtat: string;
}

/** The PDF report of `consulterCR`. */
export async function pdfCompteRendu(entete: EnteteCR, cr: CompteRendu): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.setTitle(`Compte rendu ${entete.numeroFluxDepot}`);
  pdf.setProducer('Chorus Pro Sandbox');
  pdf.setCreationDate(new Date(0));
  pdf.setModificationDate(new Date(0));
  const police = await pdf.embedFont(StandardFonts.Helvetica);
  const gras = await pdf.embedFont(StandardFonts.HelveticaBold);
  let page: PDFPage = pdf.addPage([595, 842]);
  let y = 800;
  const ligne = (t: string, f: PDFFont = police, taille = 9) => {
    for (const morceau of couper(winAnsi(t))) {
      if (y < 50) {
        page = pdf.addPage([595, 842]);
        y = 800;
      }
      page.drawText(morceau, { x: 40, y, size: taille, font: f, color: rgb(0.1, 0.1, 0.1) });
      y -= taille + 4;
    }
  };
  ligne('Chorus Pro - Compte rendu de traitement du flux (bac à sable)', gras, 13);
  y -= 6;
  ligne(`Numéro de flux : ${entete.numeroFluxDepot}`);
  ligne(`Fichier : ${entete.nomFichier}`);
  ligne(`Syntaxe : ${entete.syntaxeFlux} - interface ${entete.codeInterface}`);
  ligne(`Date de dépôt : ${entete.dateDepot}`);
  ligne(`État : ${cr.etat} (au ${entete.dateEtat})`, gras);
  y -= 6;
  ligne(`Factures intégrées : ${cr.facturesIntegrees.length}`, gras);
  for (const n of cr.facturesIntegrees.slice(0, 500)) ligne(`  ${n}`);
  y -= 6;
  ligne(`Erreurs techniques : ${cr.listeErreurTechnique.length}`, gras);
  for (const e of cr.listeErreurTechnique) ligne(`  ${e.codeErreur} (${e.natureErreur}) : ${e.libelleErreur}`);
  y -= 6;
  ligne(`Demandes de paiement rejetées : ${cr.listeErreurDP.length}`, gras);
  for (const e of cr.listeErreurDP) {
    ligne(`  ${e.numeroDP} - fournisseur ${e.identifiantFournisseur} - destinataire ${e.identifiantDestinataire}`);
    for (const m of e.libelleErreurDP.split('|')) ligne(`     ${m}`);
  }
  return pdf.save();
}
