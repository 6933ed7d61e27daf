import { z } from 'zod';
import { matelasDto } from './matelas.js';

export const envelope = z.object({ codeRetour: z.number().int(), libelle: z.string() });

export const erreurResponses = {
  400: envelope.describe('Requête invalide'),
  401: envelope.describe('Jeton administrateur absent ou invalide'),
  404: envelope.describe('Bac à sable inconnu'),
};

export const sandboxParams = z.object({ id: z.string().min(1).max(100) });

/** Most sandboxes one `POST /sandboxes` creates (a class, a CI farm). */
export const MAX_NOMBRE = 200;

export const creerSandboxBody = z
  .object({
    nom: z.string().trim().min(1).max(100).optional().describe('Nom lisible, unique (par défaut l’identifiant)'),
    scenario: z.string().min(1).max(100).optional().describe('Scénario de `fixtures/scenarios/` (défaut : matelas)'),
    seed: z.number().int().min(0).max(2 ** 31 - 1).optional().describe('Graine : même graine, mêmes données'),
    snapshot: z.unknown().optional().describe('Export d’un bac à sable (GET …/export) à partir duquel créer celui-ci'),
    nombre: z
      .number()
      .int()
      .min(1)
      .max(MAX_NOMBRE)
      .optional()
      .describe(
        `Crée une classe de \`nombre\` bacs à sable identiques (même scénario, même graine) nommés \`<nom>-01\`, \`<nom>-02\`… (max ${MAX_NOMBRE}) ; la réponse est alors \`{ sandboxes: [...] }\``,
      ),
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
  portail: z.string().describe('Chemin du portail web (français) de ce bac à sable : les gestionnaires et utilisateurs du matelas s’y connectent'),
  secondFacteurPortail: z.boolean().describe('Le portail demande-t-il un code envoyé par courriel après le mot de passe (PUT …/portail pour le changer)'),
  matelas: matelasDto.optional().describe('Matelas de données, joint à la création et à la remise à zéro'),
});

/** Answer of a creation with `nombre`: every sandbox of the class, with its credentials. */
export const classeDto = z.object({ sandboxes: z.array(sandboxDto) });

export const healthDto = z.object({ status: z.literal('ok'), version: z.string(), sandboxes: z.number().int() });
