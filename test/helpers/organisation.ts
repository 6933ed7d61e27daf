import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { Matelas } from '../../src/modules/control-plane/matelas.js';
import { admin, type TestSandbox } from './app.js';

/** The matelas de données of a sandbox, from the control plane. */
export async function matelasOf(app: FastifyInstance, sandbox: TestSandbox | string): Promise<Matelas> {
  const id = typeof sandbox === 'string' ? sandbox : sandbox.id;
  const res = await app.inject({ url: `/_sandbox/sandboxes/${id}/matelas`, headers: admin });
  if (res.statusCode !== 200) throw new Error(`matelas failed: ${res.statusCode} ${res.body}`);
  return res.json();
}

export function structureOf(matelas: Matelas, entite: string): Matelas['structures'][number] {
  const structure = matelas.structures.find((s) => s.entite === entite);
  if (!structure) throw new Error(`no structure ${entite} in the matelas`);
  return structure;
}

export function compteOf(matelas: Matelas, entite: string, type: 'GP' | 'GS' | 'US' | 'TECH'): Matelas['comptes'][number] {
  const compte = matelas.comptes.find((c) => c.entite === entite && c.type === type);
  if (!compte) throw new Error(`no ${type} account for ${entite} in the matelas`);
  return compte;
}

/** POSTs a JSON body to a control-plane path (under `/_sandbox/sandboxes/<id>`) with the admin token. */
export function adminPost(app: FastifyInstance, sandbox: TestSandbox | string, path: string, payload: unknown = {}): Promise<LightMyRequestResponse> {
  const id = typeof sandbox === 'string' ? sandbox : sandbox.id;
  return app.inject({ method: 'POST', url: `/_sandbox/sandboxes/${id}${path}`, headers: admin, payload: payload as object });
}

/** Asserts the Chorus envelope of a refusal: status, code and a libellé containing `contains`. */
export function expectRefus(res: LightMyRequestResponse, status: number, codeRetour?: number, contains?: string): void {
  expect(res.statusCode, res.body).toBe(status);
  const body = res.json();
  expect(Object.keys(body).sort()).toEqual(['codeRetour', 'libelle']);
  if (codeRetour !== undefined) expect(body.codeRetour).toBe(codeRetour);
  if (contains !== undefined) expect(body.libelle).toContain(contains);
}

/** What a random body must get: a 2xx or 4xx answer, never a 500, always with the envelope. */
export function expectNoServerError(res: LightMyRequestResponse): void {
  expect(res.statusCode, res.body).toBeLessThan(500);
  const body = res.json();
  expect(typeof body.codeRetour, res.body).toBe('number');
  expect(typeof body.libelle, res.body).toBe('string');
}

/** Headers for the `/cpro` routes given a login and password (an account of the matelas). */
export function cproAccount(login: string, motDePasse: string): string {
  return Buffer.from(`${login}:${motDePasse}`, 'utf8').toString('base64');
}
