import { nextId } from '../../db/sequences.js';
import type { SandboxContext } from '../../sandbox/context.js';
import { formatDateTime } from '../../sandbox/dates.js';
import * as repo from './repository.js';

export interface NouvelEngagement {
  numero: string;
  structureId: number;
  serviceId?: number | null;
  fournisseurStructureId?: number | null;
  libelle?: string | null;
  statut?: string;
  montantHt?: number | null;
  montantTtc?: number | null;
}

export function creerEngagement(ctx: SandboxContext, input: NouvelEngagement): repo.EngagementRow {
  return repo.insertEngagement(ctx, {
    ...input,
    id: nextId(ctx.db, ctx.sandboxId, 'engagement'),
    dateCreation: formatDateTime(ctx.now()),
  });
}
