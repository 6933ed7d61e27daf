import { and, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { factures, historiqueFactures } from '../../src/db/schema/index.js';
import { admin } from '../helpers/app.js';

/** An admin call to the control plane. */
export function sbx(app: FastifyInstance, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown) {
  return app.inject({ method, url: `/_sandbox${url}`, headers: admin, ...(payload === undefined ? {} : { payload: payload as object }) });
}

export function facture(app: FastifyInstance, sandboxId: string, id: number) {
  return app.db.select().from(factures).where(and(eq(factures.sandboxId, sandboxId), eq(factures.id, id))).get();
}

export function historique(app: FastifyInstance, sandboxId: string, id: number) {
  return app.db
    .select()
    .from(historiqueFactures)
    .where(and(eq(historiqueFactures.sandboxId, sandboxId), eq(historiqueFactures.factureId, id), eq(historiqueFactures.nature, 'STATUT')))
    .orderBy(historiqueFactures.id)
    .all();
}

/**
 * Export tables with what follows the real-time clock of the matelas blanked: ISO date-times, and
 * the deposit certificate fingerprint (a hash that includes the deposit date-time), and the agenda's
 * due times (epoch milliseconds counted from those date-times, e.g. a validator's 15-day deadline).
 */
export function sansHorodatage(tables: Record<string, unknown[]>): unknown {
  return JSON.parse(
    JSON.stringify(tables)
      .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, '<date>')
      .replace(/"empreinte_certificat_depot":"[0-9a-f]+"/g, '"empreinte_certificat_depot":"<empreinte>"')
      .replace(/"echeance":\d+/g, '"echeance":"<echeance>"'),
  );
}
