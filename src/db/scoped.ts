import { and, eq, getTableColumns, is, Placeholder, Param, SQL, sql } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Db } from './client.js';

/**
 * Sandbox-scoped repositories, by construction.
 *
 * A repository is built once per database (`parBase`: memoised in a WeakMap keyed by the `Db`) and
 * declares its queries once, as drizzle prepared statements with placeholders. Reads, updates and
 * deletes on a sandbox's table take their where clause from `portee(table, …)`, which starts with
 * `sandbox_id = :sandboxId`; inserts take their values from `valeursPortees(table)`, whose
 * `sandbox_id` is that same placeholder. `lie(query)` prepares the statement and checks, once, that
 * it binds `:sandboxId` (and that a non-insert filters on `sandbox_id`); at every call it fills
 * `:sandboxId` from the caller's context. A query that forgets the sandbox cannot become a
 * repository statement: building the repository throws, so the first test that touches it fails.
 */

/** The placeholder every scoped statement binds to the caller's sandbox id. */
export const SANDBOX_ID = sql.placeholder('sandboxId');

/** A named placeholder for the other parameters of a prepared query. */
export const param = (name: string) => sql.placeholder(name);

/** What a scoped statement needs of its caller (a `SandboxContext` is one). */
export interface Portee {
  readonly sandboxId: string;
}

type TableScopee = SQLiteTable & { sandboxId: SQLiteColumn };

/** `sandbox_id = :sandboxId and …conditions`: the where clause of every prepared scoped query. */
export function portee(table: TableScopee, ...conditions: (SQL | undefined)[]): SQL {
  return and(eq(table.sandboxId, SANDBOX_ID), ...conditions)!;
}

/**
 * The same filter with the sandbox id inlined as a parameter, for the few queries whose shape
 * depends on the request (search filters, partial updates) and so cannot be prepared once.
 */
export function porteeDe(ctx: Portee, table: TableScopee, ...conditions: (SQL | undefined)[]): SQL {
  return and(eq(table.sandboxId, ctx.sandboxId), ...conditions)!;
}

/**
 * Insert values for every column of `table` as placeholders named after the columns, `sandbox_id`
 * bound to the caller's sandbox. Pair with `ligneComplete` so that omitted columns take their default.
 */
export function valeursPortees<T extends TableScopee>(table: T): T['$inferInsert'] {
  const valeurs: Record<string, unknown> = {};
  for (const cle of Object.keys(getTableColumns(table))) valeurs[cle] = cle === 'sandboxId' ? SANDBOX_ID : sql.placeholder(cle);
  return valeurs as T['$inferInsert'];
}

/** A row with every column present (omitted ones at their declared default, or null), for `valeursPortees`. */
export function ligneComplete<T extends TableScopee>(table: T): (ligne: Partial<T['$inferInsert']>) => Record<string, unknown> {
  const defauts = Object.entries(getTableColumns(table))
    .filter(([cle]) => cle !== 'sandboxId')
    .map(([cle, colonne]) => [cle, colonne.hasDefault && !is(colonne.default, SQL) ? colonne.default : null] as const);
  return (ligne) => {
    const complete: Record<string, unknown> = {};
    for (const [cle, defaut] of defauts) {
      const valeur = (ligne as Record<string, unknown>)[cle];
      complete[cle] = valeur === undefined ? defaut : valeur;
    }
    return complete;
  };
}

/** A prepared statement bound, at each call, to the caller's sandbox. */
export interface Lie<P extends object, R> {
  get(ctx: Portee, params?: P): R | undefined;
  all(ctx: Portee, params?: P): R[];
  /** Runs the statement; returns how many rows it changed. */
  run(ctx: Portee, params?: P): number;
}

interface Prepare {
  get(values?: Record<string, unknown>): unknown;
  all(values?: Record<string, unknown>): unknown[];
  run(values?: Record<string, unknown>): unknown;
}

const lieAuSandbox = (p: unknown) => (is(p, Placeholder) && p.name === 'sandboxId') || (is(p, Param) && is(p.value, Placeholder) && p.value.name === 'sandboxId');

/**
 * Prepares `query` once and binds `:sandboxId` at every call. Throws when the statement does not
 * bind the sandbox (built without `portee`/`valeursPortees`), or, for a read, update or delete, when
 * its SQL has no `sandbox_id = ?` filter.
 */
export function lie<P extends object = Record<string, never>, R = never>(query: { prepare(): unknown; toSQL(): { sql: string; params: unknown[] } }): Lie<P, R> {
  const { sql: texte, params } = query.toSQL();
  const filtre = /^insert into/i.test(texte) || /"sandbox_id" = \?/.test(texte);
  if (!filtre || !params.some(lieAuSandbox)) throw new Error(`unscoped query (no sandbox_id = :sandboxId): ${texte}`);
  const prepare = query.prepare() as Prepare;
  return {
    get: (ctx, p) => prepare.get({ ...p, sandboxId: ctx.sandboxId }) as R | undefined,
    all: (ctx, p) => prepare.all({ ...p, sandboxId: ctx.sandboxId }) as R[],
    run: (ctx, p) => (prepare.run({ ...p, sandboxId: ctx.sandboxId }) as { changes: number }).changes,
  };
}

/** Builds `construire(db)` once per database: a repository and its prepared statements. */
export function parBase<T>(construire: (db: Db) => T): (db: Db) => T {
  const cache = new WeakMap<Db, T>();
  return (db) => {
    let valeur = cache.get(db);
    if (valeur === undefined) {
      valeur = construire(db);
      cache.set(db, valeur);
    }
    return valeur;
  };
}
