import { nextId } from '../../../db/sequences.js';
import { transaction } from '../../../db/transaction.js';
import { CIRCUITS, circuitDuCadre, STATUTS_AVANT_DESTINATAIRE, trouverTransition, type Acteur, type Effet, type NomCircuit, type StatutFacture } from '../../../domain/circuits/index.js';
import { ChorusError } from '../../../errors/chorus-error.js';
import { erreurs } from '../../../errors/catalogue/index.js';
import { referentials } from '../../../referentials/index.js';
import { factureModifiee } from '../../../sandbox/echeancier.js';
import type { SandboxContext } from '../../../sandbox/context.js';
import { formatDateTime } from '../../../sandbox/dates.js';
import * as repo from '../repository.js';

export interface Transition {
  idFacture: number;
  vers: StatutFacture;
  acteur: Acteur;
  utilisateurId: number | null;
  nomUtilisateur: string;
  motif?: string | null;
  commentaire?: string | null;
  numeroDPMandat?: string | null;
}

const libelles = new Map(referentials.statutsFacture.entries.map((s) => [s.statut, s.libelle] as const));

export function factureOuErreur(ctx: SandboxContext, idFacture: number, champ = 'idFacture'): repo.FactureRow {
  const facture = repo.findFacture(ctx, idFacture);
  if (!facture) throw new ChorusError(erreurs.FACTURE_INTROUVABLE, `${erreurs.FACTURE_INTROUVABLE.libelle} (${champ} ${idFacture})`);
  return facture;
}

/**
 * Notifies every person attached to the supplier and to the recipient structures (technical accounts
 * have no mailbox: never notified, chorus-domain §13). The transient
 * EN_COURS_ACHEMINEMENT step notifies nobody: users hear of the deposit and of the mise à disposition.
 */
export function notifier(ctx: SandboxContext, facture: repo.FactureRow, type: string, message: string, date: string): void {
  // DEPOSEE after a validation is as silent as a simple deposit: everyone hears of the mise à disposition.
  if (facture.statut === 'EN_COURS_ACHEMINEMENT' || facture.statut === 'DEPOSEE') return;
  // A deleted draft never reached anyone: nobody hears of it.
  if (facture.statut === 'SUPPRIMEE') return;
  repo.notifierRattaches(ctx, { ...facture, destinataireId: partieNotifiee(facture) }, { type, message, date });
}

/**
 * Who hears of a move besides the supplier: the recipient, except while an A9/A12 invoice is with
 * its validators (the recipient does not know of it yet): then the validator of that level.
 */
function partieNotifiee(f: repo.FactureRow): number | null {
  if (f.valideur1Id === null || !(STATUTS_AVANT_DESTINATAIRE as readonly string[]).includes(f.statut)) return f.destinataireId;
  const niveau2 = f.statut.endsWith('_2') || f.statut === 'ERREUR_COTRAITANT_SUR_VALIDEUR';
  return (niveau2 ? f.valideur2Id : f.valideur1Id) ?? f.valideur1Id;
}

/** Records a user action (histoAction) that does not change the status. */
export function enregistrerAction(
  ctx: SandboxContext,
  facture: repo.FactureRow,
  code: string,
  utilisateur: { id: number | null; nom: string },
  commentaire?: string | null,
): void {
  repo.insertHistorique(ctx, {
    id: nextId(ctx.db, ctx.sandboxId, 'historique'),
    factureId: facture.id,
    nature: 'ACTION',
    code,
    date: formatDateTime(ctx.now()),
    commentaire: commentaire ?? null,
    acteur: null,
    utilisateurId: utilisateur.id,
    nomUtilisateur: utilisateur.nom,
  });
}

/** Writes the DEPOSEE entry of a new invoice (the deposit is the first status of its history). */
export function historiserStatut(
  ctx: SandboxContext,
  facture: Pick<repo.FactureRow, 'id'>,
  statut: StatutFacture,
  acteur: Acteur,
  utilisateur: { id: number | null; nom: string },
  commentaire: string | null,
  date: string,
): void {
  repo.insertHistorique(ctx, {
    id: nextId(ctx.db, ctx.sandboxId, 'historique'),
    factureId: facture.id,
    nature: 'STATUT',
    code: statut,
    date,
    commentaire,
    acteur,
    utilisateurId: utilisateur.id,
    nomUtilisateur: utilisateur.nom,
  });
}

/** The circuit of an invoice, from its cadre (every deposited cadre belongs to one circuit). */
export function circuitDe(facture: Pick<repo.FactureRow, 'codeCadreFacturation'>): NomCircuit {
  // An OCR invoice has no cadre until soumettre: the simple circuit holds its INTERPRETEE_OCR row.
  return circuitDuCadre(facture.codeCadreFacturation ?? '')?.nom ?? CIRCUITS.SIMPLE.nom;
}

/** What the declared effects of a move write on the invoice (délai de paiement bookkeeping, chorus-domain §10). */
function appliquerEffets(f: repo.FactureRow, effets: readonly Effet[], date: string, mandat: string | null): Partial<repo.FactureRow> {
  let suspensions = f.suspensions.map((s) => ({ ...s }));
  const out: Partial<repo.FactureRow> = {};
  for (const effet of effets) {
    switch (effet) {
      case 'DEMARRER_DELAI':
        // A works piece paid for its dossier arrives with the dossier's start (its projet's mise à
        // disposition to the MOE, chorus-domain §10.2): kept. Any other invoice has none yet.
        out.dateMiseADisposition = f.dateMiseADisposition ?? date;
        break;
      case 'REDEMARRER_DELAI':
        out.dateMiseADisposition = date;
        suspensions = [];
        break;
      case 'OUVRIR_SUSPENSION':
        suspensions.push({ debut: date, fin: null });
        break;
      case 'FERMER_SUSPENSION': {
        const ouverte = suspensions.find((s) => s.fin === null);
        if (ouverte) ouverte.fin = date;
        break;
      }
      case 'DATER_PAIEMENT':
        out.datePaiement = date;
        break;
      case 'ENREGISTRER_MANDAT':
        if (mandat) out.numeroDpMandat = mandat;
        break;
      case 'DATER_VALIDATION_1':
        out.dateValidation1 = date;
        break;
      case 'DATER_VALIDATION_2':
        out.dateValidation2 = date;
        break;
      case 'TRANSMETTRE': // applied by `deplacer` once the move is written
        break;
    }
  }
  return { ...out, suspensions };
}

