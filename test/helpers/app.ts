import { and, eq } from 'drizzle-orm';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../src/app.js';
import { rattachements, structures, utilisateurs } from '../../src/db/schema/index.js';

export const ADMIN_TOKEN = 'test-admin-token-0123456789';
export const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };

/** A whole app on a fresh in-memory database, as the server builds it. */
export async function buildTestApp(): Promise<FastifyInstance> {
  const app = await buildApp({
    databasePath: ':memory:',
    adminToken: ADMIN_TOKEN,
    controlPlane: true,
    defaultScenario: 'matelas',
  });
  await app.ready();
  return app;
}

export interface TestSandbox {
  id: string;
  nom: string;
  seed: number;
  piste: { clientId: string; clientSecret: string };
}

export async function createSandbox(
  app: FastifyInstance,
  body: Record<string, unknown> = {},
): Promise<TestSandbox> {
  const res = await app.inject({ method: 'POST', url: '/_sandbox/sandboxes', headers: admin, payload: body });
  if (res.statusCode !== 201) throw new Error(`sandbox creation failed: ${res.statusCode} ${res.body}`);
  return res.json();
}

export async function token(app: FastifyInstance, sandbox: TestSandbox): Promise<string> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/oauth/token',
    payload: `grant_type=client_credentials&client_id=${sandbox.piste.clientId}&client_secret=${sandbox.piste.clientSecret}&scope=openid`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  if (res.statusCode !== 200) throw new Error(`token failed: ${res.statusCode} ${res.body}`);
  return res.json().access_token;
}

/** Login and password of the technical account of a matelas structure (`entite`, e.g. "Fournisseur"). */
export function technicalAccount(app: FastifyInstance, sandboxId: string, entite: string): { login: string; motDePasse: string } {
  const row = app.db
    .select({ login: utilisateurs.login, motDePasse: utilisateurs.motDePasse })
    .from(utilisateurs)
    .innerJoin(rattachements, and(eq(rattachements.sandboxId, utilisateurs.sandboxId), eq(rattachements.utilisateurId, utilisateurs.id)))
    .innerJoin(structures, and(eq(structures.sandboxId, rattachements.sandboxId), eq(structures.id, rattachements.structureId)))
    .where(and(eq(utilisateurs.sandboxId, sandboxId), eq(utilisateurs.type, 'TECHNIQUE'), eq(structures.entite, entite)))
    .get();
  if (!row) throw new Error(`no technical account for ${entite} in ${sandboxId}`);
  return row;
}

export function cproAccountHeader(account: { login: string; motDePasse: string }): string {
  return Buffer.from(`${account.login}:${account.motDePasse}`, 'utf8').toString('base64');
}

/** Headers of a `/cpro` call made by the technical account of `entite` in `sandbox`. */
export async function cproHeaders(
  app: FastifyInstance,
  sandbox: TestSandbox,
  entite = 'Fournisseur',
): Promise<Record<string, string>> {
  return {
    authorization: `Bearer ${await token(app, sandbox)}`,
    'cpro-account': cproAccountHeader(technicalAccount(app, sandbox.id, entite)),
  };
}

/** POSTs a JSON body to a `/cpro` path with the given headers. */
export function cproPost(
  app: FastifyInstance,
  headers: Record<string, string>,
  url: string,
  payload: unknown = {},
): Promise<LightMyRequestResponse> {
  return app.inject({ method: 'POST', url, headers, payload: payload as object });
}
