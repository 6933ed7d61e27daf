import { and, asc, eq, inArray, isNotNull, or } from 'drizzle-orm';
import { lie, ligneComplete, param, parBase, portee, porteeDe, valeursPortees } from '../../db/scoped.js';
import { dossiersFacturation, factures } from '../../db/schema/index.js';
import type { SandboxContext } from '../../sandbox/context.js';
import { estDeposee, type FactureDeposee, type FactureRow } from '../factures/repository.js';

export type DossierRow = typeof dossiersFacturation.$inferSelect;

const dossierComplet = ligneComplete(dossiersFacturation);

/** The works tables' statements, prepared once per database and scoped to the caller's sandbox. */
const requetes = parBase((db) => ({
  insertDossier: lie<Record<string, unknown>, DossierRow>(db.insert(dossiersFacturation).values(valeursPortees(dossiersFacturation)).returning()),
  findDossier: lie<{ id: number }, DossierRow>(db.select().from(dossiersFacturation).where(portee(dossiersFacturation, eq(dossiersFacturation.id, param('id'))))),
  piecesDuDossier: lie<{ dossierId: number }, FactureRow>(
    db
      .select()
      .from(factures)
      .where(portee(factures, eq(factures.dossierFacturationId, param('dossierId'))))
      .orderBy(asc(factures.id)),
  ),
  majDebutDelai: lie<{ id: number; date: string }>(
    db.update(dossiersFacturation).set({ dateDebutDelai: param('date') as unknown as string }).where(portee(dossiersFacturation, eq(dossiersFacturation.id, param('id')))),
  ),
}));

const travauxDe = (ctx: SandboxContext) => requetes(ctx.db);

export function insertDossier(ctx: SandboxContext, row: Omit<typeof dossiersFacturation.$inferInsert, 'sandboxId'>): DossierRow {
  return travauxDe(ctx).insertDossier.get(ctx, dossierComplet(row))!;
}

export function findDossier(ctx: SandboxContext, id: number): DossierRow | undefined {
  return travauxDe(ctx).findDossier.get(ctx, { id });
}

/**
 * A works piece is deposited whole by facturesTravaux/soumettre (never by deposer/pdf): every entered
 * column is set, and a row where one is missing is a broken invariant, not a piece to show.
 */
export function pieceDeposee(f: FactureRow): FactureDeposee {
  if (!estDeposee(f)) throw new Error(`La pièce de travaux ${f.id} n'a pas tous ses champs saisis`);
  return f;
}

export function piecesDuDossier(ctx: SandboxContext, dossierId: number): FactureDeposee[] {
  return travauxDe(ctx).piecesDuDossier.all(ctx, { dossierId }).map(pieceDeposee);
}

export function majDebutDelai(ctx: SandboxContext, id: number, date: string): void {
  travauxDe(ctx).majDebutDelai.run(ctx, { id, date });
}

/**
 * Every works piece of a dossier where one of `structures` is titulaire, MOE or MOA, with its
 * dossier. Searches filter the rest in memory: a sandbox holds a class's dossiers, not millions.
 */
export function piecesDesActeurs(ctx: SandboxContext, structures: readonly number[]): { piece: FactureDeposee; dossier: DossierRow }[] {
  if (structures.length === 0) return [];
  const ids = [...structures];
  return ctx.db
    .select({ piece: factures, dossier: dossiersFacturation })
    .from(factures)
    .innerJoin(dossiersFacturation, and(eq(dossiersFacturation.sandboxId, factures.sandboxId), eq(dossiersFacturation.id, factures.dossierFacturationId)))
    .where(
      porteeDe(
        ctx,
        factures,
        isNotNull(factures.dossierFacturationId),
        or(inArray(dossiersFacturation.fournisseurId, ids), inArray(dossiersFacturation.moeId, ids), inArray(dossiersFacturation.moaId, ids)),
      ),
    )
    .orderBy(asc(factures.id))
    .all()
    .map(({ piece, dossier }) => ({ piece: pieceDeposee(piece), dossier }));
}

/** The A23 the sandbox deposits follows the A22 it replaces (without moving it twice). */
export function lierPrecedente(ctx: SandboxContext, id: number, piecePrecedenteId: number): void {
  ctx.db.update(factures).set({ piecePrecedenteId }).where(porteeDe(ctx, factures, eq(factures.id, id))).run();
}

/** recycler: the dossier's MOE and MOA (structures and services) as corrected by the depositor. */
export function majActeurs(ctx: SandboxContext, id: number, acteurs: Pick<DossierRow, 'moeId' | 'serviceMoeId' | 'moaId' | 'serviceMoaId'>): void {
  ctx.db.update(dossiersFacturation).set(acteurs).where(porteeDe(ctx, dossiersFacturation, eq(dossiersFacturation.id, id))).run();
}
