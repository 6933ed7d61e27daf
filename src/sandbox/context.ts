import type { Db } from '../db/client.js';
import { clockNow, type ClockState } from './clock.js';

/**
 * What a service needs to act inside one sandbox: the database, the sandbox id that scopes every
 * query, and the sandbox's clock. Services take it as their first argument and know nothing of HTTP.
 */
export interface SandboxContext {
  readonly db: Db;
  readonly sandboxId: string;
  now(): Date;
}

export function sandboxContext(db: Db, sandboxId: string, clock: ClockState): SandboxContext {
  return { db, sandboxId, now: () => clockNow(clock) };
}
