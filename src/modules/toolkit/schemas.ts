import { z } from 'zod';
import { dateStricte, entierStrict } from '../control-plane/champs-stricts.js';
import { comportementSchema } from './comportement-schema.js';
import { reglesBody, regleSchema } from './pannes.js';

export { comportementSchema, reglesBody };

const date = dateStricte;

export const horlogeDto = z.object({ now: z.string(), mode: z.enum(['real', 'frozen', 'offset']) });

export const reglerHorlogeBody = z
  .strictObject({
    mode: z.enum(['real', 'frozen', 'offset']),
    date: date.optional().describe('frozen : date figée (défaut : maintenant) ; offset : date voulue pour « maintenant »'),
  })
  .describe('Réglage de l’horloge');

const duree = entierStrict(0, 36_500);
export const avancerBody = z
  .strictObject({
    days: duree.optional(),
    hours: entierStrict(0, 876_000).optional(),
    minutes: entierStrict(0, 52_560_000).optional(),
    until: date.optional().describe('Date cible (YYYY-MM-DD ou date-heure)'),
  })
  .describe('Avance de l’horloge : une durée, ou une date cible');

export const evenementDto = z.object({ date: z.string(), type: z.string(), idFacture: z.number().int().optional(), description: z.string() });
export const avancerDto = horlogeDto.extend({ evenements: z.array(evenementDto) });

export const exportDto = z
  .object({
    format: z.literal('chorus-pro-sandbox/1'),
    scenario: z.string(),
    seed: z.number().int(),
    horloge: horlogeDto,
    sequences: z.record(z.string(), z.number()),
    tables: z.record(z.string(), z.array(z.record(z.string(), z.unknown()))),
  })
  .describe('Instantané complet d’un bac à sable');

export const journalQuery = z.object({
  method: z.string().max(10).optional(),
  path: z.string().max(300).optional().describe('Préfixe du chemin, ou motif avec *'),
  status: z.coerce.number().int().min(100).max(599).optional(),
  depuis: date.refine((s) => !Number.isNaN(Date.parse(s)), 'date invalide').optional().describe('Entrées à partir de cette date (horloge du bac)'),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  taille: z.coerce.number().int().min(1).max(200).default(50),
});

export const journalDto = z.object({
  total: z.number().int(),
  page: z.number().int(),
  taille: z.number().int(),
  entrees: z.array(
    z.object({
      date: z.string(),
      methode: z.string(),
      chemin: z.string(),
      statut: z.number().int(),
      codeRetour: z.number().int().nullable(),
      dureeMs: z.number().int(),
      requete: z.unknown(),
      reponse: z.unknown(),
    }),
  ),
});

export const pannesDto = z.object({ regles: z.array(regleSchema) });

export const structureParams = z.object({
  id: z.string().min(1).max(100),
  idStructureCPP: z.coerce.number().int().min(1).max(2 ** 31 - 1),
});
