/**
 * Refusal reasons of a valideur (A9/A12), from the reform's nomenclature that reuses Chorus Pro's
 * vocabulary (chorus-domain §8.3, DGFiP spec v3.2 annexe 7). ERR_VALIDEUR means « I am not the right
 * validator »: the invoice goes back to whoever named the validator; any other reason refuses it.
 */
export const MOTIFS_REFUS_VALIDEUR = [
  { idMotif: 1, codeMotif: 'ERR_VALIDEUR', libelleMotif: 'Mauvais valideur' },
  { idMotif: 2, codeMotif: 'AUT_MOTIF_ERR_VALIDEUR', libelleMotif: 'Autre motif que « Erreur de valideur »' },
] as const;

export type MotifRefusValideur = (typeof MOTIFS_REFUS_VALIDEUR)[number];

/** The reason a client sent, by its code, its id or its label (clients send any of the three), or undefined. */
export function motifRefusValideur(saisi: string): MotifRefusValideur | undefined {
  const v = saisi.trim().toUpperCase();
  return MOTIFS_REFUS_VALIDEUR.find(
    (m) => v === m.codeMotif || v === String(m.idMotif) || v === m.libelleMotif.toUpperCase() || v.startsWith(`${m.codeMotif} `),
  );
}

/**
 * Direct payment of a sub-contractor exists only for a sub-contract of at least 600 € TTC
 * (CCP R2193-10, chorus-domain §8.2).
 */
export const SEUIL_PAIEMENT_DIRECT_TTC = 600;
