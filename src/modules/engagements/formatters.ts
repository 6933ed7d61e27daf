import type { z } from 'zod';
import { formatDate } from '../../sandbox/dates.js';
import { enveloppeRecherche, type Page } from '../structures/pagination.js';
import type * as schemas from './schemas.js';
import type { EngagementDetaille } from './service.js';

export function toEngagementJuridique({ engagement: e, structure, service, fournisseur }: EngagementDetaille): z.infer<
  typeof schemas.engagementJuridiqueDto
> {
  return {
    idEngagementJuridique: e.id,
    numeroEngagementJuridique: e.numero,
    libelleEngagementJuridique: e.libelle,
    etatCourantEngagementJuridique: e.statut,
    dateCreationEngagementJuridique: formatDate(e.dateCreation),
    montantHT: e.montantHt,
    montantTTC: e.montantTtc,
    idStructure: structure.id,
    identifiantStructure: structure.identifiant,
    designationStructure: structure.raisonSociale,
    idService: service?.id ?? null,
    codeService: service?.code ?? null,
    idFournisseur: fournisseur?.id ?? null,
    identifiantFournisseur: fournisseur?.identifiant ?? null,
    designationFournisseur: fournisseur?.raisonSociale ?? null,
  };
}

export function toRechercherEngagements(page: Page<EngagementDetaille>): z.infer<typeof schemas.wsRetourRechercherEngagements> {
  return {
    ...enveloppeRecherche(page.parametresRetour.total),
    listeEngagementJuridique: page.liste.map(toEngagementJuridique),
    parametresRetour: page.parametresRetour,
  };
}
