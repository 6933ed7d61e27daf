import { and, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { coordonneesBancaires, services, structures } from '../../src/db/schema/index.js';
import { cproHeaders, cproPost, type TestSandbox } from './app.js';

/** A matelas structure (`entite`) with its services and bank details, read straight from the database. */
export function structure(app: FastifyInstance, sandboxId: string, entite: string) {
  const s = app.db.select().from(structures).where(and(eq(structures.sandboxId, sandboxId), eq(structures.entite, entite))).get();
  if (!s) throw new Error(`no structure ${entite}`);
  const svc = app.db.select().from(services).where(and(eq(services.sandboxId, sandboxId), eq(services.structureId, s.id))).orderBy(services.id).all();
  const cb = app.db
    .select()
    .from(coordonneesBancaires)
    .where(and(eq(coordonneesBancaires.sandboxId, sandboxId), eq(coordonneesBancaires.structureId, s.id)))
    .all();
  return { ...s, services: svc.filter((x) => x.code !== 'FACTURES_PUBLIQUES'), coordonnees: cb };
}

let compteur = 0;
/** A valid SAISIE_API body: 2 lines at 20 %, 100 € + 50 € HT. */
export function factureSaisie(app: FastifyInstance, sandboxId: string, destinataire = 'Destinataire sans paramètre', extra: Record<string, unknown> = {}) {
  const fo = structure(app, sandboxId, 'Fournisseur');
  const de = structure(app, sandboxId, destinataire);
  compteur += 1;
  return {
    modeDepot: 'SAISIE_API',
    numeroFactureSaisi: `F-${Date.now() % 100000}-${compteur}`,
    dateFacture: '2026-11-20',
    destinataire: { codeDestinataire: de.identifiant, codeServiceExecutant: de.services[0]?.code as string | undefined },
    fournisseur: { idFournisseur: fo.id },
    cadreDeFacturation: { codeCadreFacturation: 'A1_FACTURE_FOURNISSEUR' },
    references: { deviseFacture: 'EUR', typeFacture: 'FACTURE', typeTva: 'TVA_SUR_DEBIT', modePaiement: 'VIREMENT', numeroBonCommande: 'EJ-1' },
    lignePoste: [
      { lignePosteNumero: 1, lignePosteDenomination: 'Prestation', lignePosteQuantite: 2, lignePosteMontantUnitaireHT: 50, lignePosteTauxTvaManuel: 20 },
      { lignePosteNumero: 2, lignePosteDenomination: 'Fourniture', lignePosteQuantite: 1, lignePosteMontantUnitaireHT: 50, lignePosteTauxTvaManuel: 20 },
    ],
    montantTotal: { montantHtTotal: 150, montantTVA: 30, montantTtcTotal: 180, montantAPayer: 180 },
    ...extra,
  };
}

export interface Acteurs {
  fournisseur: Record<string, string>;
  destinataire: Record<string, string>;
}

export async function acteurs(app: FastifyInstance, sandbox: TestSandbox, destinataire = 'Destinataire sans paramètre'): Promise<Acteurs> {
  return { fournisseur: await cproHeaders(app, sandbox, 'Fournisseur'), destinataire: await cproHeaders(app, sandbox, destinataire) };
}

/** Deposits a valid invoice and returns its id (asserting the deposit succeeded). */
export async function deposer(app: FastifyInstance, sandbox: TestSandbox, headers: Record<string, string>, destinataire?: string, extra?: Record<string, unknown>): Promise<number> {
  const res = await cproPost(app, headers, '/cpro/factures/v1/soumettre', factureSaisie(app, sandbox.id, destinataire, extra));
  if (res.statusCode !== 200) throw new Error(`deposit failed: ${res.body}`);
  return res.json().identifiantFactureCPP;
}

export async function traiter(app: FastifyInstance, headers: Record<string, string>, idFacture: number, nouveauStatut: string, extra: Record<string, unknown> = {}) {
  return cproPost(app, headers, '/cpro/factures/v1/traiter/recue', { idFacture, nouveauStatut, ...extra });
}
