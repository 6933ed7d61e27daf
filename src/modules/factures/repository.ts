import { and, asc, desc, eq, inArray, ne, sum, type SQL } from 'drizzle-orm';
import { factures, historiqueFactures, notifications, piecesJointes } from '../../db/schema/index.js';
import type { SandboxContext } from '../../sandbox/context.js';

export type FactureRow = typeof factures.$inferSelect;
export type HistoriqueRow = typeof historiqueFactures.$inferSelect;
export type NotificationRow = typeof notifications.$inferSelect;
export type PieceJointeRow = typeof piecesJointes.$inferSelect;

type New<T extends { sandboxId: string }> = Omit<T, 'sandboxId'>;

export function insertPieceJointe(ctx: SandboxContext, row: New<typeof piecesJointes.$inferInsert>): void {
  ctx.db.insert(piecesJointes).values({ ...row, sandboxId: ctx.sandboxId }).run();
}

export function findPieceJointe(ctx: SandboxContext, id: number): PieceJointeRow | undefined {
  return ctx.db
    .select()
    .from(piecesJointes)
    .where(and(eq(piecesJointes.sandboxId, ctx.sandboxId), eq(piecesJointes.id, id)))
    .get();
}

/** Total size in bytes of the given attachments (their contents are not read). */
export function taillePiecesJointes(ctx: SandboxContext, ids: readonly number[]): number {
  if (ids.length === 0) return 0;
  const row = ctx.db
    .select({ total: sum(piecesJointes.taille) })
    .from(piecesJointes)
    .where(and(eq(piecesJointes.sandboxId, ctx.sandboxId), inArray(piecesJointes.id, [...new Set(ids)])))
    .get();
  return Number(row?.total ?? 0);
}

export function insertFacture(ctx: SandboxContext, row: New<typeof factures.$inferInsert>): FactureRow {
  return ctx.db.insert(factures).values({ ...row, sandboxId: ctx.sandboxId }).returning().get();
}

export function findFacture(ctx: SandboxContext, id: number): FactureRow | undefined {
  return ctx.db
    .select()
    .from(factures)
    .where(and(eq(factures.sandboxId, ctx.sandboxId), eq(factures.id, id)))
    .get();
}

export function updateFacture(ctx: SandboxContext, id: number, values: Partial<New<typeof factures.$inferInsert>>): void {
  ctx.db
    .update(factures)
    .set(values)
    .where(and(eq(factures.sandboxId, ctx.sandboxId), eq(factures.id, id)))
    .run();
}

export function numeroFactureExiste(ctx: SandboxContext, fournisseurId: number, numero: string, annee: number): boolean {
  const row = ctx.db
    .select({ id: factures.id })
    .from(factures)
    .where(
      and(
        eq(factures.sandboxId, ctx.sandboxId),
        eq(factures.fournisseurId, fournisseurId),
        eq(factures.numeroFacture, numero),
        eq(factures.annee, annee),
      ),
    )
    .get();
  return row !== undefined;
}

/** The supplier's latest invoice numbered `numero` other than `saufId` (an AVOIR's origin invoice). */
export function findFactureParNumero(ctx: SandboxContext, fournisseurId: number, numero: string, saufId: number): FactureRow | undefined {
  return ctx.db
    .select()
    .from(factures)
    .where(and(eq(factures.sandboxId, ctx.sandboxId), eq(factures.fournisseurId, fournisseurId), eq(factures.numeroFacture, numero), ne(factures.id, saufId)))
    .orderBy(desc(factures.id))
    .get();
}

/** One page of invoices matching `conditions` (the sandbox filter is added here), and the capped total. */
export function rechercherFactures(
  ctx: SandboxContext,
  conditions: SQL[],
  options: { ordre: SQL[]; offset: number; limit: number; maximum: number },
): { lignes: FactureRow[]; total: number } {
  const where = and(eq(factures.sandboxId, ctx.sandboxId), ...conditions);
  const fin = Math.min(options.offset + options.limit, options.maximum);
  const lignes =
    fin > options.offset
      ? ctx.db.select().from(factures).where(where).orderBy(...options.ordre).limit(fin - options.offset).offset(options.offset).all()
      : [];
  // The total stops at nbResultatsMaximum (§2.5), so counting never walks a million rows.
  const ids = ctx.db.select({ id: factures.id }).from(factures).where(where).limit(options.maximum).all();
  return { lignes, total: ids.length };
}

export const ordreParDefaut = [desc(factures.dateDepot), desc(factures.id)];
export { asc, desc };

export function insertHistorique(ctx: SandboxContext, row: New<typeof historiqueFactures.$inferInsert>): void {
  ctx.db.insert(historiqueFactures).values({ ...row, sandboxId: ctx.sandboxId }).run();
}

export function listHistorique(ctx: SandboxContext, factureId: number): HistoriqueRow[] {
  return ctx.db
    .select()
    .from(historiqueFactures)
    .where(and(eq(historiqueFactures.sandboxId, ctx.sandboxId), eq(historiqueFactures.factureId, factureId)))
    .orderBy(asc(historiqueFactures.id))
    .all();
}

export function insertNotification(ctx: SandboxContext, row: New<typeof notifications.$inferInsert>): void {
  ctx.db.insert(notifications).values({ ...row, sandboxId: ctx.sandboxId }).run();
}

export function listNotifications(ctx: SandboxContext, utilisateurId: number): NotificationRow[] {
  return ctx.db
    .select()
    .from(notifications)
    .where(and(eq(notifications.sandboxId, ctx.sandboxId), eq(notifications.utilisateurId, utilisateurId)))
    .orderBy(desc(notifications.id))
    .all();
}
