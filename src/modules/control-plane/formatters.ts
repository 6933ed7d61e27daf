import type { z } from 'zod';
import type { Db } from '../../db/client.js';
import { clockNow } from '../../sandbox/clock.js';
import type { sandboxDto } from './schemas.js';
import { clockOf, matelasDe, type SandboxRow } from './service.js';

/** With `db`, the answer carries the sandbox's matelas de données (creation and reset answers). */
export function toSandboxDto(sandbox: SandboxRow, db?: Db): z.infer<typeof sandboxDto> {
  return {
    id: sandbox.id,
    nom: sandbox.nom,
    scenario: sandbox.scenario,
    seed: sandbox.seed,
    createdAt: sandbox.createdAt,
    resetAt: sandbox.resetAt,
    piste: {
      clientId: sandbox.pisteClientId,
      clientSecret: sandbox.pisteClientSecret,
      tokenUrl: '/api/oauth/token',
      apiBaseUrl: '/cpro',
    },
    horloge: { now: clockNow(clockOf(sandbox)).toISOString(), mode: sandbox.clockMode },
    portail: `/portail/${sandbox.id}/`,
    secondFacteurPortail: sandbox.secondFacteurPortail,
    ...(db ? { matelas: matelasDe(db, sandbox) } : {}),
  };
}
