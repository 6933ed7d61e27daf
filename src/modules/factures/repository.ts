import { and, asc, countDistinct, desc, eq, inArray, ne, sql, sum, type SQL } from 'drizzle-orm';
import { parBase, lie, ligneComplete, param, portee, porteeDe, SANDBOX_ID, valeursPortees } from '../../db/scoped.js';
import { factures, historiqueFactures, notifications, piecesJointes, rattachements, rattachementsServices, sequences, utilisateurs } from '../../db/schema/index.js';
import type { SandboxContext } from '../../sandbox/context.js';
import { apresNotifications } from '../notifications/service.js';

export type FactureRow = typeof factures.$inferSelect;
/** Columns an OCR invoice (INTERPRETEE_OCR, deposer/pdf not yet submitted) leaves empty. */
const CHAMPS_SAISIS = ['numeroFacture', 'annee', 'dateFacture', 'destinataireId', 'codeCadreFacturation', 'montantHt', 'montantTva', 'montantTtc', 'montantAPayer', 'empreinteCertificatDepot'] as const;
type ChampsSaisis = (typeof CHAMPS_SAISIS)[number];
/** An invoice deposited by soumettre (or a flux): every entered column is set. */
export type FactureDeposee = { [K in keyof FactureRow]: K extends ChampsSaisis ? NonNullable<FactureRow[K]> : FactureRow[K] };
/** Whether every entered column of the row is set (false for an OCR invoice not yet submitted). */
export const estDeposee = (f: FactureRow): f is FactureDeposee => CHAMPS_SAISIS.every((c) => f[c] !== null);
export type HistoriqueRow = typeof historiqueFactures.$inferSelect;
export type NotificationRow = typeof notifications.$inferSelect;
export type PieceJointeRow = typeof piecesJointes.$inferSelect;

type New<T extends { sandboxId: string }> = Omit<T, 'sandboxId'>;

const factureComplete = ligneComplete(factures);
const historiqueComplet = ligneComplete(historiqueFactures);
const pieceJointeComplete = ligneComplete(piecesJointes);

interface Parties {
  fournisseurId: number;
  /** Null for an OCR invoice (INTERPRETEE_OCR): only the supplier's users are notified. */
  destinataireId: number | null;
  /** The recipient service (serviceExecutantId), or null. */
  serviceId: number | null;
}

/** A validated service rattachement of the rattachement (`condition` narrows which service). */
const serviceValide = (condition: SQL) =>
  sql`exists (select 1 from ${rattachementsServices} where ${rattachementsServices.sandboxId} = ${rattachements.sandboxId} and ${rattachementsServices.rattachementId} = ${rattachements.id} and ${rattachementsServices.statut} = 'VALIDEE' and ${condition})`;

/**
 * People (never technical accounts: no mailbox, chorus-domain §13) validly attached to the invoice's
 * parties; on the recipient side, a user attached to some services only hears of the invoices of
 * those services (the rule of « Factures reçues », perimetre.ts).
 */
const rattaches = () =>
  portee(
    rattachements,
    sql`(${rattachements.structureId} = ${param('fournisseurId')} or (${rattachements.structureId} = ${param('destinataireId')} and (not ${serviceValide(sql`1 = 1`)} or ${serviceValide(sql`${rattachementsServices.serviceId} = ${param('serviceId')}`)})))`,
    eq(rattachements.statut, 'VALIDEE'),
    sql`exists (select 1 from ${utilisateurs} where ${utilisateurs.sandboxId} = ${rattachements.sandboxId} and ${utilisateurs.id} = ${rattachements.utilisateurId} and ${utilisateurs.type} = 'PERSONNE')`,
  );

/**
 * The invoice tables' statements, prepared once per database, every one scoped to the caller's
 * sandbox by construction (src/db/scoped.ts). The hot path (deposit, routing, transitions) runs
 * on these only.
 */
