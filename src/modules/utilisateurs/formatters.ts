import type { z } from 'zod';
import type { TypeIdentifiantStructure } from '../../domain/identifiants.js';
import { formatDateHeureMinute } from '../../sandbox/dates.js';
import { enveloppeRecherche, type Page } from '../structures/pagination.js';
import type { UtilisateurRow } from './repository.js';
import type * as schemas from './schemas.js';
import type { RattachementDetaille } from './service.js';

/** Rows → wire DTOs of the Utilisateurs API. */
export function toRecupererRattachements(
  utilisateur: UtilisateurRow,
  page: Page<RattachementDetaille>,
): z.infer<typeof schemas.wsRetourRecupererRattachements> {
  return {
    ...enveloppeRecherche(page.parametresRetour.total),
    listeStructureRattachement: page.liste.map(({ rattachement, structure, services }) => ({
      designationStructure: structure.raisonSociale,
      idRattachementStructure: rattachement.id,
      idStructure: structure.id,
      identifiantStructure: structure.identifiant,
      typeIdentifiantStructure: structure.typeIdentifiant as TypeIdentifiantStructure,
      roleUtilisateur: rattachement.role,
      statutRattachementStructure: rattachement.statut,
      statutUtilisateur: utilisateur.statut,
      listeServicesRattache: services.map(({ rattachementService, service }) => ({
        codeService: service.code,
        dateDbtService: formatDateHeureMinute(service.dateDebut),
        dateFinService: service.dateFin ? formatDateHeureMinute(service.dateFin) : null,
        estActif: service.estActif,
        idRattachementService: rattachementService.id,
        idService: service.id,
        libelleService: service.libelle,
        statutRattachementService: rattachementService.statut,
        statutService: service.estActif ? ('ACTIF' as const) : ('INACTIF' as const),
      })),
    })),
    parametresRetour: page.parametresRetour,
  };
}
