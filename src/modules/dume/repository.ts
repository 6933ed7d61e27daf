import { asc, eq } from 'drizzle-orm';
import { lie, param, parBase, portee, porteeDe } from '../../db/scoped.js';
import { dumes } from '../../db/schema/index.js';
import type { SandboxContext } from '../../sandbox/context.js';

export type DumeRow = typeof dumes.$inferSelect;

/** Look-ups by identifier, prepared once per database and scoped by construction. */
const requetes = parBase((db) => ({
  parIdentifiant: lie<{ identifiant: string }, DumeRow>(db.select().from(dumes).where(portee(dumes, eq(dumes.identifiant, param('identifiant'))))),
}));

export function insererDume(ctx: SandboxContext, row: Omit<typeof dumes.$inferInsert, 'sandboxId'>): DumeRow {
  return ctx.db.insert(dumes).values({ ...row, sandboxId: ctx.sandboxId }).returning().get();
}

export function dumeParIdentifiant(ctx: SandboxContext, identifiant: string): DumeRow | undefined {
  return requetes(ctx.db).parIdentifiant.get(ctx, { identifiant });
}

/** Rewrites a DUME: its JSON and the search keys drawn from it. */
export function remplacerDume(ctx: SandboxContext, identifiant: string, valeurs: Pick<typeof dumes.$inferInsert, 'contenu' | 'siret' | 'idConsultation' | 'identifiantDumeA' | 'dumeType'>): void {
  ctx.db.update(dumes).set(valeurs).where(porteeDe(ctx, dumes, eq(dumes.identifiant, identifiant))).run();
}

export interface FiltresDume {
  readonly type?: 'DUME_A' | 'DUME_OE' | undefined;
  readonly siret?: string | undefined;
  readonly idConsultation?: string | undefined;
  readonly identifiantDumeA?: string | undefined;
}

/** Search by the columns beside the JSON; the shape depends on the filters, so it is built per call. */
export function rechercherDumes(ctx: SandboxContext, filtres: FiltresDume, limite = 100): DumeRow[] {
  return ctx.db
    .select()
    .from(dumes)
    .where(
      porteeDe(
        ctx,
        dumes,
        filtres.type ? eq(dumes.type, filtres.type) : undefined,
        filtres.siret ? eq(dumes.siret, filtres.siret) : undefined,
        filtres.idConsultation ? eq(dumes.idConsultation, filtres.idConsultation) : undefined,
        filtres.identifiantDumeA ? eq(dumes.identifiantDumeA, filtres.identifiantDumeA) : undefined,
      ),
    )
    .orderBy(asc(dumes.id))
    .limit(limite)
    .all();
}
