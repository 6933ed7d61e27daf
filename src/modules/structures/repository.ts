import { and, eq } from 'drizzle-orm';
import type { SandboxContext } from '../../sandbox/context.js';
import { coordonneesBancaires, services, structures } from '../../db/schema/index.js';

export type StructureRow = typeof structures.$inferSelect;
export type ServiceRow = typeof services.$inferSelect;
export type CoordonneeBancaireRow = typeof coordonneesBancaires.$inferSelect;

type New<T extends { sandboxId: string }> = Omit<T, 'sandboxId'>;

export function insertStructure(ctx: SandboxContext, row: New<typeof structures.$inferInsert>): StructureRow {
  return ctx.db.insert(structures).values({ ...row, sandboxId: ctx.sandboxId }).returning().get();
}

export function insertService(ctx: SandboxContext, row: New<typeof services.$inferInsert>): ServiceRow {
  return ctx.db.insert(services).values({ ...row, sandboxId: ctx.sandboxId }).returning().get();
}

export function insertCoordonneeBancaire(
  ctx: SandboxContext,
  row: New<typeof coordonneesBancaires.$inferInsert>,
): CoordonneeBancaireRow {
  return ctx.db.insert(coordonneesBancaires).values({ ...row, sandboxId: ctx.sandboxId }).returning().get();
}

export function findStructure(ctx: SandboxContext, id: number): StructureRow | undefined {
  return ctx.db
    .select()
    .from(structures)
    .where(and(eq(structures.sandboxId, ctx.sandboxId), eq(structures.id, id)))
    .get();
}

export function findStructureByIdentifiant(
  ctx: SandboxContext,
  identifiant: string,
  typeIdentifiant = 'SIRET',
): StructureRow | undefined {
  return ctx.db
    .select()
    .from(structures)
    .where(
      and(
        eq(structures.sandboxId, ctx.sandboxId),
        eq(structures.identifiant, identifiant),
        eq(structures.typeIdentifiant, typeIdentifiant),
      ),
    )
    .get();
}

export function findService(ctx: SandboxContext, id: number): ServiceRow | undefined {
  return ctx.db
    .select()
    .from(services)
    .where(and(eq(services.sandboxId, ctx.sandboxId), eq(services.id, id)))
    .get();
}

export function findServiceByCode(ctx: SandboxContext, structureId: number, code: string): ServiceRow | undefined {
  return ctx.db
    .select()
    .from(services)
    .where(and(eq(services.sandboxId, ctx.sandboxId), eq(services.structureId, structureId), eq(services.code, code)))
    .get();
}

export function listServices(ctx: SandboxContext, structureId: number): ServiceRow[] {
  return ctx.db
    .select()
    .from(services)
    .where(and(eq(services.sandboxId, ctx.sandboxId), eq(services.structureId, structureId)))
    .orderBy(services.id)
    .all();
}

export function listCoordonneesBancaires(ctx: SandboxContext, structureId: number): CoordonneeBancaireRow[] {
  return ctx.db
    .select()
    .from(coordonneesBancaires)
    .where(and(eq(coordonneesBancaires.sandboxId, ctx.sandboxId), eq(coordonneesBancaires.structureId, structureId)))
    .orderBy(coordonneesBancaires.id)
    .all();
}

export function listStructures(ctx: SandboxContext): StructureRow[] {
  return ctx.db.select().from(structures).where(eq(structures.sandboxId, ctx.sandboxId)).orderBy(structures.id).all();
}
