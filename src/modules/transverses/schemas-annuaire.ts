import { z } from 'zod';
import { TYPES_IDENTIFIANT_STRUCTURE } from '../../domain/identifiants.js';
import { booleen, chaine, entier, enumSouple, optionnel, parametresRetourDto, TRI_SENS, identifiant } from '../structures/pagination.js';
import { enveloppe } from '../structures/schemas.js';
import { paginationAPlat } from './schemas.js';

/**
 * DTOs of the Transverses operations that read the sandbox's organisation: the caller's structures
 * and bank details, the directory of public recipients and their services, the INSEE look-up.
 */

/** Sort columns of these searches are not documented: known names are honoured, others ignored. */
const parametresRecherche = optionnel(
  z.object({
    nbResultatsParPage: entier(),
    pageResultatDemandee: entier().describe('Numéro de page, à partir de 1'),
    triColonne: chaine(60),
    triSens: enumSouple(TRI_SENS),
  }),
);

export const recupererCoordonneesBancairesParam = z
  .object({ idStructure: identifiant().describe('Structure de l’utilisateur (obligatoire)') })
  .describe('RecupererCoordonneesBancairesValidesParam');

export const wsRetourCoordonneesBancaires = enveloppe.extend({
  listeCoordonneeBancaire: z.array(z.object({ idCoordonneeBancaire: z.number().int(), nomCoordonneeBancaire: z.string() })),
  ...paginationAPlat,
});

export const wsRetourStructuresActives = enveloppe.extend({
  listeStructures: z.array(z.object({ idStructureCPP: z.number().int(), identifiant: z.string(), designationStructure: z.string() })),
  ...paginationAPlat,
});

export const recupererStructuresPourUtilisateurParam = z
  .object({ espaceFo: entier().describe("Code d'espace (1 factures émises, 2 reçues, 3 travaux…) ; 0 ou absent : toutes") })
  .describe('RecupererStructuresPourUtilisateurParam');

export const wsRetourStructuresPourUtilisateur = enveloppe.extend({
  listeStructures: z.array(
    z.object({
      idStructure: z.number().int(),
      identifiantStructure: z.string(),
      designationStructure: z.string(),
      typeIdentifiantStructure: z.enum(TYPES_IDENTIFIANT_STRUCTURE),
    }),
  ),
});

export const COLONNES_TRI_DESTINATAIRES = ['IdStructureCPP', 'Siret', 'NomDestinataire', 'AdresseCodePostal', 'AdresseVille'] as const;

export const rechercherDestinataireParam = z
  .object({
    identifiant: chaine(100).describe('Début ou totalité de l’identifiant (SIRET)'),
    nomVilleCodePostal: chaine().describe('Texte cherché dans le nom, la ville ou le code postal'),
    typeStructure: enumSouple(['PRIVEE', 'PUBLIQUE']).describe('Les destinataires sont publics : PRIVEE ne trouve rien'),
    parametresRecherche: parametresRecherche.describe(`Colonnes de tri : ${COLONNES_TRI_DESTINATAIRES.join(', ')}`),
  })
  .describe('RechercherDestinataireParam');

export const wsRetourRechercherDestinataire = enveloppe.extend({
  listeDestinataires: z.array(
    z.object({
      idStructureCPP: z.number().int(),
      siret: z.string(),
      nomDestinataire: z.string(),
      adresseCodePostal: z.string().nullable(),
      adresseVille: z.string().nullable(),
    }),
  ),
  parametresRetour: parametresRetourDto,
});

export const COLONNES_TRI_SERVICES = ['CodeServiceExecutant', 'NomServiceExecutant'] as const;

export const rechercherServiceExecutantParam = z
  .object({
    idDestinataireCPP: identifiant().describe('Structure publique (obligatoire)'),
    codeServiceExecutant: chaine(100).describe('Début du code service'),
    nomServiceExecutant: chaine().describe('Texte cherché dans le nom du service'),
    actif: booleen().describe('true : services actifs seulement ; false : inactifs seulement'),
    parametresRecherche: parametresRecherche.describe(`Colonnes de tri : ${COLONNES_TRI_SERVICES.join(', ')}`),
  })
  .describe('RechercherServiceExecutantParam');

export const wsRetourRechercherServiceExecutant = enveloppe.extend({
  listeServices: z.array(
    z.object({ idServicesCPP: z.number().int(), codeServiceExecutant: z.string(), nomServiceExecutant: z.string() }),
  ),
  parametresRetour: parametresRetourDto,
});

export const wsRetourTelechargerAnnuaire = enveloppe.extend({
  fichierResultat: z.string().describe('Archive ZIP encodée en base64 (annuaire CSV ; séparateur ;, UTF-8)'),
});

export const consulterInformationSiretParam = z
  .object({ siretStructure: chaine(50).describe('SIRET de 14 chiffres (obligatoire)') })
  .describe('ConsulterInformationsSIRETParam');

const texte = z.string().nullable();

export const wsRetourInformationSiret = enveloppe.extend({
  adresse: texte,
  categorieEntreprise: texte,
  categorieJuridique: texte,
  civilite: texte,
  dateCreationEntreprise: texte,
  dateCreationEtablissement: texte,
  dateReactivationEtablissement: texte,
  estActif: z.boolean(),
  localisationSiege: texte,
  nonDiffusibleInsee: z.boolean(),
  numeroInterneClassement: texte,
  raisonSociale: z.string(),
  siege: texte,
  siren: z.string(),
  siret: z.string(),
  siretPredecesseurSuccesseur: texte,
});
