/**
 * The one table of wire date layouts, by response field (chorus-api §2.6 and the samples it
 * cites). Every date a `/cpro` route answers is in this table, in this layout, in Paris time
 * (`dates.ts`); a test walks every route's responses against it. Where the real API uses two
 * layouts for one field name, the table says which operation uses which.
 */
export type LayoutDate = 'DATE' | 'DATE_HEURE_MINUTE' | 'DATE_HEURE_ISO';

export const MOTIFS_LAYOUT: Record<LayoutDate, RegExp> = {
  DATE: /^\d{4}-\d{2}-\d{2}$/,
  DATE_HEURE_MINUTE: /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/,
  DATE_HEURE_ISO: /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}[+-]\d{2}:\d{2}$/,
};

interface Regle {
  layout: LayoutDate;
  /** Operation paths (after `/cpro`) where the field takes another layout. */
  sauf?: Record<string, LayoutDate>;
  source: string;
}

export const LAYOUTS_DATES: Record<string, Regle> = {
  // Invoices
  dateDepot: { layout: 'DATE', source: 'MFP soumettre "2026-04-03"; PASTELL search rows' },
  dateFacture: { layout: 'DATE', source: 'PASTELL search rows; GO Date' },
  dateFactureTravaux: { layout: 'DATE', source: 'PASTELL works row "2019-07-11" (complements §1.3)' },
  dateFournisseur: { layout: 'DATE', source: 'rechercher/demandePaiement: the supplier’s invoice date, like dateFacture' },
  dateEcheancePaiement: { layout: 'DATE', source: 'a due date, like dateFacture' },
  dateHeureEtatCourant: { layout: 'DATE_HEURE_ISO', source: 'GO time.Time; OMNI 2026-10-08T10:12:00+02:00; complements 2019-07-11T15:45:39.674+02:00' },
  dateCreationFacture: { layout: 'DATE_HEURE_MINUTE', source: 'GO Datetime 2006-01-02 15:04' },
  histoStatutDatePassage: { layout: 'DATE_HEURE_MINUTE', source: 'PASTELL "2015-12-03 10:36"; GO Datetime' },
  histoActionDateHeure: { layout: 'DATE_HEURE_MINUTE', source: 'GO Datetime' },
  evenementDateHeure: { layout: 'DATE_HEURE_MINUTE', source: 'history: same layout as its sibling lists' },
  dateValidation1: { layout: 'DATE', source: 'a validation day, like dateFacture' },
  dateValidation2: { layout: 'DATE', source: 'a validation day, like dateFacture' },
  dateTraitement: {
    layout: 'DATE',
    sauf: { '/factures/v1/completer': 'DATE_HEURE_MINUTE' },
    source: 'traiter/recue: PASTELL fixture "2016-03-18"; completer: CS2017 "AAAA-MM-JJ HH:MI"',
  },
  // Services and rattachements
  dateDbtService: { layout: 'DATE_HEURE_MINUTE', source: 'OCA "2016-10-25 17:42"; GO Datetime' },
  dateFinService: { layout: 'DATE_HEURE_MINUTE', source: 'OCA "2050-12-31 00:00"' },
  dateCreation: { layout: 'DATE_HEURE_MINUTE', source: 'consulter/service: same layout as rechercher/services (issue 10)' },
  dateDebutValidite: { layout: 'DATE_HEURE_MINUTE', source: 'consulter/service, as dateDbtService' },
  dateFinValidite: { layout: 'DATE_HEURE_MINUTE', source: 'consulter/service, as dateFinService' },
  dateDerniereModification: { layout: 'DATE_HEURE_MINUTE', source: 'rechercher/sousCategorieSollicitation: as dateCreation' },
  dateModification: { layout: 'DATE_HEURE_MINUTE', source: 'consulter/service, as dateDbtService' },
  dateDebut: { layout: 'DATE_HEURE_MINUTE', source: 'lister/rattachementsutilisateur: rattachements layout (§2.6)' },
  dateFin: { layout: 'DATE_HEURE_MINUTE', source: 'lister/rattachementsutilisateur: rattachements layout (§2.6)' },
  dateExpirationMotPasseCompteTech: { layout: 'DATE_HEURE_ISO', source: 'S-STRUCT date-time' },
  // Flux (consulterCR, consulterCRDetaille)
  dateDepotFlux: { layout: 'DATE', source: 'the deposit day, like dateDepot of deposer/flux' },
  dateHeureEtatCourantFlux: { layout: 'DATE_HEURE_ISO', source: 'a state change instant, like dateHeureEtatCourant (layout not observed)' },
  // Engagements, INSEE
  dateCreationEngagementJuridique: { layout: 'DATE', source: 'a commitment day' },
  dateCreationEntreprise: { layout: 'DATE', source: 'INSEE dates are days' },
  dateCreationEtablissement: { layout: 'DATE', source: 'INSEE dates are days' },
  dateReactivationEtablissement: { layout: 'DATE', source: 'INSEE dates are days' },
};

/** The layout of `champ` in the answer of `operation` (path after `/cpro`), or undefined when not a date field. */
export function layoutDe(champ: string, operation?: string): LayoutDate | undefined {
  const regle = LAYOUTS_DATES[champ];
  if (!regle) return undefined;
  return (operation ? regle.sauf?.[operation] : undefined) ?? regle.layout;
}
