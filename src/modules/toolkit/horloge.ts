import type { Db } from '../../db/client.js';
import { transaction } from '../../db/transaction.js';
import { ChorusError } from '../../errors/chorus-error.js';
import { erreurs } from '../../errors/catalogue/index.js';
import { clockNow, type ClockMode } from '../../sandbox/clock.js';
import type { SandboxContext } from '../../sandbox/context.js';
import { executerEcheances, type Echeancier, type Evenement } from '../../sandbox/echeancier.js';
import { updateSandbox } from '../control-plane/repository.js';
import { clockOf, contextOf, getSandbox } from '../control-plane/service.js';
import { acheteursSimules } from './acheteur-simule.js';

/** Every source of scheduled work, in one list: add delayed routing or tacit validations here. */
export const ECHEANCIERS: readonly Echeancier[] = [acheteursSimules];

export interface Horloge {
  now: string;
  mode: ClockMode;
}

export function lireHorloge(db: Db, id: string): Horloge {
  const sandbox = getSandbox(db, id);
  return { now: clockNow(clockOf(sandbox)).toISOString(), mode: sandbox.clockMode };
}

function dateOuErreur(valeur: string, champ: string): Date {
  const date = new Date(valeur);
  if (Number.isNaN(date.getTime())) throw new ChorusError(erreurs.HORLOGE_INVALIDE, `Le champ '${champ}' n'est pas une date valide : '${valeur}'`);
  return date;
}

/** `PUT clock`: frozen at `date` (or now), offset so that now = `date`, or back to real time. */
export function reglerHorloge(db: Db, id: string, input: { mode: ClockMode; date?: string }): Horloge {
  const sandbox = getSandbox(db, id);
  const date = input.date === undefined ? undefined : dateOuErreur(input.date, 'date');
  if (input.mode === 'offset' && !date) throw new ChorusError(erreurs.HORLOGE_INVALIDE, "Le champ 'date' est obligatoire pour le mode 'offset'");
  const values =
    input.mode === 'frozen'
      ? { clockMode: 'frozen' as const, clockFrozenAt: (date ?? clockNow(clockOf(sandbox))).toISOString(), clockOffsetMs: 0 }
      : input.mode === 'offset'
        ? { clockMode: 'offset' as const, clockFrozenAt: null, clockOffsetMs: date!.getTime() - Date.now() }
        : { clockMode: 'real' as const, clockFrozenAt: null, clockOffsetMs: 0 };
  updateSandbox(db, id, values);
  return lireHorloge(db, id);
}

export type Avance = { days?: number; hours?: number; minutes?: number; until?: string };

/** `POST clock/advance`: forward only; runs every echeance in between, then stops the clock at the target. */
export function avancerHorloge(db: Db, id: string, avance: Avance): Horloge & { evenements: Evenement[] } {
  const sandbox = getSandbox(db, id);
  const now = clockNow(clockOf(sandbox));
  const duree = ((avance.days ?? 0) * 24 * 60 + (avance.hours ?? 0) * 60 + (avance.minutes ?? 0)) * 60_000;
  if (avance.until !== undefined && duree !== 0) {
    throw new ChorusError(erreurs.HORLOGE_INVALIDE, "Donner soit 'until', soit 'days'/'hours'/'minutes', pas les deux");
  }
  const cible = avance.until !== undefined ? dateOuErreur(avance.until, 'until') : new Date(now.getTime() + duree);
  if (cible.getTime() <= now.getTime()) {
    throw new ChorusError(
      erreurs.HORLOGE_RETOUR_ARRIERE,
      `L'horloge ne peut qu'avancer : la cible ${cible.toISOString()} n'est pas après maintenant (${now.toISOString()}) ; utilisez PUT /clock pour la régler`,
    );
  }
  return transaction(db, () => {
    const evenements = executerEcheances(contextOf(db, sandbox), ECHEANCIERS, cible);
    // A frozen clock stays frozen at the target; a running one keeps running from it.
    if (sandbox.clockMode === 'frozen') updateSandbox(db, id, { clockFrozenAt: cible.toISOString() });
    else updateSandbox(db, id, { clockMode: 'offset', clockFrozenAt: null, clockOffsetMs: cible.getTime() - Date.now() });
    return { ...lireHorloge(db, id), now: cible.toISOString(), evenements };
  });
}

/** Lazy settle before and after each `/cpro` call: whatever fell due up to the sandbox's now. */
export function reglerEcheancesDues(ctx: SandboxContext): Evenement[] {
  return transaction(ctx.db, () => executerEcheances(ctx, ECHEANCIERS, ctx.now()));
}
