import { z } from 'zod';

const jours = z.number().int().min(0).max(3650);

/**
 * A simulated maître d'œuvre or maître d'ouvrage of works dossiers (chorus-domain §9.3–§9.4). Days
 * count on the sandbox clock from the piece's mise à disposition. Default: takes into account at
 * once and passes on its piece after 7 days (the MOE's 7 days, complements §4.1; the MOA's delay is
 * not documented on the platform: the same 7 days). `inactif` does nothing, which lets the tacit
 * procedure run.
 */
export const reglesTravaux = z
  .strictObject({
    prendreEnCompteApresJours: jours.optional().describe('Prise en compte n jours après la mise à disposition (défaut 0)'),
    transmettreApresJours: jours.optional().describe('Dépôt de la pièce suivante n jours après la mise à disposition (défaut 7)'),
    rectifierPourcentage: z.number().min(-100).max(100).optional().describe('Montants de la pièce suivante rectifiés de ce pourcentage (ex. -10)'),
    refuserMotif: z.enum(['AUTRE', 'MAUVAISE_MOE', 'MAUVAISE_MOA']).optional().describe('Refuser chaque pièce avec ce motif au lieu de la transmettre'),
    inactif: z.boolean().optional().describe('Ne rien faire (laisse courir la procédure tacite)'),
  })
  .describe('Règles d’une MOE ou d’une MOA simulée (factures de travaux)');

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
    travaux: reglesTravaux.optional().describe('La structure joue sa part des dossiers de travaux (MOE ou MOA)'),
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
export type ReglesTravaux = z.infer<typeof reglesTravaux>;
