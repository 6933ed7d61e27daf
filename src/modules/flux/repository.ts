import { and, asc, eq, gte } from 'drizzle-orm';
import { lie, ligneComplete, param, parBase, portee, valeursPortees } from '../../db/scoped.js';
import { flux, fluxFichiers, fluxParametres } from '../../db/schema/index.js';
import type { SandboxContext } from '../../sandbox/context.js';

export type FluxRow = typeof flux.$inferSelect;
export type FluxFichierRow = typeof fluxFichiers.$inferSelect;

const fluxComplet = ligneComplete(flux);
const fichierComplet = ligneComplete(fluxFichiers);
const parametresComplets = ligneComplete(fluxParametres);

/** The flux tables' statements, prepared once per database and scoped to the caller's sandbox (src/db/scoped.ts). */
const requetes = parBase((db) => ({
  insertFlux: lie<Record<string, unknown>>(db.insert(flux).values(valeursPortees(flux))),
  insertFichier: lie<Record<string, unknown>>(db.insert(fluxFichiers).values(valeursPortees(fluxFichiers))),
  findFlux: lie<{ id: number }, FluxRow>(db.select().from(flux).where(portee(flux, eq(flux.id, param('id'))))),
  findParNumero: lie<{ numero: string }, FluxRow>(db.select().from(flux).where(portee(flux, eq(flux.numeroFluxDepot, param('numero')))).limit(1)),
  fichiers: lie<{ fluxId: number; rang: number; n: number }, FluxFichierRow>(
    db
      .select()
      .from(fluxFichiers)
      .where(portee(fluxFichiers, eq(fluxFichiers.fluxId, param('fluxId')), gte(fluxFichiers.rang, param('rang'))))
      .orderBy(asc(fluxFichiers.rang))
      .limit(param('n')),
  ),
  parametres: lie<Record<string, never>, typeof fluxParametres.$inferSelect>(db.select().from(fluxParametres).where(portee(fluxParametres))),
  upsertParametres: lie<Record<string, unknown>>(
    db
      .insert(fluxParametres)
      .values(valeursPortees(fluxParametres))
      .onConflictDoUpdate({ target: fluxParametres.sandboxId, set: { delaiIntegrationSecondes: param('delaiIntegrationSecondes') as never } }),
  ),
}));

export function insertFlux(ctx: SandboxContext, row: Omit<typeof flux.$inferInsert, 'sandboxId'>): void {
  requetes(ctx.db).insertFlux.run(ctx, fluxComplet(row));
}

export function insertFichier(ctx: SandboxContext, row: Omit<typeof fluxFichiers.$inferInsert, 'sandboxId'>): void {
  requetes(ctx.db).insertFichier.run(ctx, fichierComplet(row));
}

export function findFlux(ctx: SandboxContext, id: number): FluxRow | undefined {
  return requetes(ctx.db).findFlux.get(ctx, { id });
}

export function findFluxParNumero(ctx: SandboxContext, numero: string): FluxRow | undefined {
  return requetes(ctx.db).findParNumero.get(ctx, { numero });
}

export function fichiersAPartirDe(ctx: SandboxContext, fluxId: number, rang: number, n: number): FluxFichierRow[] {
  return requetes(ctx.db).fichiers.all(ctx, { fluxId, rang, n });
}

/** Partial update (state, progress, CR lists): shape depends on the call, so not prepared. */
export function updateFlux(ctx: SandboxContext, id: number, set: Partial<Omit<FluxRow, 'sandboxId' | 'id'>>): void {
  ctx.db.update(flux).set(set).where(and(eq(flux.sandboxId, ctx.sandboxId), eq(flux.id, id))).run();
}

export function delaiIntegration(ctx: SandboxContext): number | undefined {
  return requetes(ctx.db).parametres.get(ctx)?.delaiIntegrationSecondes;
}

export function fixerDelaiIntegration(ctx: SandboxContext, delaiIntegrationSecondes: number): void {
  requetes(ctx.db).upsertParametres.run(ctx, parametresComplets({ delaiIntegrationSecondes }));
}