/**
 * One move of `facture` as read in the current transaction: checked against the circuit's table,
 * written with one prepared update, historised and notified. Returns the invoice after the move
 * (computed in memory, not read again).
 */
function deplacer(ctx: SandboxContext, facture: repo.FactureRow, t: Transition): repo.FactureRow {
  const regle = trouverTransition(circuitDe(facture), facture.statut as StatutFacture, t.vers, t.acteur);
  if (!regle) {
    throw new ChorusError(
      erreurs.STATUT_INCOHERENT,
      `${erreurs.STATUT_INCOHERENT.libelle} (statut ${facture.statut} → ${t.vers})`,
    );
  }
  const motif = t.motif?.trim() || null;
  if (regle.motifObligatoire && !motif) {
    throw new ChorusError(erreurs.MOTIF_OBLIGATOIRE, `Le champ 'motif' est obligatoire pour le statut ${t.vers}`);
  }
  const mandat = t.numeroDPMandat?.trim() || null;
  if (regle.champsObligatoires.includes('numeroDPMandat') && !mandat) {
    throw new ChorusError(erreurs.NUMERO_MANDAT_OBLIGATOIRE, `Le champ 'numeroDPMandat' est obligatoire pour le statut ${t.vers}`);
  }
  const date = formatDateTime(ctx.now());
  const commentaire = [motif, t.commentaire?.trim()].filter(Boolean).join(' — ') || null;
  const apres: repo.FactureRow = {
    ...facture,
    statut: t.vers,
    dateHeureEtatCourant: date,
    commentaireEtatCourant: commentaire,
    ...appliquerEffets(facture, regle.effets, date, mandat),
  };
  repo.majEtat(ctx, apres);
  if (apres.dateValidation1 !== facture.dateValidation1 || apres.dateValidation2 !== facture.dateValidation2) {
    repo.updateFacture(ctx, apres.id, { dateValidation1: apres.dateValidation1, dateValidation2: apres.dateValidation2 });
  }
  historiserStatut(ctx, facture, t.vers, t.acteur, { id: t.utilisateurId, nom: t.nomUtilisateur }, commentaire, date);
  notifier(ctx, apres, `STATUT_${t.vers}`, `Facture ${apres.numeroFacture} : ${libelles.get(t.vers) ?? t.vers}${motif ? ` (${motif})` : ''}`, date);
  factureModifiee(ctx, apres); // what falls due next (a simulated buyer's action) goes on the agenda
  return regle.effets.includes('TRANSMETTRE') ? transmettre(ctx, apres) : apres;
}

/**
 * After a validator's (express or tacit) acceptance: to the second validator when one is designated
 * and has not accepted yet, else deposited and routed to the recipient, each step in the history.
 */
function transmettre(ctx: SandboxContext, facture: repo.FactureRow): repo.FactureRow {
  const base = { idFacture: facture.id, acteur: 'SYSTEME' as const, ...SYSTEME };
  if (facture.valideur2Id !== null && facture.dateValidation2 === null && facture.statut !== 'VALIDEE_2' && facture.statut !== 'ABSENCE_VALIDATION_2_HORS_DELAI') {
    return deplacer(ctx, facture, { ...base, vers: 'A_VALIDER_2' });
  }
  return acheminerFacture(ctx, deplacer(ctx, facture, { ...base, vers: 'DEPOSEE' }));
}

/**
 * Applies one lifecycle move through the transition table, atomically: re-reads the current status
 * inside the transaction, so two concurrent moves on one invoice serialise and the second one is
 * judged against the first one's result (never an illegal state, never a lost history entry).
 * The simulated public buyers call exactly this.
 */
export function appliquerTransition(ctx: SandboxContext, t: Transition): repo.FactureRow {
  return transaction(ctx.db, () => deplacer(ctx, factureOuErreur(ctx, t.idFacture), t));
}

const SYSTEME = { utilisateurId: null, nomUtilisateur: 'Chorus Pro' } as const;

/**
 * Routing of a deposited invoice: DEPOSEE → EN_COURS_ACHEMINEMENT → MISE_A_DISPOSITION, by the system.
 * Immediate today; a separate function so that routing can later be scheduled on the sandbox clock.
 */
export function acheminer(ctx: SandboxContext, idFacture: number): repo.FactureRow {
  return transaction(ctx.db, () => acheminerFacture(ctx, factureOuErreur(ctx, idFacture)));
}

/** Routing of an invoice already read in the current transaction (a deposit's fresh row): read once for both moves. */
export function acheminerFacture(ctx: SandboxContext, facture: repo.FactureRow): repo.FactureRow {
  const enCours = deplacer(ctx, facture, { idFacture: facture.id, vers: 'EN_COURS_ACHEMINEMENT', acteur: 'SYSTEME', ...SYSTEME });
  return deplacer(ctx, enCours, { idFacture: facture.id, vers: 'MISE_A_DISPOSITION', acteur: 'SYSTEME', ...SYSTEME });
}
