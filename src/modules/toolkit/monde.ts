import type Database from 'better-sqlite3';
import { getTableColumns, getTableName } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { sandboxTables } from '../../db/client.js';

/**
 * Raw, fast access to a sandbox's world (every table of `sandboxTables`): rows as plain arrays in
 * column order, read and written through cached prepared statements. Reset, templates and snapshots
 * share it, so a table added later is covered without touching this file.
 */
export interface TableMonde {
  readonly nom: string;
  /** SQL column names, `sandbox_id` first. */
  readonly colonnes: readonly string[];
}

export const tablesMonde: readonly TableMonde[] = sandboxTables.map((table) => {
  const colonnes = Object.values(getTableColumns(table)).map((c) => c.name);
  return { nom: getTableName(table), colonnes: ['sandbox_id', ...colonnes.filter((c) => c !== 'sandbox_id')] };
});

export const tableParNom = new Map(tablesMonde.map((t) => [t.nom, t] as const));

/** Rows of one sandbox, table by table, each row without its leading `sandbox_id`. */
export type Lignes = Record<string, unknown[][]>;

interface Statements {
  select: Database.Statement;
  insert: Database.Statement;
  remove: Database.Statement;
}

const cache = new WeakMap<Database.Database, Map<string, Statements>>();

function statements(db: Db, table: TableMonde): Statements {
  const sqlite = db.$client;
  let parTable = cache.get(sqlite);
  if (!parTable) cache.set(sqlite, (parTable = new Map()));
  let st = parTable.get(table.nom);
  if (!st) {
    const cols = table.colonnes.map((c) => `"${c}"`).join(', ');
    st = {
      select: sqlite.prepare(`SELECT ${cols} FROM "${table.nom}" WHERE sandbox_id = ? ORDER BY rowid`),
      insert: sqlite.prepare(`INSERT INTO "${table.nom}" (${cols}) VALUES (${table.colonnes.map(() => '?').join(', ')})`),
      remove: sqlite.prepare(`DELETE FROM "${table.nom}" WHERE sandbox_id = ?`),
    };
    parTable.set(table.nom, st);
  }
  return st;
}

export function lireMonde(db: Db, sandboxId: string): Lignes {
  const out: Lignes = {};
  for (const table of tablesMonde) {
    // Raw mode set at each use: prepared statements are shared by SQL text (src/db/client.ts).
    out[table.nom] = (statements(db, table).select.raw(true).all(sandboxId) as unknown[][]).map((row) => row.slice(1));
  }
  return out;
}

export function viderMonde(db: Db, sandboxId: string): void {
  for (const table of tablesMonde) statements(db, table).remove.run(sandboxId);
}

/** Bulk insert (the caller holds the transaction). */
export function ecrireMonde(db: Db, sandboxId: string, lignes: Lignes): void {
  for (const table of tablesMonde) {
    const rows = lignes[table.nom];
    if (!rows?.length) continue;
    const insert = statements(db, table).insert;
    for (const row of rows) insert.run(sandboxId, ...row);
  }
}
