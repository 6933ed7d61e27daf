import { z } from 'zod';
import { chaine, entier, enumSouple, optionnel, parametresRetourDto, TRI_SENS } from '../structures/pagination.js';
import { enveloppe } from '../structures/schemas.js';

/**
 * DTOs of the Engagements juridiques API. Only the request of `rechercher` is known (OCA, chorus-api
 * §3.5); its pagination object and its row fields are not. Choices: pagination is read from
 * `parametresRecherche` (the name most Chorus searches use) or `pagination`; rows carry the
 * engagement, its issuing public structure and service, and the supplier, under names built like
 * the rest of the API (`id…`, `identifiant…`, `designation…`, `montantHT`/`montantTTC`).
 */
export const COLONNES_TRI_ENGAGEMENTS = ['NumeroEngagementJuridique', 'DateCreation', 'MontantTTC', 'EtatCourant'] as const;

const pagination = optionnel(
  z.object({
    nbResultatsParPage: entier(0),
    pageResultatDemandee: entier(0),
    triColonne: enumSouple(COLONNES_TRI_ENGAGEMENTS),
    triSens: enumSouple(TRI_SENS),
  }),
);

export const rechercherEngagementParam = z
  .object({
    structureReceptriceEngagementJuridique: entier().describe(
      'idStructureCPP (en texte ou en nombre) de la structure du fournisseur, ou de la structure publique émettrice',
    ),
    numeroEngagementJuridique: chaine(50).describe('Numéro exact, 50 caractères au plus'),
    etatCourantEngagementJuridique: chaine(30).describe('COMMANDE (seule valeur connue)'),
    parametresRecherche: pagination,
    pagination,
  })
  .describe('RechercherEngagementJuridiqueParam');

export const engagementJuridiqueDto = z.object({
  idEngagementJuridique: z.number().int(),
  numeroEngagementJuridique: z.string(),
  libelleEngagementJuridique: z.string().nullable(),
  etatCourantEngagementJuridique: z.string(),
  dateCreationEngagementJuridique: z.string().describe('YYYY-MM-DD'),
  montantHT: z.number().nullable(),
  montantTTC: z.number().nullable(),
  idStructure: z.number().int(),
  identifiantStructure: z.string(),
  designationStructure: z.string(),
  idService: z.number().int().nullable(),
  codeService: z.string().nullable(),
  idFournisseur: z.number().int().nullable(),
  identifiantFournisseur: z.string().nullable(),
  designationFournisseur: z.string().nullable(),
});

export const wsRetourRechercherEngagements = enveloppe.extend({
  listeEngagementJuridique: z.array(engagementJuridiqueDto),
  parametresRetour: parametresRetourDto,
});
