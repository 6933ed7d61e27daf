import { z } from 'zod';

const jours = z.number().int().min(0).max(3650);

/** Rules of an automatic buyer; days count on the sandbox clock from the mise à disposition. */
export const reglesAutomatiques = z
  .strictObject({
    serviceFaitApresJours: jours.optional().describe('SERVICE_FAIT n jours après la mise à disposition'),
    mandateeApresJours: jours.optional().describe('MANDATEE n jours après la mise à disposition'),
    miseEnPaiementApresJours: jours.optional().describe('MISE_EN_PAIEMENT n jours après la mise à disposition'),
    suspendreSansPieceJointe: z.boolean().optional().describe('Suspendre dès réception une facture sans pièce jointe complémentaire'),
    recyclerSiServiceInvalide: z.boolean().optional().describe('Mettre à recycler une facture sans service exécutant valide'),
    rejeterSiMontantDepasseEngagement: z.boolean().optional().describe('Rejeter une facture dont le HT dépasse celui de son engagement juridique'),
    motifs: z
      .strictObject({ rejet: z.string().min(1).max(255).optional(), suspension: z.string().min(1).max(255).optional(), recyclage: z.string().min(1).max(255).optional() })
      .optional()
      .describe('Motifs portés dans l’historique (défauts : tableau des motifs de refus)'),
  })
  .describe('Règles de l’acheteur simulé');

/** Behaviour profile of a public structure played by the sandbox (`comportement` in a scenario). */
export const comportementSchema = z
  .discriminatedUnion('mode', [
    z.strictObject({ mode: z.literal('manuel') }),
    z.strictObject({ mode: z.literal('automatique'), regles: reglesAutomatiques.default({}) }),
  ])
  .describe('Comportement d’un acheteur public simulé');

export type Comportement = z.infer<typeof comportementSchema>;
export type ReglesAutomatiques = z.infer<typeof reglesAutomatiques>;
