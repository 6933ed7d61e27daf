import { z } from 'zod';
import type { Db } from '../../db/client.js';
import { ChorusError } from '../../errors/chorus-error.js';
import { erreurs } from '../../errors/catalogue/index.js';
import { clockNow, type ClockState } from '../../sandbox/clock.js';
import { ecrireMonde, lireMonde, tableParNom, tablesMonde, type Lignes } from './monde.js';

export const FORMAT = 'chorus-pro-sandbox/1';
const SEQUENCES = 'sequences';

const valeur = z.union([z.string(), z.number(), z.boolean(), z.null()]);
export const snapshotSchema = z.object({
  format: z.literal(FORMAT),
  scenario: z.string().min(1).max(100),
  seed: z.number().int().min(0),
  horloge: z.object({
    mode: z.enum(['real', 'frozen', 'offset']),
    now: z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'date invalide'),
  }),
  sequences: z.record(z.string(), z.number().int()),
  tables: z.record(z.string(), z.array(z.record(z.string(), valeur))),
});
export type Snapshot = z.infer<typeof snapshotSchema>;

export interface SandboxExportable {
  id: string;
  scenario: string;
  seed: number;
}

/** `GET …/export`: the whole world of a sandbox, rows keyed by SQL column, without `sandbox_id`. */
export function exporter(db: Db, sandbox: SandboxExportable, clock: ClockState): Snapshot {
  const lignes = lireMonde(db, sandbox.id);
  const tables: Snapshot['tables'] = {};
  for (const table of tablesMonde) {
    if (table.nom === SEQUENCES) continue;
    const cols = table.colonnes.slice(1);
    tables[table.nom] = lignes[table.nom].map((row) => Object.fromEntries(cols.map((c, i) => [c, row[i] as z.infer<typeof valeur>])));
  }
  const sequences = Object.fromEntries(lignes[SEQUENCES]?.map(([name, value]) => [String(name), Number(value)]) ?? []);
  return { format: FORMAT, scenario: sandbox.scenario, seed: sandbox.seed, horloge: { mode: clock.mode, now: clockNow(clock).toISOString() }, sequences, tables };
}

function refus(detail: string): ChorusError {
  return new ChorusError(erreurs.SNAPSHOT_INVALIDE, `${erreurs.SNAPSHOT_INVALIDE.libelle} : ${detail}`);
}

/** Validates a snapshot and turns it into rows; a 400 naming the first thing wrong otherwise. */
export function lireSnapshot(raw: unknown): { snapshot: Snapshot; lignes: Lignes } {
  const parsed = snapshotSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw refus(`snapshot.${issue.path.join('.') || '(racine)'} : ${issue.message}`);
  }
  const snapshot = parsed.data;
  const lignes: Lignes = { [SEQUENCES]: Object.entries(snapshot.sequences).map(([name, value]) => [name, value]) };
  for (const [nom, rows] of Object.entries(snapshot.tables)) {
    const table = tableParNom.get(nom);
    if (!table || nom === SEQUENCES) throw refus(`table inconnue 'snapshot.tables.${nom}'`);
    const cols = table.colonnes.slice(1);
    lignes[nom] = rows.map((row, i) => {
      const inconnue = Object.keys(row).find((k) => !cols.includes(k));
      if (inconnue) throw refus(`colonne inconnue 'snapshot.tables.${nom}[${i}].${inconnue}'`);
      // Tables keyed otherwise (the agenda: type + sujet) have no id.
      if (cols.includes('id') && typeof row.id !== 'number' && nom !== SEQUENCES) throw refus(`'snapshot.tables.${nom}[${i}].id' doit être un entier`);
      return cols.map((c) => (typeof row[c] === 'boolean' ? Number(row[c]) : row[c] ?? null));
    });
  }
  return { snapshot, lignes };
}

/** The clock a snapshot sandbox starts with (and goes back to on reset). */
export function horlogeDuSnapshot(snapshot: Snapshot): Pick<ClockState, 'mode' | 'offsetMs'> & { frozenAt: string | null } {
  const at = new Date(snapshot.horloge.now);
  if (snapshot.horloge.mode === 'frozen') return { mode: 'frozen', frozenAt: at.toISOString(), offsetMs: 0 };
  if (snapshot.horloge.mode === 'offset') return { mode: 'offset', frozenAt: null, offsetMs: at.getTime() - Date.now() };
  return { mode: 'real', frozenAt: null, offsetMs: 0 };
}

/** Writes snapshot rows; a constraint the rows break (missing column, duplicate id) is a 400. */
export function ecrireSnapshot(db: Db, sandboxId: string, lignes: Lignes): void {
  try {
    ecrireMonde(db, sandboxId, lignes);
  } catch (error) {
    if (error instanceof Error && /constraint|datatype|mismatch/i.test(error.message)) throw refus(error.message);
    throw error;
  }
}