const requetes = parBase((db) => ({
  insertPieceJointe: lie<Record<string, unknown>>(db.insert(piecesJointes).values(valeursPortees(piecesJointes))),
  findPieceJointe: lie<{ id: number }, PieceJointeRow>(db.select().from(piecesJointes).where(portee(piecesJointes, eq(piecesJointes.id, param('id'))))),
  insertFacture: lie<Record<string, unknown>, FactureRow>(db.insert(factures).values(valeursPortees(factures)).returning()),
  findFacture: lie<{ id: number }, FactureRow>(db.select().from(factures).where(portee(factures, eq(factures.id, param('id'))))),
  /** What a lifecycle move writes: the current status and the délai de paiement bookkeeping. */
  majEtat: lie<Pick<FactureRow, 'id' | 'statut' | 'dateHeureEtatCourant' | 'commentaireEtatCourant' | 'dateMiseADisposition' | 'suspensions' | 'datePaiement' | 'numeroDpMandat'>>(
    db
      .update(factures)
      .set({
        statut: sql`${param('statut')}`,
        dateHeureEtatCourant: sql`${param('dateHeureEtatCourant')}`,
        commentaireEtatCourant: sql`${param('commentaireEtatCourant')}`,
        dateMiseADisposition: sql`${param('dateMiseADisposition')}`,
        suspensions: sql`${param('suspensions')}`,
        datePaiement: sql`${param('datePaiement')}`,
        numeroDpMandat: sql`${param('numeroDpMandat')}`,
      })
      .where(portee(factures, eq(factures.id, param('id')))),
  ),
  numeroFactureExiste: lie<{ fournisseurId: number; numero: string; annee: number; saufId: number }, { id: number }>(
    db
      .select({ id: factures.id })
      .from(factures)
      .where(portee(factures, eq(factures.fournisseurId, param('fournisseurId')), eq(factures.numeroFacture, param('numero')), eq(factures.annee, param('annee')), ne(factures.statut, 'SUPPRIMEE'), ne(factures.id, param('saufId'))))
      .limit(1),
  ),
  findFactureParNumero: lie<{ fournisseurId: number; numero: string; saufId: number }, FactureRow>(
    db
      .select()
      .from(factures)
      .where(portee(factures, eq(factures.fournisseurId, param('fournisseurId')), eq(factures.numeroFacture, param('numero')), ne(factures.id, param('saufId'))))
      .orderBy(desc(factures.id))
      .limit(1),
  ),
  /** The invoice `deposer/pdf` created with this PDF (it entered INTERPRETEE_OCR), whatever its status since. */
  findFactureOcr: lie<{ pieceJointeId: number }, FactureRow>(
    db
      .select()
      .from(factures)
      .where(
        portee(
          factures,
          eq(factures.pieceJointePrincipaleId, param('pieceJointeId')),
          sql`exists (select 1 from ${historiqueFactures} where ${historiqueFactures.sandboxId} = ${factures.sandboxId} and ${historiqueFactures.factureId} = ${factures.id} and ${historiqueFactures.nature} = 'STATUT' and ${historiqueFactures.code} = 'INTERPRETEE_OCR')`,
        ),
      )
      .orderBy(asc(factures.id))
      .limit(1),
  ),
  insertHistorique: lie<Record<string, unknown>>(db.insert(historiqueFactures).values(valeursPortees(historiqueFactures))),
  listHistorique: lie<{ factureId: number }, HistoriqueRow>(
    db.select().from(historiqueFactures).where(portee(historiqueFactures, eq(historiqueFactures.factureId, param('factureId')))).orderBy(asc(historiqueFactures.id)),
  ),
  listNotifications: lie<{ utilisateurId: number }, NotificationRow>(
    db.select().from(notifications).where(portee(notifications, eq(notifications.utilisateurId, param('utilisateurId')))).orderBy(desc(notifications.id)),
  ),
  /**
   * Notifying the users of a move takes two statements whatever their number: one reserves as many
   * ids of the `notification` sequence as there are users to notify (none when nobody is attached),
   * the other writes one row per user, ids in ascending user order.
   */
  reserverNotifications: lie<Parties, { value: number }>(
    db
      .insert(sequences)
      .select(
        db
          .select({ sandboxId: sql<string>`${SANDBOX_ID}`.as('sandbox_id'), name: sql<string>`'notification'`.as('name'), value: countDistinct(rattachements.utilisateurId).as('value') })
          .from(rattachements)
          .where(rattaches())
          .having(sql`count(distinct ${rattachements.utilisateurId}) > 0`),
      )
      .onConflictDoUpdate({ target: [sequences.sandboxId, sequences.name], set: { value: sql`${sequences.value} + excluded.value` } })
      .returning({ value: sequences.value }),
  ),
  insertNotifications: lie<Parties & { fin: number; factureId: number; type: string; message: string; date: string }>(
    db.insert(notifications).select(
      db
        .select({
          sandboxId: rattachements.sandboxId,
          id: sql<number>`${param('fin')} - count(*) over () + row_number() over (order by ${rattachements.utilisateurId})`.as('id'),
          utilisateurId: rattachements.utilisateurId,
          factureId: sql<number>`${param('factureId')}`.as('facture_id'),
          sollicitationId: sql<number | null>`null`.as('sollicitation_id'),
          type: sql<string>`${param('type')}`.as('type'),
          message: sql<string>`${param('message')}`.as('message'),
          date: sql<string>`${param('date')}`.as('date'),
          lu: sql<boolean>`0`.as('lu'),
        })
        .from(rattachements)
        .where(rattaches())
        .groupBy(rattachements.utilisateurId),
    ),
  ),
}));

/** The invoice repository of a context's database (built once per database). */
export const facturesDe = (ctx: Pick<SandboxContext, 'db'>) => requetes(ctx.db);

export function insertPieceJointe(ctx: SandboxContext, row: New<typeof piecesJointes.$inferInsert>): void {
  facturesDe(ctx).insertPieceJointe.run(ctx, pieceJointeComplete(row));
}

