import { and, eq, inArray } from 'drizzle-orm';
import { factures } from '../../db/schema/index.js';
import type { StatutFacture } from '../../domain/circuits/index.js';
import { isChorusError } from '../../errors/chorus-error.js';
import type { SandboxContext } from '../../sandbox/context.js';
import { annuler, enregistrerTypeEcheance, observerFactures, planifier } from '../../sandbox/echeancier.js';
import { findEngagementByNumero } from '../engagements/repository.js';
import { appliquerTransition } from '../factures/index.js';
import { findFacture, listHistorique, type FactureRow } from '../factures/repository.js';
import { findService, findStructure } from '../structures/repository.js';
import type { ReglesAutomatiques } from './comportement-schema.js';
import { lireComportementStocke, listerComportementsAutomatiques } from './comportements.js';

const JOUR_MS = 86_400_000;

/** Magic invoice numbers (README table): outcome forced right after the mise à disposition. */
export const VALEURS_MAGIQUES: readonly { suffixe: string; vers: StatutFacture; motif?: string }[] = [
  { suffixe: '-REJET', vers: 'REJETEE', motif: 'FACT_NON_CONFORME - Facture non conforme à la commande (valeur magique -REJET)' },
  { suffixe: '-SUSP', vers: 'SUSPENDUE', motif: 'JUSTIF_ABS - Justificatif absent ou insuffisant (valeur magique -SUSP)' },
  { suffixe: '-RECYC', vers: 'A_RECYCLER', motif: 'SE_ERR - Service destinataire incorrect (valeur magique -RECYC)' },
  { suffixe: '-PAYE', vers: 'MISE_EN_PAIEMENT' },
];

// Motif defaults from the reform's "tableau des motifs de refus" (chorus-domain §11.2): the exact
// Chorus Pro drop-down is not public, and this is the list it is converging to.
const MOTIFS = {
  rejet: 'CMD_EJ_ERR - Montant supérieur à celui de l’engagement juridique',
  suspension: 'JUSTIF_ABS - Justificatif absent ou insuffisant',
  recyclage: 'SE_ERR - Service destinataire incorrect',
};

/** Statuses in which a simulated buyer still has something to do, and the plan step each one is at. */
const RANG: Partial<Record<StatutFacture, number>> = {
  MISE_A_DISPOSITION: 0,
  COMPLETEE: 0,
  SERVICE_FAIT: 1,
  MANDATEE: 2,
  MISE_A_DISPOSITION_COMPTABLE: 2,
  COMPTABILISEE: 2,
};

interface Action {
  date: Date;
  vers: StatutFacture;
  motif?: string;
}

function dejaPasse(ctx: SandboxContext, f: FactureRow, statut: StatutFacture): boolean {
  return listHistorique(ctx, f.id).some((h) => h.nature === 'STATUT' && h.code === statut);
}

function serviceInvalide(ctx: SandboxContext, f: FactureRow): boolean {
  if (f.serviceExecutantId === null) return f.destinataireId !== null && findStructure(ctx, f.destinataireId)?.codeServiceDoitEtreRenseigne === true;
  const service = findService(ctx, f.serviceExecutantId);
  return !service || !service.estActif;
}

function depasseEngagement(ctx: SandboxContext, f: FactureRow): boolean {
  const numero = f.numeroBonCommande ?? f.numeroMarche;
  const ej = numero && f.destinataireId !== null ? findEngagementByNumero(ctx, f.destinataireId, numero) : undefined;
  return ej?.montantHt != null && f.montantHt !== null && f.montantHt > ej.montantHt;
}

/** The next thing the buyer does to this invoice, and when (sandbox clock), or null. */
export function prochaineAction(ctx: SandboxContext, f: FactureRow, regles: ReglesAutomatiques): Action | null {
  const rang = RANG[f.statut as StatutFacture];
  if (rang === undefined) return null;
  const depuis = new Date(f.dateHeureEtatCourant);
  const motifs = { ...MOTIFS, ...regles.motifs };
  if (f.statut === 'MISE_A_DISPOSITION') {
    const numero = (f.numeroFacture ?? '').toUpperCase();
    const magique = VALEURS_MAGIQUES.find((m) => numero.endsWith(m.suffixe));
    // Once only: a recycled or completed invoice coming back is then treated normally.
    if (magique && !dejaPasse(ctx, f, magique.vers)) return { date: depuis, vers: magique.vers, motif: magique.motif };
    if (regles.recyclerSiServiceInvalide && serviceInvalide(ctx, f)) return { date: depuis, vers: 'A_RECYCLER', motif: motifs.recyclage };
    if (regles.rejeterSiMontantDepasseEngagement && depasseEngagement(ctx, f)) return { date: depuis, vers: 'REJETEE', motif: motifs.rejet };
    // A completed invoice (COMPLETEE) is not suspended again: the supplier has answered.
    if (regles.suspendreSansPieceJointe && f.piecesJointes.length === 0) return { date: depuis, vers: 'SUSPENDUE', motif: motifs.suspension };
  }
  const plan: [StatutFacture, number | undefined][] = [
    ['SERVICE_FAIT', regles.serviceFaitApresJours],
    ['MANDATEE', regles.mandateeApresJours],
    ['MISE_EN_PAIEMENT', regles.miseEnPaiementApresJours],
  ];
  const base = new Date(f.dateMiseADisposition ?? f.dateHeureEtatCourant).getTime();
  for (let i = rang; i < plan.length; i += 1) {
    const [vers, jours] = plan[i];
    if (jours === undefined) continue;
    return { date: new Date(Math.max(base + jours * JOUR_MS, depuis.getTime())), vers };
  }
  return null;
}

