import { z } from 'zod';
import { TYPES_IDENTIFIANT_STRUCTURE } from '../../domain/identifiants.js';
import { booleen, chaine, entier, enumSouple, optionnel, parametresPagination, parametresRetourDto, identifiant } from './pagination.js';

/** DTOs of the Structures API, named after the models of the official Swagger (structures.swagger.json). */

export const enveloppe = z.object({ codeRetour: z.number().int(), libelle: z.string() });

/** Refusals of a `/cpro` route: the Chorus envelope for every 4xx the gateway documents. */
export const reponsesErreur = {
  400: enveloppe.describe('Requête mal formulée'),
  401: enveloppe.describe("Problème d'authentification"),
  404: enveloppe.describe('API non trouvée'),
  415: enveloppe.describe('Format de la requête non supporté'),
};

/** Wrong types are refused by the service with a catalogued code (20007), hence a plain string here. */
const typeIdentifiant = chaine(30).describe(`Type d'identifiant : ${TYPES_IDENTIFIANT_STRUCTURE.join(', ')}`);
const typeIdentifiantDto = z.enum(TYPES_IDENTIFIANT_STRUCTURE);

export const rechercherStructureInput = z.object({
  identifiantStructure: chaine(100).describe('Identifiant exact (14 chiffres pour un SIRET) ou son début'),
  typeIdentifiantStructure: typeIdentifiant,
  raisonSocialeStructure: chaine(),
  libelleStructure: chaine(),
  nomStructure: chaine(),
  prenomStructure: chaine(),
  adresseCodePostal: chaine(20),
  adresseVille: chaine(),
  adresseCodePays: chaine(10),
  typeStructure: enumSouple(['PRIVEE', 'PUBLIQUE']),
  statutStructure: enumSouple(['ACTIF', 'INACTIF']),
  estMOA: booleen(),
  estMOAUniquement: booleen(),
});

export const rechercherStructureParam = z
  .object({
    structure: optionnel(rechercherStructureInput),
    parametres: parametresPagination(['IdentifiantStructure', 'DesignationStructure', 'TypeIdentifiantStructure', 'Statut']),
    restreindreStructuresPrivees: booleen().describe(
      'Absent ou true : structures publiques et seules structures privées de l’utilisateur ; false : toutes',
    ),
  })
  .describe('RechercherStructureParam');

export const structureAAfficher = z.object({
  idStructureCPP: z.number().int(),
  identifiantStructure: z.string(),
  designationStructure: z.string(),
  typeIdentifiantStructure: typeIdentifiantDto,
  statut: z.enum(['ACTIVE', 'INACTIVE']),
});

export const wsRetourRechercherStructure = enveloppe.extend({
  listeStructures: z.array(structureAAfficher),
  parametresRetour: parametresRetourDto,
});

export const consulterStructureParam = z
  .object({
    idStructureCPP: identifiant(),
    idStructure: identifiant().describe('Alias accepté (client Go)'),
    codeLangue: chaine(10),
  })
  .describe('ConsulterStructureAvecTVAIntraComParam');

const texte = z.string().nullable();

export const adressePostale = z.object({
  adresse: texte,
  codePostal: texte,
  complementAdresse1: texte,
  complementAdresse2: texte,
  fax: texte,
  indicatifFax: texte,
  indicatifTelephone: texte,
  pays: texte,
  telephone: texte,
  ville: texte,
});

export const wsRetourConsulterStructure = enveloppe.extend({
  adressePostaleDuSiege: adressePostale,
  informationGenerales: z.object({
    dateExpirationMotPasseCompteTech: texte,
    emailStructure: texte,
    estValideurDeleguee: z.boolean(),
    idStructureCPP: z.number().int(),
    idStructureOrigine: z.number().int().nullable(),
    identifiantStructure: z.string(),
    libelleStructure: texte,
    listeStructureDupliquees: z.array(z.object({ structureDupliquee: z.number().int() })),
    nomStructure: texte,
    numeroRcsStructure: texte,
    numeroTVA: texte,
    prenomStructure: texte,
    raisonSocialeStructure: z.string(),
    structurePriveePublique: z.enum(['PRIVEE', 'PUBLIQUE']),
    typeIdentifiantStructure: typeIdentifiantDto,
  }),
  parametres: z.object({
    codeServiceDoitEtreRenseigne: z.boolean(),
    connexionEDI: z.boolean(),
    estMoaUniquement: z.boolean(),
    estValideurDelegue: z.boolean(),
    gestionNumeroEJOuCodeService: z.boolean(),
    getaMoa: z.boolean(),
    nonDiffusibleInsee: z.boolean(),
    numeroEJDoitEtreRenseigne: z.boolean(),
    recevoirDonneesViaEDI: z.boolean(),
    statutMiseEnPaiementNestPasRemonte: z.boolean(),
  }),
});

