import { and, asc, eq, inArray } from 'drizzle-orm';
import { lie, param, parBase, portee, porteeDe } from '../../db/scoped.js';
import type { SandboxContext } from '../../sandbox/context.js';
import { abonnementsEspaces, rattachements, rattachementsServices, utilisateurs } from '../../db/schema/index.js';

export type UtilisateurRow = typeof utilisateurs.$inferSelect;
export type RattachementRow = typeof rattachements.$inferSelect;
export type RattachementServiceRow = typeof rattachementsServices.$inferSelect;
export type AbonnementEspaceRow = typeof abonnementsEspaces.$inferSelect;

type New<T extends { sandboxId: string }> = Omit<T, 'sandboxId'>;

/** The look-ups of every authenticated call (account, rattachements), prepared once per database and scoped by construction. */
const requetes = parBase((db) => ({
  utilisateurParLogin: lie<{ login: string }, UtilisateurRow>(db.select().from(utilisateurs).where(portee(utilisateurs, eq(utilisateurs.login, param('login'))))),
  utilisateur: lie<{ id: number }, UtilisateurRow>(db.select().from(utilisateurs).where(portee(utilisateurs, eq(utilisateurs.id, param('id'))))),
  rattachementsUtilisateur: lie<{ utilisateurId: number }, RattachementRow>(
    db.select().from(rattachements).where(portee(rattachements, eq(rattachements.utilisateurId, param('utilisateurId')))).orderBy(asc(rattachements.id)),
  ),
  rattachementsServices: lie<{ rattachementId: number }, RattachementServiceRow>(
    db
      .select()
      .from(rattachementsServices)
      .where(portee(rattachementsServices, eq(rattachementsServices.rattachementId, param('rattachementId'))))
      .orderBy(asc(rattachementsServices.id)),
  ),
}));

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
  return requetes(ctx.db).utilisateurParLogin.get(ctx, { login });
}

export function findUtilisateur(ctx: SandboxContext, id: number): UtilisateurRow | undefined {
  return requetes(ctx.db).utilisateur.get(ctx, { id });
}

/** Validated structure rattachements of a user. */
export function listRattachementsValides(ctx: SandboxContext, utilisateurId: number): RattachementRow[] {
  return listRattachementsUtilisateur(ctx, utilisateurId).filter((r) => r.statut === 'VALIDEE');
}

export function listRattachementsServices(ctx: SandboxContext, rattachementId: number): RattachementServiceRow[] {
  return requetes(ctx.db).rattachementsServices.all(ctx, { rattachementId });
}

export function listUtilisateurs(ctx: SandboxContext): UtilisateurRow[] {
  return ctx.db.select().from(utilisateurs).where(porteeDe(ctx, utilisateurs)).orderBy(utilisateurs.id).all();
}

export function findRattachement(ctx: SandboxContext, id: number): RattachementRow | undefined {
  return ctx.db
    .select()
    .from(rattachements)
    .where(porteeDe(ctx, rattachements, eq(rattachements.id, id)))
    .get();
}

export function findRattachementDe(ctx: SandboxContext, utilisateurId: number, structureId: number): RattachementRow | undefined {
  return ctx.db
    .select()
    .from(rattachements)
    .where(
      porteeDe(
        ctx,
        rattachements,
        eq(rattachements.utilisateurId, utilisateurId),
        eq(rattachements.structureId, structureId),
      ),
    )
    .get();
}

/** Every rattachement of a user, whatever its status, oldest first. */
export function listRattachementsUtilisateur(ctx: SandboxContext, utilisateurId: number): RattachementRow[] {
  return requetes(ctx.db).rattachementsUtilisateur.all(ctx, { utilisateurId });
}

/** Every rattachement of the sandbox, oldest first (matelas export). */
export function listRattachements(ctx: SandboxContext): RattachementRow[] {
  return ctx.db.select().from(rattachements).where(porteeDe(ctx, rattachements)).orderBy(rattachements.id).all();
}

