import { transaction } from '../../../db/transaction.js';
import { ChorusError, isChorusError } from '../../../errors/chorus-error.js';
import { erreurs } from '../../../errors/catalogue/index.js';
import { referentials } from '../../../referentials/index.js';
import type { SandboxContext } from '../../../sandbox/context.js';
import { paginer, type Pagination } from '../../structures/pagination.js';
import { findStructure } from '../../structures/repository.js';
import { structuresRattachees } from '../../structures/service.js';
import { listRattachementsStructure } from '../../utilisateurs/repository.js';
import type { LienPieceJointe } from '../depot/controles.js';
import { ajouterFichier, pieceJointeUtilisable, TAILLE_MAX_FICHIER } from '../depot/fichiers.js';
import { facturesUtilisant, listPiecesJointesDe, supprimerPieceJointe, type PieceJointeMeta } from './repository.js';
import type { Appelant } from '../perimetre.js';
import { findPieceJointe, supprimerFactureOcr } from '../repository.js';
import { telechargerGroupe } from '../telechargement/service.js';
import { telechargerPieceJointe as piecesJointesSollicitation } from '../../sollicitations/service.js';

/**
 * The attachment operations of the Transverses API (chorus-api §3.3): search the caller's files
 * (`rechercher/pj/moncompte`) or a structure's (`rechercher/pj/structure`), download the files of
 * an object (`telecharger/pieceJointe`), detach an upload not used by any invoice
 * (`detacherPieceJointe`, PHP-Z's clean-up after a failed `soumettre`).
 */
export const COLONNES_TRI_PJ = ['PieceJointeId', 'PieceJointeDesignation', 'PieceJointeTypeCode', 'PieceJointeExtension'] as const;
type ColonnePj = (typeof COLONNES_TRI_PJ)[number];

const TYPES = referentials.typesPieceJointe.entries;
const TYPE_FACTURE = TYPES.find((t) => t.codeTypePieceJointe === 'FACTURE');

export interface LignePj {
  pieceJointeDesignation: string;
  pieceJointeExtension: string;
  pieceJointeId: number;
  pieceJointeObjetId: number | null;
  pieceJointeTypeCode: string | null;
  pieceJointeTypeLibelle: string | null;
  pieceJointeUtilisateurId: number | null;
}

export interface RecherchePj {
  codeLangue?: string;
  pieceJointeDesignation?: string;
  pieceJointeTypeId?: number;
  parametresRecherche?: Pagination;
}

/** The row of one file: the invoice using it, if any, gives its object and its type. */
function ligne(ctx: SandboxContext, pj: PieceJointeMeta): LignePj {
  const facture = facturesUtilisant(ctx, pj.id)[0];
  const lien = facture ? (facture.piecesJointes as LienPieceJointe[]).find((l) => l.pieceJointeId === pj.id) : undefined;
  const code = lien?.pieceJointeTypeCode ?? (facture ? (TYPE_FACTURE?.codeTypePieceJointe ?? null) : null);
  return {
    pieceJointeDesignation: lien?.pieceJointeDesignation ?? pj.nom,
    pieceJointeExtension: pj.extension.toUpperCase(),
    pieceJointeId: pj.id,
    pieceJointeObjetId: facture?.id ?? null,
    pieceJointeTypeCode: code,
    pieceJointeTypeLibelle: code ? (TYPES.find((t) => t.codeTypePieceJointe === code)?.libelleTypePieceJointe ?? null) : null,
    pieceJointeUtilisateurId: pj.utilisateurId,
  };
}

function filtrer(lignes: LignePj[], input: RecherchePj): LignePj[] {
  const designation = input.pieceJointeDesignation?.trim().toLowerCase();
  const type = input.pieceJointeTypeId !== undefined ? TYPES.find((t) => t.idTypePieceJointe === input.pieceJointeTypeId)?.codeTypePieceJointe ?? '' : undefined;
  return lignes.filter(
    (l) => (!designation || l.pieceJointeDesignation.toLowerCase().includes(designation)) && (type === undefined || l.pieceJointeTypeCode === type),
  );
}

const COLONNES: Record<ColonnePj, (l: LignePj) => string | number | null> = {
  PieceJointeId: (l) => l.pieceJointeId,
  PieceJointeDesignation: (l) => l.pieceJointeDesignation,
  PieceJointeTypeCode: (l) => l.pieceJointeTypeCode,
  PieceJointeExtension: (l) => l.pieceJointeExtension,
};

