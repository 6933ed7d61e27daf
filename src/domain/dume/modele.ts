import { ChorusError } from '../../errors/chorus-error.js';
import { erreursDume } from '../../errors/catalogue/dume.js';
import {
  CRITERES_DUME_SIMPLIFIE,
  CRITERES_EXCLUSION,
  CRITERES_SUGGERES,
  critereSelection,
  type NatureMarche,
  type TypeProcedure,
} from './criteres.js';

/**
 * The DUME model, without I/O: a buyer's DUME A, an economic operator's DUME OE, how one is built
 * from the other (the "fusion"), and groupements. Invalid input throws the catalogue's errors, so
 * the API and the control plane answer with the same envelope.
 */

const refus = (code: keyof typeof erreursDume, detail: string) => new ChorusError(erreursDume[code], detail);

export interface Adresse {
  readonly ligne: string;
  readonly codePostal: string;
  readonly ville: string;
  /** ISO 3166 alpha-2, as structures store it (FR). */
  readonly codePays: string;
}

export interface DonneesAcheteur {
  readonly nom: string;
  readonly siret: string;
  readonly numeroAvisJOUE?: string | undefined;
  /** The consultation's id on the buyer profile: what `rechercherDumes` searches by. */
  readonly idConsultation?: string | undefined;
  readonly referenceMarche: string;
  readonly objetMarche: string;
  readonly descriptionBreve?: string | undefined;
  readonly typeProcedure: TypeProcedure;
  /** Optional on the real form, but it drives the suggested selection criteria. */
  readonly natureMarche?: NatureMarche | undefined;
  readonly adresse?: Adresse | undefined;
}

export interface DumeAcheteur {
  readonly type: 'DUME_A';
  readonly identifiant: string;
  readonly dateCreation: string;
  readonly acheteur: DonneesAcheteur;
  readonly simplifie: boolean;
  /** Every exclusion ground, pre-ticked and informative: the buyer cannot drop one. */
  readonly criteresExclusion: readonly string[];
  readonly criteresSelection: readonly string[];
}

export type TailleEntreprise = 'micro' | 'small' | 'medium' | 'large';

/** What the sandbox knows of a company: its structure, plus the "private" data when asked for. */
export interface DonneesEntreprise {
  readonly siret: string;
  readonly raisonSociale: string;
  readonly adresse?: Adresse | undefined;
  readonly email?: string | undefined;
  readonly taille?: TailleEntreprise | undefined;
  /** Unpublished data (typeDonnees 2 on the real API): turnover and headcount. */
  readonly chiffreAffaires?: number | undefined;
  readonly effectifs?: number | undefined;
}

/** Roles of a DUME OE in a tender, and their code in the ESPD "eo-role-type" list. */
export const ROLES_OPERATEUR = {
  CANDIDAT_SEUL: { libelle: 'Candidat seul', codeESPD: 'sole-tenderer' },
  MANDATAIRE: { libelle: 'Mandataire du groupement', codeESPD: 'group-lead' },
  MEMBRE_GROUPEMENT: { libelle: 'Membre du groupement', codeESPD: 'group-mem' },
  SOUS_TRAITANT: { libelle: 'Sous-traitant', codeESPD: 'subcont' },
} as const;
export type RoleOperateur = keyof typeof ROLES_OPERATEUR;

/** Another participant of the same tender, linked by its own DUME. */
export interface LienMembre {
  readonly identifiantDume: string;
  readonly role: RoleOperateur;
  readonly raisonSociale?: string | undefined;
  readonly siret?: string | undefined;
}

export interface Groupement {
  readonly nom?: string | undefined;
  readonly membres: readonly LienMembre[];
}

export type ValeurReponse = boolean | number | string;

