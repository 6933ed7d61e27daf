import type { Db } from '../../db/client.js';
import { sandboxes } from '../../db/schema/index.js';
import { applyScenario } from '../../scenarios/apply.js';
import type { Scenario } from '../../scenarios/format.js';
import type { ClockState } from '../../sandbox/clock.js';
import { sandboxContext, type SandboxContext } from '../../sandbox/context.js';
import { appliquerComportementsScenario } from './comportements.js';
import { lireMonde, type Lignes } from './monde.js';

/** Builds a sandbox's world from a scenario and seed (organisation, invoices, buyer behaviours). */
export function construireMonde(ctx: SandboxContext, scenario: Scenario, seed: number): void {
  applyScenario(ctx, scenario, seed);
  appliquerComportementsScenario(ctx, scenario);
}

/*
 * Templates: the world of a (scenario, seed) is built once, read back as plain rows, and every later
 * creation or reset of a sandbox with that pair bulk-inserts the rows (a few ms instead of replaying
 * the scenario). A template keeps the dates written while it was built: exact for scenarios with a
 * frozen clock; for real-clock scenarios (technical password expiry, scenario invoices) they are
 * those of the build, so real-clock templates are rebuilt after TEMPLATE_TTL_MS to keep them fresh.
 */
const TEMPLATE_TTL_MS = 10 * 60_000;
const templates = new WeakMap<object, Map<string, { lignes: Lignes; builtAt: number }>>();
let compteur = 0;

class Annulation extends Error {}

/** The template rows of (scenario, seed), built on first use in a rolled-back savepoint. */
export function mondeDuScenario(db: Db, nomScenario: string, scenario: Scenario, seed: number, clock: ClockState): Lignes {
  let parDb = templates.get(db.$client);
  if (!parDb) templates.set(db.$client, (parDb = new Map()));
  const key = `${nomScenario}\u0000${seed}\u0000${clock.mode}\u0000${clock.frozenAt ?? ''}`;
  const cached = parDb.get(key);
  if (cached && (clock.mode === 'frozen' || Date.now() - cached.builtAt < TEMPLATE_TTL_MS)) return cached.lignes;

  const id = `__modele_${process.pid}_${++compteur}`;
  let lignes: Lignes = {};
  try {
    db.$client.transaction(() => {
      db.insert(sandboxes)
        .values({ id, nom: id, scenario: nomScenario, seed, pisteClientId: id, pisteClientSecret: '-', createdAt: new Date().toISOString() })
        .run();
      construireMonde(sandboxContext(db, id, clock), scenario, seed);
      lignes = lireMonde(db, id);
      throw new Annulation(); // roll the scratch sandbox back: only the rows are kept
    })();
  } catch (error) {
    if (!(error instanceof Annulation)) throw error;
  }
  parDb.set(key, { lignes, builtAt: Date.now() });
  return lignes;
}
