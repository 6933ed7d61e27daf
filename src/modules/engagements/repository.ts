import { eq } from 'drizzle-orm';
import { porteeDe } from '../../db/scoped.js';
import type { SandboxContext } from '../../sandbox/context.js';
import { engagementsJuridiques } from '../../db/schema/index.js';

export type EngagementRow = typeof engagementsJuridiques.$inferSelect;

export function insertEngagement(
  ctx: SandboxContext,
  row: Omit<typeof engagementsJuridiques.$inferInsert, 'sandboxId'>,
): EngagementRow {
  return ctx.db.insert(engagementsJuridiques).values({ ...row, sandboxId: ctx.sandboxId }).returning().get();
}

export function findEngagementByNumero(ctx: SandboxContext, structureId: number, numero: string): EngagementRow | undefined {
  return ctx.db
    .select()
    .from(engagementsJuridiques)
    .where(
      porteeDe(
        ctx,
        engagementsJuridiques,
        eq(engagementsJuridiques.structureId, structureId),
        eq(engagementsJuridiques.numero, numero),
      ),
    )
    .get();
}

/** Every engagement of the sandbox, oldest first. */
export function listEngagements(ctx: SandboxContext): EngagementRow[] {
  return ctx.db
    .select()
    .from(engagementsJuridiques)
    .where(porteeDe(ctx, engagementsJuridiques))
    .orderBy(engagementsJuridiques.id)
    .all();
}
