import { genererIban, genererSiret } from '../../domain/identifiants.js';
import type { Rng } from '../../domain/random.js';
import { ChorusError } from '../../errors/chorus-error.js';
import { erreurs } from '../../errors/catalogue/index.js';
import type { SandboxContext } from '../../sandbox/context.js';
import { formatDateTime } from '../../sandbox/dates.js';
import { creerEngagement, NUMERO_EJ_LONGUEUR_MAX } from '../engagements/service.js';
import type { EngagementRow } from '../engagements/repository.js';
import { findUtilisateurByLogin, type RattachementRow, type UtilisateurRow } from '../utilisateurs/repository.js';
import { creerUtilisateur, rattacher, type Role } from '../utilisateurs/service.js';
import * as repo from './repository.js';
import { creerCoordonneeBancaire, creerService, creerStructure, estIbanValide, structureOuErreur, type NouvelleStructure } from './service.js';

/**
 * Building an organisation with the defaults of the qualification matelas (generated SIRET,
 * `SERVICE_PUBLIQUE_1_<siret>` codes, `GEST_…@cpro.fr` / `TECH_1_…@cpro.fr` logins, IBANs): what a
 * trainer does from the control plane, and what the portal's "créer une fiche structure" will do.
 * Defaults come from a seeded generator, so a replayed sequence of actions gives the same data.
 */

/** GP: gestionnaire principal, GS: gestionnaire secondaire, US: utilisateur simple, TECH: compte technique. */
export const TYPES_COMPTE = ['GP', 'GS', 'US', 'TECH'] as const;
export type TypeCompte = (typeof TYPES_COMPTE)[number];
const ROLES: Record<Exclude<TypeCompte, 'TECH'>, Role> = {
  GP: 'GESTIONNAIRE_PRINCIPAL',
  GS: 'GESTIONNAIRE_SECONDAIRE',
  US: 'UTILISATEUR_SIMPLE',
};
const PREFIXES_LOGIN = { GP: 'GEST', GS: 'GEST2', US: 'USER' } as const;
export const VALIDITE_MOT_DE_PASSE_TECHNIQUE_JOURS = 365;

function genre(s: repo.StructureRow): 'PRIVE' | 'PUBLIQUE' {
  return s.typeStructure === 'PRIVEE' ? 'PRIVE' : 'PUBLIQUE';
}

/** The first `candidat(n)`, n = 1, 2…, that `libre` accepts. */
function premierLibre(candidat: (n: number) => string, libre: (v: string) => boolean): string {
  for (let n = 1; ; n++) if (libre(candidat(n))) return candidat(n);
}

export interface CompteSaisi {
  type: TypeCompte;
  /** The structure the account is attached to; a US account may have none (it will ask later). */
  structureId?: number;
  login?: string;
  motDePasse?: string;
  nom?: string;
  prenom?: string;
  email?: string;
  telephone?: string;
  /** Codes of the structure's services the user is attached to. */
  codesServices?: string[];
}

export interface CompteCree {
  utilisateur: UtilisateurRow;
  rattachement: RattachementRow | null;
  structure: repo.StructureRow | null;
}

export function creerCompte(ctx: SandboxContext, rng: Rng, input: CompteSaisi): CompteCree {
  if (input.structureId === undefined && input.type !== 'US') {
    throw new ChorusError(erreurs.CHAMP_OBLIGATOIRE, `Le champ 'idStructureCPP' est obligatoire pour un compte ${input.type}`);
  }
  const structure = input.structureId === undefined ? null : structureOuErreur(ctx, input.structureId, 'idStructureCPP');
  const serviceIds = (input.codesServices ?? []).map((code) => {
    const service = structure && repo.findServiceByCode(ctx, structure.id, code);
    if (!service) throw new ChorusError(erreurs.SERVICE_INTROUVABLE, `Le service '${code}' (services) n'existe pas pour cette structure`);
    return service.id;
  });
  const libre = (login: string) => !findUtilisateurByLogin(ctx, login);
  const suffixe = structure ? structure.identifiant : 'SANS_STRUCTURE';
  const login =
    input.login ??
    (input.type === 'TECH'
      ? premierLibre((n) => `TECH_${n}_${suffixe}@cpro.fr`, libre)
      : premierLibre((n) => `${PREFIXES_LOGIN[input.type as 'GP']}_${structure ? genre(structure) : 'PRIVE'}_${n}_${suffixe}@cpro.fr`, libre));
  const motDePasse = input.motDePasse ?? `Cpro!${rng.string(10)}`;
  if (input.type === 'TECH') {
    const expiration = new Date(ctx.now().getTime() + VALIDITE_MOT_DE_PASSE_TECHNIQUE_JOURS * 86_400_000);
    const utilisateur = creerUtilisateur(ctx, {
      login,
      type: 'TECHNIQUE',
      nom: input.nom ?? `Compte technique ${structure!.raisonSociale}`.slice(0, 100),
      motDePasse,
      dateExpirationMotDePasse: formatDateTime(expiration),
    });
    // A technical account acts for its structure as a simple user, on the services it is given.
    const rattachement = rattacher(ctx, { utilisateurId: utilisateur.id, structureId: structure!.id, role: 'UTILISATEUR_SIMPLE', serviceIds });
    return { utilisateur, rattachement, structure };
  }
  const utilisateur = creerUtilisateur(ctx, {
    login,
    type: 'PERSONNE',
    nom: input.nom ?? (input.type === 'US' ? 'Utilisateur' : 'Gestionnaire'),
    prenom: input.prenom ?? null,
    email: input.email ?? null,
    telephone: input.telephone ?? null,
    motDePasse,
  });
  const rattachement = structure
    ? rattacher(ctx, { utilisateurId: utilisateur.id, structureId: structure.id, role: ROLES[input.type], serviceIds })
    : null;
  return { utilisateur, rattachement, structure };
}

