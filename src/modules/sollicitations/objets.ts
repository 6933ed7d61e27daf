import { eq } from 'drizzle-orm';
import { porteeDe } from '../../db/scoped.js';
import { engagementsJuridiques } from '../../db/schema/index.js';
import type { SandboxContext } from '../../sandbox/context.js';

/** The engagement a sollicitation is about (its public structure and service receive it). */
export function findEngagement(ctx: SandboxContext, id: number) {
  return ctx.db.select().from(engagementsJuridiques).where(porteeDe(ctx, engagementsJuridiques, eq(engagementsJuridiques.id, id))).get();
}
