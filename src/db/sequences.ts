import { sql } from 'drizzle-orm';
import type { Db } from './client.js';
import { sequences } from './schema/index.js';

/**
 * Next value of a per-sandbox sequence. Sequences start where the scenario and seed put them
 * (see `startSequences`), so a scenario replays to the same identifiers.
 */
export function nextId(db: Db, sandboxId: string, name: string): number {
  const row = db
    .insert(sequences)
    .values({ sandboxId, name, value: 1 })
    .onConflictDoUpdate({ target: [sequences.sandboxId, sequences.name], set: { value: sql`${sequences.value} + 1` } })
    .returning({ value: sequences.value })
    .get();
  return row.value;
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
