/**
 * The criteria of a DUME, named by the codes of the ESPD-EDM 4.1.0 "criterion" code list
 * (fixtures/formats/espd-edm-4.1.0/codelists/gc/Criterion.gc) with its French labels; a test checks
 * every code and label here against that list, so this table cannot drift from the fixture.
 */

export type CategorieExclusion = 'CONDAMNATIONS' | 'IMPOTS_COTISATIONS' | 'INSOLVABILITE_FAUTE' | 'NATIONAL';

export interface CritereExclusion {
  readonly code: string;
  readonly libelle: string;
  readonly categorie: CategorieExclusion;
}

/**
 * Exclusion grounds: on the DUME A they are all pre-ticked and informative (the buyer cannot remove
 * them, as on the real service); on the DUME OE the company answers each one.
 */
export const CRITERES_EXCLUSION: readonly CritereExclusion[] = [
  { code: 'crime-org', libelle: 'Participation à une organisation criminelle', categorie: 'CONDAMNATIONS' },
  { code: 'corruption', libelle: 'Corruption', categorie: 'CONDAMNATIONS' },
  { code: 'fraud', libelle: 'Fraude', categorie: 'CONDAMNATIONS' },
  { code: 'terr-offence', libelle: 'Infractions terroristes ou infractions liées aux activités terroristes', categorie: 'CONDAMNATIONS' },
  { code: 'finan-laund', libelle: 'Blanchiment de capitaux ou financement du terrorisme', categorie: 'CONDAMNATIONS' },
  { code: 'human-traffic', libelle: 'Travail des enfants et autres formes de traite des êtres humains', categorie: 'CONDAMNATIONS' },
  { code: 'tax-pay', libelle: 'Paiement d’impôts et taxes', categorie: 'IMPOTS_COTISATIONS' },
  { code: 'socsec-pay', libelle: 'Paiement des cotisations de sécurité sociale', categorie: 'IMPOTS_COTISATIONS' },
  { code: 'envir-law', libelle: 'Manquement aux obligations dans le domaine du droit environnemental', categorie: 'INSOLVABILITE_FAUTE' },
  { code: 'socsec-law', libelle: 'Manquement aux obligations dans le domaine du droit social', categorie: 'INSOLVABILITE_FAUTE' },
  { code: 'labour-law', libelle: 'Manquement aux obligations dans le domaine du droit du travail', categorie: 'INSOLVABILITE_FAUTE' },
  { code: 'bankruptcy', libelle: 'Faillite', categorie: 'INSOLVABILITE_FAUTE' },
  { code: 'insolvency', libelle: 'Insolvabilité', categorie: 'INSOLVABILITE_FAUTE' },
  { code: 'cred-arran', libelle: 'Concordat', categorie: 'INSOLVABILITE_FAUTE' },
  { code: 'bankr-nat', libelle: 'Situation analogue à la faillite prévue dans la législation nationale', categorie: 'INSOLVABILITE_FAUTE' },
  { code: 'liq-admin', libelle: 'Biens administrés par un liquidateur', categorie: 'INSOLVABILITE_FAUTE' },
  { code: 'susp-act', libelle: 'État de cessation d’activités', categorie: 'INSOLVABILITE_FAUTE' },
  { code: 'prof-misconduct', libelle: 'Coupable d’une faute professionnelle grave', categorie: 'INSOLVABILITE_FAUTE' },
  { code: 'distorsion', libelle: 'Accords avec d’autres opérateurs économiques en vue de fausser la concurrence', categorie: 'INSOLVABILITE_FAUTE' },
  { code: 'partic-confl', libelle: 'Conflit d’intérêt créé par sa participation à la procédure de passation de marché', categorie: 'INSOLVABILITE_FAUTE' },
  { code: 'prep-confl', libelle: 'Association directe ou indirecte à la préparation de cette procédure de passation de marché', categorie: 'INSOLVABILITE_FAUTE' },
  { code: 'sanction', libelle: 'Résiliation, dommages et intérêts ou autres sanctions comparables', categorie: 'INSOLVABILITE_FAUTE' },
  { code: 'misrepresent', libelle: 'Coupable de fausses déclarations, non-communication, n’a pas été en mesure de fournir les documents requis et a obtenu des informations confidentielles de la présente procédure', categorie: 'INSOLVABILITE_FAUTE' },
  { code: 'nati-ground', libelle: 'Motifs d’exclusion purement nationaux', categorie: 'NATIONAL' },
];

/** What the answer to a selection criterion holds: an amount (€), a count, or a free text. */
export type TypeReponseSelection = 'MONTANT' | 'NOMBRE' | 'TEXTE';

export interface CritereSelection {
  readonly code: string;
  readonly libelle: string;
  readonly reponse: TypeReponseSelection;
}