export const rechercherServicesParam = z
  .object({
    idStructure: identifiant(),
    parametresRechercherServicesStructure: parametresPagination(['CodeService', 'LibelleService', 'DateDbtService', 'DateFinService', 'EstActif']),
  })
  .describe('RechercherServicesStructureParam');

export const serviceExpose = z.object({
  idService: z.number().int(),
  codeService: z.string(),
  libelleService: z.string(),
  estActif: z.boolean(),
  statutService: z.enum(['ACTIF', 'INACTIF']),
  dateDbtService: z.string().describe('YYYY-MM-DD HH:MM (absent du Swagger, présent dans les vraies réponses)'),
  dateFinService: z.string().nullable(),
});

export const wsRetourRechercherServices = enveloppe.extend({
  listeServices: z.array(serviceExpose),
  parametresRetour: parametresRetourDto,
});

export const consulterServiceParam = z
  .object({ idStructure: identifiant(), idService: identifiant(), codeLangue: chaine(10) })
  .describe('ConsulterServiceStructureParam');

export const wsRetourConsulterService = enveloppe.extend({
  // Declared by the Swagger on this answer without a list: null, as every unset field.
  pageCourante: z.null(),
  pages: z.null(),
  nbResultatsParPage: z.null(),
  total: z.null(),
  adressePostale,
  informationsGenerales: z.object({ codeService: z.string(), descriptionService: texte, nomService: z.string() }),
  parametres: z.object({
    dateCreation: z.string(),
    dateDebutValidite: z.string(),
    dateFinValidite: texte,
    dateModification: z.string(),
    miseEnPaiement: z.boolean(),
    numeroEngagement: z.boolean(),
  }),
});

const structureDesignee = {
  idStructure: identifiant(),
  identifiantStructure: chaine(100),
  typeIdentifiantStructure: typeIdentifiant,
};

export const listerRattachementsParam = z
  .object({
    ...structureDesignee,
    adresseEmailConnexionUtilisateur: chaine(),
    idUtilisateur: identifiant(),
    parametresListerRattachementsStructureUtilisateur: parametresPagination(['CodeService', 'NomService', 'StatutRattachement']),
  })
  .describe('ListerRattachementsStructureUtilisateurParam');

export const STATUTS_RATTACHEMENT = ['EN_COURS_DE_VALIDATION', 'REFUSEE', 'VALIDEE', 'DESACTIVEE', 'SUPPRIMEE'] as const;

export const wsRetourListerRattachements = enveloppe.extend({
  designationStructure: z.string(),
  idStructure: z.number().int(),
  identifiantStructure: z.string(),
  premierService: z.boolean(),
  listeServices: z.array(
    z.object({
      codeService: z.string(),
      commentaire: texte,
      dateDebut: z.string(),
      dateFin: texte,
      idRattachement: z.number().int(),
      idService: z.number().int(),
      nomService: z.string(),
      statutRattachement: z.enum(STATUTS_RATTACHEMENT),
    }),
  ),
  parametresRetour: parametresRetourDto,
});

export const rechercherEspacesParam = z
  .object({
    idService: identifiant(),
    structure: optionnel(z.object(structureDesignee)),
    parametresRechercherEspaces: parametresPagination([
      'CodeService', 'LibelleService', 'idEspaceFo', 'CodeEspace', 'LibelleEspace', 'etatCourant', 'TypeHabilitation', 'IdService',
    ]),
  })
  .describe('RechercherEspacesParam');

export const wsRetourRechercherEspaces = enveloppe.extend({
  listeEspace: z.array(
    z.object({
      codeEspace: z.number().int(),
      codeService: texte,
      etatCourant: z.enum(['ACTIVE', 'SUPPRIME']),
      idEspaceFo: z.number().int(),
      idService: z.number().int().nullable(),
      libelleEspace: z.string(),
      libelleService: texte,
      typeHabilitation: z.enum(['CONSULTATION_UNIQUEMENT', 'MODIFICATION']),
    }),
  ),
  parametresRetour: parametresRetourDto,
});