export interface DumeOperateur {
  readonly type: 'DUME_OE';
  readonly identifiant: string;
  readonly dateCreation: string;
  /** A "DUME type": the company's reusable model, not tied to a tender. */
  readonly dumeType: boolean;
  /** The buyer's DUME this one answers, copied at merge time (its data travel with the XML). */
  readonly dumeAcheteur?: DumeAcheteur | undefined;
  readonly entreprise?: DonneesEntreprise | undefined;
  readonly role: RoleOperateur;
  readonly groupement?: Groupement | undefined;
  /** Exclusion grounds: `true` means "yes, this ground applies to me". */
  readonly reponsesExclusion: Readonly<Record<string, boolean>>;
  readonly reponsesSelection: Readonly<Record<string, ValeurReponse>>;
}

export interface Creation {
  readonly identifiant: string;
  /** YYYY-MM-DD from the sandbox clock. */
  readonly date: string;
}

export interface SaisieDumeAcheteur {
  readonly acheteur: DonneesAcheteur;
  readonly simplifie?: boolean | undefined;
  /** Codes of selection criteria; absent → the ones suggested by the nature of the contract. */
  readonly criteresSelection?: readonly string[] | undefined;
}

export function creerDumeAcheteur(saisie: SaisieDumeAcheteur, creation: Creation): DumeAcheteur {
  const simplifie = saisie.simplifie ?? false;
  let criteres: readonly string[];
  if (simplifie) {
    const autres = (saisie.criteresSelection ?? []).filter((c) => !(CRITERES_DUME_SIMPLIFIE as readonly string[]).includes(c));
    if (autres.length > 0) {
      throw refus('DUME_SIMPLIFIE_CRITERES', `Le DUME simplifié ne demande que le chiffre d'affaires et les effectifs (critère refusé : ${autres[0]})`);
    }
    criteres = [...CRITERES_DUME_SIMPLIFIE];
  } else {
    criteres = saisie.criteresSelection ?? (saisie.acheteur.natureMarche ? CRITERES_SUGGERES[saisie.acheteur.natureMarche] : CRITERES_DUME_SIMPLIFIE);
    const inconnu = criteres.find((c) => !critereSelection(c));
    if (inconnu !== undefined) throw refus('DUME_CRITERE_SELECTION_INCONNU', `Critère de sélection inconnu : ${inconnu}`);
  }
  return {
    type: 'DUME_A',
    identifiant: creation.identifiant,
    dateCreation: creation.date,
    acheteur: saisie.acheteur,
    simplifie,
    criteresExclusion: CRITERES_EXCLUSION.map((c) => c.code),
    criteresSelection: [...new Set(criteres)],
  };
}

/** `recupererModelDume`: a blank DUME OE, every exclusion ground answered "no", nothing else. */
export function modeleDumeOperateur(creation: Creation): DumeOperateur {
  return {
    type: 'DUME_OE',
    identifiant: creation.identifiant,
    dateCreation: creation.date,
    dumeType: false,
    role: 'CANDIDAT_SEUL',
    reponsesExclusion: Object.fromEntries(CRITERES_EXCLUSION.map((c) => [c.code, false])),
    reponsesSelection: {},
  };
}

/** Answers the company data can give by itself, as the real service pre-fills them. */
function reponsesDepuisEntreprise(entreprise: DonneesEntreprise): Record<string, ValeurReponse> {
  const r: Record<string, ValeurReponse> = {};
  if (entreprise.chiffreAffaires !== undefined) r['gen-year-to'] = entreprise.chiffreAffaires;
  if (entreprise.effectifs !== undefined) r['year-manpower'] = entreprise.effectifs;
  return r;
}

/** `creerDumeOEavecSiretOE`: a DUME OE pre-filled with what is known of the company. */
export function dumeOperateurDepuisEntreprise(entreprise: DonneesEntreprise, creation: Creation, dumeType = false): DumeOperateur {
  return {
    ...modeleDumeOperateur(creation),
    dumeType,
    entreprise,
    reponsesSelection: reponsesDepuisEntreprise(entreprise),
  };
}

/**
 * `FusionnerDumeAvecDonnesEntreprise`: the template of a DUME OE answering a DUME A, completed
 * with the company's data or with a DUME type saved earlier. Only the criteria the buyer asked
 * for are kept; answers of the DUME type win over raw company data (the company wrote them).
 */
