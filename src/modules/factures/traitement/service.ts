import { nextId } from '../../../db/sequences.js';
import { transaction } from '../../../db/transaction.js';
import { trouverAction, type StatutFacture } from '../../../domain/circuits/index.js';
import { ChorusError } from '../../../errors/chorus-error.js';
import { erreurs } from '../../../errors/catalogue/index.js';
import type { SandboxContext } from '../../../sandbox/context.js';
import { formatDate, formatDateHeureMinute, formatDateTime } from '../../../sandbox/dates.js';
import { findStructure } from '../../structures/repository.js';
import { findService } from '../../structures/repository.js';
import { factureDe, nomDe, type Appelant } from '../perimetre.js';
import { controlerAcheminement, liensPiecesJointes, type LienPieceJointe } from '../depot/controles.js';
import { appliquerTransition, circuitDe, enregistrerAction } from './lifecycle.js';
import * as repo from '../repository.js';
import type { PieceJointeComplementaireInput } from '../schemas/operations.js';

export interface TraiterRecue {
  idFacture: number;
  nouveauStatut: Parameters<typeof appliquerTransition>[1]['vers'];
  motif?: string;
  numeroDPMandat?: string;
  commentaire?: string;
}

/** traiter/recue: the recipient moves the invoice, only as the table allows for actor DESTINATAIRE. */
export function traiterFactureRecue(ctx: SandboxContext, appelant: Appelant, input: TraiterRecue) {
  factureDe(ctx, appelant, input.idFacture, 'DESTINATAIRE');
  const f = appliquerTransition(ctx, {
    idFacture: input.idFacture,
    vers: input.nouveauStatut,
    acteur: 'DESTINATAIRE',
    utilisateurId: appelant.id,
    nomUtilisateur: nomDe(appelant),
    motif: input.motif,
    commentaire: input.commentaire,
    numeroDPMandat: input.numeroDPMandat,
  });
  return { idFacture: f.id, numeroFacture: f.numeroFacture, dateTraitement: formatDate(ctx.now()), nouveauStatut: input.nouveauStatut };
}

/** completer: only from SUSPENDUE, with new attachments and/or a comment; the invoice becomes COMPLETEE. */
export function completerFacture(
  ctx: SandboxContext,
  appelant: Appelant,
  input: { identifiantFactureCPP: number; pieceJointeComplementaire?: PieceJointeComplementaireInput[]; commentaire?: string },
) {
  return transaction(ctx.db, () => {
    const facture = factureDe(ctx, appelant, input.identifiantFactureCPP, 'FOURNISSEUR', 'identifiantFactureCPP');
    if (facture.statut !== 'SUSPENDUE') throw new ChorusError(erreurs.STATUT_NON_SUSPENDUE);
    const ajout = liensPiecesJointes(ctx, appelant.id, input.pieceJointeComplementaire ?? [], () =>
      nextId(ctx.db, ctx.sandboxId, 'liaisonPieceJointe'),
    );
    repo.updateFacture(ctx, facture.id, {
      piecesJointes: [...(facture.piecesJointes as LienPieceJointe[]), ...ajout],
      ...(input.commentaire ? { commentaire: input.commentaire } : {}),
    });
    appliquerTransition(ctx, {
      idFacture: facture.id,
      vers: 'COMPLETEE',
      acteur: 'FOURNISSEUR',
      utilisateurId: appelant.id,
      nomUtilisateur: nomDe(appelant),
      commentaire: input.commentaire ?? (ajout.length ? `${ajout.length} pièce(s) jointe(s) ajoutée(s)` : null),
    });
    return { identifiantFactureCPP: facture.id, numeroFacture: facture.numeroFacture, dateTraitement: formatDateHeureMinute(ctx.now()) };
  });
}

/**
 * recycler: only from A_RECYCLER; only routing data may change (recipient, service, engagement),
 * checked by the same controls as a deposit; the invoice is then at the new recipient's disposal.
 */
