import { transaction } from '../../../db/transaction.js';
import { ChorusError } from '../../../errors/chorus-error.js';
import { erreurs } from '../../../errors/catalogue/index.js';
import { referentials } from '../../../referentials/index.js';
import type { SandboxContext } from '../../../sandbox/context.js';
import { paginer, type Pagination } from '../../structures/pagination.js';
import { findStructure } from '../../structures/repository.js';
import { structuresRattachees } from '../../structures/service.js';
import { listRattachementsStructure } from '../../utilisateurs/repository.js';
import type { LienPieceJointe } from '../depot/controles.js';
import { pieceJointeUtilisable } from '../depot/fichiers.js';
import { facturesUtilisant, listPiecesJointesDe, supprimerPieceJointe, type PieceJointeMeta } from './repository.js';
import type { Appelant } from '../perimetre.js';
import { supprimerFactureOcr } from '../repository.js';
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
