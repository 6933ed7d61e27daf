import { and, eq, inArray, or, sql } from 'drizzle-orm';
import { factures, piecesJointes } from '../../../db/schema/index.js';
import type { SandboxContext } from '../../../sandbox/context.js';
import type { FactureRow } from '../repository.js';

/** An attachment without its contents (searches never read the files). */
export interface PieceJointeMeta {
  id: number;
  nom: string;
  extension: string;
  taille: number;
  typeMime: string;
  utilisateurId: number | null;
  createdAt: string;
}

export function listPiecesJointesDe(ctx: SandboxContext, utilisateurIds: readonly number[]): PieceJointeMeta[] {
  if (utilisateurIds.length === 0) return [];
  return ctx.db
    .select({
      id: piecesJointes.id,
      nom: piecesJointes.nom,
      extension: piecesJointes.extension,
      taille: piecesJointes.taille,
      typeMime: piecesJointes.typeMime,
      utilisateurId: piecesJointes.utilisateurId,
      createdAt: piecesJointes.createdAt,
    })
    .from(piecesJointes)
    .where(and(eq(piecesJointes.sandboxId, ctx.sandboxId), inArray(piecesJointes.utilisateurId, [...utilisateurIds])))
    .orderBy(piecesJointes.id)
    .all();
}

/** Invoices that use attachment `id`, as main attachment or as a complementary one. */
export function facturesUtilisant(ctx: SandboxContext, id: number): FactureRow[] {
  return ctx.db
    .select()
    .from(factures)
    .where(
      and(
        eq(factures.sandboxId, ctx.sandboxId),
        or(
          eq(factures.pieceJointePrincipaleId, id),
          sql`exists (select 1 from json_each(${factures.piecesJointes}) where json_extract(value, '$.pieceJointeId') = ${id})`,
        ),
      ),
    )
    .all();
}

export function supprimerPieceJointe(ctx: SandboxContext, id: number): void {
  ctx.db.delete(piecesJointes).where(and(eq(piecesJointes.sandboxId, ctx.sandboxId), eq(piecesJointes.id, id))).run();
}
