import { and, asc, eq, inArray } from 'drizzle-orm';
import { abonnementsEspaces, coordonneesBancaires, rattachements, services, structures } from '../../db/schema/index.js';
import type { SandboxContext } from '../../sandbox/context.js';
import type { CoordonneeBancaireRow, ServiceRow, StructureRow } from '../structures/repository.js';
import type { AbonnementEspaceRow } from '../utilisateurs/repository.js';

/** Read-only queries of the Transverses API; every one is scoped to `ctx.sandboxId`. */

/** Structures a user is attached to (validated rattachements), oldest structure first. */
export function structuresDeLUtilisateur(ctx: SandboxContext, utilisateurId: number): StructureRow[] {
  return ctx.db
    .select({ structure: structures })
    .from(rattachements)
    .innerJoin(structures, and(eq(structures.sandboxId, rattachements.sandboxId), eq(structures.id, rattachements.structureId)))
    .where(
      and(
        eq(rattachements.sandboxId, ctx.sandboxId),
        eq(rattachements.utilisateurId, utilisateurId),
        eq(rattachements.statut, 'VALIDEE'),
      ),
    )
    .orderBy(asc(structures.id))
    .all()
    .map((r) => r.structure);
}

/** A user's espace subscriptions, on every structure. */
export function abonnementsDeLUtilisateur(ctx: SandboxContext, utilisateurId: number): AbonnementEspaceRow[] {
  return ctx.db
    .select()
    .from(abonnementsEspaces)
    .where(and(eq(abonnementsEspaces.sandboxId, ctx.sandboxId), eq(abonnementsEspaces.utilisateurId, utilisateurId)))
    .orderBy(asc(abonnementsEspaces.id))
    .all();
}

/** Bank details of a structure that may be used on an invoice. */
export function coordonneesBancairesValides(ctx: SandboxContext, structureId: number): CoordonneeBancaireRow[] {
  return ctx.db
    .select()
    .from(coordonneesBancaires)
    .where(
      and(
        eq(coordonneesBancaires.sandboxId, ctx.sandboxId),
        eq(coordonneesBancaires.structureId, structureId),
        eq(coordonneesBancaires.estValide, true),
      ),
    )
    .orderBy(asc(coordonneesBancaires.id))
    .all();
}

/** Active public structures: the recipients of the sandbox's directory. */
export function destinatairesActifs(ctx: SandboxContext): StructureRow[] {
  return ctx.db
    .select()
    .from(structures)
    .where(and(eq(structures.sandboxId, ctx.sandboxId), eq(structures.typeStructure, 'PUBLIQUE'), eq(structures.statut, 'ACTIF')))
    .orderBy(asc(structures.id))
    .all();
}

/** Services of several structures in one query (the directory lists them all). */
export function servicesDesStructures(ctx: SandboxContext, structureIds: readonly number[]): ServiceRow[] {
  if (structureIds.length === 0) return [];
  return ctx.db
    .select()
    .from(services)
    .where(and(eq(services.sandboxId, ctx.sandboxId), inArray(services.structureId, [...structureIds])))
    .orderBy(asc(services.structureId), asc(services.id))
    .all();
}
