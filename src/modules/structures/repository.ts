import { asc, eq } from 'drizzle-orm';
import { lie, param, parBase, portee, porteeDe } from '../../db/scoped.js';
import type { SandboxContext } from '../../sandbox/context.js';
import { coordonneesBancaires, espacesStructures, services, structures } from '../../db/schema/index.js';

export type StructureRow = typeof structures.$inferSelect;
export type ServiceRow = typeof services.$inferSelect;
export type CoordonneeBancaireRow = typeof coordonneesBancaires.$inferSelect;
export type EspaceStructureRow = typeof espacesStructures.$inferSelect;

type New<T extends { sandboxId: string }> = Omit<T, 'sandboxId'>;

/** The reads every deposit and routing makes, prepared once per database and scoped by construction (src/db/scoped.ts). */
const requetes = parBase((db) => ({
  structure: lie<{ id: number }, StructureRow>(db.select().from(structures).where(portee(structures, eq(structures.id, param('id'))))),
  structureParIdentifiant: lie<{ identifiant: string; typeIdentifiant: string }, StructureRow>(
    db
      .select()
      .from(structures)
      .where(portee(structures, eq(structures.identifiant, param('identifiant')), eq(structures.typeIdentifiant, param('typeIdentifiant')))),
  ),
  service: lie<{ id: number }, ServiceRow>(db.select().from(services).where(portee(services, eq(services.id, param('id'))))),
  serviceParCode: lie<{ structureId: number; code: string }, ServiceRow>(
    db.select().from(services).where(portee(services, eq(services.structureId, param('structureId')), eq(services.code, param('code')))),
  ),
  services: lie<{ structureId: number }, ServiceRow>(
    db.select().from(services).where(portee(services, eq(services.structureId, param('structureId')))).orderBy(asc(services.id)),
  ),
  coordonneesBancaires: lie<{ structureId: number }, CoordonneeBancaireRow>(
    db
      .select()
      .from(coordonneesBancaires)
      .where(portee(coordonneesBancaires, eq(coordonneesBancaires.structureId, param('structureId'))))
      .orderBy(asc(coordonneesBancaires.id)),
  ),
}));

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
  return requetes(ctx.db).structure.get(ctx, { id });
}

export function findStructureByIdentifiant(
  ctx: SandboxContext,
  identifiant: string,
  typeIdentifiant = 'SIRET',
): StructureRow | undefined {
  return requetes(ctx.db).structureParIdentifiant.get(ctx, { identifiant, typeIdentifiant });
}

export function findService(ctx: SandboxContext, id: number): ServiceRow | undefined {
  return requetes(ctx.db).service.get(ctx, { id });
}

export function findServiceByCode(ctx: SandboxContext, structureId: number, code: string): ServiceRow | undefined {
  return requetes(ctx.db).serviceParCode.get(ctx, { structureId, code });
}

export function listServices(ctx: SandboxContext, structureId: number): ServiceRow[] {
  return requetes(ctx.db).services.all(ctx, { structureId });
}

export function listCoordonneesBancaires(ctx: SandboxContext, structureId: number): CoordonneeBancaireRow[] {
  return requetes(ctx.db).coordonneesBancaires.all(ctx, { structureId });
}

export function listStructures(ctx: SandboxContext): StructureRow[] {
  return ctx.db.select().from(structures).where(porteeDe(ctx, structures)).orderBy(structures.id).all();
}

/** A co-contractor's mandataire (second validator of its sub-contractors' invoices, chorus-domain §8.1). */
export function definirMandataire(ctx: SandboxContext, structureId: number, mandataireId: number): void {
  ctx.db.update(structures).set({ mandataireId }).where(porteeDe(ctx, structures, eq(structures.id, structureId))).run();
}

export function updateStructure(
  ctx: SandboxContext,
  id: number,
  values: Partial<Omit<StructureRow, 'sandboxId' | 'id' | 'identifiant' | 'typeIdentifiant' | 'typeStructure' | 'createdAt'>>,
): StructureRow {
  return ctx.db.update(structures).set(values).where(porteeDe(ctx, structures, eq(structures.id, id))).returning().get();
}

export function updateService(ctx: SandboxContext, id: number, values: Partial<Omit<ServiceRow, 'sandboxId' | 'id' | 'structureId' | 'code' | 'createdAt'>>): ServiceRow {
  return ctx.db.update(services).set(values).where(porteeDe(ctx, services, eq(services.id, id))).returning().get();
}

/** The espaces a gestionnaire opened or closed on the structure (none for the matelas's structures). */
export function listEspacesStructure(ctx: SandboxContext, structureId: number): EspaceStructureRow[] {
  return ctx.db
    .select()
    .from(espacesStructures)
    .where(porteeDe(ctx, espacesStructures, eq(espacesStructures.structureId, structureId)))
    .orderBy(asc(espacesStructures.codeEspace))
    .all();
}

/** Opens or closes an espace on a structure (one row per espace code). */
export function ecrireEspaceStructure(ctx: SandboxContext, row: New<typeof espacesStructures.$inferInsert>): EspaceStructureRow {
  return ctx.db
    .insert(espacesStructures)
    .values({ ...row, sandboxId: ctx.sandboxId })
    .onConflictDoUpdate({
      target: [espacesStructures.sandboxId, espacesStructures.structureId, espacesStructures.codeEspace],
      set: { etat: row.etat, dateModification: row.dateModification },
    })
    .returning()
    .get();
}
