import type { z } from 'zod';
import { estSiretValide } from '../../domain/identifiants.js';
import { ChorusError } from '../../errors/chorus-error.js';
import { erreurs } from '../../errors/catalogue/index.js';
import type { SandboxContext } from '../../sandbox/context.js';
import * as utilisateursRepo from '../utilisateurs/repository.js';
import type { UtilisateurRow } from '../utilisateurs/repository.js';
import { paginer, type Page } from './pagination.js';
import * as repo from './repository.js';
import type * as schemas from './schemas.js';
import { structureDesignee, structureLisible, structuresRattachees, typeIdentifiantOuErreur } from './service.js';

/**
 * The six read operations of the Structures API (structures.swagger.json), for one caller: the
 * technical account, whose structures are those it is attached to.
 */

/** Lower case without accents, so that "etat" finds "ÉTAT". */
function plier(texte: string | null | undefined): string {
  return (texte ?? '').normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().trim();
}

function contient(valeur: string | null | undefined, cherche: string | undefined): boolean {
  return cherche === undefined || plier(valeur).includes(plier(cherche));
}

function obligatoire<T>(valeur: T | undefined, champ: string): T {
  if (valeur === undefined) throw new ChorusError(erreurs.CHAMP_OBLIGATOIRE, `Le champ '${champ}' est obligatoire`);
  return valeur;
}

/**
 * `identifiantStructure` matches by prefix: a full identifier matches exactly, a partial SIRET lists
 * the establishments starting with it, as the portal's search does. A complete 14-digit SIRET with
 * a wrong Luhn key cannot exist: it is refused rather than silently finding nothing.
 */
function filtreIdentifiant(input: z.infer<typeof schemas.rechercherStructureInput>) {
  const type = typeIdentifiantOuErreur(input.typeIdentifiantStructure, 'structure.typeIdentifiantStructure');
  const identifiant = input.identifiantStructure?.replace(/\s+/g, '');
  if (identifiant && (type === 'SIRET' || type === undefined)) {
    if (type === 'SIRET' && !/^\d+$/.test(identifiant)) {
      throw new ChorusError(erreurs.IDENTIFIANT_INVALIDE, `Le champ 'structure.identifiantStructure' n'est pas un SIRET : un SIRET ne contient que des chiffres`);
    }
    if (/^\d{14}$/.test(identifiant) && !estSiretValide(identifiant)) {
      throw new ChorusError(erreurs.IDENTIFIANT_INVALIDE, `Le champ 'structure.identifiantStructure' n'est pas valide : la clé de contrôle du SIRET ${identifiant} est fausse`);
    }
  }
  return (s: repo.StructureRow) =>
    (type === undefined || s.typeIdentifiant === type) &&
    (!identifiant || s.identifiant.toUpperCase().startsWith(identifiant.toUpperCase()));
}

export function rechercherStructures(
  ctx: SandboxContext,
  appelant: UtilisateurRow,
  input: z.infer<typeof schemas.rechercherStructureParam>,
): Page<repo.StructureRow> {
  const f = input.structure ?? {};
  const identifiantCorrespond = filtreIdentifiant(f);
  // Absent or true: public structures plus only the private ones the caller is attached to (§3.2).
  const restreindre = input.restreindreStructuresPrivees ?? true;
  const miennes = structuresRattachees(ctx, appelant.id);
  const trouvees = repo.listStructures(ctx).filter(
    (s) =>
      identifiantCorrespond(s) &&
      (!restreindre || s.typeStructure === 'PUBLIQUE' || miennes.has(s.id)) &&
      contient(s.raisonSociale, f.raisonSocialeStructure) &&
      contient(s.libelle, f.libelleStructure) &&
      contient(s.nom, f.nomStructure) &&
      contient(s.prenom, f.prenomStructure) &&
      (f.adresseCodePostal === undefined || (s.codePostal ?? '').startsWith(f.adresseCodePostal.trim())) &&
      contient(s.ville, f.adresseVille) &&
      (f.adresseCodePays === undefined || s.codePays.toUpperCase() === f.adresseCodePays.trim().toUpperCase()) &&
      (f.typeStructure === undefined || s.typeStructure === f.typeStructure) &&
      (f.statutStructure === undefined || s.statut === f.statutStructure) &&
      (f.estMOA === undefined || s.estMoa === f.estMOA) &&
      (f.estMOAUniquement === undefined || s.estMoaUniquement === f.estMOAUniquement),
  );
  return paginer(
    trouvees,
    input.parametres,
    {
      IdentifiantStructure: (s) => s.identifiant,
      DesignationStructure: (s) => s.raisonSociale,
      TypeIdentifiantStructure: (s) => s.typeIdentifiant,
      Statut: (s) => s.statut,
    },
    'parametres',
  );
}

