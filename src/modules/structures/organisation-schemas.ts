import { z } from 'zod';
import { TYPES_IDENTIFIANT_STRUCTURE } from '../../domain/identifiants.js';
import { CATEGORIES_STRUCTURE_PUBLIQUE } from '../../referentials/index.js';
import { parametresStructureSaisis } from './parametres.js';
import { colonnesParametres, TYPES_COMPTE, type FicheStructureSaisie } from './organisation.js';

/**
 * Inputs of the organisation-building operations (organisation.ts), as the control plane takes them
 * and as the portal's forms will: wire names for the structure parameters, defaults documented.
 */

const texte = (max: number) => z.string().trim().min(1).max(max);
export const compteBody = z.object({
  login: texte(100).optional().describe('Par défaut à la façon du matelas : GEST_PUBLIQUE_1_<siret>@cpro.fr, TECH_1_<siret>@cpro.fr…'),
  motDePasse: z.string().min(8).max(100).optional().describe('Généré depuis la graine du bac à sable par défaut'),
  nom: texte(100).optional(),
  prenom: texte(100).optional(),
  email: texte(200).optional(),
  telephone: texte(30).optional(),
});
export const serviceBody = z.object({
  codeService: texte(100).optional().describe('Par défaut SERVICE_<PRIVE|PUBLIQUE>_<n>_<identifiant>'),
  libelle: texte(100),
  description: texte(500).optional(),
  estActif: z.boolean().optional(),
  numeroEngagementObligatoire: z.boolean().optional(),
  miseEnPaiement: z.boolean().optional(),
});
export const structureBody = z.object({
  entite: texte(100).optional().describe('Nom dans le matelas (raison sociale par défaut)'),
  typeStructure: z.enum(['PRIVEE', 'PUBLIQUE']),
  typeIdentifiant: z.enum(TYPES_IDENTIFIANT_STRUCTURE).optional().describe('SIRET par défaut'),
  identifiant: texte(18).optional().describe('SIRET à clé de Luhn valide ; tiré au hasard s’il est absent'),
  raisonSociale: texte(200),
  statut: z.enum(['ACTIF', 'INACTIF']).optional(),
  categorie: z.enum(CATEGORIES_STRUCTURE_PUBLIQUE).optional().describe('Structure publique : fixe le délai de paiement'),
  email: texte(200).optional(),
  adresse: z
    .object({ adresse: texte(200), codePostal: texte(10), ville: texte(100), codePays: z.string().regex(/^[A-Z]{2}$/).optional(), telephone: texte(30).optional() })
    .optional(),
  parametres: parametresStructureSaisis.optional(),
  services: z.array(serviceBody).max(100).optional(),
  gestionnaire: compteBody.optional().describe('Crée le compte gestionnaire principal (GP)'),
  compteTechnique: z.union([z.boolean(), compteBody]).optional().describe('true ou { login, motDePasse } : crée le compte technique'),
});
export const utilisateurBody = compteBody.extend({
  type: z.enum(TYPES_COMPTE).describe('GP, GS, US (personne) ou TECH (compte technique)'),
  idStructureCPP: z.number().int().positive().optional().describe('Structure de rattachement (facultative pour US)'),
  services: z.array(texte(100)).max(100).optional().describe('Codes des services de rattachement'),
});
export const engagementBody = z.object({
  idStructureCPP: z.number().int().positive().describe('Structure publique émettrice'),
  numero: texte(50).optional(),
  codeService: texte(100).optional(),
  idFournisseur: z.number().int().positive().optional().describe('idStructureCPP du fournisseur'),
  libelle: texte(200).optional(),
  statut: texte(30).optional().describe('COMMANDE par défaut'),
  montantHT: z.number().nonnegative().max(1e12).optional(),
  montantTTC: z.number().nonnegative().max(1e12).optional(),
  tauxTva: z.number().min(0).max(100).optional().describe('Pour calculer le TTC (20 par défaut)'),
});
export const coordonneesBody = z.object({
  nom: texte(100).describe('Libellé, ex. IBAN SANDBOX'),
  iban: texte(40).optional().describe('Clé ISO 13616 vérifiée ; tiré au hasard s’il est absent'),
  bic: texte(11).optional(),
  titulaire: texte(200).optional(),
  affactureur: z.boolean().optional(),
});
export const rattachementBody = z.object({
  login: texte(100).describe('Compte qui demande le rattachement'),
  idStructureCPP: z.number().int().positive(),
  services: z.array(texte(100)).max(100).optional(),
  commentaire: texte(500).optional(),
});
export const traitementBody = z.object({
  gestionnaire: texte(100).describe('Login du gestionnaire (GP ou GS) de la structure'),
  role: z.enum(['GS', 'US']).optional().describe('Rôle accordé à la validation (US par défaut)'),
  commentaire: texte(500).optional(),
});

/** The trainer's body, with the wire names of the parameters, as the organisation service takes it. */
export function versFicheStructure(body: z.infer<typeof structureBody>): FicheStructureSaisie {
  const { adresse, parametres: p = {}, compteTechnique, ...fiche } = body;
  return {
    ...fiche,
    adresse: adresse?.adresse ?? null,
    codePostal: adresse?.codePostal ?? null,
    ville: adresse?.ville ?? null,
    codePays: adresse?.codePays ?? 'FR',
    telephone: adresse?.telephone ?? null,
    ...colonnesParametres(p),
    compteTechnique: compteTechnique === true ? {} : compteTechnique || undefined,
  };
}