export function rechercherPjMonCompte(ctx: SandboxContext, appelant: Appelant, input: RecherchePj) {
  const lignes = filtrer(listPiecesJointesDe(ctx, [appelant.id]).map((pj) => ligne(ctx, pj)), input);
  return paginer(lignes, input.parametresRecherche as Pagination<ColonnePj> | undefined, COLONNES, 'parametresRecherche');
}

/** The files uploaded by the users attached to one of the caller's structures. */
export function rechercherPjStructure(ctx: SandboxContext, appelant: Appelant, input: RecherchePj & { idStructureCPP?: number }) {
  if (input.idStructureCPP === undefined) throw new ChorusError(erreurs.CHAMP_OBLIGATOIRE, "Le champ 'idStructureCPP' est obligatoire");
  const structure = findStructure(ctx, input.idStructureCPP);
  if (!structure) throw new ChorusError(erreurs.STRUCTURE_INTROUVABLE, `${erreurs.STRUCTURE_INTROUVABLE.libelle} (idStructureCPP ${input.idStructureCPP})`);
  if (!structuresRattachees(ctx, appelant.id).has(structure.id)) {
    throw new ChorusError(erreurs.STRUCTURE_NON_RATTACHEE, `L'utilisateur n'est pas rattaché à la structure ${structure.id} (idStructureCPP)`);
  }
  const utilisateurs = listRattachementsStructure(ctx, structure.id).map((r) => r.utilisateur.id);
  const lignes = filtrer(listPiecesJointesDe(ctx, utilisateurs).map((pj) => ligne(ctx, pj)), input);
  const page = paginer(lignes, input.parametresRecherche as Pagination<ColonnePj> | undefined, COLONNES, 'parametresRecherche');
  return {
    ...page,
    liste: page.liste.map((l) => ({
      ...l,
      pieceJointeStructureCode: structure.identifiant,
      pieceJointeStructureId: structure.id,
      pieceJointeStructureRaisonSociale: structure.raisonSociale,
    })),
  };
}

export const OBJETS_PIECE_JOINTE = [
  'DEMANDE_PAIEMENT',
  'ENGAGEMENT_JURIDIQUE',
  'SOLLICITATION',
  'STRUCTURE_PIECEJOINTE',
  'STRUCTURE_MANDAT',
  'STRUCTURE_COORDONNEE_BANCAIRE',
  'UTILISATEUR',
] as const;

export interface TelechargerPj {
  objetPieceJointe: (typeof OBJETS_PIECE_JOINTE)[number];
  sollicitation?: { idSollicitation?: number; pieceJointeSollicitation?: 'OUI' | 'NON' };
  demandePaiement?: { avecPiecesJointesComplementaires?: 'OUI' | 'NON'; format?: 'PDF' | 'PIVOT'; listeFacture?: { idFacture: number }[] };
}

/**
 * The sandbox holds files for invoices only (their PDF, pivot and attachments): DEMANDE_PAIEMENT
 * answers like telecharger/groupe, SOLLICITATION gives a sollicitation's files; the other objects
 * have no file here and get 20125.
 */
export async function telechargerPieceJointe(ctx: SandboxContext, appelant: Appelant, input: TelechargerPj): Promise<{ pieceJointe: string }> {
  if (input.objetPieceJointe === 'SOLLICITATION') return { pieceJointe: piecesJointesSollicitation(ctx, appelant.id, input.sollicitation) };
  if (input.objetPieceJointe !== 'DEMANDE_PAIEMENT') {
    throw new ChorusError(erreurs.PIECE_JOINTE_SANS_FICHIER, `${erreurs.PIECE_JOINTE_SANS_FICHIER.libelle} (objetPieceJointe ${input.objetPieceJointe})`);
  }
  const dp = input.demandePaiement;
  if (!dp?.listeFacture?.length) throw new ChorusError(erreurs.CHAMP_OBLIGATOIRE, "Le champ 'demandePaiement.listeFacture' est obligatoire");
  const { fichierResultat } = await telechargerGroupe(ctx, appelant, {
    format: dp.format ?? 'PDF',
    avecPiecesJointesComplementaires: dp.avecPiecesJointesComplementaires,
    listeFacture: dp.listeFacture,
  });
  return { pieceJointe: fichierResultat };
}

