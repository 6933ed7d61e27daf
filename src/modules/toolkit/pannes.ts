import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client.js';
import { reglesPannes } from '../../db/schema/index.js';

export const regleSchema = z.strictObject({
  route: z.string().min(1).max(300).startsWith('/', 'la route commence par /').describe("Motif de chemin, '*' pour n'importe quelle suite (ex. /cpro/factures/v1/*)"),
  probabilite: z.number().min(0).max(1).describe('Probabilité de déclenchement, 0 à 1'),
  statut: z.number().int().min(100).max(599).optional().describe('Statut HTTP à renvoyer (sinon la requête continue après la latence)'),
  codeRetour: z.number().int().optional(),
  libelle: z.string().max(500).optional(),
  latenceMs: z.number().int().min(0).max(10_000).optional().describe('Latence ajoutée, 10 s au plus'),
});
export const reglesBody = z.strictObject({ regles: z.array(regleSchema).max(100) });
export type Regle = z.infer<typeof regleSchema>;

export function lirePannes(db: Db, sandboxId: string): Regle[] {
  const row = db.select().from(reglesPannes).where(eq(reglesPannes.owner, sandboxId)).get();
  return (row?.regles as Regle[] | undefined) ?? [];
}

export function definirPannes(db: Db, sandboxId: string, regles: Regle[]): Regle[] {
  if (!regles.length) db.delete(reglesPannes).where(eq(reglesPannes.owner, sandboxId)).run();
  else db.insert(reglesPannes).values({ owner: sandboxId, regles }).onConflictDoUpdate({ target: reglesPannes.owner, set: { regles } }).run();
  return regles;
}

const globs = new Map<string, RegExp>();

/** `*` matches any run of characters, `/` included, so `/cpro/factures/v1/*` covers every invoice route. */
export function correspond(route: string, chemin: string): boolean {
  let re = globs.get(route);
  if (!re) {
    re = new RegExp(`^${route.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
    globs.set(route, re);
  }
  return re.test(chemin);
}

/** The first matching rule that fires this time (Math.random: plumbing, not domain). */
export function panneDeclenchee(regles: readonly Regle[], chemin: string): Regle | undefined {
  return regles.find((r) => correspond(r.route, chemin) && Math.random() < r.probabilite);
}
