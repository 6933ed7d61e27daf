import { z } from 'zod';
import { parametresStructureSaisis } from '../modules/structures/parametres.js';
import { comportementSchema } from '../modules/toolkit/comportement-schema.js';

/**
 * The scenario format: a declarative "matelas de données". Whatever a scenario leaves out
 * (SIRETs, logins, passwords, engagement numbers, IBANs) is generated from the sandbox's seed, so a
 * scenario replays identically for a given seed and differs between seeds.
 */
const serviceScenario = z.object({
  code: z.string().min(1).optional(),
  libelle: z.string().min(1),
  actif: z.boolean().default(true),
  numeroEngagementObligatoire: z.boolean().default(false),
  miseEnPaiement: z.boolean().default(true),
});

const compteScenario = z.object({
  /** GP: gestionnaire principal, GS: gestionnaire secondaire, US: utilisateur simple, TECH: compte technique. */
  type: z.enum(['GP', 'GS', 'US', 'TECH']),
  login: z.string().min(3).optional(),
  motDePasse: z.string().min(8).optional(),
  nom: z.string().optional(),
  prenom: z.string().optional(),
  /** Codes of the services the user is attached to (all when absent). */
  services: z.array(z.string()).optional(),
});

const engagementScenario = z.object({
  numero: z.string().max(50).optional(),
  /** `entite` of the supplier structure the engagement was placed with. */
  fournisseur: z.string().optional(),
  service: z.string().optional(),
  libelle: z.string().optional(),
  statut: z.string().default('COMMANDE'),
  montantHt: z.number().nonnegative().optional(),
  tauxTva: z.number().nonnegative().default(20),
});

export const structureScenario = z.object({
  entite: z.string().min(1),
  type: z.enum(['PRIVEE', 'PUBLIQUE']),
  raisonSociale: z.string().min(1),
  typeIdentifiant: z.string().default('SIRET'),
  identifiant: z.string().optional(),
  categorie: z.string().optional(),
  email: z.string().optional(),
  adresse: z
    .object({
      adresse: z.string(),
      codePostal: z.string(),
      ville: z.string(),
      codePays: z.string().default('FR'),
      telephone: z.string().optional(),
    })
    .optional(),
  parametres: parametresStructureSaisis.default({}),
  services: z.array(serviceScenario).default([]),
  comptes: z.array(compteScenario).default([]),
  coordonneesBancaires: z
    .array(z.object({ nom: z.string(), iban: z.string().optional(), bic: z.string().optional() }))
    .default([]),
  engagements: z.array(engagementScenario).default([]),
  /** For a co-contractor: `entite` of its groupement's mandataire, second validator of its sub-contractors' A9 invoices. */
  mandataire: z.string().optional(),
  /** Behaviour profile of a public buyer played by the sandbox (manual when absent). */
  comportement: comportementSchema.optional(),
});

export const scenarioSchema = z.object({
  nom: z.string().min(1),
  description: z.string().default(''),
  horloge: z
    .object({ mode: z.enum(['real', 'frozen', 'offset']).default('real'), date: z.string().optional() })
    .optional(),
  structures: z.array(structureScenario).default([]),
  /** Invoices to create once the organisation is in place; read by the factures module. */
  factures: z.array(z.record(z.string(), z.unknown())).default([]),
  /** Works dossiers brought to a step of their circuit; read by the travaux module. */
  dossiersTravaux: z.array(z.record(z.string(), z.unknown())).default([]),
  /** Buyers' DUME A to create once the organisation is in place; read by the dume module. */
  dumes: z.array(z.record(z.string(), z.unknown())).default([]),
});

export type Scenario = z.infer<typeof scenarioSchema>;
export type StructureScenario = z.infer<typeof structureScenario>;
