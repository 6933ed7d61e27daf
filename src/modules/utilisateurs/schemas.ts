import { z } from 'zod';
import { TYPES_IDENTIFIANT_STRUCTURE } from '../../domain/identifiants.js';
import { chaine, entier, enumSouple, optionnel, parametresRetourDto, TRI_SENS } from '../structures/pagination.js';
import { enveloppe, STATUTS_RATTACHEMENT } from '../structures/schemas.js';

/** DTOs of the Utilisateurs API (chorus-api §3.4; shapes of the Go client, which agree with the Swagger style). */

/** Sort columns of this operation are not documented: known names are honoured, others ignored. */
export const COLONNES_TRI_RATTACHEMENTS = [
  'IdStructure',
  'IdentifiantStructure',
  'DesignationStructure',
  'RoleUtilisateur',
  'StatutRattachementStructure',
] as const;

export const recupererRattachementsParam = z
  .object({
    parametresRecherche: optionnel(
      z.object({
        nbResultatsParPage: entier(0),
        pageResultatDemandee: entier(0),
        triColonne: chaine(50).describe(`Colonnes reconnues : ${COLONNES_TRI_RATTACHEMENTS.join(', ')}`),
        triSens: enumSouple(TRI_SENS),
      }),
    ),
  })
  .describe('RecupererRattachementsMonCompteUtilisateurParam');

/**
 * `roleUtilisateur` values are not published (chorus-domain §3.1): the sandbox answers its own
 * three roles, GESTIONNAIRE_PRINCIPAL, GESTIONNAIRE_SECONDAIRE and UTILISATEUR_SIMPLE.
 */
export const wsRetourRecupererRattachements = enveloppe.extend({
  listeStructureRattachement: z.array(
    z.object({
      designationStructure: z.string(),
      idRattachementStructure: z.number().int(),
      idStructure: z.number().int(),
      identifiantStructure: z.string(),
      typeIdentifiantStructure: z.enum(TYPES_IDENTIFIANT_STRUCTURE),
      roleUtilisateur: z.enum(['GESTIONNAIRE_PRINCIPAL', 'GESTIONNAIRE_SECONDAIRE', 'UTILISATEUR_SIMPLE']),
      statutRattachementStructure: z.enum(STATUTS_RATTACHEMENT),
      statutUtilisateur: z.enum(['ACTIF', 'INACTIF']),
      listeServicesRattache: z.array(
        z.object({
          codeService: z.string(),
          dateDbtService: z.string().describe('YYYY-MM-DD HH:MM'),
          dateFinService: z.string().nullable(),
          estActif: z.boolean(),
          idRattachementService: z.number().int(),
          idService: z.number().int(),
          libelleService: z.string(),
          statutRattachementService: z.enum(STATUTS_RATTACHEMENT),
          statutService: z.enum(['ACTIF', 'INACTIF']),
        }),
      ),
    }),
  ),
  parametresRetour: parametresRetourDto,
});
