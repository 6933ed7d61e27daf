import { and, eq, inArray } from 'drizzle-orm';
import { factures } from '../../db/schema/index.js';
import type { StatutFacture } from '../../domain/circuits/index.js';
import { isChorusError } from '../../errors/chorus-error.js';
import type { SandboxContext } from '../../sandbox/context.js';
import type { Echeancier, Evenement } from '../../sandbox/echeancier.js';
import { findEngagementByNumero } from '../engagements/repository.js';
import { appliquerTransition } from '../factures/index.js';
import { listHistorique, type FactureRow } from '../factures/repository.js';
import { findService, findStructure } from '../structures/repository.js';
import type { ReglesAutomatiques } from './comportement-schema.js';
import { listerComportementsAutomatiques } from './comportements.js';

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
  if (f.serviceExecutantId === null) return findStructure(ctx, f.destinataireId)?.codeServiceDoitEtreRenseigne === true;
  const service = findService(ctx, f.serviceExecutantId);
  return !service || !service.estActif;
}

function depasseEngagement(ctx: SandboxContext, f: FactureRow): boolean {
  const numero = f.numeroBonCommande ?? f.numeroMarche;
  const ej = numero ? findEngagementByNumero(ctx, f.destinataireId, numero) : undefined;
  return ej?.montantHt != null && f.montantHt > ej.montantHt;
}

/** The next thing the buyer does to this invoice, and when (sandbox clock), or null. */
export function prochaineAction(ctx: SandboxContext, f: FactureRow, regles: ReglesAutomatiques): Action | null {
  const rang = RANG[f.statut as StatutFacture];
  if (rang === undefined) return null;
  const depuis = new Date(f.dateHeureEtatCourant);
  const motifs = { ...MOTIFS, ...regles.motifs };
  if (f.statut === 'MISE_A_DISPOSITION') {
    const numero = f.numeroFacture.toUpperCase();
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

function aTraiter(ctx: SandboxContext) {
  const automatiques = listerComportementsAutomatiques(ctx);
  if (!automatiques.length) return [];
  const regles = new Map(automatiques.map((a) => [a.structureId, a.comportement.regles] as const));
  const rows = ctx.db
    .select()
    .from(factures)
    .where(and(eq(factures.sandboxId, ctx.sandboxId), inArray(factures.destinataireId, [...regles.keys()]), inArray(factures.statut, Object.keys(RANG))))
    .all();
  return rows.flatMap((f) => {
    const action = prochaineAction(ctx, f, regles.get(f.destinataireId)!);
    return action ? [{ facture: f, action }] : [];
  });
}

/** Simulated public buyers: act on their received invoices as their behaviour profile says. */
export const acheteursSimules: Echeancier = {
  name: 'acheteurs-simules',
  prochaineEcheance(ctx) {
    let min: Date | null = null;
    for (const { action } of aTraiter(ctx)) if (!min || action.date < min) min = action.date;
    return min;
  },
  executer(ctx, at) {
    const evenements: Evenement[] = [];
    for (const { facture, action } of aTraiter(ctx)) {
      if (action.date > at) continue;
      const destinataire = findStructure(ctx, facture.destinataireId);
      const nom = `Acheteur simulé ${destinataire?.raisonSociale ?? facture.destinataireId}`;
      try {
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
        continue; // the table refused (e.g. a rule the lifecycle does not allow here): leave it manual
      }
      evenements.push({
        date: at.toISOString(),
        type: `FACTURE_${action.vers}`,
        idFacture: facture.id,
        description: `Facture ${facture.numeroFacture} : ${action.vers} par ${nom}${action.motif ? ` (${action.motif})` : ''}`,
      });
    }
    return evenements;
  },
};
