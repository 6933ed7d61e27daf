import { sql } from 'drizzle-orm';
import type { Db } from './client.js';
import { lie, param, parBase, SANDBOX_ID } from './scoped.js';
import { sequences } from './schema/index.js';

/** Both statements prepared once per database: take the next value, or reserve `n` at once. */
const requetes = parBase((db) => ({
  reserver: lie<{ name: string; n: number }, { value: number }>(
    db
      .insert(sequences)
      .values({ sandboxId: SANDBOX_ID, name: param('name'), value: param('n') })
      .onConflictDoUpdate({ target: [sequences.sandboxId, sequences.name], set: { value: sql`${sequences.value} + excluded.value` } })
      .returning({ value: sequences.value }),
  ),
}));

/**
 * Next value of a per-sandbox sequence. Sequences start where the scenario and seed put them
 * (see `startSequences`), so a scenario replays to the same identifiers.
 */
export function nextId(db: Db, sandboxId: string, name: string): number {
  return reserverIds(db, sandboxId, name, 1);
}

/** Reserves `n` consecutive values of a per-sandbox sequence in one statement; returns the first. */
export function reserverIds(db: Db, sandboxId: string, name: string, n: number): number {
  return requetes(db).reserver.get({ sandboxId }, { name, n })!.value - n + 1;
}

/** Sets where each sequence of a sandbox starts (the next id is `start`). */
export function startSequences(db: Db, sandboxId: string, starts: Record<string, number>): void {
  for (const [name, start] of Object.entries(starts)) {
    db.insert(sequences)
      .values({ sandboxId, name, value: start - 1 })
      .onConflictDoUpdate({ target: [sequences.sandboxId, sequences.name], set: { value: start - 1 } })
      .run();
  }
}