/**
 * Deletes an upload of the caller that no deposited invoice uses (a deposit that failed keeps nothing).
 * The PDF of a deposer/pdf whose OCR invoice was never submitted is detached with that invoice: it is
 * PHP-Z's clean-up after a failed soumettre (chorus-api §6.3), and an OCR invoice without its PDF could
 * never be submitted. Once submitted, the PDF stays.
 */
export function detacherPieceJointe(ctx: SandboxContext, appelant: Appelant, idPieceJointeObjet: number | undefined): void {
  if (idPieceJointeObjet === undefined) throw new ChorusError(erreurs.CHAMP_OBLIGATOIRE, "Le champ 'idPieceJointeObjet' est obligatoire");
  const pj = pieceJointeUtilisable(ctx, appelant.id, idPieceJointeObjet, 'idPieceJointeObjet');
  // Only the uploader detaches a file (scenario files belong to nobody and stay).
  if (pj.utilisateurId !== appelant.id) {
    throw new ChorusError(erreurs.PIECE_JOINTE_INTROUVABLE, `${erreurs.PIECE_JOINTE_INTROUVABLE.libelle} (idPieceJointeObjet ${idPieceJointeObjet})`);
  }
  const factures = facturesUtilisant(ctx, idPieceJointeObjet);
  const utilisee = factures.find((f) => f.statut !== 'INTERPRETEE_OCR');
  if (utilisee) {
    throw new ChorusError(erreurs.PIECE_JOINTE_RATTACHEE, `${erreurs.PIECE_JOINTE_RATTACHEE.libelle} (idPieceJointeObjet ${idPieceJointeObjet}, facture ${utilisee.id})`);
  }
  transaction(ctx.db, () => {
    for (const f of factures) supprimerFactureOcr(ctx, f.id);
    supprimerPieceJointe(ctx, idPieceJointeObjet);
  });
}

/**
 * The formats the platform accepts for an attachment (chorus-domain §4.3, the portal's rules), with
 * the content type a download is served with.
 */
export const FORMATS_PIECE_JOINTE: Readonly<Record<string, string>> = {
  BMP: 'image/bmp',
  BZ2: 'application/x-bzip2',
  CSV: 'text/csv',
  DOC: 'application/msword',
  DOCX: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  FAX: 'image/g3fax',
  GIF: 'image/gif',
  GZ: 'application/gzip',
  GZIP: 'application/gzip',
  HTM: 'text/html',
  HTML: 'text/html',
  JPEG: 'image/jpeg',
  JPG: 'image/jpeg',
  ODP: 'application/vnd.oasis.opendocument.presentation',
  ODS: 'application/vnd.oasis.opendocument.spreadsheet',
  ODT: 'application/vnd.oasis.opendocument.text',
  P7S: 'application/pkcs7-signature',
  PDF: 'application/pdf',
  PNG: 'image/png',
  PPS: 'application/vnd.ms-powerpoint',
  PPT: 'application/vnd.ms-powerpoint',
  PPTX: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  RTF: 'application/rtf',
  SVG: 'image/svg+xml',
  TGZ: 'application/gzip',
  TIF: 'image/tiff',
  TIFF: 'image/tiff',
  TXT: 'text/plain',
  XHTML: 'application/xhtml+xml',
  XLC: 'application/vnd.ms-excel',
  XLM: 'application/vnd.ms-excel',
  XLS: 'application/vnd.ms-excel',
  XLSX: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  XML: 'application/xml',
  ZIP: 'application/zip',
};

/** A file's name is 50 characters at most, its extension included (chorus-domain §4.3, ajouter/fichier's pieceJointeNom). */
export const NOM_PIECE_JOINTE_MAX = 50;

export interface PieceJointeMonCompte {
  id: number;
  nom: string;
  extension: string;
  taille: number;
  dateAjout: string;
  /** The invoice using it (it can no longer be deleted once that invoice is deposited). */
  factureId: number | null;
}

