import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, cproHeaders, createSandbox, token, type TestSandbox } from '../helpers/app.js';
import { sbx } from './helpers.js';

describe('request journal and fault injection', () => {
  let app: FastifyInstance;
  let sandbox: TestSandbox;
  let autre: TestSandbox;
  let headers: Record<string, string>;

  beforeAll(async () => {
    app = await buildTestApp();
    sandbox = await createSandbox(app, { seed: 3 });
    autre = await createSandbox(app, { seed: 3 });
    headers = await cproHeaders(app, sandbox, 'Fournisseur');
  });
  afterAll(() => app.close());

  const journal = async (id: string, query = '') => (await sbx(app, 'GET', `/sandboxes/${id}/journal${query}`)).json();

  it('records calls with secrets and base64 files redacted', async () => {
    const fichier = Buffer.alloc(3000, 7).toString('base64');
    await app.inject({
      method: 'POST',
      url: '/cpro/factures/v1/deposer/pdf',
      headers,
      payload: { pieceFacture: { pieceJointeFichier: fichier, pieceJointeNom: 'f.pdf' }, motDePasse: 'Secret123!', client_secret: 'chut' },
    });
    // A bad technical account still belongs to the sandbox of its Bearer token (401, journaled).
    await app.inject({ method: 'POST', url: '/cpro/structures/v1/rechercher', headers: { authorization: headers.authorization, 'cpro-account': 'eDp5' }, payload: {} });
    // No valid token: no sandbox, no entry.
    await app.inject({ method: 'POST', url: '/cpro/structures/v1/rechercher', headers: { authorization: 'Bearer nope' }, payload: {} });
    const j = await journal(sandbox.id);
    expect(j.total).toBe(2);
    const [refus, depot] = j.entrees;
    expect(refus.statut).toBe(401);
    expect(refus.codeRetour).toBe(10008);
    expect(depot.chemin).toBe('/cpro/factures/v1/deposer/pdf');
    expect(depot.methode).toBe('POST');
    const texte = JSON.stringify(j);
    for (const secret of [headers.authorization.slice(7), headers['cpro-account'], 'Secret123!', 'chut', fichier.slice(0, 100)]) {
      expect(texte).not.toContain(secret);
    }
    expect(depot.requete.headers.authorization).toBe('[masqué]');
    expect(depot.requete.corps.pieceFacture.pieceJointeFichier).toMatch(/base64/);
    expect(depot.requete.corps.pieceFacture.pieceJointeNom).toBe('f.pdf');
    expect((await journal(autre.id)).total).toBe(0);
  });

  it('filters and pages', async () => {
    for (let i = 0; i < 5; i += 1) await app.inject({ method: 'POST', url: '/cpro/structures/v1/rechercher', headers, payload: {} });
    const page1 = await journal(sandbox.id, '?path=/cpro/structures&taille=2&page=1');
    const page2 = await journal(sandbox.id, '?path=/cpro/structures&taille=2&page=2');
    expect(page1.total).toBe(6);
    expect(page1.entrees).toHaveLength(2);
    expect(page2.entrees).toHaveLength(2);
    expect(page1.entrees[0].dureeMs).toBeGreaterThanOrEqual(0);
    expect((await journal(sandbox.id, '?status=401')).total).toBe(1);
    expect((await journal(sandbox.id, '?method=get')).total).toBe(0);
    expect((await journal(sandbox.id, '?depuis=2999-01-01')).total).toBe(0);
    expect((await journal(sandbox.id, '?path=/cpro/factures/*/pdf')).total).toBe(1);
  });

  it('injects status and envelope on the matching route only, in its sandbox only', async () => {
    const put = await sbx(app, 'PUT', `/sandboxes/${sandbox.id}/faults`, {
      regles: [{ route: '/cpro/structures/v1/*', probabilite: 1, statut: 503, codeRetour: 99, libelle: 'Maintenance' }],
    });
    expect(put.statusCode).toBe(200);
    expect((await sbx(app, 'GET', `/sandboxes/${sandbox.id}/faults`)).json().regles).toHaveLength(1);
    const touche = await app.inject({ method: 'POST', url: '/cpro/structures/v1/rechercher', headers, payload: {} });
    expect(touche.statusCode).toBe(503);
    expect(touche.json()).toEqual({ codeRetour: 99, libelle: 'Maintenance' });
    const epargne = await app.inject({ method: 'POST', url: '/cpro/factures/v1/consulter/fournisseur', headers, payload: { identifiantFactureCPP: 1 } });
    expect(epargne.statusCode).not.toBe(503);
    expect(epargne.statusCode).not.toBe(404);
    const autreHeaders = await cproHeaders(app, autre, 'Fournisseur');
    expect((await app.inject({ method: 'POST', url: '/cpro/structures/v1/rechercher', headers: autreHeaders, payload: {} })).statusCode).not.toBe(503);
    expect((await journal(sandbox.id, '?status=503')).total).toBe(1);
    await sbx(app, 'PUT', `/sandboxes/${sandbox.id}/faults`, { regles: [] });
    expect((await app.inject({ method: 'POST', url: '/cpro/structures/v1/rechercher', headers, payload: {} })).statusCode).not.toBe(503);
  });

  it('injects latency', async () => {
    await sbx(app, 'PUT', `/sandboxes/${sandbox.id}/faults`, { regles: [{ route: '/cpro/factures/*', probabilite: 1, latenceMs: 600 }] });
    const t = performance.now();
    const res = await app.inject({ method: 'POST', url: '/cpro/factures/v1/consulter/fournisseur', headers, payload: { identifiantFactureCPP: 1 } });
    expect(performance.now() - t).toBeGreaterThanOrEqual(590);
    expect(res.statusCode).toBeLessThan(500);
    const t2 = performance.now();
    await app.inject({ method: 'POST', url: '/cpro/structures/v1/rechercher', headers, payload: {} });
    // Another route is not delayed.
    expect(performance.now() - t2).toBeLessThan(500);
    await sbx(app, 'PUT', `/sandboxes/${sandbox.id}/faults`, { regles: [] });
  });

  it('keeps at most 1000 entries per sandbox', async () => {
    const t = await token(app, autre);
    for (let i = 0; i < 1010; i += 1) {
      await app.inject({ method: 'POST', url: '/cpro/structures/v1/rechercher', headers: { authorization: `Bearer ${t}` }, payload: {} });
    }
    expect((await journal(autre.id)).total).toBe(1000);
  });
});
