import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import { CRITERES_EXCLUSION, TYPES_PROCEDURE, critereSelection } from '../../domain/dume/criteres.js';
import { ROLES_OPERATEUR, type DumeAcheteur, type DumeOperateur, type ValeurReponse } from '../../domain/dume/modele.js';

/**
 * The DUME "en clair": a readable PDF of what the XML says, section by section as the real
 * service prints it (buyer, consultation, operator, exclusion grounds, selection criteria,
 * groupement). Dates of the PDF itself are fixed so that the same DUME gives the same bytes.
 */

/** The standard fonts speak WinAnsi only: anything else becomes '?'. */
const winAnsi = (texte: string) => texte.replace(/[^\x20-\x7E\xA0-\xFF€’–—…œŒ]/g, '?');

class Redacteur {
  private page: PDFPage;
  private y = 800;
  constructor(
    private readonly pdf: PDFDocument,
    private readonly police: PDFFont,
    private readonly gras: PDFFont,
  ) {
    this.page = pdf.addPage([595, 842]);
  }

  /** Writes a paragraph, wrapped to the page width, on as many pages as it takes. */
  texte(texte: string, options: { taille?: number; gras?: boolean; retrait?: number } = {}) {
    const taille = options.taille ?? 10;
    const police = options.gras ? this.gras : this.police;
    const x = 50 + (options.retrait ?? 0);
    const largeur = 545 - x;
    const mots = winAnsi(texte).split(/\s+/);
    let ligne = '';
    const lignes: string[] = [];
    for (const mot of mots) {
      const essai = ligne ? `${ligne} ${mot}` : mot;
      if (ligne && police.widthOfTextAtSize(essai, taille) > largeur) {
        lignes.push(ligne);
        ligne = mot;
      } else ligne = essai;
    }
    lignes.push(ligne);
    for (const l of lignes) {
      if (this.y < 50) {
        this.page = this.pdf.addPage([595, 842]);
        this.y = 800;
      }
      this.page.drawText(l, { x, y: this.y, size: taille, font: police, color: rgb(0.1, 0.1, 0.1) });
      this.y -= taille + 4;
    }
  }

  titre(texte: string) {
    this.y -= 8;
    this.texte(texte, { taille: 12, gras: true });
  }
}

async function nouveau(titre: string) {
  const pdf = await PDFDocument.create();
  pdf.setTitle(titre);
  pdf.setProducer('Chorus Pro Sandbox');
  pdf.setCreationDate(new Date(0));
  pdf.setModificationDate(new Date(0));
  const r = new Redacteur(pdf, await pdf.embedFont(StandardFonts.Helvetica), await pdf.embedFont(StandardFonts.HelveticaBold));
  return { pdf, r };
}

function partieAcheteur(r: Redacteur, a: DumeAcheteur) {
  const d = a.acheteur;
  r.titre('Partie I : informations concernant la procédure et le pouvoir adjudicateur');
  r.texte(`Acheteur : ${d.nom} (SIRET ${d.siret})`);
  if (d.adresse) r.texte(`Adresse : ${d.adresse.ligne}, ${d.adresse.codePostal} ${d.adresse.ville}`);
  if (d.numeroAvisJOUE) r.texte(`Avis publié au JOUE n° ${d.numeroAvisJOUE}`);
  if (d.idConsultation) r.texte(`Consultation : ${d.idConsultation}`);
  r.texte(`Référence du marché : ${d.referenceMarche}`);
  r.texte(`Objet du marché : ${d.objetMarche}`);
  if (d.descriptionBreve) r.texte(`Description : ${d.descriptionBreve}`);
  r.texte(`Type de procédure : ${TYPES_PROCEDURE[d.typeProcedure].libelle}${d.natureMarche ? ` — nature : ${d.natureMarche.toLowerCase()}` : ''}`);
  r.texte(`DUME acheteur n° ${a.identifiant}${a.simplifie ? ' (DUME simplifié)' : ''}`);
}

