import { z } from 'zod';
import { matelasDto } from './matelas.js';

export const envelope = z.object({ codeRetour: z.number().int(), libelle: z.string() });

export const erreurResponses = {
  400: envelope.describe('Requête invalide'),
  401: envelope.describe('Jeton administrateur absent ou invalide'),
  404: envelope.describe('Bac à sable inconnu'),
};

export const sandboxParams = z.object({ id: z.string().min(1).max(100) });

export const creerSandboxBody = z
  .object({
    nom: z.string().trim().min(1).max(100).optional().describe('Nom lisible, unique (par défaut l’identifiant)'),
    scenario: z.string().min(1).max(100).optional().describe('Scénario de `fixtures/scenarios/` (défaut : matelas)'),
    seed: z.number().int().min(0).max(2 ** 31 - 1).optional().describe('Graine : même graine, mêmes données'),
    snapshot: z.unknown().optional().describe('Export d’un bac à sable (GET …/export) à partir duquel créer celui-ci'),
  })
  .describe('Création d’un bac à sable');

export const sandboxDto = z.object({
  id: z.string(),
  nom: z.string(),
  scenario: z.string(),
  seed: z.number().int(),
  createdAt: z.string(),
  resetAt: z.string().nullable(),
  piste: z.object({
    clientId: z.string(),
    clientSecret: z.string(),
    tokenUrl: z.string().describe('Chemin du jeton OAuth2 (POST, form-urlencoded)'),
    apiBaseUrl: z.string().describe('Préfixe des API Chorus Pro'),
  }),
  horloge: z.object({ now: z.string(), mode: z.enum(['real', 'frozen', 'offset']) }),
  matelas: matelasDto.optional().describe('Matelas de données, joint à la création et à la remise à zéro'),
});

export const healthDto = z.object({ status: z.literal('ok'), version: z.string(), sandboxes: z.number().int() });