export function recyclerFacture(
  ctx: SandboxContext,
  appelant: Appelant,
  input: {
    identifiantFactureCPP: number;
    destinataire?: { codeDestinataire?: string; codeServiceExecutant?: string };
    reference?: { numeroBonCommande?: string };
    commentaire?: string;
  },
) {
  return transaction(ctx.db, () => {
    const facture = factureDe(ctx, appelant, input.identifiantFactureCPP, 'FOURNISSEUR', 'identifiantFactureCPP');
    if (facture.statut !== 'A_RECYCLER') throw new ChorusError(erreurs.STATUT_NON_A_RECYCLER);
    const fournisseur = findStructure(ctx, facture.fournisseurId)!;
    // A_RECYCLER comes after routing: the invoice has its recipient.
    const actuel = findStructure(ctx, facture.destinataireId!)!;
    const codeDestinataire = input.destinataire?.codeDestinataire?.trim() || actuel.identifiant;
    const changeDestinataire = codeDestinataire !== actuel.identifiant;
    // A new recipient has other services: the old code only carries over when the recipient stays.
    const codeServiceExecutant =
      input.destinataire?.codeServiceExecutant ?? (changeDestinataire ? undefined : serviceCode(ctx, facture.serviceExecutantId));
    const numeroBonCommande = input.reference?.numeroBonCommande ?? facture.numeroBonCommande ?? undefined;
    const { destinataire, service } = controlerAcheminement(
      ctx,
      fournisseur,
      { codeDestinataire, codeServiceExecutant, numeroBonCommande },
      { destinataire: 'destinataire.codeDestinataire', service: 'destinataire.codeServiceExecutant', ej: 'reference.numeroBonCommande' },
    );
    repo.updateFacture(ctx, facture.id, {
      destinataireId: destinataire.id,
      serviceExecutantId: service?.id ?? null,
      numeroBonCommande: numeroBonCommande?.trim() || null,
      factureTelechargeeParDestinataire: false,
    });
    const f = appliquerTransition(ctx, {
      idFacture: facture.id,
      vers: 'MISE_A_DISPOSITION',
      acteur: 'FOURNISSEUR',
      utilisateurId: appelant.id,
      nomUtilisateur: nomDe(appelant),
      commentaire: input.commentaire ?? `Recyclée vers ${destinataire.identifiant}${service ? ` / ${service.code}` : ''}`,
    });
    return { identifiantFactureCPP: f.id, numeroFacture: f.numeroFacture, statutFacture: 'MISE_A_DISPOSITION' as const, dateDepot: formatDate(f.dateDepot) };
  });
}

function serviceCode(ctx: SandboxContext, serviceId: number | null): string | undefined {
  if (serviceId === null) return undefined;
  return findService(ctx, serviceId)?.code;
}

export type ActionFournisseur = 'ACQUITTEMENT_REJET' | 'ACQUITTEMENT_SUSPENSION' | 'TRAITEMENT_REJET';

/**
 * Supplier actions that leave the status unchanged (ACQUITTEMENT_REJET, ACQUITTEMENT_SUSPENSION,
 * TRAITEMENT_REJET): logged in the history's user actions. Acknowledgement is a portal action
 * (no API operation exists for it); TRAITEMENT_REJET is also what `traiterRejet` does.
 */
export function actionFournisseur(ctx: SandboxContext, appelant: Appelant, idFacture: number, code: ActionFournisseur, commentaire?: string) {
  return transaction(ctx.db, () => {
    const facture = factureDe(ctx, appelant, idFacture, 'FOURNISSEUR', 'idDemandePaiement');
    if (!trouverAction(circuitDe(facture), code, facture.statut as StatutFacture, 'FOURNISSEUR')) {
      throw new ChorusError(erreurs.STATUT_NON_ACQUITTABLE, `${erreurs.STATUT_NON_ACQUITTABLE.libelle} (${code} impossible au statut ${facture.statut})`);
    }
    if (code === 'TRAITEMENT_REJET') repo.updateFacture(ctx, facture.id, { rejetTraite: true });
    enregistrerAction(ctx, facture, code, { id: appelant.id, nom: nomDe(appelant) }, commentaire);
    return facture;
  });
}

/** traiterRejet: marks the supplier's rejected invoices as handled, all or none. */
export function traiterFacturesRejetees(ctx: SandboxContext, appelant: Appelant, ids: number[], commentaire?: string) {
  transaction(ctx.db, () => {
    for (const id of ids) actionFournisseur(ctx, appelant, id, 'TRAITEMENT_REJET', commentaire);
  });
}

export function dateTraitement(ctx: SandboxContext): string {
  return formatDateTime(ctx.now());
}