export function findPieceJointe(ctx: SandboxContext, id: number): PieceJointeRow | undefined {
  return facturesDe(ctx).findPieceJointe.get(ctx, { id });
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
  return facturesDe(ctx).insertFacture.get(ctx, factureComplete(row))!;
}

export function findFacture(ctx: SandboxContext, id: number): FactureRow | undefined {
  return facturesDe(ctx).findFacture.get(ctx, { id });
}

/** Writes the status and délai fields of `facture` as they are in memory (one prepared statement). */
export function majEtat(ctx: SandboxContext, facture: FactureRow): void {
  facturesDe(ctx).majEtat.run(ctx, {
    id: facture.id,
    statut: facture.statut,
    dateHeureEtatCourant: facture.dateHeureEtatCourant,
    commentaireEtatCourant: facture.commentaireEtatCourant,
    dateMiseADisposition: facture.dateMiseADisposition,
    suspensions: JSON.stringify(facture.suspensions) as unknown as FactureRow['suspensions'],
    datePaiement: facture.datePaiement,
    numeroDpMandat: facture.numeroDpMandat,
  });
}

/** Any other change to an invoice (its columns vary with the operation, so it is not prepared). */
export function updateFacture(ctx: SandboxContext, id: number, values: Partial<New<typeof factures.$inferInsert>>): void {
  ctx.db.update(factures).set(values).where(porteeDe(ctx, factures, eq(factures.id, id))).run();
}

/** Whether the supplier already has a live invoice `numero` in `annee` (other than `saufId`, a draft being edited). */
export function numeroFactureExiste(ctx: SandboxContext, fournisseurId: number, numero: string, annee: number, saufId = -1): boolean {
  return facturesDe(ctx).numeroFactureExiste.get(ctx, { fournisseurId, numero, annee, saufId }) !== undefined;
}

/** The supplier's latest invoice numbered `numero` other than `saufId` (an AVOIR's origin invoice). */
export function findFactureParNumero(ctx: SandboxContext, fournisseurId: number, numero: string, saufId: number): FactureRow | undefined {
  return facturesDe(ctx).findFactureParNumero.get(ctx, { fournisseurId, numero, saufId });
}

/** One page of invoices matching `conditions` (the sandbox filter is added here), and the capped total. */
export function rechercherFactures(
  ctx: SandboxContext,
  conditions: SQL[],
  options: { ordre: SQL[]; offset: number; limit: number; maximum: number },
): { lignes: FactureRow[]; total: number } {
  const where = porteeDe(ctx, factures, and(...conditions));
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

export function findFactureOcr(ctx: SandboxContext, pieceJointeId: number): FactureRow | undefined {
  return facturesDe(ctx).findFactureOcr.get(ctx, { pieceJointeId });
}

/** Erases an OCR invoice never submitted, with its history (its PDF is detached: see detacherPieceJointe). */
export function supprimerFactureOcr(ctx: SandboxContext, id: number): void {
  ctx.db.delete(historiqueFactures).where(porteeDe(ctx, historiqueFactures, eq(historiqueFactures.factureId, id))).run();
  ctx.db.delete(notifications).where(porteeDe(ctx, notifications, eq(notifications.factureId, id))).run();
  ctx.db.delete(factures).where(porteeDe(ctx, factures, and(eq(factures.id, id), eq(factures.statut, 'INTERPRETEE_OCR')))).run();
}

export function insertHistorique(ctx: SandboxContext, row: New<typeof historiqueFactures.$inferInsert>): void {
  facturesDe(ctx).insertHistorique.run(ctx, historiqueComplet(row));
}

export function listHistorique(ctx: SandboxContext, factureId: number): HistoriqueRow[] {
  return facturesDe(ctx).listHistorique.all(ctx, { factureId });
}

export function listNotifications(ctx: SandboxContext, utilisateurId: number): NotificationRow[] {
  return facturesDe(ctx).listNotifications.all(ctx, { utilisateurId });
}

/** Notifies every user attached to the invoice's supplier or recipient (two statements, whatever their number). */
export function notifierRattaches(
  ctx: SandboxContext,
  facture: Pick<FactureRow, 'id' | 'fournisseurId' | 'destinataireId' | 'serviceExecutantId'>,
  notification: { type: string; message: string; date: string },
): void {
  const parties = { fournisseurId: facture.fournisseurId, destinataireId: facture.destinataireId, serviceId: facture.serviceExecutantId };
  const reserve = facturesDe(ctx).reserverNotifications.get(ctx, parties);
  if (!reserve) return;
  const ecrites = facturesDe(ctx).insertNotifications.run(ctx, { ...parties, fin: reserve.value, factureId: facture.id, ...notification });
  // The rows just written are the last `ecrites` ids up to `fin` (counted, not searched for: a search
  // over the sandbox's notifications grew with them and made long clock advances quadratic).
  apresNotifications(ctx, reserve.value - ecrites + 1, reserve.value);
}