/** Selection criteria a buyer may choose (a subset of the list: the ones the course uses). */
export const CRITERES_SELECTION: readonly CritereSelection[] = [
  { code: 'prof-regist', libelle: 'Inscription sur un registre professionnel pertinent', reponse: 'TEXTE' },
  { code: 'trade-regist', libelle: 'Inscription sur un registre du commerce', reponse: 'TEXTE' },
  { code: 'gen-year-to', libelle: 'Chiffre d’affaires annuel général', reponse: 'MONTANT' },
  { code: 'aver-year-to', libelle: 'Chiffre d’affaires annuel moyen', reponse: 'MONTANT' },
  { code: 'spec-year-to', libelle: 'Chiffre d’affaires annuel spécifique', reponse: 'MONTANT' },
  { code: 'indem-insu', libelle: 'Assurance contre les risques professionnels', reponse: 'MONTANT' },
  { code: 'work-perform', libelle: 'Pour les marchés de travaux: Exécution des travaux du type spécifié', reponse: 'TEXTE' },
  { code: 'supply-perform', libelle: 'Pour les marchés de fournitures: Exécution des fournitures du type spécifié', reponse: 'TEXTE' },
  { code: 'service-perform', libelle: 'Pour les contrats de service: Exécution des services du type spécifié', reponse: 'TEXTE' },
  { code: 'work-tech', libelle: 'Pour les marchés de travaux: Techniciens ou organismes techniques chargés d’exécuter les travaux', reponse: 'TEXTE' },
  { code: 'qualification', libelle: 'Titres d’études et professionnels', reponse: 'TEXTE' },
  { code: 'envir-measure', libelle: 'Mesures de gestion environnementale', reponse: 'TEXTE' },
  { code: 'tech-equip', libelle: 'Outillage, matériel et équipement technique', reponse: 'TEXTE' },
  { code: 'manage-staff', libelle: 'Nombre de cadres', reponse: 'NOMBRE' },
  { code: 'year-manpower', libelle: 'Effectif moyen annuel', reponse: 'NOMBRE' },
  { code: 'suncont-port', libelle: 'Sous-traitance d’une fraction du marché', reponse: 'TEXTE' },
  { code: 'qu-certif-indep', libelle: 'Certificats établis par des organismes indépendants concernant les normes d’assurance de la qualité', reponse: 'TEXTE' },
];

/** The "DUME simplifié" asks only these two: chiffre d'affaires and effectifs. */
export const CRITERES_DUME_SIMPLIFIE = ['gen-year-to', 'year-manpower'] as const;

/** Criteria of the group and sub-contracting part, answered by the DUME OE (ESPD "other" criteria). */
export const CRITERE_GROUPEMENT = { code: 'eo-group', libelle: 'Opérateur économique participant avec d’autres' } as const;
export const CRITERE_SOUS_TRAITANCE = { code: 'subco-ent', libelle: 'Entités sous-traitantes' } as const;

export type NatureMarche = 'TRAVAUX' | 'FOURNITURES' | 'SERVICES';
export const NATURES_MARCHE: readonly NatureMarche[] = ['TRAVAUX', 'FOURNITURES', 'SERVICES'];

/** The nature of the contract drives the suggested criteria, as on the real form. */
export const CRITERES_SUGGERES: Readonly<Record<NatureMarche, readonly string[]>> = {
  TRAVAUX: ['gen-year-to', 'year-manpower', 'work-perform', 'work-tech', 'indem-insu'],
  FOURNITURES: ['gen-year-to', 'year-manpower', 'supply-perform'],
  SERVICES: ['gen-year-to', 'year-manpower', 'service-perform', 'qualification'],
};

/**
 * Procedure types, French label → code of the EU "procurement-procedure-type" list used by ESPD
 * 4.x. The French "procédure adaptée" (MAPA) has no EU code: it is sent as `oth-single`.
 */
export const TYPES_PROCEDURE = {
  OUVERTE: { libelle: 'Procédure ouverte', codeUE: 'open' },
  RESTREINTE: { libelle: 'Procédure restreinte', codeUE: 'restricted' },
  NEGOCIEE_AVEC_PUBLICITE: { libelle: 'Procédure avec négociation', codeUE: 'neg-w-call' },
  DIALOGUE_COMPETITIF: { libelle: 'Dialogue compétitif', codeUE: 'comp-dial' },
  PARTENARIAT_INNOVATION: { libelle: 'Partenariat d’innovation', codeUE: 'innovation' },
  ADAPTEE: { libelle: 'Procédure adaptée (MAPA)', codeUE: 'oth-single' },
} as const;
export type TypeProcedure = keyof typeof TYPES_PROCEDURE;

export const critereSelection = (code: string) => CRITERES_SELECTION.find((c) => c.code === code);
export const critereExclusion = (code: string) => CRITERES_EXCLUSION.find((c) => c.code === code);