const TYPE = 'acheteur-simule';

/** The buyer's rules when its profile is automatic, else undefined (memoised for one chunk). */
function reglesDe(ctx: SandboxContext, structureId: number, memo?: Map<string, unknown>): ReglesAutomatiques | undefined {
  const cle = `regles:${structureId}`;
  if (memo?.has(cle)) return memo.get(cle) as ReglesAutomatiques | undefined;
  const comportement = lireComportementStocke(ctx, structureId);
  const regles = comportement?.mode === 'automatique' ? comportement.regles : undefined;
  memo?.set(cle, regles);
  return regles;
}

/** Puts the invoice's next buyer action on the agenda (or takes it off when there is none). */
export function planifierFacture(ctx: SandboxContext, f: FactureRow, memo?: Map<string, unknown>): void {
  // An OCR invoice (no recipient yet) is in no buyer's hands.
  const regles = RANG[f.statut as StatutFacture] === undefined || f.destinataireId === null ? undefined : reglesDe(ctx, f.destinataireId, memo);
  const action = regles && prochaineAction(ctx, f, regles);
  if (action) planifier(ctx, TYPE, f.id, new Date(Math.max(action.date.getTime(), ctx.now().getTime())));
  else annuler(ctx, TYPE, f.id);
}

// Every status change: a stale item would only be recomputed to nothing when it falls due, so a
// status no buyer acts on (or a manual buyer) costs no lookup of the behaviour profile.
observerFactures<FactureRow>((ctx, f) => {
  if (RANG[f.statut as StatutFacture] !== undefined) planifierFacture(ctx, f);
});

/** After a behaviour profile change: every invoice of this buyer still in its hands is rescheduled. */
export function replanifierAcheteur(ctx: SandboxContext, structureId: number): void {
  const rows = ctx.db
    .select()
    .from(factures)
    .where(and(eq(factures.sandboxId, ctx.sandboxId), eq(factures.destinataireId, structureId), inArray(factures.statut, Object.keys(RANG))))
    .all();
  const memo = new Map<string, unknown>();
  for (const f of rows) planifierFacture(ctx, f, memo);
}

/** Every simulated buyer of the sandbox (an import from an export made before the agenda existed). */
export function replanifierTout(ctx: SandboxContext): void {
  for (const { structureId } of listerComportementsAutomatiques(ctx)) replanifierAcheteur(ctx, structureId);
}

/**
 * Simulated public buyers: act on their received invoices as their behaviour profile says. The
 * action is recomputed when it falls due (the invoice, its engagement or service may have changed
 * since it was scheduled); an action found later than planned is put back on the agenda.
 */
enregistrerTypeEcheance({
  type: TYPE,
  executer(ctx, sujet, at, _donnees, memo) {
    const facture = findFacture(ctx, Number(sujet));
    if (!facture || facture.destinataireId === null) return [];
    const regles = reglesDe(ctx, facture.destinataireId, memo);
    const action = regles && prochaineAction(ctx, facture, regles);
    if (!action) return [];
    if (action.date > at) {
      planifier(ctx, TYPE, facture.id, action.date);
      return [];
    }
    const cle = `nom:${facture.destinataireId}`;
    let nom = memo.get(cle) as string | undefined;
    if (nom === undefined) {
      nom = `Acheteur simulé ${findStructure(ctx, facture.destinataireId)?.raisonSociale ?? facture.destinataireId}`;
      memo.set(cle, nom);
    }
    try {
      // The transition announces the new status, which schedules the buyer's following action.
      appliquerTransition(ctx, {
        idFacture: facture.id,
        vers: action.vers,
        acteur: 'DESTINATAIRE',
        utilisateurId: null,
        nomUtilisateur: nom,
        motif: action.motif ?? null,
        numeroDPMandat: action.vers === 'MANDATEE' ? `DP${facture.id}` : null,
      });
    } catch (error) {
      if (!isChorusError(error)) throw error;
      return []; // the table refused (e.g. a rule the lifecycle does not allow here): leave it manual
    }
    return [
      {
        date: at.toISOString(),
        type: `FACTURE_${action.vers}`,
        idFacture: facture.id,
        description: `Facture ${facture.numeroFacture} : ${action.vers} par ${nom}${action.motif ? ` (${action.motif})` : ''}`,
      },
    ];
  },
});
