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
    valideur: z
      .strictObject({
        action: z.enum(['VALIDATION', 'REFUS', 'AUCUNE']).describe('Décision du valideur simulé ; AUCUNE : acceptation tacite au bout de 15 jours'),
        apresJours: jours.default(0).describe('Jours après la mise à disposition du valideur (au-delà de 15, l’acceptation tacite passe avant)'),
        motifRefus: z.enum(['ERR_VALIDEUR', 'AUT_MOTIF_ERR_VALIDEUR']).default('AUT_MOTIF_ERR_VALIDEUR').describe('Motif d’un REFUS'),
      })
      .optional()
      .describe('Valideur simulé (structure privée : titulaire, mandataire, cotraitant) des factures A9/A12'),
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