/** The users attached to a structure, with their rattachement. */
export function listRattachementsStructure(
  ctx: SandboxContext,
  structureId: number,
): { rattachement: RattachementRow; utilisateur: UtilisateurRow }[] {
  return ctx.db
    .select({ rattachement: rattachements, utilisateur: utilisateurs })
    .from(rattachements)
    .innerJoin(
      utilisateurs,
      and(eq(utilisateurs.sandboxId, rattachements.sandboxId), eq(utilisateurs.id, rattachements.utilisateurId)),
    )
    .where(porteeDe(ctx, rattachements, eq(rattachements.structureId, structureId)))
    .orderBy(rattachements.id)
    .all();
}

export function updateRattachement(
  ctx: SandboxContext,
  id: number,
  values: Partial<Pick<RattachementRow, 'statut' | 'role' | 'commentaire' | 'dateCreation' | 'dateValidation'>>,
): RattachementRow {
  return ctx.db
    .update(rattachements)
    .set(values)
    .where(porteeDe(ctx, rattachements, eq(rattachements.id, id)))
    .returning()
    .get();
}

/** Moves the service rattachements of a rattachement from one status to another. */
export function updateStatutRattachementsServices(
  ctx: SandboxContext,
  rattachementId: number,
  from: RattachementServiceRow['statut'][],
  to: RattachementServiceRow['statut'],
  commentaire?: string | null,
): void {
  ctx.db
    .update(rattachementsServices)
    .set({ statut: to, ...(commentaire !== undefined ? { commentaire } : {}) })
    .where(
      porteeDe(
        ctx,
        rattachementsServices,
        eq(rattachementsServices.rattachementId, rattachementId),
        inArray(rattachementsServices.statut, from),
      ),
    )
    .run();
}

/** Moves a user's espace subscriptions on a structure from one state to another. */
export function updateEtatAbonnements(
  ctx: SandboxContext,
  utilisateurId: number,
  structureId: number,
  from: AbonnementEspaceRow['etat'][],
  to: AbonnementEspaceRow['etat'],
): void {
  ctx.db
    .update(abonnementsEspaces)
    .set({ etat: to })
    .where(
      porteeDe(
        ctx,
        abonnementsEspaces,
        eq(abonnementsEspaces.utilisateurId, utilisateurId),
        eq(abonnementsEspaces.structureId, structureId),
        inArray(abonnementsEspaces.etat, from),
      ),
    )
    .run();
}

export function listAbonnementsStructure(ctx: SandboxContext, structureId: number): AbonnementEspaceRow[] {
  return ctx.db
    .select()
    .from(abonnementsEspaces)
    .where(porteeDe(ctx, abonnementsEspaces, eq(abonnementsEspaces.structureId, structureId)))
    .orderBy(abonnementsEspaces.id)
    .all();
}

/** The account an activation link designates, if it is still pending. */
export function findUtilisateurParJeton(ctx: SandboxContext, jeton: string): UtilisateurRow | undefined {
  return ctx.db.select().from(utilisateurs).where(porteeDe(ctx, utilisateurs, eq(utilisateurs.jetonActivation, jeton))).get();
}

export function updateUtilisateur(
  ctx: SandboxContext,
  id: number,
  values: Partial<Omit<UtilisateurRow, 'sandboxId' | 'id' | 'login' | 'type' | 'createdAt'>>,
): UtilisateurRow {
  return ctx.db.update(utilisateurs).set(values).where(porteeDe(ctx, utilisateurs, eq(utilisateurs.id, id))).returning().get();
}

export function findAbonnement(ctx: SandboxContext, id: number): AbonnementEspaceRow | undefined {
  return ctx.db.select().from(abonnementsEspaces).where(porteeDe(ctx, abonnementsEspaces, eq(abonnementsEspaces.id, id))).get();
}

export function listAbonnementsUtilisateur(ctx: SandboxContext, utilisateurId: number): AbonnementEspaceRow[] {
  return ctx.db
    .select()
    .from(abonnementsEspaces)
    .where(porteeDe(ctx, abonnementsEspaces, eq(abonnementsEspaces.utilisateurId, utilisateurId)))
    .orderBy(abonnementsEspaces.id)
    .all();
}

export function updateAbonnement(ctx: SandboxContext, id: number, values: Partial<Pick<AbonnementEspaceRow, 'etat' | 'typeHabilitation' | 'dateCreation'>>): AbonnementEspaceRow {
  return ctx.db.update(abonnementsEspaces).set(values).where(porteeDe(ctx, abonnementsEspaces, eq(abonnementsEspaces.id, id))).returning().get();
}
