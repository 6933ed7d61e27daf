import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { scenarioSchema, type Scenario } from './format.js';

const SCENARIOS_DIR = fileURLToPath(new URL('../../fixtures/scenarios/', import.meta.url));

const cache = new Map<string, Scenario>();

/** Names of the scenarios shipped in `fixtures/scenarios/`. */
export function listScenarios(): string[] {
  return readdirSync(SCENARIOS_DIR)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -'.json'.length))
    .sort();
}

/** Reads and validates a scenario once; `undefined` when no such scenario exists. */
export function findScenario(name: string): Scenario | undefined {
  if (cache.has(name)) return cache.get(name);
  if (!/^[a-z0-9][a-z0-9_-]*$/i.test(name) || !listScenarios().includes(name)) return undefined;
  const raw = JSON.parse(readFileSync(`${SCENARIOS_DIR}${name}.json`, 'utf8'));
  const parsed = scenarioSchema.safeParse(raw);
  if (!parsed.success) {
    throw new Error(`fixtures/scenarios/${name}.json is invalid: ${parsed.error.message}`);
  }
  cache.set(name, parsed.data);
  return parsed.data;
}
