import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reglagesLivraison } from '../../src/modules/notifications/webhooks.js';
import { buildTestApp, createSandbox, type TestSandbox } from '../helpers/app.js';
import { acteurs, deposer, traiter, type Acteurs } from '../helpers/factures.js';
import { cp, ok } from '../sollicitations/helpers.js';

/**
 * Webhooks for CI: each event POSTed as JSON, signed as Stripe does (`t=<unix>,v1=<HMAC-SHA256 of
 * "<t>.<body>">`), retried after a failure, logged, sent again on demand; a receiver that hangs or
 * fails costs the API call nothing, and another sandbox's events never reach it.
 */
interface Recu {
  corps: string;
  signature: string;
}
let app: FastifyInstance;
let s: TestSandbox;
let h: Acteurs;
const recus: Recu[] = [];
let reponses = [500];
let fiable: Server;
let muet: Server;
const ouverts = new Set<IncomingMessage>();

function lire(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let b = '';
    req.on('data', (x) => (b += x));
    req.on('end', () => resolve(b));
  });
}
const url = (srv: Server) => `http://127.0.0.1:${(srv.address() as AddressInfo).port}/hook`;
const ecouter = (srv: Server) => new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));

async function attendre(condition: () => boolean | Promise<boolean>, ms = 5000) {
  const fin = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > fin) throw new Error('délai dépassé');
    await new Promise((r) => setTimeout(r, 20));
  }
}

beforeAll(async () => {
  reglagesLivraison.delaisMs = [100, 100, 100];
  reglagesLivraison.timeoutMs = 300;
  // Answers 500 the first time, then 200.
  fiable = createServer(async (req, res) => {
    recus.push({ corps: await lire(req), signature: String(req.headers['chorus-sandbox-signature']) });
    res.statusCode = reponses.shift() ?? 200;
    res.end('ok');
  });
  // Never answers.
  muet = createServer((req) => {
    ouverts.add(req);
  });
  await ecouter(fiable);
  await ecouter(muet);
  app = await buildTestApp();
  s = await createSandbox(app, { seed: 3 });
  h = await acteurs(app, s);
});
afterAll(async () => {
  await app.close();
  muet.closeAllConnections();
  fiable.closeAllConnections();
  await new Promise((r) => fiable.close(r));
  await new Promise((r) => muet.close(r));
});

/** What a receiver does, from the documented scheme only. */
function verifier(secret: string, entete: string, corps: string): boolean {
  const { t, v1 } = Object.fromEntries(entete.split(',').map((p) => p.split('='))) as { t: string; v1: string };
  if (Math.abs(Date.now() / 1000 - Number(t)) > 300) return false;
  return createHmac('sha256', secret).update(`${t}.${corps}`).digest('hex') === v1;
}

