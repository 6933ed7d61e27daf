import { z } from 'zod';
import { enveloppe } from '../structures/schemas.js';
import { booleen, chaine, identifiant, parametresPagination, parametresRetourDto } from '../structures/pagination.js';

/** Sort columns of the two look-ups (the reference names none: the listed fields). */
export const TRI_CATEGORIES = ['codeCategorie', 'libelleCategorie', 'idTechniqueCategorie'] as const;
export const TRI_SOUS_CATEGORIES = ['code', 'libelle', 'idTechniqueCategorie'] as const;

// transverses/v1/rechercher/categorieSollicitation (chorus-api §3.3)
export const rechercherCategorieSollicitationParam = z
  .object({
    codeCategorie: chaine(50),
    libelleCategorie: chaine(255),
    estActif: booleen(),
    pagination: parametresPagination(TRI_CATEGORIES),
  })
  .describe('RechercherCategorieSollicitationParam');

const categorieDto = z.object({ codeCategorie: z.string(), libelleCategorie: z.string(), idTechniqueCategorie: z.number().int() });

export const wsRetourRechercherCategorieSollicitation = enveloppe.extend({
  listeCategories: z.array(categorieDto),
  parametresRetour: parametresRetourDto,
});

// transverses/v1/rechercher/sousCategorieSollicitation
export const rechercherSousCategorieSollicitationParam = z
  .object({
    code: chaine(50),
    libelle: chaine(255),
    estActif: booleen(),
    idTechniqueCategorie: identifiant(),
    pagination: parametresPagination(TRI_SOUS_CATEGORIES),
  })
  .describe('RechercherSousCategorieSollicitationParam');

export const wsRetourRechercherSousCategorieSollicitation = enveloppe.extend({
  listeSousCategories: z.array(
    z.object({
      categorie: z.array(categorieDto),
      ssCategorie: z.array(
        z.object({
          code: z.string(),
          libelle: z.string(),
          estActif: z.boolean(),
          idTechniqueCategorie: z.number().int(),
          dateCreation: z.string(),
          dateDerniereModification: z.string(),
        }),
      ),
    }),
  ),
  parametresRetour: parametresRetourDto,
});