export interface FicheStructure {
  structure: repo.StructureRow;
  /** Expiry of the structure's technical account password, when it has one. */
  dateExpirationMotPasseCompteTech: string | null;
}

export function consulterStructure(
  ctx: SandboxContext,
  appelant: UtilisateurRow,
  input: z.infer<typeof schemas.consulterStructureParam>,
): FicheStructure {
  // The Go client sends `idStructure` instead of `idStructureCPP` (chorus-api §9.2): both are read.
  const id = obligatoire(input.idStructureCPP ?? input.idStructure, 'idStructureCPP');
  const structure = structureLisible(ctx, appelant.id, id, 'idStructureCPP');
  const technique = utilisateursRepo
    .listRattachementsStructure(ctx, structure.id)
    .find(({ utilisateur, rattachement }) => utilisateur.type === 'TECHNIQUE' && rattachement.statut === 'VALIDEE');
  return { structure, dateExpirationMotPasseCompteTech: technique?.utilisateur.dateExpirationMotDePasse ?? null };
}

/** Every service of the structure, inactive ones too (the rows carry `estActif`, which can be sorted on). */
export function rechercherServices(
  ctx: SandboxContext,
  appelant: UtilisateurRow,
  input: z.infer<typeof schemas.rechercherServicesParam>,
): Page<repo.ServiceRow> {
  const structure = structureLisible(ctx, appelant.id, obligatoire(input.idStructure, 'idStructure'));
  return paginer(
    repo.listServices(ctx, structure.id),
    input.parametresRechercherServicesStructure,
    {
      CodeService: (s) => s.code,
      LibelleService: (s) => s.libelle,
      DateDbtService: (s) => s.dateDebut,
      DateFinService: (s) => s.dateFin,
      EstActif: (s) => s.estActif,
    },
    'parametresRechercherServicesStructure',
  );
}

export function consulterService(
  ctx: SandboxContext,
  appelant: UtilisateurRow,
  input: z.infer<typeof schemas.consulterServiceParam>,
): { structure: repo.StructureRow; service: repo.ServiceRow } {
  const idService = obligatoire(input.idService, 'idService');
  // `idStructure` is optional for a liberal reading, but when given it must be readable and own the service.
  if (input.idStructure !== undefined) structureLisible(ctx, appelant.id, input.idStructure);
  const service = repo.findService(ctx, idService);
  if (!service || (input.idStructure !== undefined && service.structureId !== input.idStructure)) {
    throw new ChorusError(erreurs.SERVICE_INTROUVABLE, `Le service ${idService} (idService) n'existe pas pour cette structure`);
  }
  return { structure: structureLisible(ctx, appelant.id, service.structureId), service };
}

export interface RattachementsStructureUtilisateur {
  structure: repo.StructureRow;
  services: { rattachement: utilisateursRepo.RattachementServiceRow; service: repo.ServiceRow }[];
  page: Page<{ rattachement: utilisateursRepo.RattachementServiceRow; service: repo.ServiceRow }>;
}

/**
 * The service rattachements of a user (the caller by default) on a structure the caller is
 * attached to: what a gestionnaire sees when processing the user's request.
 */
export function listerRattachementsStructureUtilisateur(
  ctx: SandboxContext,
  appelant: UtilisateurRow,
  input: z.infer<typeof schemas.listerRattachementsParam>,
): RattachementsStructureUtilisateur {
  const designee = obligatoire(structureDesignee(ctx, input), 'idStructure');
  const structure = structureLisible(ctx, appelant.id, designee.id);
  if (!structuresRattachees(ctx, appelant.id).has(structure.id)) {
    throw new ChorusError(erreurs.STRUCTURE_NON_RATTACHEE, `L'utilisateur n'est pas rattaché à la structure ${structure.id} (idStructure)`);
  }
  let utilisateur = appelant;
  if (input.idUtilisateur !== undefined || input.adresseEmailConnexionUtilisateur) {
    const login = input.adresseEmailConnexionUtilisateur?.trim().toLowerCase();
    const trouve = utilisateursRepo
      .listUtilisateurs(ctx)
      .find((u) => (input.idUtilisateur === undefined || u.id === input.idUtilisateur) && (!login || u.login.toLowerCase() === login));
    if (!trouve) throw new ChorusError(erreurs.UTILISATEUR_INTROUVABLE, "L'utilisateur demandé (idUtilisateur, adresseEmailConnexionUtilisateur) n'existe pas");
    utilisateur = trouve;
  }
  const rattachement = utilisateursRepo.findRattachementDe(ctx, utilisateur.id, structure.id);
  const services = (rattachement ? utilisateursRepo.listRattachementsServices(ctx, rattachement.id) : [])
    .map((rs) => ({ rattachement: rs, service: repo.findService(ctx, rs.serviceId) }))
    .filter((x): x is { rattachement: utilisateursRepo.RattachementServiceRow; service: repo.ServiceRow } => x.service !== undefined);
  const page = paginer(
    services,
    input.parametresListerRattachementsStructureUtilisateur,
    {
      CodeService: (x) => x.service.code,
      NomService: (x) => x.service.libelle,
      StatutRattachement: (x) => x.rattachement.statut,
    },
    'parametresListerRattachementsStructureUtilisateur',
  );
  return { structure, services, page };
}