const libelleValeur = (code: string, v: ValeurReponse) => {
  const c = critereSelection(code);
  if (c?.reponse === 'MONTANT') return `${Number(v).toLocaleString('fr-FR').replace(/\u202f|\u00a0/g, ' ')} EUR`;
  return String(v);
};

/** PDF of a buyer's DUME A: the buyer, the exclusion grounds (informative), the criteria asked. */
export async function pdfDumeAcheteur(a: DumeAcheteur): Promise<Uint8Array> {
  const { pdf, r } = await nouveau(`DUME acheteur ${a.identifiant}`);
  r.texte('Document unique de marché européen (DUME) — acheteur', { taille: 16, gras: true });
  r.texte(`Créé le ${a.dateCreation} — ESPD-EDM 4.1.0`);
  partieAcheteur(r, a);
  r.titre('Partie III : motifs d’exclusion (pré-cochés, à titre informatif)');
  for (const code of a.criteresExclusion) r.texte(`[x] ${CRITERES_EXCLUSION.find((c) => c.code === code)?.libelle ?? code}`, { retrait: 10 });
  r.titre('Partie IV : critères de sélection demandés');
  for (const code of a.criteresSelection) r.texte(`- ${critereSelection(code)?.libelle ?? code}`, { retrait: 10 });
  return pdf.save();
}

/** PDF of an economic operator's DUME OE: the tender it answers, the company, every answer, the group. */
export async function pdfDumeOperateur(d: DumeOperateur): Promise<Uint8Array> {
  const { pdf, r } = await nouveau(`DUME ${d.identifiant}`);
  r.texte('Document unique de marché européen (DUME) — opérateur économique', { taille: 16, gras: true });
  r.texte(`DUME n° ${d.identifiant}${d.dumeType ? ' (DUME type réutilisable)' : ''} — créé le ${d.dateCreation} — ESPD-EDM 4.1.0`);
  if (d.dumeAcheteur) partieAcheteur(r, d.dumeAcheteur);
  r.titre('Partie II : informations concernant l’opérateur économique');
  if (d.entreprise) {
    const e = d.entreprise;
    r.texte(`${e.raisonSociale} — SIRET ${e.siret}`);
    if (e.adresse) r.texte(`Adresse : ${e.adresse.ligne}, ${e.adresse.codePostal} ${e.adresse.ville}`);
    if (e.taille) r.texte(`Taille : ${{ micro: 'micro-entreprise', small: 'petite entreprise', medium: 'moyenne entreprise', large: 'grande entreprise' }[e.taille]}`);
  } else r.texte('(non renseigné)');
  r.texte(`Rôle : ${ROLES_OPERATEUR[d.role].libelle}`);
  if (d.groupement) {
    if (d.groupement.nom) r.texte(`Groupement : ${d.groupement.nom}`);
    for (const m of d.groupement.membres) {
      r.texte(`- ${ROLES_OPERATEUR[m.role].libelle} : ${m.raisonSociale ?? ''}${m.siret ? ` SIRET ${m.siret}` : ''} — DUME ${m.identifiantDume}`, { retrait: 10 });
    }
  }
  r.titre('Partie III : motifs d’exclusion');
  for (const [code, oui] of Object.entries(d.reponsesExclusion)) {
    r.texte(`${oui ? 'OUI' : 'NON'} — ${CRITERES_EXCLUSION.find((c) => c.code === code)?.libelle ?? code}`, { retrait: 10 });
  }
  r.titre('Partie IV : critères de sélection');
  const demandes = d.dumeAcheteur?.criteresSelection ?? Object.keys(d.reponsesSelection);
  if (demandes.length === 0) r.texte('(aucun)', { retrait: 10 });
  for (const code of demandes) {
    const v = d.reponsesSelection[code];
    r.texte(`${critereSelection(code)?.libelle ?? code} : ${v === undefined ? '(à compléter)' : libelleValeur(code, v)}`, { retrait: 10 });
  }
  return pdf.save();
}
