import { and, asc, desc, eq, gte, inArray, lte } from 'drizzle-orm';
import { porteeDe } from '../../db/scoped.js';
import { courriels, livraisonsWebhook, notifications, reglagesNotifications, utilisateurs, webhooks } from '../../db/schema/index.js';
import type { Db } from '../../db/client.js';
import type { SandboxContext } from '../../sandbox/context.js';

export type NotificationRow = typeof notifications.$inferSelect;
export type CourrielRow = typeof courriels.$inferSelect;
export type WebhookRow = typeof webhooks.$inferSelect;
export type LivraisonRow = typeof livraisonsWebhook.$inferSelect;
export type UtilisateurRow = typeof utilisateurs.$inferSelect;

type New<T extends { sandboxId: string }> = Omit<T, 'sandboxId'>;

/** Notifications of ids premier..dernier with their user (what the invoice path just wrote in bulk). */
export function notificationsEntre(ctx: SandboxContext, premier: number, dernier: number) {
  return ctx.db
    .select({ notification: notifications, utilisateur: utilisateurs })
    .from(notifications)
    .innerJoin(utilisateurs, and(eq(utilisateurs.sandboxId, notifications.sandboxId), eq(utilisateurs.id, notifications.utilisateurId)))
    .where(porteeDe(ctx, notifications, gte(notifications.id, premier), lte(notifications.id, dernier)))
    .orderBy(asc(notifications.id))
    .all();
}

export function insertNotification(ctx: SandboxContext, row: New<typeof notifications.$inferInsert>): void {
  ctx.db.insert(notifications).values({ ...row, sandboxId: ctx.sandboxId }).run();
}

export function marquerLues(ctx: SandboxContext, utilisateurId: number, ids: readonly number[] | null): number {
  const r = ctx.db
    .update(notifications)
    .set({ lu: true })
    .where(porteeDe(ctx, notifications, eq(notifications.utilisateurId, utilisateurId), ids ? inArray(notifications.id, [...ids]) : undefined))
    .run();
  return r.changes;
}

export function notificationsDepuis(ctx: SandboxContext, utilisateurId: number, depuis: string, jusqua: string): NotificationRow[] {
  return ctx.db
    .select()
    .from(notifications)
    .where(porteeDe(ctx, notifications, eq(notifications.utilisateurId, utilisateurId), gte(notifications.date, depuis), lte(notifications.date, jusqua)))
    .orderBy(asc(notifications.id))
    .all();
}

export function insertCourriel(ctx: SandboxContext, row: New<typeof courriels.$inferInsert>): void {
  ctx.db.insert(courriels).values({ ...row, sandboxId: ctx.sandboxId }).run();
}

export function listCourriels(ctx: SandboxContext, filtre: { utilisateurId?: number; nature?: string }): CourrielRow[] {
  return ctx.db
    .select()
    .from(courriels)
    .where(
      porteeDe(
        ctx,
        courriels,
        filtre.utilisateurId === undefined ? undefined : eq(courriels.utilisateurId, filtre.utilisateurId),
        filtre.nature === undefined ? undefined : eq(courriels.nature, filtre.nature),
      ),
    )
    .orderBy(desc(courriels.id))
    .all();
}

export function findReglages(ctx: SandboxContext, utilisateurId: number) {
  return ctx.db.select().from(reglagesNotifications).where(porteeDe(ctx, reglagesNotifications, eq(reglagesNotifications.id, utilisateurId))).get();
}

export function ecrireReglages(ctx: SandboxContext, utilisateurId: number, r: { recapQuotidien: boolean; recapHebdomadaire: boolean }): void {
  ctx.db
    .insert(reglagesNotifications)
    .values({ sandboxId: ctx.sandboxId, id: utilisateurId, ...r })
    .onConflictDoUpdate({ target: [reglagesNotifications.sandboxId, reglagesNotifications.id], set: r })
    .run();
}

export function findUtilisateur(ctx: SandboxContext, id: number): UtilisateurRow | undefined {
  return ctx.db.select().from(utilisateurs).where(porteeDe(ctx, utilisateurs, eq(utilisateurs.id, id))).get();
}

// Webhooks

export function insertWebhook(ctx: SandboxContext, row: New<typeof webhooks.$inferInsert>): WebhookRow {
  return ctx.db.insert(webhooks).values({ ...row, sandboxId: ctx.sandboxId }).returning().get();
}

export function listWebhooks(ctx: SandboxContext): WebhookRow[] {
  return ctx.db.select().from(webhooks).where(porteeDe(ctx, webhooks)).orderBy(asc(webhooks.id)).all();
}

export function findWebhook(ctx: SandboxContext, id: number): WebhookRow | undefined {
  return ctx.db.select().from(webhooks).where(porteeDe(ctx, webhooks, eq(webhooks.id, id))).get();
}

export function supprimerWebhook(ctx: SandboxContext, id: number): void {
  ctx.db.delete(webhooks).where(porteeDe(ctx, webhooks, eq(webhooks.id, id))).run();
}

export function insertLivraison(ctx: SandboxContext, row: New<typeof livraisonsWebhook.$inferInsert>): void {
  ctx.db.insert(livraisonsWebhook).values({ ...row, sandboxId: ctx.sandboxId }).run();
}

export function listLivraisons(ctx: SandboxContext, webhookId?: number): LivraisonRow[] {
  return ctx.db
    .select()
    .from(livraisonsWebhook)
    .where(porteeDe(ctx, livraisonsWebhook, webhookId === undefined ? undefined : eq(livraisonsWebhook.webhookId, webhookId)))
    .orderBy(desc(livraisonsWebhook.id))
    .all();
}

export function findLivraison(ctx: SandboxContext, id: number): LivraisonRow | undefined {
  return ctx.db.select().from(livraisonsWebhook).where(porteeDe(ctx, livraisonsWebhook, eq(livraisonsWebhook.id, id))).get();
}

/** Deliveries due now, every sandbox (the dispatcher is one per database); each row names its sandbox. */
export function livraisonsDues(db: Db, maintenant: number, limite: number) {
  return db
    .select({ livraison: livraisonsWebhook, webhook: webhooks })
    .from(livraisonsWebhook)
    .innerJoin(webhooks, and(eq(webhooks.sandboxId, livraisonsWebhook.sandboxId), eq(webhooks.id, livraisonsWebhook.webhookId)))
    .where(and(eq(livraisonsWebhook.statut, 'EN_ATTENTE'), lte(livraisonsWebhook.prochainEssai, maintenant)))
    .orderBy(asc(livraisonsWebhook.prochainEssai))
    .limit(limite)
    .all();
}

export function prochaineLivraison(db: Db): number | undefined {
  return db
    .select({ p: livraisonsWebhook.prochainEssai })
    .from(livraisonsWebhook)
    .where(eq(livraisonsWebhook.statut, 'EN_ATTENTE'))
    .orderBy(asc(livraisonsWebhook.prochainEssai))
    .limit(1)
    .get()?.p ?? undefined;
}

export function majLivraison(db: Db, sandboxId: string, id: number, maj: Partial<LivraisonRow>): void {
  db.update(livraisonsWebhook).set(maj).where(and(eq(livraisonsWebhook.sandboxId, sandboxId), eq(livraisonsWebhook.id, id))).run();
}

/** A user's notifications, most recent first (at most 500: the inbox page shows the latest). */
export function listNotificationsDe(ctx: SandboxContext, utilisateurId: number): NotificationRow[] {
  return ctx.db.select().from(notifications).where(porteeDe(ctx, notifications, eq(notifications.utilisateurId, utilisateurId))).orderBy(desc(notifications.id)).limit(500).all();
}