export interface ServiceSaisi {
  codeService?: string;
  libelle: string;
  description?: string;
  estActif?: boolean;
  numeroEngagementObligatoire?: boolean;
  miseEnPaiement?: boolean;
}

export function ajouterService(ctx: SandboxContext, structureId: number, input: ServiceSaisi): repo.ServiceRow {
  const structure = structureOuErreur(ctx, structureId);
  const code =
    input.codeService ??
    premierLibre((n) => `SERVICE_${genre(structure)}_${n}_${structure.identifiant}`, (c) => !repo.findServiceByCode(ctx, structure.id, c));
  return creerService(ctx, structure.id, {
    code,
    libelle: input.libelle,
    description: input.description ?? null,
    estActif: input.estActif ?? true,
    numeroEngagementObligatoire: input.numeroEngagementObligatoire ?? false,
    miseEnPaiement: input.miseEnPaiement ?? true,
  });
}

export type FicheStructureSaisie = Omit<NouvelleStructure, 'identifiant' | 'typeIdentifiant'> & {
  typeIdentifiant?: string;
  identifiant?: string;
  services?: ServiceSaisi[];
  gestionnaire?: Omit<CompteSaisi, 'type' | 'structureId' | 'codesServices'>;
  compteTechnique?: Omit<CompteSaisi, 'type' | 'structureId' | 'codesServices'>;
};

/**
 * A structure with its services, and optionally its gestionnaire principal and technical account.
 * Without an identifier, a free SIRET with a valid Luhn key is drawn.
 */
export function creerFicheStructure(ctx: SandboxContext, rng: Rng, input: FicheStructureSaisie) {
  const typeIdentifiant = input.typeIdentifiant?.trim().toUpperCase() ?? 'SIRET';
  let identifiant = input.identifiant?.trim();
  if (!identifiant) {
    if (typeIdentifiant !== 'SIRET') throw new ChorusError(erreurs.CHAMP_OBLIGATOIRE, "Le champ 'identifiant' est obligatoire hors SIRET");
    do identifiant = genererSiret(() => rng.next());
    while (repo.findStructureByIdentifiant(ctx, identifiant));
  }
  const { services = [], gestionnaire, compteTechnique, ...fiche } = input;
  // The délai de paiement of a public buyer follows its category; 30 days (collectivité) by default.
  const categorie = fiche.categorie ?? (fiche.typeStructure === 'PUBLIQUE' ? 'COLLECTIVITE_TERRITORIALE' : null);
  const structure = creerStructure(ctx, {
    ...fiche,
    categorie,
    typeIdentifiant,
    identifiant,
    email: fiche.email ?? `contact.${identifiant}@exemple.cpro.fr`,
  });
  for (const service of services) ajouterService(ctx, structure.id, service);
  const comptes: CompteCree[] = [];
  if (gestionnaire) comptes.push(creerCompte(ctx, rng, { ...gestionnaire, type: 'GP', structureId: structure.id }));
  if (compteTechnique) comptes.push(creerCompte(ctx, rng, { ...compteTechnique, type: 'TECH', structureId: structure.id }));
  return { structure, comptes };
}

export { colonnesParametres, type ParametresSaisis } from './parametres.js';

export interface EngagementSaisi {
  structureId: number;
  numero?: string;
  codeService?: string;
  fournisseurId?: number;
  libelle?: string;
  statut?: string;
  montantHT?: number;
  montantTTC?: number;
  tauxTva?: number;
}

export function ajouterEngagement(ctx: SandboxContext, rng: Rng, input: EngagementSaisi): EngagementRow {
  const structure = structureOuErreur(ctx, input.structureId, 'idStructureCPP');
  const service = input.codeService === undefined ? undefined : repo.findServiceByCode(ctx, structure.id, input.codeService);
  if (input.codeService !== undefined && !service) {
    throw new ChorusError(erreurs.SERVICE_INTROUVABLE, `Le service '${input.codeService}' (codeService) n'existe pas pour cette structure`);
  }
  if (input.fournisseurId !== undefined) structureOuErreur(ctx, input.fournisseurId, 'idFournisseur');
  const numero = input.numero ?? `EJ${rng.string(8, '0123456789')}`;
  if (numero.length > NUMERO_EJ_LONGUEUR_MAX) throw new ChorusError(erreurs.CHAMP_INVALIDE, "Le champ 'numero' dépasse 50 caractères");
  const montantHt = input.montantHT ?? null;
  const montantTtc = input.montantTTC ?? (montantHt === null ? null : Math.round(montantHt * (100 + (input.tauxTva ?? 20))) / 100);
  return creerEngagement(ctx, {
    numero,
    structureId: structure.id,
    serviceId: service?.id ?? null,
    fournisseurStructureId: input.fournisseurId ?? null,
    libelle: input.libelle ?? null,
    statut: input.statut ?? 'COMMANDE',
    montantHt,
    montantTtc,
  });
}

export function ajouterCoordonneeBancaire(
  ctx: SandboxContext,
  rng: Rng,
  structureId: number,
  input: { nom: string; iban?: string; bic?: string; titulaire?: string; affactureur?: boolean },
): repo.CoordonneeBancaireRow {
  const iban = input.iban?.replace(/\s+/g, '').toUpperCase() ?? genererIban(() => rng.next());
  if (!estIbanValide(iban)) throw new ChorusError(erreurs.IBAN_INVALIDE, `L'IBAN ${input.iban} (iban) n'est pas valide : format ou clé de contrôle`);
  return creerCoordonneeBancaire(ctx, structureId, { ...input, iban, bic: input.bic ?? 'CPROFRPPXXX' });
}