export interface EspaceStructure {
  idEspaceFo: number;
  codeEspace: number;
  libelleEspace: string;
  etatCourant: 'ACTIVE' | 'SUPPRIME';
  typeHabilitation: 'CONSULTATION_UNIQUEMENT' | 'MODIFICATION';
  service: repo.ServiceRow | null;
}

/**
 * Espaces opened on a structure. The sandbox keeps subscriptions per user, so the structure's
 * espaces are derived from them: one row per espace code, identified by its first subscription,
 * active while one subscription is; an espace a gestionnaire opened or closed (`espaces_structures`)
 * is shown in that state. Espaces are opened on the structure, not per service (chorus-
 * domain §2.4), so asking with `idService` lists the structure's espaces labelled with that service.
 */
export function rechercherEspaces(
  ctx: SandboxContext,
  appelant: UtilisateurRow,
  input: z.infer<typeof schemas.rechercherEspacesParam>,
): Page<EspaceStructure> {
  const service = input.idService === undefined ? undefined : repo.findService(ctx, input.idService);
  if (input.idService !== undefined && !service) {
    throw new ChorusError(erreurs.SERVICE_INTROUVABLE, `Le service ${input.idService} (idService) n'existe pas`);
  }
  const designee = input.structure ? structureDesignee(ctx, input.structure, 'structure.') : undefined;
  const id = obligatoire(designee?.id ?? service?.structureId, 'structure.idStructure');
  if (service && service.structureId !== id) {
    throw new ChorusError(erreurs.SERVICE_INTROUVABLE, `Le service ${service.id} (idService) n'appartient pas à la structure ${id}`);
  }
  const structure = structureLisible(ctx, appelant.id, id, 'structure.idStructure');
  const parCode = new Map<number, EspaceStructure>();
  for (const a of utilisateursRepo.listAbonnementsStructure(ctx, structure.id)) {
    if (a.etat === 'EN_COURS_DE_VALIDATION') continue;
    const actuel = parCode.get(a.codeEspace);
    parCode.set(a.codeEspace, {
      idEspaceFo: actuel?.idEspaceFo ?? a.id,
      codeEspace: a.codeEspace,
      libelleEspace: a.libelleEspace,
      etatCourant: actuel?.etatCourant === 'ACTIVE' || a.etat === 'ACTIVE' ? 'ACTIVE' : 'SUPPRIME',
      typeHabilitation:
        actuel?.typeHabilitation === 'MODIFICATION' || a.typeHabilitation === 'MODIFICATION' ? 'MODIFICATION' : 'CONSULTATION_UNIQUEMENT',
      service: service ?? null,
    });
  }
  // Espaces a gestionnaire opened or closed from the portal say so even without any subscription.
  for (const e of repo.listEspacesStructure(ctx, structure.id)) {
    const actuel = parCode.get(e.codeEspace);
    parCode.set(e.codeEspace, {
      idEspaceFo: actuel?.idEspaceFo ?? e.id,
      codeEspace: e.codeEspace,
      libelleEspace: e.libelleEspace,
      etatCourant: e.etat === 'OUVERT' ? 'ACTIVE' : 'SUPPRIME',
      typeHabilitation: actuel?.typeHabilitation ?? 'MODIFICATION',
      service: service ?? null,
    });
  }
  const espaces = [...parCode.values()].sort((a, b) => a.codeEspace - b.codeEspace);
  return paginer(
    espaces,
    input.parametresRechercherEspaces,
    {
      CodeService: (e) => e.service?.code,
      LibelleService: (e) => e.service?.libelle,
      idEspaceFo: (e) => e.idEspaceFo,
      CodeEspace: (e) => e.codeEspace,
      LibelleEspace: (e) => e.libelleEspace,
      etatCourant: (e) => e.etatCourant,
      TypeHabilitation: (e) => e.typeHabilitation,
      IdService: (e) => e.service?.id,
    },
    'parametresRechercherEspaces',
  );
}
