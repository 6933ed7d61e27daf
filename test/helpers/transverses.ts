import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { strFromU8, unzipSync } from 'fflate';
import { expect } from 'vitest';
import { admin, cproPost, type TestSandbox } from './app.js';

export const TRANSVERSES = '/cpro/transverses/v1';

/** POSTs to a Transverses operation (`path` without the `/cpro/transverses/v1` prefix). */
export function transverses(
  app: FastifyInstance,
  headers: Record<string, string>,
  path: string,
  body: unknown = {},
): Promise<LightMyRequestResponse> {
  return cproPost(app, headers, `${TRANSVERSES}/${path}`, body);
}

export interface StructureMatelas {
  entite: string;
  siret: string | null;
  identifiant: string;
  idStructureCPP: number;
  designation: string;
  type: 'PRIVEE' | 'PUBLIQUE';
  services: { codeService: string; idService: number; libelle: string; estActif: boolean }[];
}

/** The sandbox's matelas de données, as the control plane reports it. */
export async function matelas(app: FastifyInstance, sandbox: TestSandbox): Promise<{ structures: StructureMatelas[] }> {
  const res = await app.inject({ url: `/_sandbox/sandboxes/${sandbox.id}/matelas`, headers: admin });
  if (res.statusCode !== 200) throw new Error(`matelas failed: ${res.statusCode} ${res.body}`);
  return res.json();
}

export function structureDe(m: { structures: StructureMatelas[] }, entite: string): StructureMatelas {
  const s = m.structures.find((x) => x.entite === entite);
  if (!s) throw new Error(`no matelas structure ${entite}`);
  return s;
}

/** Every answer, success or refusal, carries the Chorus envelope; refusals are 4xx, never 5xx. */
export function expectEnveloppe(res: LightMyRequestResponse): void {
  expect(res.statusCode, res.body).toBeLessThan(500);
  const body = res.json();
  expect(body).toMatchObject({ codeRetour: expect.any(Number), libelle: expect.any(String) });
  if (res.statusCode >= 400) expect(body.codeRetour).not.toBe(0);
}

/** A refusal: HTTP 400 with the given catalogue code and a libellé naming the field. */
export function expectRefus(res: LightMyRequestResponse, codeRetour: number, champ?: string): void {
  expect(res.statusCode, res.body).toBe(400);
  expect(res.json().codeRetour).toBe(codeRetour);
  if (champ) expect(res.json().libelle).toContain(champ);
}

/** The CSV inside the directory ZIP, as rows of fields (the test data holds no quoted `;`). */
export function lireAnnuaire(fichierResultat: string): { nom: string; lignes: string[][] } {
  const fichiers = unzipSync(new Uint8Array(Buffer.from(fichierResultat, 'base64')));
  const noms = Object.keys(fichiers);
  expect(noms).toHaveLength(1);
  const octets = fichiers[noms[0]];
  // UTF-8 byte order mark first, so that spreadsheet software reads the accents right.
  expect([...octets.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const lignes = strFromU8(octets.slice(3)).split('\r\n').filter(Boolean).map((l) => l.split(';'));
  return { nom: noms[0], lignes };
}
