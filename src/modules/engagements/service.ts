import type { z } from 'zod';
import { nextId } from '../../db/sequences.js';
import { ChorusError } from '../../errors/chorus-error.js';
import { erreurs } from '../../errors/catalogue/index.js';
import type { SandboxContext } from '../../sandbox/context.js';
import { formatDateTime } from '../../sandbox/dates.js';
import { paginer, type Page } from '../structures/pagination.js';
import { findService, findStructure, type ServiceRow, type StructureRow } from '../structures/repository.js';
import { structureOuErreur, structuresRattachees } from '../structures/service.js';
import type { UtilisateurRow } from '../utilisateurs/repository.js';
import * as repo from './repository.js';
import type { rechercherEngagementParam } from './schemas.js';

/** EJ numbers are at most 50 characters (OCA, chorus-domain §2.2). */
export const NUMERO_EJ_LONGUEUR_MAX = 50;

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

/** An engagement is issued by a public structure, under a number unique within it. */
export function creerEngagement(ctx: SandboxContext, input: NouvelEngagement): repo.EngagementRow {
  const structure = structureOuErreur(ctx, input.structureId);
  if (structure.typeStructure !== 'PUBLIQUE') throw new ChorusError(erreurs.ENGAGEMENT_STRUCTURE_PRIVEE);
  if (repo.findEngagementByNumero(ctx, input.structureId, input.numero)) {
    throw new ChorusError(erreurs.ENGAGEMENT_EXISTANT, `La structure ${input.structureId} a déjà un engagement juridique numéro ${input.numero}`);
  }
  return repo.insertEngagement(ctx, {
    ...input,
    id: nextId(ctx.db, ctx.sandboxId, 'engagement'),
    dateCreation: formatDateTime(ctx.now()),
  });
}

export interface EngagementDetaille {
  engagement: repo.EngagementRow;
  structure: StructureRow;
  service: ServiceRow | null;
  fournisseur: StructureRow | null;
}

/**
 * `engagementsJuridiques/v1/rechercher`. A caller sees the engagements placed with, or issued by,
 * a structure it is attached to. OCA passes its own supplier structure as
 * `structureReceptriceEngagementJuridique`; a public structure's id is read the same way.
 */
export function rechercherEngagements(
  ctx: SandboxContext,
  appelant: UtilisateurRow,
  input: z.infer<typeof rechercherEngagementParam>,
): Page<EngagementDetaille> {
  const receptrice = input.structureReceptriceEngagementJuridique;
  if (receptrice !== undefined) structureOuErreur(ctx, receptrice, 'structureReceptriceEngagementJuridique');
  const miennes = structuresRattachees(ctx, appelant.id);
  const numero = input.numeroEngagementJuridique?.trim();
  const etat = input.etatCourantEngagementJuridique?.trim().toUpperCase();
  const trouves = repo
    .listEngagements(ctx)
    .filter(
      (e) =>
        (miennes.has(e.structureId) || (e.fournisseurStructureId !== null && miennes.has(e.fournisseurStructureId))) &&
        (receptrice === undefined || e.structureId === receptrice || e.fournisseurStructureId === receptrice) &&
        (!numero || e.numero === numero) &&
        (!etat || e.statut.toUpperCase() === etat),
    )
    .map((engagement) => ({
      engagement,
      structure: findStructure(ctx, engagement.structureId)!,
      service: engagement.serviceId === null ? null : findService(ctx, engagement.serviceId) ?? null,
      fournisseur: engagement.fournisseurStructureId === null ? null : findStructure(ctx, engagement.fournisseurStructureId) ?? null,
    }));
  return paginer(
    trouves,
    input.parametresRecherche ?? input.pagination,
    {
      NumeroEngagementJuridique: (x) => x.engagement.numero,
      DateCreation: (x) => x.engagement.dateCreation,
      MontantTTC: (x) => x.engagement.montantTtc,
      EtatCourant: (x) => x.engagement.statut,
    },
    input.parametresRecherche ? 'parametresRecherche' : 'pagination',
  );
}
