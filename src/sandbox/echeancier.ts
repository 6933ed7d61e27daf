import type Database from 'better-sqlite3';
import type { Db } from '../db/client.js';
import { isChorusError } from '../errors/chorus-error.js';
import type { SandboxContext } from './context.js';

/** Something that happened while a sandbox's clock ran (answer of `clock/advance`). */
export interface Evenement {
  date: string;
  type: string;
  idFacture?: number;
  description: string;
}

/**
 * A kind of work that falls due on the sandbox clock (simulated buyers' actions; later tacit
 * validations, flux integrations, payment-delay expiries). Adding a kind is registering one of
 * these and calling `planifier` wherever that work becomes due.
 */
export interface TypeEcheance {
  readonly type: string;
  /**
   * Does the work due for `sujet`, with `ctx.now()` pinned at its due time `at`. The agenda row is
   * already deleted: the handler may schedule the subject again (its next step). A `ChorusError`
   * undoes this item's writes only; the item is then dropped as impossible (and reported).
   * `memo` lives for one chunk of one run: a place to cache lookups (behaviour profiles, names).
   */
  executer(ctx: SandboxContext, sujet: string, at: Date, donnees: unknown, memo: Map<string, unknown>): Evenement[];
}

const types = new Map<string, TypeEcheance>();

export function enregistrerTypeEcheance(type: TypeEcheance): void {
  types.set(type.type, type);
}

interface Statements {
  prochain: Database.Statement<[string, number], { type: string; sujet: string; echeance: number; donnees: string | null }>;
  upsert: Database.Statement<[string, string, string, number, string | null]>;
  supprimer: Database.Statement<[string, string, string]>;
}

const cache = new WeakMap<Database.Database, Statements>();

function statements(db: Db): Statements {
  const sqlite = db.$client;
  let st = cache.get(sqlite);
  if (!st) {
    st = {
      // Served by the index (sandbox_id, echeance); rowid breaks ties in scheduling order.
      prochain: sqlite.prepare('SELECT type, sujet, echeance, donnees FROM agenda WHERE sandbox_id = ? AND echeance <= ? ORDER BY echeance, rowid LIMIT 1'),
      upsert: sqlite.prepare(
        'INSERT INTO agenda (sandbox_id, type, sujet, echeance, donnees) VALUES (?, ?, ?, ?, ?) ON CONFLICT (sandbox_id, type, sujet) DO UPDATE SET echeance = excluded.echeance, donnees = excluded.donnees',
      ),
      supprimer: sqlite.prepare('DELETE FROM agenda WHERE sandbox_id = ? AND type = ? AND sujet = ?'),
    };
    cache.set(sqlite, st);
  }
  return st;
}

/** Writes (or moves) the pending item of kind `type` for `sujet`, due at `echeance`. */
export function planifier(ctx: SandboxContext, type: string, sujet: string | number, echeance: Date, donnees?: unknown): void {
  statements(ctx.db).upsert.run(ctx.sandboxId, type, String(sujet), echeance.getTime(), donnees === undefined ? null : JSON.stringify(donnees));
}

/** Removes the pending item of kind `type` for `sujet`, if any. */
export function annuler(ctx: SandboxContext, type: string, sujet: string | number): void {
  statements(ctx.db).supprimer.run(ctx.sandboxId, type, String(sujet));
}

/** Is anything due at or before `jusqua`? One indexed look-up: what every `/cpro` call pays. */
export function quelqueChoseDu(db: Db, sandboxId: string, jusqua: number): boolean {
  return statements(db).prochain.get(sandboxId, jusqua) !== undefined;
}

export interface Execution {
  readonly evenements: Evenement[];
  /** Due time of the last item run (epoch ms), or -Infinity. */
  dernier: number;
  /** Items run (including those a handler found nothing to do for). */
  items: number;
}

