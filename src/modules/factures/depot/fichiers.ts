import { nextId } from '../../../db/sequences.js';
import { transaction } from '../../../db/transaction.js';
import { ChorusError } from '../../../errors/chorus-error.js';
import { erreurs } from '../../../errors/catalogue/index.js';
import type { SandboxContext } from '../../../sandbox/context.js';
import { formatDateTime } from '../../../sandbox/dates.js';
import { findStructure } from '../../structures/repository.js';
import { structuresRattachees } from '../../structures/service.js';
import { historiserStatut } from '../traitement/lifecycle.js';
import * as repo from '../repository.js';

/** 10 MB per file (chorus-api §2.3, §4.14). */
export const TAILLE_MAX_FICHIER = 10 * 1024 * 1024;

/** Strict base64 (with or without padding, whitespace ignored); undefined when it is not. */
function decoderBase64(valeur: string): Buffer | undefined {
  const propre = valeur.replace(/\s+/g, '');
  if (propre.length === 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(propre) || propre.length % 4 === 1) return undefined;
  return Buffer.from(propre, 'base64');
}

function contenu(base64: string, champ: string): Buffer {
  const bytes = decoderBase64(base64);
  if (!bytes || bytes.length === 0) throw new ChorusError(erreurs.FICHIER_VIDE, `${erreurs.FICHIER_VIDE.libelle} (${champ})`);
  if (bytes.length > TAILLE_MAX_FICHIER) {
    throw new ChorusError(erreurs.FICHIER_TROP_VOLUMINEUX, `${erreurs.FICHIER_TROP_VOLUMINEUX.libelle} (${champ} : ${bytes.length} octets)`);
  }
  return bytes;
}

export function estPdf(bytes: Uint8Array): boolean {
  return Buffer.from(bytes.subarray(0, 1024)).includes('%PDF-');
}

function stocker(
  ctx: SandboxContext,
  utilisateurId: number,
  fichier: { nom: string; typeMime: string; extension: string; bytes: Buffer },
): number {
  const id = nextId(ctx.db, ctx.sandboxId, 'pieceJointe');
  repo.insertPieceJointe(ctx, {
    id,
    nom: fichier.nom,
    typeMime: fichier.typeMime,
    extension: fichier.extension.replace(/^\./, '').toUpperCase(),
    taille: fichier.bytes.length,
    contenu: fichier.bytes,
    utilisateurId,
    createdAt: formatDateTime(ctx.now()),
  });
  return id;
}

export interface FichierAjoute {
  pieceJointeFichier: string;
  pieceJointeNom: string;
  pieceJointeTypeMime: string;
  pieceJointeExtension: string;
}

/** transverses/v1/ajouter/fichier: stores a file and returns its pieceJointeId. */
export function ajouterFichier(ctx: SandboxContext, utilisateurId: number, input: FichierAjoute): { pieceJointeId: number } {
  const bytes = contenu(input.pieceJointeFichier, 'pieceJointeFichier');
  const pieceJointeId = stocker(ctx, utilisateurId, {
    nom: input.pieceJointeNom,
    typeMime: input.pieceJointeTypeMime,
    extension: input.pieceJointeExtension,
    bytes,
  });
  return { pieceJointeId };
}

export interface PdfDepose {
  fichierFacture: string;
  nomFichier: string;
  formatDepot?: string;
}

/**
 * deposer/pdf names no supplier: the OCR invoice belongs to the caller's first active structure
 * until `soumettre` sets the one it names (which the caller must be attached to as well).
 */
function fournisseurDuDepot(ctx: SandboxContext, utilisateurId: number): number {
  const id = [...structuresRattachees(ctx, utilisateurId)].sort((a, b) => a - b).find((s) => findStructure(ctx, s)?.statut === 'ACTIF');
  if (id === undefined) {
    throw new ChorusError(erreurs.FOURNISSEUR_NON_RATTACHE, `${erreurs.FOURNISSEUR_NON_RATTACHE.libelle} (aucune structure active rattachée au compte qui dépose fichierFacture)`);
  }
  return id;
}

/**
 * factures/v1/deposer/pdf (chorus-api §3.1.3): stores the PDF and creates the invoice « interprétée »
 * (INTERPRETEE_OCR), seen by its supplier only, that a `soumettre` in DEPOT_PDF_API or
 * DEPOT_PDF_SIGNE_API with this pieceJointeId completes (same invoice id, then DEPOSEE and routed).
 * The sandbox has no OCR: like the PASTELL test answer, every recognised field is null except
 * typeFacture, and the OCR invoice holds no number, date, recipient or amount until then.
 */
export function deposerPdf(ctx: SandboxContext, utilisateur: { id: number; nom: string; prenom: string | null }, input: PdfDepose) {
  const bytes = contenu(input.fichierFacture, 'fichierFacture');
  if (!estPdf(bytes)) throw new ChorusError(erreurs.PDF_INVALIDE, `${erreurs.PDF_INVALIDE.libelle} (fichierFacture : signature %PDF- absente)`);
  const fournisseurId = fournisseurDuDepot(ctx, utilisateur.id);
  const pieceJointeId = transaction(ctx.db, () => {
    const pj = stocker(ctx, utilisateur.id, { nom: input.nomFichier, typeMime: 'application/pdf', extension: 'PDF', bytes });
    const date = formatDateTime(ctx.now());
    const facture = repo.insertFacture(ctx, {
      id: nextId(ctx.db, ctx.sandboxId, 'facture'),
      // A signed PDF (PAdES, XAdES) is submitted in DEPOT_PDF_SIGNE_API: soumettre's mode replaces this one.
      modeDepot: input.formatDepot && input.formatDepot !== 'PDF_NON_SIGNE' ? 'DEPOT_PDF_SIGNE_API' : 'DEPOT_PDF_API',
      typeFacture: 'FACTURE',
      // Replaced by the soumettre date: the deposit proper. Needed now to order the supplier's searches.
      dateDepot: date,
      fournisseurId,
      pieceJointePrincipaleId: pj,
      statut: 'INTERPRETEE_OCR',
      dateHeureEtatCourant: date,
      utilisateurCreateurId: utilisateur.id,
    });
    const nom = [utilisateur.prenom, utilisateur.nom].filter(Boolean).join(' ');
    historiserStatut(ctx, facture, 'INTERPRETEE_OCR', 'FOURNISSEUR', { id: utilisateur.id, nom }, null, date);
    return pj;
  });
  return {
    numeroFacture: null,
    dateFacture: null,
    codeDestinataire: null,
    codeServiceExecutant: null,
    codeFournisseur: null,
    codeDeviseFacture: null,
    typeFacture: 'FACTURE',
    typeTva: null,
    numeroBonCommande: null,
    montantTtcAvantRemiseGlobalTTC: null,
    montantAPayer: null,
    montantHtTotal: null,
    montantTVA: null,
    pieceJointeId,
  };
}

/** A stored file the caller may use: it exists in this sandbox and this technical account uploaded it. */
export function pieceJointeUtilisable(ctx: SandboxContext, utilisateurId: number | null, id: number, champ: string): repo.PieceJointeRow {
  const pj = repo.findPieceJointe(ctx, id);
  if (!pj || (utilisateurId !== null && pj.utilisateurId !== null && pj.utilisateurId !== utilisateurId)) {
    throw new ChorusError(erreurs.PIECE_JOINTE_INTROUVABLE, `${erreurs.PIECE_JOINTE_INTROUVABLE.libelle} (${champ} ${id})`);
  }
  return pj;
}