export function fusionner(
  dumeA: DumeAcheteur,
  source: { entreprise?: DonneesEntreprise | undefined; dumeType?: DumeOperateur | undefined },
  creation: Creation,
): DumeOperateur {
  const entreprise = source.dumeType?.entreprise ?? source.entreprise;
  const connues: Record<string, ValeurReponse> = {
    ...(entreprise ? reponsesDepuisEntreprise(entreprise) : {}),
    ...(source.entreprise ? reponsesDepuisEntreprise(source.entreprise) : {}),
    ...(source.dumeType?.reponsesSelection ?? {}),
  };
  const reponsesSelection = Object.fromEntries(dumeA.criteresSelection.filter((c) => c in connues).map((c) => [c, connues[c]!]));
  const reponsesExclusion = Object.fromEntries(dumeA.criteresExclusion.map((c) => [c, source.dumeType?.reponsesExclusion[c] ?? false]));
  return {
    type: 'DUME_OE',
    identifiant: creation.identifiant,
    dateCreation: creation.date,
    dumeType: false,
    dumeAcheteur: dumeA,
    entreprise,
    role: source.dumeType?.role ?? 'CANDIDAT_SEUL',
    reponsesExclusion,
    reponsesSelection,
  };
}

/** Completes answers; a criterion neither an exclusion ground nor a known selection criterion is refused. */
export function completer(
  dume: DumeOperateur,
  reponses: { exclusion?: Readonly<Record<string, boolean>> | undefined; selection?: Readonly<Record<string, ValeurReponse>> | undefined },
): DumeOperateur {
  for (const code of Object.keys(reponses.exclusion ?? {})) {
    if (!CRITERES_EXCLUSION.some((c) => c.code === code)) throw refus('DUME_REPONSE_CRITERE_INCONNU', `Motif d'exclusion inconnu : ${code}`);
  }
  for (const code of Object.keys(reponses.selection ?? {})) {
    if (!critereSelection(code)) throw refus('DUME_REPONSE_CRITERE_INCONNU', `Critère de sélection inconnu : ${code}`);
  }
  return {
    ...dume,
    reponsesExclusion: { ...dume.reponsesExclusion, ...reponses.exclusion },
    reponsesSelection: { ...dume.reponsesSelection, ...reponses.selection },
  };
}

/**
 * Declares the DUME's role and links the other participants' DUMEs, as ESPD does (eo-group and
 * subco-ent criteria, and a reference to each other ESPD). A groupement has exactly one
 * mandataire: this DUME or one of the linked ones.
 */
export function declarerGroupement(dume: DumeOperateur, role: RoleOperateur, groupement?: Groupement): DumeOperateur {
  const membres = groupement?.membres ?? [];
  if (role === 'CANDIDAT_SEUL') {
    if (membres.some((m) => m.role !== 'SOUS_TRAITANT')) {
      throw refus('DUME_GROUPEMENT_INVALIDE', 'Un candidat seul ne peut lier que des sous-traitants');
    }
  } else if (role === 'MANDATAIRE' || role === 'MEMBRE_GROUPEMENT') {
    const mandataires = membres.filter((m) => m.role === 'MANDATAIRE').length + (role === 'MANDATAIRE' ? 1 : 0);
    if (mandataires !== 1) throw refus('DUME_GROUPEMENT_INVALIDE', `Un groupement a un et un seul mandataire (${mandataires} déclaré(s))`);
  }
  if (membres.some((m) => m.identifiantDume === dume.identifiant)) {
    throw refus('DUME_GROUPEMENT_INVALIDE', 'Un DUME ne peut pas se lier à lui-même');
  }
  const vus = new Set<string>();
  for (const m of membres) {
    if (vus.has(m.identifiantDume)) throw refus('DUME_GROUPEMENT_INVALIDE', `DUME lié deux fois : ${m.identifiantDume}`);
    vus.add(m.identifiantDume);
  }
  return { ...dume, role, groupement: membres.length > 0 || groupement?.nom ? { nom: groupement?.nom, membres } : undefined };
}
