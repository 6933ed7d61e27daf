import type { Db } from '../../db/client.js';
import { transaction } from '../../db/transaction.js';
import { ChorusError } from '../../errors/chorus-error.js';
import { erreurs } from '../../errors/catalogue/index.js';
import { clockNow, type ClockMode } from '../../sandbox/clock.js';
import type { SandboxContext } from '../../sandbox/context.js';
import { executerAgenda, quelqueChoseDu, type Evenement, type OptionsTranche } from '../../sandbox/echeancier.js';
import { updateSandbox } from '../control-plane/repository.js';
import { clockOf, contextOf, getSandbox } from '../control-plane/service.js';
// Kinds of scheduled work register themselves with the agenda when their module loads.
import './acheteur-simule.js';

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

/** One advance at a time per sandbox: a second one waits for the first (its start is then later). */
const avancesEnCours = new Map<string, Promise<unknown>>();

/**
 * `POST clock/advance`: forward only; runs every due item of the agenda in between, in time order,
 * then stops the clock at the target. The work runs in chunks (bounded items and milliseconds, one
 * transaction each) that yield to the event loop, so other sandboxes keep answering; after each
 * chunk the clock stands at the last item's time, so a call meanwhile sees a consistent world.
 */
export async function avancerHorloge(db: Db, id: string, avance: Avance, options: Pick<OptionsTranche, 'joindre'> = {}): Promise<Horloge & { evenements: Evenement[] }> {
  const precedente = avancesEnCours.get(id);
  const courante = (precedente ?? Promise.resolve()).catch(() => undefined).then(() => avancer(db, id, avance, options));
  avancesEnCours.set(id, courante);
  try {
    return await courante;
  } finally {
    if (avancesEnCours.get(id) === courante) avancesEnCours.delete(id);
  }
}

async function avancer(db: Db, id: string, avance: Avance, options: Pick<OptionsTranche, 'joindre'>): Promise<Horloge & { evenements: Evenement[] }> {
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
  // A frozen clock stays frozen at the date given; a running one keeps running from it.
  const placer = (date: Date) =>
    sandbox.clockMode === 'frozen'
      ? updateSandbox(db, id, { clockFrozenAt: date.toISOString() })
      : updateSandbox(db, id, { clockMode: 'offset', clockFrozenAt: null, clockOffsetMs: date.getTime() - Date.now() });
  const { evenements } = await executerAgenda(contextOf(db, sandbox), cible, {
    ...options,
    apresTranche: ({ dernier }) => {
      if (dernier > now.getTime()) placer(new Date(dernier));
    },
  });
  options.joindre?.();
  transaction(db, () => placer(cible));
  return { ...lireHorloge(db, id), now: cible.toISOString(), evenements };
}

/**
 * Settle of a `/cpro` call: whatever fell due up to the sandbox's now. One indexed look-up when
 * nothing is due (the common case); otherwise the due items run in chunks like an advance.
 */
export async function reglerEcheancesDues(ctx: SandboxContext, options: Pick<OptionsTranche, 'joindre'> = {}): Promise<Evenement[]> {
  const now = ctx.now();
  if (!quelqueChoseDu(ctx.db, ctx.sandboxId, now.getTime())) return [];
  return (await executerAgenda(ctx, now, options)).evenements;
}
