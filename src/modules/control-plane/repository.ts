import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { sandboxTables } from '../../db/client.js';
import { sandboxes } from '../../db/schema/index.js';

export type SandboxRow = typeof sandboxes.$inferSelect;

export function insertSandbox(db: Db, row: typeof sandboxes.$inferInsert): SandboxRow {
  return db.insert(sandboxes).values(row).returning().get();
}

export function findSandbox(db: Db, id: string): SandboxRow | undefined {
  return db.select().from(sandboxes).where(eq(sandboxes.id, id)).get();
}

export function findSandboxByNom(db: Db, nom: string): SandboxRow | undefined {
  return db.select().from(sandboxes).where(eq(sandboxes.nom, nom)).get();
}

export function findSandboxByClientId(db: Db, clientId: string): SandboxRow | undefined {
  return db.select().from(sandboxes).where(eq(sandboxes.pisteClientId, clientId)).get();
}

export function listSandboxes(db: Db): SandboxRow[] {
  return db.select().from(sandboxes).orderBy(sandboxes.createdAt, sandboxes.id).all();
}

export function countSandboxes(db: Db): number {
  return db.select({ n: sql<number>`count(*)` }).from(sandboxes).get()!.n;
}

export function updateSandbox(db: Db, id: string, values: Partial<typeof sandboxes.$inferInsert>): SandboxRow {
  return db.update(sandboxes).set(values).where(eq(sandboxes.id, id)).returning().get();
}

export function deleteSandbox(db: Db, id: string): boolean {
  return db.delete(sandboxes).where(eq(sandboxes.id, id)).run().changes > 0;
}

/** Empties every table of a sandbox's world (the sandbox row itself and its PISTE tokens stay). */
export function clearSandboxWorld(db: Db, id: string): void {
  for (const table of sandboxTables) {
    db.delete(table).where(sql`sandbox_id = ${id}`).run();
  }
}
