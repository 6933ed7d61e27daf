import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import { admin, type TestSandbox } from '../helpers/app.js';

export interface Compte {
  id: number;
  login: string;
  type: string;
  entite: string;
  idStructure: number;
  role: string;
}

/** Who is attached (validated) to what, as the sandbox export lists it. */
export async function comptes(app: FastifyInstance, s: TestSandbox): Promise<Compte[]> {
  const t = (await app.inject({ url: `/_sandbox/sandboxes/${s.id}/export`, headers: admin })).json().tables;
  const structure = new Map(t.structures.map((x: { id: number; entite: string }) => [x.id, x.entite]));
  const utilisateur = new Map(t.utilisateurs.map((u: { id: number; login: string; type: string }) => [u.id, u]));
  return t.rattachements
    .filter((r: { statut: string }) => r.statut === 'VALIDEE')
    .map((r: { utilisateur_id: number; structure_id: number; role: string }) => {
      const u = utilisateur.get(r.utilisateur_id) as { id: number; login: string; type: string };
      return { id: u.id, login: u.login, type: u.type, entite: structure.get(r.structure_id) as string, idStructure: r.structure_id, role: r.role };
    });
}

export const personnes = (c: Compte[], entite: string) => c.filter((x) => x.entite === entite && x.type === 'PERSONNE');

export async function cp(app: FastifyInstance, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown) {
  return app.inject({ method, url: `/_sandbox${url}`, headers: admin, ...(payload === undefined ? {} : { payload: payload as object }) });
}

export async function ok(res: { statusCode: number; body: string; json(): any }, code = 200) {
  expect(res.statusCode, res.body).toBe(code);
  return res.json();
}