describe('webhooks', () => {
  it('une URL qui n’est pas http(s) est refusée (400, rien créé)', async () => {
    for (const mauvaise of ['ftp://example.org/x', 'pas une url', 'file:///etc/passwd']) {
      const res = await cp(app, 'POST', `/sandboxes/${s.id}/webhooks`, { url: mauvaise });
      expect(res.statusCode, mauvaise).toBe(400);
      expect(res.json().libelle).toContain('url');
    }
    expect((await ok(await cp(app, 'GET', `/sandboxes/${s.id}/webhooks`))).webhooks).toEqual([]);
  });

  it('livré, signé, vérifié, réessayé après un échec, renvoyé sur demande ; jamais à un autre bac à sable', async () => {
    const w = await ok(await cp(app, 'POST', `/sandboxes/${s.id}/webhooks`, { url: url(fiable), evenements: ['STATUT_REJETEE'] }), 201);
    expect(w.secret).toMatch(/^whsec_/);
    // Shown once: the list does not carry it.
    expect(JSON.stringify(await ok(await cp(app, 'GET', `/sandboxes/${s.id}/webhooks`)))).not.toContain(w.secret);

    const id = await deposer(app, s, h.fournisseur);
    expect((await traiter(app, h.destinataire, id, 'REJETEE', { motif: 'Erreur de TVA' })).json().codeRetour).toBe(0);
    await attendre(() => recus.length >= 2);
    // The same event twice (500, then 200), each signed with the secret over timestamp and body.
    expect(recus[0]!.corps).toBe(recus[1]!.corps);
    for (const r of recus) expect(verifier(w.secret, r.signature, r.corps)).toBe(true);
    expect(verifier('whsec_autre', recus[1]!.signature, recus[1]!.corps)).toBe(false);
    const evenement = JSON.parse(recus[1]!.corps);
    expect(evenement).toMatchObject({ type: 'STATUT_REJETEE', sandbox: s.id, donnees: { idFacture: id, message: expect.stringContaining('Erreur de TVA') } });
    // Only the subscribed type: the deposit's MISE_A_DISPOSITION was not sent.
    expect(recus.every((r) => JSON.parse(r.corps).type === 'STATUT_REJETEE')).toBe(true);

    const livraisons = async () => (await ok(await cp(app, 'GET', `/sandboxes/${s.id}/webhooks/${w.idWebhook}/livraisons`))).livraisons;
    await attendre(async () => (await livraisons())[0]?.statut === 'REUSSIE');
    const [l] = await livraisons();
    expect(l).toMatchObject({ statut: 'REUSSIE', tentatives: 2, codeHttp: 200, erreur: null });
    expect(l.dureeMs).toBeGreaterThanOrEqual(0);

    // Send again: the same body once more.
    expect((await cp(app, 'POST', `/sandboxes/${s.id}/webhooks/livraisons/${l.idLivraison}/renvoyer`)).statusCode).toBe(202);
    await attendre(() => recus.length >= 3);
    expect(recus[2]!.corps).toBe(recus[0]!.corps);

    // Another sandbox's rejection never reaches this endpoint.
    const autre = await createSandbox(app, { seed: 3 });
    const ha = await acteurs(app, autre);
    const idAutre = await deposer(app, autre, ha.fournisseur);
    await traiter(app, ha.destinataire, idAutre, 'REJETEE', { motif: 'Ailleurs' });
    await new Promise((r) => setTimeout(r, 300));
    expect(recus.filter((r) => r.corps.includes('Ailleurs'))).toEqual([]);
  });

  it('les webhooks survivent à une remise à zéro ; l’export ne porte pas leur secret', async () => {
    const autre = await createSandbox(app, { seed: 9 });
    const w = await ok(await cp(app, 'POST', `/sandboxes/${autre.id}/webhooks`, { url: 'https://ci.example.org/chorus' }), 201);
    await ok(await cp(app, 'POST', `/sandboxes/${autre.id}/reset`));
    expect((await ok(await cp(app, 'GET', `/sandboxes/${autre.id}/webhooks`))).webhooks.map((x: { idWebhook: number }) => x.idWebhook)).toEqual([w.idWebhook]);
    expect((await cp(app, 'GET', `/sandboxes/${autre.id}/export`)).body).not.toContain(w.secret);
  });

  it('un récepteur qui ne répond pas ne retarde ni ne fait échouer l’appel', async () => {
    const w = await ok(await cp(app, 'POST', `/sandboxes/${s.id}/webhooks`, { url: url(muet) }), 201);
    const id = await deposer(app, s, h.fournisseur);
    const debut = Date.now();
    const res = await traiter(app, h.destinataire, id, 'SUSPENDUE', { motif: 'Pièce manquante' });
    expect(res.json().codeRetour).toBe(0);
    expect(Date.now() - debut).toBeLessThan(reglagesLivraison.timeoutMs);
    await attendre(async () => {
      const l = (await ok(await cp(app, 'GET', `/sandboxes/${s.id}/webhooks/${w.idWebhook}/livraisons`))).livraisons;
      return l.some((x: { erreur: string | null; tentatives: number }) => x.tentatives >= 1 && x.erreur?.includes('délai'));
    });
    expect(ouverts.size).toBeGreaterThan(0);
    expect((await cp(app, 'DELETE', `/sandboxes/${s.id}/webhooks/${w.idWebhook}`)).statusCode).toBe(204);
  });
});