export interface OptionsTranche {
  /** Most items per chunk (one transaction each). */
  maxItems?: number;
  /** Most milliseconds per chunk, after which the loop yields to other requests. */
  maxMs?: number;
  /** Runs at the end of each chunk, inside its transaction (e.g. to move the clock along). */
  apresTranche?: (execution: Execution) => void;
  /**
   * Opens the turn's group transaction (src/db/commit-groupe.ts) before each chunk: the chunk is
   * then a savepoint of it and shares its one COMMIT with the requests of the same turn, instead of
   * paying an fsync of its own.
   */
  joindre?: () => void;
}

/**
 * Runs one chunk: due items up to `jusqua` in time order, in one transaction, until none is left
 * (returns true) or the chunk's bounds are reached (returns false). Each item runs with the clock
 * pinned at its due time, never before the previous item's.
 */
export function executerTranche(ctx: SandboxContext, jusqua: number, execution: Execution, options: OptionsTranche = {}): boolean {
  const { maxItems = 2000, maxMs = 30 } = options;
  const st = statements(ctx.db);
  const sqlite = ctx.db.$client;
  const memo = new Map<string, unknown>();
  options.joindre?.();
  return sqlite.transaction(() => {
    const debut = performance.now();
    let fini = false;
    for (let n = 0; ; n += 1) {
      const item = st.prochain.get(ctx.sandboxId, jusqua);
      if (!item) {
        fini = true;
        break;
      }
      if (n >= maxItems || performance.now() - debut >= maxMs) break;
      st.supprimer.run(ctx.sandboxId, item.type, item.sujet);
      execution.items += 1;
      const handler = types.get(item.type);
      if (!handler) continue; // a kind this version does not know (an old export): nothing can run it
      const at = Math.max(item.echeance, execution.dernier);
      execution.dernier = at;
      const date = new Date(at);
      const pinned: SandboxContext = { db: ctx.db, sandboxId: ctx.sandboxId, now: () => date };
      const donnees = item.donnees === null ? undefined : JSON.parse(item.donnees);
      try {
        // A savepoint per item: a refused item leaves no half-written state behind.
        execution.evenements.push(...sqlite.transaction(() => handler.executer(pinned, item.sujet, date, donnees, memo))());
      } catch (error) {
        if (!isChorusError(error)) throw error;
        execution.evenements.push({ date: date.toISOString(), type: 'ECHEANCE_IMPOSSIBLE', description: `${item.type} ${item.sujet} : ${error.message}` });
      }
    }
    options.apresTranche?.(execution);
    return fini;
  }).immediate();
}

/*
 * The pause between chunks is a timer, not setImmediate: the loop then goes through its poll phase
 * (other requests are read and handled) and its check phase (their group commit, their answers)
 * before the next chunk starts, so another sandbox waits for at most one chunk.
 */
const tour = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * Runs every item due up to `jusqua`, in time order and in one pass, however many there are:
 * chunks of bounded size and duration, each its own transaction, with a turn of the event loop
 * between them so that other sandboxes keep answering. Nothing is ever dropped for lack of steps.
 */
export async function executerAgenda(ctx: SandboxContext, jusqua: Date, options: OptionsTranche = {}): Promise<Execution> {
  const execution: Execution = { evenements: [], dernier: -Infinity, items: 0 };
  const limite = jusqua.getTime();
  while (!executerTranche(ctx, limite, execution, options)) await tour();
  return execution;
}

/*
 * Invoice changes that may schedule work: the lifecycle announces every status change here, and a
 * kind that depends on an invoice's status (the simulated buyers) listens. The lifecycle thus
 * knows nothing of who schedules what.
 */
type ObservateurFacture = (ctx: SandboxContext, facture: never) => void;
const observateursFacture: ObservateurFacture[] = [];

export function observerFactures<F>(observateur: (ctx: SandboxContext, facture: F) => void): void {
  observateursFacture.push(observateur as ObservateurFacture);
}

/** Called by the lifecycle after each status change, inside its transaction, with the new row. */
export function factureModifiee<F>(ctx: SandboxContext, facture: F): void {
  for (const observateur of observateursFacture) (observateur as (ctx: SandboxContext, facture: F) => void)(ctx, facture);
}
