import type { SandboxContext } from './context.js';

/** Something that happened while a sandbox's clock ran (answer of `clock/advance`). */
export interface Evenement {
  date: string;
  type: string;
  idFacture?: number;
  description: string;
}

/**
 * A source of work that falls due on the sandbox clock (simulated buyers, later delayed routing or
 * tacit validations). `prochaineEcheance` is the earliest due date (possibly in the past), or null.
 */
export interface Echeancier {
  readonly name: string;
  prochaineEcheance(ctx: SandboxContext): Date | null;
  executer(ctx: SandboxContext, at: Date): Evenement[];
}

/** Bound on the work of one settle, so a provider that never clears its echeance cannot hang a request. */
const MAX_ETAPES = 10_000;

/**
 * Runs, in date order, every piece of work due up to `jusqua`. Each runs with a clock pinned at its
 * due date (never before the previous one), so everything it writes carries sandbox-clock dates.
 * The caller holds the transaction and persists the final clock.
 */
export function executerEcheances(ctx: SandboxContext, echeanciers: readonly Echeancier[], jusqua: Date): Evenement[] {
  const evenements: Evenement[] = [];
  let dernier = -Infinity;
  for (let etape = 0; etape < MAX_ETAPES; etape += 1) {
    let suivant: { echeancier: Echeancier; date: Date } | null = null;
    for (const echeancier of echeanciers) {
      const date = echeancier.prochaineEcheance(ctx);
      if (date && (!suivant || date < suivant.date)) suivant = { echeancier, date };
    }
    if (!suivant || suivant.date > jusqua) break;
    const at = new Date(Math.max(suivant.date.getTime(), dernier));
    dernier = at.getTime();
    const pinned: SandboxContext = { db: ctx.db, sandboxId: ctx.sandboxId, now: () => at };
    const faits = suivant.echeancier.executer(pinned, at);
    if (!faits.length) break; // nothing could be done: stop rather than spin on the same echeance
    evenements.push(...faits);
  }
  return evenements;
}
