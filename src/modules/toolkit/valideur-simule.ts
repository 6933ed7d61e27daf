import { and, eq, or } from 'drizzle-orm';
import { factures } from '../../db/schema/index.js';
import { motifRefusValideur } from '../../domain/validation.js';
import { isChorusError } from '../../errors/chorus-error.js';
import type { SandboxContext } from '../../sandbox/context.js';
import { annuler, enregistrerTypeEcheance, observerFactures, planifier } from '../../sandbox/echeancier.js';
import { appliquerTransition, rangAValider, statutApresDecision } from '../factures/index.js';
import { findFacture, listHistorique, type FactureRow } from '../factures/repository.js';
import { findStructure } from '../structures/repository.js';
import { lireComportementStocke } from './comportements.js';

const JOUR_MS = 86_400_000;
const TYPE = 'valideur-simule';

/**
 * Magic invoice numbers of the validation circuit (README table): whatever the validator's profile,
 * validator 1 decides at once, so that a CI job needs no configuration.
 */
export const VALEURS_MAGIQUES_VALIDEUR: readonly { suffixe: string; action: 'REFUS'; motif: string }[] = [
  { suffixe: '-REFUS_VALIDEUR', action: 'REFUS', motif: 'AUT_MOTIF_ERR_VALIDEUR' },
  { suffixe: '-ERREUR_VALIDEUR', action: 'REFUS', motif: 'ERR_VALIDEUR' },
];

interface Decision {
  date: Date;
  action: 'VALIDATION' | 'REFUS';
  motif?: string;
}

/** What the validator whose turn it is will decide, and when (sandbox clock), or null (a person, or tacit). */
function prochaineDecision(ctx: SandboxContext, f: FactureRow): Decision | null {
  const rang = rangAValider(f.statut);
  if (rang === null) return null;
  const depuis = new Date(f.dateHeureEtatCourant).getTime();
  const numero = (f.numeroFacture ?? '').toUpperCase();
  const magique = VALEURS_MAGIQUES_VALIDEUR.find((m) => numero.endsWith(m.suffixe));
  // Once: a re-addressed invoice (corriger/valideur/facture) is then treated normally.
  if (magique && rang === 1 && !listHistorique(ctx, f.id).some((h) => h.nature === 'STATUT' && h.code === 'ERREUR_FOURNISSEUR_SUR_VALIDEUR')) {
    return { date: new Date(depuis), action: magique.action, motif: magique.motif };
  }
  const valideurId = rang === 1 ? f.valideur1Id : f.valideur2Id;
  const profil = valideurId === null ? undefined : lireComportementStocke(ctx, valideurId);
  const regle = profil?.mode === 'automatique' ? profil.regles.valideur : undefined;
  if (!regle || regle.action === 'AUCUNE') return null;
  return { date: new Date(depuis + regle.apresJours * JOUR_MS), action: regle.action, motif: regle.action === 'REFUS' ? regle.motifRefus : undefined };
}

function planifierDecision(ctx: SandboxContext, f: FactureRow): void {
  const d = prochaineDecision(ctx, f);
  if (d) planifier(ctx, TYPE, f.id, new Date(Math.max(d.date.getTime(), ctx.now().getTime())), { statut: f.statut });
  else annuler(ctx, TYPE, f.id);
}

observerFactures<FactureRow>((ctx, f) => {
  if (rangAValider(f.statut) !== null) planifierDecision(ctx, f);
});

/** After a validator's profile changes: its invoices awaiting it are rescheduled. */
export function replanifierValideur(ctx: SandboxContext, structureId: number): void {
  const rows = ctx.db
    .select()
    .from(factures)
    .where(
      and(
        eq(factures.sandboxId, ctx.sandboxId),
        or(and(eq(factures.statut, 'A_VALIDER_1'), eq(factures.valideur1Id, structureId)), and(eq(factures.statut, 'A_VALIDER_2'), eq(factures.valideur2Id, structureId))),
      ),
    )
    .all();
  for (const f of rows) planifierDecision(ctx, f);
}

/** Simulated validators: decide as their profile says, through the same table as a person. */
enregistrerTypeEcheance({
  type: TYPE,
  executer(ctx, sujet, at, donnees) {
    const f = findFacture(ctx, Number(sujet));
    const rang = f ? rangAValider(f.statut) : null;
    if (!f || rang === null || f.statut !== (donnees as { statut?: string } | undefined)?.statut) return [];
    const d = prochaineDecision(ctx, f);
    if (!d) return [];
    if (d.date > at) {
      planifier(ctx, TYPE, f.id, d.date, { statut: f.statut });
      return [];
    }
    const motif = d.motif ? motifRefusValideur(d.motif) : undefined;
    const valideur = findStructure(ctx, (rang === 1 ? f.valideur1Id : f.valideur2Id) ?? -1);
    const nom = `Valideur simulé ${valideur?.raisonSociale ?? ''}`.trim();
    const vers = statutApresDecision(rang, d.action, motif?.codeMotif);
    try {
      appliquerTransition(ctx, {
        idFacture: f.id,
        vers,
        acteur: 'VALIDEUR',
        utilisateurId: null,
        nomUtilisateur: nom,
        motif: motif ? `${motif.codeMotif} - ${motif.libelleMotif}` : null,
      });
    } catch (error) {
      if (!isChorusError(error)) throw error;
      return [];
    }
    return [{ date: at.toISOString(), type: `FACTURE_${vers}`, idFacture: f.id, description: `Facture ${f.numeroFacture} : ${vers} par ${nom}` }];
  },
});

