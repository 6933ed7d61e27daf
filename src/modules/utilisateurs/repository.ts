import { and, eq } from 'drizzle-orm';
import type { SandboxContext } from '../../sandbox/context.js';
import { abonnementsEspaces, rattachements, rattachementsServices, utilisateurs } from '../../db/schema/index.js';

export type UtilisateurRow = typeof utilisateurs.$inferSelect;
export type RattachementRow = typeof rattachements.$inferSelect;
export type RattachementServiceRow = typeof rattachementsServices.$inferSelect;
export type AbonnementEspaceRow = typeof abonnementsEspaces.$inferSelect;

type New<T extends { sandboxId: string }> = Omit<T, 'sandboxId'>;

export function insertUtilisateur(ctx: SandboxContext, row: New<typeof utilisateurs.$inferInsert>): UtilisateurRow {
  return ctx.db.insert(utilisateurs).values({ ...row, sandboxId: ctx.sandboxId }).returning().get();
}

export function insertRattachement(ctx: SandboxContext, row: New<typeof rattachements.$inferInsert>): RattachementRow {
  return ctx.db.insert(rattachements).values({ ...row, sandboxId: ctx.sandboxId }).returning().get();
}

export function insertRattachementService(
  ctx: SandboxContext,
  row: New<typeof rattachementsServices.$inferInsert>,
): RattachementServiceRow {
  return ctx.db.insert(rattachementsServices).values({ ...row, sandboxId: ctx.sandboxId }).returning().get();
}

export function insertAbonnementEspace(
  ctx: SandboxContext,
  row: New<typeof abonnementsEspaces.$inferInsert>,
): AbonnementEspaceRow {
  return ctx.db.insert(abonnementsEspaces).values({ ...row, sandboxId: ctx.sandboxId }).returning().get();
}

export function findUtilisateurByLogin(ctx: SandboxContext, login: string): UtilisateurRow | undefined {
  return ctx.db
    .select()
    .from(utilisateurs)
    .where(and(eq(utilisateurs.sandboxId, ctx.sandboxId), eq(utilisateurs.login, login)))
    .get();
}

export function findUtilisateur(ctx: SandboxContext, id: number): UtilisateurRow | undefined {
  return ctx.db
    .select()
    .from(utilisateurs)
    .where(and(eq(utilisateurs.sandboxId, ctx.sandboxId), eq(utilisateurs.id, id)))
    .get();
}

/** Validated structure rattachements of a user. */
export function listRattachementsValides(ctx: SandboxContext, utilisateurId: number): RattachementRow[] {
  return ctx.db
    .select()
    .from(rattachements)
    .where(
      and(
        eq(rattachements.sandboxId, ctx.sandboxId),
        eq(rattachements.utilisateurId, utilisateurId),
        eq(rattachements.statut, 'VALIDEE'),
      ),
    )
    .orderBy(rattachements.id)
    .all();
}

export function listRattachementsServices(ctx: SandboxContext, rattachementId: number): RattachementServiceRow[] {
  return ctx.db
    .select()
    .from(rattachementsServices)
    .where(and(eq(rattachementsServices.sandboxId, ctx.sandboxId), eq(rattachementsServices.rattachementId, rattachementId)))
    .orderBy(rattachementsServices.id)
    .all();
}
