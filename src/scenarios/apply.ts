import { createRng } from '../domain/random.js';
import { startSequences } from '../db/sequences.js';
import type { SandboxContext } from '../sandbox/context.js';
import type { Scenario } from './format.js';
import { loadOrganisation } from './load-organisation.js';
import { loadDumes } from '../modules/dume/scenario.js';
import { loadFactures } from '../modules/factures/scenario.js';
import { loadDossiersTravaux } from '../modules/travaux/scenario.js';

/**
 * Where each identifier sequence starts for a seed: ids look like the real platform's
 * (8-digit idStructureCPP, 7-digit invoice ids) and differ between seeds, yet replay exactly.
 */
function sequenceStarts(seed: number): Record<string, number> {
  const rng = createRng(seed ^ 0x5eed);
  return {
    structure: 25_000_000 + rng.int(0, 999) * 1000,
    service: 27_000_000 + rng.int(0, 999) * 1000,
    utilisateur: 31_000_000 + rng.int(0, 999) * 1000,
    engagement: 1_000 + rng.int(0, 899) * 10,
    facture: 8_000_000 + rng.int(0, 999) * 1000,
    pieceJointe: 6_900_000 + rng.int(0, 999) * 100,
    // Drawn last, so adding it left the other starts of every seed unchanged.
    dume: 1 + rng.int(0, 999_999),
  };
}

/** Builds a sandbox's world from its scenario and seed, inside the caller's transaction. */
export function applyScenario(ctx: SandboxContext, scenario: Scenario, seed: number): void {
  startSequences(ctx.db, ctx.sandboxId, sequenceStarts(seed));
  const rng = createRng(seed);
  loadOrganisation(ctx, scenario, rng);
  loadFactures(ctx, scenario, rng);
  loadDossiersTravaux(ctx, scenario);
  loadDumes(ctx, scenario);
}
