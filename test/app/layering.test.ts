import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../../src', import.meta.url));

function fichiers(dossier: string): string[] {
  return readdirSync(dossier, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? fichiers(join(dossier, e.name)) : e.name.endsWith('.ts') ? [join(dossier, e.name)] : []));
}

const sources = fichiers(SRC).map((f) => ({ chemin: relative(SRC, f), texte: readFileSync(f, 'utf8') }));
const imports = (texte: string) => [...texte.matchAll(/from '([^']+)'/g)].map((m) => m[1]);

describe('layering (README, Project layout)', () => {
  it('modules never import a plugin', () => {
    const fautifs = sources.filter((s) => s.chemin.startsWith('modules/') && imports(s.texte).some((i) => i.includes('/plugins/')));
    expect(fautifs.map((s) => s.chemin)).toEqual([]);
  });

  it('plugins never import a repository', () => {
    const fautifs = sources.filter((s) => s.chemin.startsWith('plugins/') && imports(s.texte).some((i) => /repository\.js$/.test(i)));
    expect(fautifs.map((s) => s.chemin)).toEqual([]);
  });

  it('portal pages call services only: never a repository, a table or SQL (no business rule written twice)', () => {
    const fautifs = sources.filter((s) => s.chemin.startsWith('portal/') && imports(s.texte).some((i) => /repository\.js$|\/db\/|drizzle-orm/.test(i)));
    expect(fautifs.map((s) => s.chemin)).toEqual([]);
  });

  it('the Fastify type augmentations live in src/types.ts only', () => {
    const declarants = sources.filter((s) => /declare module 'fastify'/.test(s.texte)).map((s) => s.chemin);
    expect(declarants).toEqual(['types.ts']);
  });
});
