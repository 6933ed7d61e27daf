import type { z } from 'zod';
import { clockNow } from '../../sandbox/clock.js';
import type { sandboxDto } from './schemas.js';
import { clockOf, type SandboxRow } from './service.js';

export function toSandboxDto(sandbox: SandboxRow): z.infer<typeof sandboxDto> {
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
  };
}
