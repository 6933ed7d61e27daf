import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import type { Db } from '../../db/client.js';
import { transaction } from '../../db/transaction.js';
import { ChorusError } from '../../errors/chorus-error.js';
import { erreurs } from '../../errors/catalogue/index.js';
import { findScenario } from '../../scenarios/catalogue.js';
import type { Scenario } from '../../scenarios/format.js';
import { sandboxContext, type SandboxContext } from '../../sandbox/context.js';
import type { ClockState } from '../../sandbox/clock.js';
import { replanifierTout } from '../toolkit/acheteur-simule.js';
import { mondeDuScenario } from '../toolkit/modele.js';
import { ecrireMonde, viderMonde, type Lignes } from '../toolkit/monde.js';
import { construireMatelas, type Matelas } from './matelas.js';
import { ecrireSnapshot, horlogeDuSnapshot, lireSnapshot } from '../toolkit/snapshot.js';
import * as repo from './repository.js';

export type { SandboxRow } from './repository.js';

export interface NouvelleSandbox {
  nom?: string;
  scenario?: string;
  seed?: number;
  /** An export (`GET …/export`) to start from instead of a scenario; reset goes back to it. */
  snapshot?: unknown;
}

export function clockOf(sandbox: repo.SandboxRow): ClockState {
  return { mode: sandbox.clockMode, frozenAt: sandbox.clockFrozenAt, offsetMs: sandbox.clockOffsetMs };
}

/** The context services use to act inside a sandbox. */
export function contextOf(db: Db, sandbox: repo.SandboxRow): SandboxContext {
  return sandboxContext(db, sandbox.id, clockOf(sandbox));
}

function scenarioOrFail(name: string): Scenario {
  const scenario = findScenario(name);
  if (!scenario) throw new ChorusError(erreurs.SCENARIO_INCONNU, `Le scénario '${name}' n'existe pas`);
  return scenario;
}

/** The clock a scenario starts with (real time unless it pins a date). */
function initialClock(scenario: Scenario): Pick<repo.SandboxRow, 'clockMode' | 'clockFrozenAt' | 'clockOffsetMs'> {
  const h = scenario.horloge;
  if (h?.mode === 'frozen' && h.date) return { clockMode: 'frozen', clockFrozenAt: new Date(h.date).toISOString(), clockOffsetMs: 0 };
  if (h?.mode === 'offset' && h.date) {
    return { clockMode: 'offset', clockFrozenAt: null, clockOffsetMs: new Date(h.date).getTime() - Date.now() };
  }
  return { clockMode: 'real', clockFrozenAt: null, clockOffsetMs: 0 };
}

export function getSandbox(db: Db, id: string): repo.SandboxRow {
  const sandbox = repo.findSandbox(db, id);
  if (!sandbox) throw new ChorusError(erreurs.SANDBOX_INTROUVABLE, `Le bac à sable '${id}' n'existe pas`);
  return sandbox;
}

/** The sandbox of that id, or undefined (one indexed look-up: the portal resolves its URL with it). */
export const trouverSandbox = repo.findSandbox;
export const listSandboxes = repo.listSandboxes;
export const countSandboxes = repo.countSandboxes;

/*
 * The matelas of a sandbox just built from a template is the template's: a matelas carries no date
 * nor sandbox id (see matelas.ts). It is computed once per template, not once per creation: the
 * answer of a creation or reset is formatted right after it, before anything can change the world.
 */
const modeleDe = new WeakMap<repo.SandboxRow, Lignes>();
const matelasParModele = new WeakMap<Lignes, Matelas>();

/** The matelas of a sandbox (from its template's cache when it was just created or reset from one). */
export function matelasDe(db: Db, sandbox: repo.SandboxRow): Matelas {
  const lignes = modeleDe.get(sandbox);
  if (!lignes) return construireMatelas(contextOf(db, sandbox));
  let matelas = matelasParModele.get(lignes);
  if (!matelas) matelasParModele.set(lignes, (matelas = construireMatelas(contextOf(db, sandbox))));
  return matelas;
}

/** Creates a sandbox with its own PISTE credentials and builds its world from the scenario and seed. */
export function createSandbox(db: Db, input: NouvelleSandbox, defaultScenario: string): repo.SandboxRow {
  if (input.snapshot !== undefined) return createFromSnapshot(db, input);
  const scenarioName = input.scenario ?? defaultScenario;
  const scenario = scenarioOrFail(scenarioName);
  const id = `sbx_${randomBytes(6).toString('hex')}`;
  const nom = input.nom ?? id;
  if (repo.findSandboxByNom(db, nom)) {
    throw new ChorusError(erreurs.NOM_DEJA_UTILISE, `Un bac à sable porte déjà le nom '${nom}'`);
  }
  return transaction(db, () => {
    const sandbox = repo.insertSandbox(db, {
      id,
      nom,
      scenario: scenarioName,
      seed: input.seed ?? randomInt(1, 2 ** 31 - 1),
      pisteClientId: randomUUID(),
      pisteClientSecret: randomBytes(24).toString('base64url'),
      createdAt: new Date().toISOString(),
      ...initialClock(scenario),
    });
    const lignes = mondeDuScenario(db, scenarioName, scenario, sandbox.seed, clockOf(sandbox));
    ecrireMonde(db, sandbox.id, lignes);
    modeleDe.set(sandbox, lignes);
    return sandbox;
  });
}

