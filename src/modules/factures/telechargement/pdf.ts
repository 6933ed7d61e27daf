import type { Color, PDFFont, PDFPage } from 'pdf-lib';
import type { SandboxContext } from '../../../sandbox/context.js';
import { formatDate } from '../../../sandbox/dates.js';
import { annuaire } from '../consultation/formatters.js';
import type { FactureRow } from '../repository.js';

/** The standard fonts speak WinAnsi only: anything else (emoji, CJK…) becomes '?'. */
function winAnsi(texte: string): string {
  return texte.replace(/[^\x20-\x7E\xA0-\xFF€’–—…]/g, '?');
}

const NON_RENSEIGNE = 'non renseigné';
const euros = (n: number | null | undefined) => (n === null || n === undefined ? '' : `${n.toFixed(2).replace('.', ',')} €`);

class Redacteur {
  y = 800;
  constructor(
    private page: PDFPage,
    private police: PDFFont,
    private gras: PDFFont,
    private couleur: Color,
  ) {}
  ligne(texte: string, options: { taille?: number; gras?: boolean; x?: number } = {}) {
    this.page.drawText(winAnsi(texte).slice(0, 110), {
      x: options.x ?? 50,
      y: this.y,
      size: options.taille ?? 10,
      font: options.gras ? this.gras : this.police,
      color: this.couleur,
    });
    this.y -= (options.taille ?? 10) + 5;
  }
  espace(h = 8) {
    this.y -= h;
  }
}

async function document(titre: string) {
  // Loaded on first use: pdf-lib is the slowest module to load and start-up does not need it.
  const { PDFDocument, StandardFonts, rgb } = await import('pdf-lib');
  const pdf = await PDFDocument.create();
  pdf.setTitle(titre);
  pdf.setProducer('Chorus Pro Sandbox');
  pdf.setCreationDate(new Date(0));
  pdf.setModificationDate(new Date(0));
  const page = pdf.addPage([595, 842]);
  const r = new Redacteur(page, await pdf.embedFont(StandardFonts.Helvetica), await pdf.embedFont(StandardFonts.HelveticaBold), rgb(0.1, 0.1, 0.1));
  return { pdf, r, nouvellePage: () => pdf.addPage([595, 842]) };
}

/** A readable rendering of an invoice entered through SAISIE_API: header, parties, lines, VAT summary, totals. */
export async function rendreFacture(ctx: SandboxContext, f: FactureRow): Promise<Uint8Array> {
  const a = annuaire(ctx);
  const fo = a.structure(f.fournisseurId);
  // An OCR invoice (INTERPRETEE_OCR) has no number, recipient or amounts until soumettre.
  const de = f.destinataireId === null ? undefined : a.structure(f.destinataireId);
  const se = a.service(f.serviceExecutantId);
  const numero = f.numeroFacture ?? NON_RENSEIGNE;
  const { pdf, r } = await document(`${f.typeFacture} ${numero}`);
  r.ligne(`${f.typeFacture === 'AVOIR' ? 'AVOIR' : 'FACTURE'} n° ${numero}`, { taille: 18, gras: true });
  r.ligne(`Date : ${f.dateFacture ?? NON_RENSEIGNE}   Déposée le : ${formatDate(f.dateDepot)}   Identifiant Chorus Pro : ${f.id}`);
  r.ligne(`Cadre : ${f.codeCadreFacturation ?? NON_RENSEIGNE}   Devise : ${f.devise}   Statut : ${f.statut}`);
  r.espace();
  r.ligne('Fournisseur', { gras: true });
  r.ligne(`${fo.raisonSociale} — ${fo.typeIdentifiant} ${fo.identifiant}`);
  if (fo.adresse) r.ligne(`${fo.adresse} ${fo.codePostal ?? ''} ${fo.ville ?? ''}`);
  r.espace();
  r.ligne('Destinataire', { gras: true });
  r.ligne(de ? `${de.raisonSociale} — SIRET ${de.identifiant}${se ? ` — service ${se.code} (${se.libelle})` : ''}` : NON_RENSEIGNE);
  if (f.numeroBonCommande) r.ligne(`Engagement juridique : ${f.numeroBonCommande}`);
  if (f.numeroFactureOrigine) r.ligne(`Facture d'origine : ${f.numeroFactureOrigine}`);
  r.espace();
  r.ligne('Lignes', { gras: true });
  for (const l of f.lignesPoste as Record<string, unknown>[]) {
    r.ligne(
      `${l.lignePosteNumero}. ${String(l.lignePosteDenomination ?? l.lignePosteReference ?? '')} — ${String(l.lignePosteQuantite)} × ${euros(l.lignePosteMontantUnitaireHT as number)}` +
        ` — TVA ${String(l.lignePosteTauxTvaManuel ?? '')} % — HT ${euros(l.lignePosteMontantHtApresRemise as number)}`,
      { taille: 9 },
    );
    if (r.y < 150) break;
  }
  r.espace();
  r.ligne('Récapitulatif de TVA', { gras: true });
  for (const t of f.lignesTva as Record<string, unknown>[]) {
    r.ligne(`Taux ${String(t.ligneTvaTauxRefValeur ?? t.ligneTvaTauxManuel ?? '')} % : base ${euros(t.ligneTvaMontantBaseHtParTaux as number)}, TVA ${euros(t.ligneTvaMontantTvaParTaux as number)}`, { taille: 9 });
  }
  r.espace();
  r.ligne(`Total HT : ${euros(f.montantHt)}`, { gras: true });
  r.ligne(`Total TVA : ${euros(f.montantTva)}`, { gras: true });
  r.ligne(`Total TTC : ${euros(f.montantTtc)}`, { gras: true });
  if (f.montantRemiseGlobaleTtc) r.ligne(`Remise globale TTC : ${euros(f.montantRemiseGlobaleTtc)}`);
  r.ligne(`Net à payer : ${euros(f.montantAPayer)}`, { gras: true, taille: 12 });
  if (f.modePaiement) r.ligne(`Mode de paiement : ${f.modePaiement}`);
  return pdf.save();
}

/** Certificat de dépôt: what was deposited, when, and the SHA-256 fingerprint of the deposited data. */
export async function certificatDepot(ctx: SandboxContext, f: FactureRow): Promise<Uint8Array> {
  const a = annuaire(ctx);
  const fo = a.structure(f.fournisseurId);
  const de = f.destinataireId === null ? undefined : a.structure(f.destinataireId);
  const { pdf, r } = await document(`Certificat de dépôt ${f.id}`);
  r.ligne('Certificat de dépôt', { taille: 18, gras: true });
  r.ligne('Chorus Pro — bac à sable (environnement de qualification simulé)');
  r.espace();
  r.ligne(`Identifiant de la facture : ${f.id}`);
  r.ligne(`Numéro de facture : ${f.numeroFacture ?? NON_RENSEIGNE}`);
  r.ligne(`Date et heure de dépôt : ${f.dateDepot}`);
  r.ligne(`Mode de dépôt : ${f.modeDepot}`);
  r.ligne(`Fournisseur : ${fo.raisonSociale} (${fo.identifiant})`);
  r.ligne(`Destinataire : ${de ? `${de.raisonSociale} (${de.identifiant})` : NON_RENSEIGNE}`);
  r.ligne(`Montant TTC : ${euros(f.montantTtc)} — net à payer : ${euros(f.montantAPayer)}`);
  r.espace();
  r.ligne('Empreinte SHA-256 des données déposées :', { gras: true });
  r.ligne(f.empreinteCertificatDepot ?? 'aucune : facture interprétée (OCR), pas encore soumise', { taille: 9 });
  return pdf.save();
}