/** « Mes pièces jointes » of « Mon compte »: the files the caller uploaded, most recent first. */
export function piecesJointesMonCompte(ctx: SandboxContext, appelant: Appelant): PieceJointeMonCompte[] {
  return listPiecesJointesDe(ctx, [appelant.id])
    .map((pj) => ({ id: pj.id, nom: pj.nom, extension: pj.extension.toUpperCase(), taille: pj.taille, dateAjout: pj.createdAt, factureId: ligne(ctx, pj).pieceJointeObjetId }))
    .reverse();
}

/**
 * Adds a file to the caller's library from the portal: stored as ajouter/fichier does (10 Mo, not
 * empty), named with an accepted extension in 50 characters. Every refusal names the field `fichier`.
 */
export function ajouterPieceJointeMonCompte(ctx: SandboxContext, appelant: Appelant, fichier: { nom: string; contenu: Buffer }): { pieceJointeId: number } {
  const nom = fichier.nom.trim();
  const extension = /\.([A-Za-z0-9]{1,10})$/.exec(nom)?.[1]?.toUpperCase();
  const typeMime = extension ? FORMATS_PIECE_JOINTE[extension] : undefined;
  if (!extension || !typeMime) {
    throw new ChorusError(
      erreurs.CHAMP_INVALIDE,
      `Le format du fichier « ${nom.slice(0, 80)} » n’est pas accepté. Formats acceptés : ${Object.keys(FORMATS_PIECE_JOINTE).join(', ')}.`,
      'fichier',
    );
  }
  if (nom.length > NOM_PIECE_JOINTE_MAX) {
    throw new ChorusError(erreurs.CHAMP_INVALIDE, `Le nom du fichier dépasse ${NOM_PIECE_JOINTE_MAX} caractères, extension comprise (${nom.length}) : renommez-le.`, 'fichier');
  }
  if (fichier.contenu.length === 0) throw new ChorusError(erreurs.FICHIER_VIDE, 'Le fichier est vide.', 'fichier');
  if (fichier.contenu.length > TAILLE_MAX_FICHIER) throw new ChorusError(erreurs.FICHIER_TROP_VOLUMINEUX, erreurs.FICHIER_TROP_VOLUMINEUX.libelle, 'fichier');
  return ajouterFichier(ctx, appelant.id, { pieceJointeFichier: fichier.contenu.toString('base64'), pieceJointeNom: nom, pieceJointeTypeMime: typeMime, pieceJointeExtension: extension });
}

/** A content type safe to send as a header: the format's own, else the stored one if well formed. */
function typeMimeDe(extension: string, stocke: string): string {
  return FORMATS_PIECE_JOINTE[extension.toUpperCase()] ?? (/^[\w.+-]{1,60}\/[\w.+-]{1,80}$/.test(stocke) ? stocke : 'application/octet-stream');
}

/** One of the caller's own files, to download; another user's (or a scenario's) is « introuvable ». */
export function fichierMonCompte(ctx: SandboxContext, appelant: Appelant, id: number): { nom: string; typeMime: string; contenu: Buffer } {
  const pj = findPieceJointe(ctx, id);
  if (!pj || pj.utilisateurId !== appelant.id) {
    throw new ChorusError(erreurs.PIECE_JOINTE_INTROUVABLE, `${erreurs.PIECE_JOINTE_INTROUVABLE.libelle} parmi vos pièces jointes.`);
  }
  return { nom: pj.nom, typeMime: typeMimeDe(pj.extension, pj.typeMime), contenu: Buffer.from(pj.contenu) };
}

/**
 * « Supprimer » in « Mes pièces jointes »: detacherPieceJointe's controls (only the uploader, never a
 * file a deposited invoice uses), its refusals said without the API's field names.
 */
export function supprimerPieceJointeMonCompte(ctx: SandboxContext, appelant: Appelant, id: number): void {
  try {
    detacherPieceJointe(ctx, appelant, id);
  } catch (e) {
    if (isChorusError(e) && e.codeRetour === erreurs.PIECE_JOINTE_INTROUVABLE.codeRetour) {
      throw new ChorusError(e, `${erreurs.PIECE_JOINTE_INTROUVABLE.libelle} parmi vos pièces jointes.`);
    }
    if (isChorusError(e) && e.codeRetour === erreurs.PIECE_JOINTE_RATTACHEE.codeRetour) {
      throw new ChorusError(e, 'Cette pièce jointe est jointe à une facture déposée : elle ne peut plus être supprimée.');
    }
    throw e;
  }
}