/**
 * A class: `nombre` sandboxes of the same scenario and seed (one random seed for all when none is
 * given, so every trainee has the same data), named `<nom>-01`, `<nom>-02`…, all or none.
 */
export function createSandboxes(db: Db, input: NouvelleSandbox & { nombre: number }, defaultScenario: string): repo.SandboxRow[] {
  const { nombre, nom, ...reste } = input;
  const chiffres = Math.max(2, String(nombre).length);
  const seed = reste.snapshot === undefined ? (reste.seed ?? randomInt(1, 2 ** 31 - 1)) : undefined;
  return transaction(db, () =>
    Array.from({ length: nombre }, (_, i) =>
      createSandbox(db, { ...reste, seed, nom: nom === undefined ? undefined : `${nom}-${String(i + 1).padStart(chiffres, '0')}` }, defaultScenario),
    ),
  );
}

function createFromSnapshot(db: Db, input: NouvelleSandbox): repo.SandboxRow {
  const { snapshot, lignes } = lireSnapshot(input.snapshot);
  const id = `sbx_${randomBytes(6).toString('hex')}`;
  const nom = input.nom ?? id;
  if (repo.findSandboxByNom(db, nom)) {
    throw new ChorusError(erreurs.NOM_DEJA_UTILISE, `Un bac à sable porte déjà le nom '${nom}'`);
  }
  const horloge = horlogeDuSnapshot(snapshot);
  return transaction(db, () => {
    const sandbox = repo.insertSandbox(db, {
      id,
      nom,
      scenario: snapshot.scenario,
      seed: snapshot.seed,
      pisteClientId: randomUUID(),
      pisteClientSecret: randomBytes(24).toString('base64url'),
      createdAt: new Date().toISOString(),
      clockMode: horloge.mode,
      clockFrozenAt: horloge.frozenAt,
      clockOffsetMs: horloge.offsetMs,
      snapshot: JSON.stringify(snapshot),
    });
    ecrireSnapshot(db, sandbox.id, lignes);
    replanifierSiAncien(db, sandbox, snapshot.tables);
    return sandbox;
  });
}

/** An export made before the agenda existed has no `agenda` table: rebuild it from the invoices. */
function replanifierSiAncien(db: Db, sandbox: repo.SandboxRow, tables: Record<string, unknown>): void {
  if (!('agenda' in tables)) replanifierTout(contextOf(db, sandbox));
}

/** Puts a sandbox back to its scenario: data, clock and sequences. Its PISTE credentials stay. */
export function resetSandbox(db: Db, id: string): repo.SandboxRow {
  const current = getSandbox(db, id);
  // Delete the rows and bulk-insert the template (or the snapshot) in one transaction: a few ms.
  if (current.snapshot) {
    const { snapshot, lignes } = lireSnapshot(JSON.parse(current.snapshot));
    const horloge = horlogeDuSnapshot(snapshot);
    return transaction(db, () => {
      viderMonde(db, id);
      ecrireSnapshot(db, id, lignes);
      const sandbox = repo.updateSandbox(db, id, {
        clockMode: horloge.mode,
        clockFrozenAt: horloge.frozenAt,
        clockOffsetMs: horloge.offsetMs,
        resetAt: new Date().toISOString(),
      });
      replanifierSiAncien(db, sandbox, snapshot.tables);
      return sandbox;
    });
  }
  const scenario = scenarioOrFail(current.scenario);
  const clock = initialClock(scenario);
  const lignes = mondeDuScenario(db, current.scenario, scenario, current.seed, { mode: clock.clockMode, frozenAt: clock.clockFrozenAt, offsetMs: clock.clockOffsetMs });
  return transaction(db, () => {
    viderMonde(db, id);
    ecrireMonde(db, id, lignes);
    const sandbox = repo.updateSandbox(db, id, { ...clock, resetAt: new Date().toISOString() });
    modeleDe.set(sandbox, lignes);
    return sandbox;
  });
}

export function deleteSandbox(db: Db, id: string): void {
  getSandbox(db, id);
  repo.deleteSandbox(db, id);
}
