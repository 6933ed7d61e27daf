import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Db } from '../../db/client.js';
import * as repo from './repository.js';

/**
 * Webhook deliveries (beyond the real platform, for CI). Events are written as delivery rows in the
 * transaction of the API call that caused them; a dispatcher per database sends them afterwards, on
 * a later turn of the event loop and never while a transaction is open, so a rolled-back call sends
 * nothing and no call waits for a receiver. Signatures follow Stripe's scheme:
 * `Chorus-Sandbox-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`.
 */
export const EN_TETE_SIGNATURE = 'chorus-sandbox-signature';

/** Back-off between attempts (after the 1st, 2nd… failure) and the per-attempt timeout; tests shorten them. */
export const reglagesLivraison = { delaisMs: [10_000, 60_000, 300_000, 1_800_000, 7_200_000], timeoutMs: 10_000 };

export function nouveauSecret(): string {
  return `whsec_${randomBytes(24).toString('base64url')}`;
}

export function signer(secret: string, horodatage: number, corps: string): string {
  const v1 = createHmac('sha256', secret).update(`${horodatage}.${corps}`).digest('hex');
  return `t=${horodatage},v1=${v1}`;
}

/** What a receiver does (and the README shows): recompute the HMAC and compare in constant time. */
export function verifierSignature(secret: string, entete: string, corps: string, toleranceS = 300, maintenantS = Math.floor(Date.now() / 1000)): boolean {
  const parts = Object.fromEntries(entete.split(',').map((p) => p.split('=', 2) as [string, string]));
  const t = Number(parts.t);
  if (!Number.isInteger(t) || !parts.v1 || Math.abs(maintenantS - t) > toleranceS) return false;
  const attendu = Buffer.from(signer(secret, t, corps).split('v1=')[1]!, 'hex');
  const recu = Buffer.from(parts.v1, 'hex');
  return attendu.length === recu.length && timingSafeEqual(attendu, recu);
}

interface Dispatcher {
  timer: NodeJS.Timeout | null;
  enCours: Set<string>;
}
const dispatchers = new WeakMap<Db, Dispatcher>();

function dispatcher(db: Db): Dispatcher {
  let d = dispatchers.get(db);
  if (!d) {
    d = { timer: null, enCours: new Set() };
    dispatchers.set(db, d);
  }
  return d;
}

/** Asks the dispatcher to look at due deliveries after `delaiMs` (never during the caller's transaction). */
export function reveiller(db: Db, delaiMs = 0): void {
  const d = dispatcher(db);
  if (d.timer) clearTimeout(d.timer);
  d.timer = setTimeout(() => {
    d.timer = null;
    void tour(db);
  }, Math.max(0, delaiMs));
  d.timer.unref(); // a pending retry never keeps the process alive
}

async function tour(db: Db): Promise<void> {
  if (!db.$client.open) return;
  // The group commit holds its transaction until the end of the turn: come back once it is written.
  if (db.$client.inTransaction) return reveiller(db, 5);
  const d = dispatcher(db);
  const dues = repo.livraisonsDues(db, Date.now(), 50).filter((x) => !d.enCours.has(`${x.livraison.sandboxId}:${x.livraison.id}`));
  await Promise.all(dues.map((x) => envoyer(db, d, x.livraison, x.webhook)));
  if (!db.$client.open) return;
  const prochaine = repo.prochaineLivraison(db);
  if (prochaine !== undefined) reveiller(db, prochaine - Date.now());
}

async function envoyer(db: Db, d: Dispatcher, l: repo.LivraisonRow, w: repo.WebhookRow): Promise<void> {
  const cle = `${l.sandboxId}:${l.id}`;
  d.enCours.add(cle);
  const debut = performance.now();
  let codeHttp: number | null = null;
  let erreur: string | null = null;
  try {
    const reponse = await fetch(w.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'chorus-pro-sandbox-webhooks', [EN_TETE_SIGNATURE]: signer(w.secret, Math.floor(Date.now() / 1000), l.corps) },
      body: l.corps,
      redirect: 'manual',
      signal: AbortSignal.timeout(reglagesLivraison.timeoutMs),
    });
    codeHttp = reponse.status;
    await reponse.body?.cancel().catch(() => undefined);
    if (codeHttp < 200 || codeHttp >= 300) erreur = `HTTP ${codeHttp}`;
  } catch (e) {
    erreur = e instanceof Error && e.name === 'TimeoutError' ? `délai dépassé (${reglagesLivraison.timeoutMs} ms)` : String((e as Error).cause ?? e);
  } finally {
    d.enCours.delete(cle);
  }
  if (!db.$client.open) return;
  const tentatives = l.tentatives + 1;
  const delai = reglagesLivraison.delaisMs[tentatives - 1];
  const statut = erreur === null ? 'REUSSIE' : delai === undefined ? 'ECHEC' : 'EN_ATTENTE';
  repo.majLivraison(db, l.sandboxId, l.id, {
    statut,
    tentatives,
    codeHttp,
    erreur,
    dureeMs: Math.round(performance.now() - debut),
    dateDerniereTentative: new Date().toISOString(),
    prochainEssai: statut === 'EN_ATTENTE' ? Date.now() + delai! : null,
  });
}
