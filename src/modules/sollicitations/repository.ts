import { and, asc, desc, eq, or, type SQL } from 'drizzle-orm';
import { porteeDe } from '../../db/scoped.js';
import { messagesSollicitation, reglagesSollicitations, sollicitations } from '../../db/schema/index.js';
import type { SandboxContext } from '../../sandbox/context.js';

export type SollicitationRow = typeof sollicitations.$inferSelect;
export type MessageRow = typeof messagesSollicitation.$inferSelect;
export type ReglageRow = typeof reglagesSollicitations.$inferSelect;

type New<T extends { sandboxId: string }> = Omit<T, 'sandboxId'>;

export function insertSollicitation(ctx: SandboxContext, row: New<typeof sollicitations.$inferInsert>): SollicitationRow {
  return ctx.db.insert(sollicitations).values({ ...row, sandboxId: ctx.sandboxId }).returning().get();
}

export function findSollicitation(ctx: SandboxContext, id: number): SollicitationRow | undefined {
  return ctx.db.select().from(sollicitations).where(porteeDe(ctx, sollicitations, eq(sollicitations.id, id))).get();
}

export function majSollicitation(ctx: SandboxContext, id: number, maj: Partial<SollicitationRow>): void {
  ctx.db.update(sollicitations).set(maj).where(porteeDe(ctx, sollicitations, eq(sollicitations.id, id))).run();
}

export interface Filtres {
  statut?: string;
  codeCategorie?: string;
  emetteurUtilisateurId?: number;
  /** Sollicitations received by these public structures. */
  destinataireStructureIds?: number[];
  support?: boolean;
  objetType?: string;
  objetId?: number;
}

export function listSollicitations(ctx: SandboxContext, f: Filtres): SollicitationRow[] {
  const recues: SQL[] = [];
  for (const id of f.destinataireStructureIds ?? []) recues.push(and(eq(sollicitations.destinataire, 'STRUCTURE'), eq(sollicitations.destinataireStructureId, id))!);
  if (f.support) recues.push(eq(sollicitations.destinataire, 'SUPPORT'));
  const parties: SQL[] = [...recues];
  if (f.emetteurUtilisateurId !== undefined) parties.push(eq(sollicitations.emetteurUtilisateurId, f.emetteurUtilisateurId));
  const filtreParties = f.emetteurUtilisateurId !== undefined || f.destinataireStructureIds || f.support ? (parties.length ? or(...parties) : eq(sollicitations.id, -1)) : undefined;
  return ctx.db
    .select()
    .from(sollicitations)
    .where(
      porteeDe(
        ctx,
        sollicitations,
        filtreParties,
        f.statut ? eq(sollicitations.statut, f.statut) : undefined,
        f.codeCategorie ? eq(sollicitations.codeCategorie, f.codeCategorie) : undefined,
        f.objetType ? eq(sollicitations.objetType, f.objetType) : undefined,
        f.objetId !== undefined ? eq(sollicitations.objetId, f.objetId) : undefined,
      ),
    )
    .orderBy(desc(sollicitations.id))
    .all();
}

export function insertMessage(ctx: SandboxContext, row: New<typeof messagesSollicitation.$inferInsert>): void {
  ctx.db.insert(messagesSollicitation).values({ ...row, sandboxId: ctx.sandboxId }).run();
}

export function listMessages(ctx: SandboxContext, sollicitationId: number): MessageRow[] {
  return ctx.db.select().from(messagesSollicitation).where(porteeDe(ctx, messagesSollicitation, eq(messagesSollicitation.sollicitationId, sollicitationId))).orderBy(asc(messagesSollicitation.id)).all();
}

/** How the sandbox plays the addressee `id` (0: the support desk). */
export function findReglage(ctx: SandboxContext, id: number): ReglageRow | undefined {
  return ctx.db.select().from(reglagesSollicitations).where(porteeDe(ctx, reglagesSollicitations, eq(reglagesSollicitations.id, id))).get();
}

export function ecrireReglage(ctx: SandboxContext, id: number, r: Omit<New<typeof reglagesSollicitations.$inferInsert>, 'id'>): void {
  ctx.db
    .insert(reglagesSollicitations)
    .values({ sandboxId: ctx.sandboxId, id, ...r })
    .onConflictDoUpdate({ target: [reglagesSollicitations.sandboxId, reglagesSollicitations.id], set: r })
    .run();
}
