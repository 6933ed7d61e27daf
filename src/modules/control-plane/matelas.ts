import { z } from 'zod';
import { createRng, type Rng } from '../../domain/random.js';
import { nextId } from '../../db/sequences.js';
import { ChorusError } from '../../errors/chorus-error.js';
import { erreurs } from '../../errors/catalogue/index.js';
import type { SandboxContext } from '../../sandbox/context.js';
import { listEngagements, type EngagementRow } from '../engagements/repository.js';
import { TYPES_COMPTE, type CompteCree, type TypeCompte } from '../structures/organisation.js';
import { parametresDe, parametresStructure } from '../structures/parametres.js';
import * as structuresRepo from '../structures/repository.js';
import * as utilisateursRepo from '../utilisateurs/repository.js';
import { dossiersDuMatelas } from '../travaux/service.js';

/**
 * The matelas de données of a sandbox: what the qualification portal hands a trainee (SIRETs,
 * service codes, logins and passwords, engagement numbers, IBANs), as JSON and as the portal's
 * `Entite;Libelle;Valeur` CSV. Built from the sandbox's current state, so trainer additions show;
 * it carries no date nor sandbox id, so a scenario and seed always give the same matelas.
 */

const parametresDto = parametresStructure;

export const matelasServiceDto = z.object({
  codeService: z.string(),
  idService: z.number().int(),
  libelle: z.string(),
  estActif: z.boolean(),
  numeroEngagementObligatoire: z.boolean(),
});

export const matelasStructureDto = z.object({
  entite: z.string().describe('Nom de l’entité dans le matelas (raison sociale à défaut)'),
  siret: z.string().nullable().describe('SIRET, ou null pour un autre type d’identifiant'),
  identifiant: z.string(),
  typeIdentifiant: z.string(),
  idStructureCPP: z.number().int(),
  designation: z.string(),
  type: z.enum(['PRIVEE', 'PUBLIQUE']),
  statut: z.enum(['ACTIF', 'INACTIF']),
  categorie: z.string().nullable(),
  parametres: parametresDto,
  services: z.array(matelasServiceDto),
  mandataire: z.string().nullable().describe('Pour un cotraitant : l’entité mandataire de son groupement, second valideur des factures A9 de ses sous-traitants'),
});


export const matelasCompteDto = z.object({
  entite: z.string().nullable(),
  idStructureCPP: z.number().int().nullable(),
  type: z.enum(TYPES_COMPTE),
  login: z.string(),
  motDePasse: z.string(),
  idUtilisateur: z.number().int(),
  nom: z.string(),
  prenom: z.string().nullable(),
  statutRattachement: z.string().nullable(),
});

export const matelasEngagementDto = z.object({
  entite: z.string(),
  idStructureCPP: z.number().int(),
  idEngagementJuridique: z.number().int(),
  numero: z.string(),
  statut: z.string(),
  libelle: z.string().nullable(),
  codeService: z.string().nullable(),
  fournisseur: z.string().nullable().describe('Entité du fournisseur'),
  idFournisseur: z.number().int().nullable(),
  montantHT: z.number().nullable(),
  montantTTC: z.number().nullable(),
});

export const matelasCoordonneeBancaireDto = z.object({
  entite: z.string(),
  idStructureCPP: z.number().int(),
  idCoordonneeBancaire: z.number().int(),
  nom: z.string(),
  iban: z.string(),
  bic: z.string().nullable(),
  titulaire: z.string().nullable(),
  affactureur: z.boolean(),
});

export const matelasDossierTravauxDto = z.object({
  idDossierFacturation: z.number().int(),
  numeroDossierFacturation: z.string(),
  titulaire: z.string(),
  moe: z.string().nullable(),
  moa: z.string(),
  destinataire: z.string(),
  numeroMarche: z.string().nullable(),
  etape: z.string().describe('Statut de la dernière pièce du dossier'),
  pieces: z.array(z.object({ idFactureTravaux: z.number().int(), numeroFactureTravaux: z.string(), cadreFacturation: z.string(), statutFactureTravaux: z.string() })),
});

export const matelasDto = z.object({
  structures: z.array(matelasStructureDto),
  comptes: z.array(matelasCompteDto),
  engagements: z.array(matelasEngagementDto),
  coordonneesBancaires: z.array(matelasCoordonneeBancaireDto),
  dossiersTravaux: z.array(matelasDossierTravauxDto).describe('Dossiers de facturation de travaux (titulaire, MOE, MOA) et leurs pièces'),
});
export type Matelas = z.infer<typeof matelasDto>;

export function entiteDe(s: structuresRepo.StructureRow): string {
  return s.entite ?? s.raisonSociale;
}

export function toMatelasService(s: structuresRepo.ServiceRow): z.infer<typeof matelasServiceDto> {
  return { codeService: s.code, idService: s.id, libelle: s.libelle, estActif: s.estActif, numeroEngagementObligatoire: s.numeroEngagementObligatoire };
}

export function toMatelasStructure(ctx: SandboxContext, s: structuresRepo.StructureRow): z.infer<typeof matelasStructureDto> {
  return {
    entite: entiteDe(s),
    siret: s.typeIdentifiant === 'SIRET' ? s.identifiant : null,
    identifiant: s.identifiant,
    typeIdentifiant: s.typeIdentifiant,
    idStructureCPP: s.id,
    designation: s.raisonSociale,
    type: s.typeStructure,
    statut: s.statut,
    categorie: s.categorie,
    parametres: parametresDe(s),
    services: structuresRepo.listServices(ctx, s.id).map(toMatelasService),
    mandataire: s.mandataireId === null ? null : entiteDe(structuresRepo.findStructure(ctx, s.mandataireId) ?? s),
  };
}

export function typeCompte(utilisateur: utilisateursRepo.UtilisateurRow, role: utilisateursRepo.RattachementRow['role'] | null): TypeCompte {
  if (utilisateur.type === 'TECHNIQUE') return 'TECH';
  return role === 'GESTIONNAIRE_PRINCIPAL' ? 'GP' : role === 'GESTIONNAIRE_SECONDAIRE' ? 'GS' : 'US';
}

export function toMatelasCompte(
  utilisateur: utilisateursRepo.UtilisateurRow,
  rattachement: utilisateursRepo.RattachementRow | null,
  structure: structuresRepo.StructureRow | null,
): z.infer<typeof matelasCompteDto> {
  return {
    entite: structure ? entiteDe(structure) : null,
    idStructureCPP: structure?.id ?? null,
    type: typeCompte(utilisateur, rattachement?.role ?? null),
    login: utilisateur.login,
    motDePasse: utilisateur.motDePasse,
    idUtilisateur: utilisateur.id,
    nom: utilisateur.nom,
    prenom: utilisateur.prenom,
    statutRattachement: rattachement?.statut ?? null,
  };
}

export function toMatelasEngagement(ctx: SandboxContext, e: EngagementRow): z.infer<typeof matelasEngagementDto> {
  const emetteur = structuresRepo.findStructure(ctx, e.structureId)!;
  const fournisseur = e.fournisseurStructureId === null ? undefined : structuresRepo.findStructure(ctx, e.fournisseurStructureId);
  return {
    entite: entiteDe(emetteur),
    idStructureCPP: emetteur.id,
    idEngagementJuridique: e.id,
    numero: e.numero,
    statut: e.statut,
    libelle: e.libelle,
    codeService: e.serviceId === null ? null : (structuresRepo.findService(ctx, e.serviceId)?.code ?? null),
    fournisseur: fournisseur ? entiteDe(fournisseur) : null,
    idFournisseur: fournisseur?.id ?? null,
    montantHT: e.montantHt,
    montantTTC: e.montantTtc,
  };
}

export function toMatelasCoordonneeBancaire(
  s: structuresRepo.StructureRow,
  cb: structuresRepo.CoordonneeBancaireRow,
): z.infer<typeof matelasCoordonneeBancaireDto> {
  return {
    entite: entiteDe(s),
    idStructureCPP: s.id,
    idCoordonneeBancaire: cb.id,
    nom: cb.nom,
    iban: cb.iban,
    bic: cb.bic,
    titulaire: cb.titulaire,
    affactureur: cb.affactureur,
  };
}

/** The whole matelas, in creation order: one account row per rattachement, unattached accounts last. */
export function construireMatelas(ctx: SandboxContext): Matelas {
  const structures = structuresRepo.listStructures(ctx);
  const parId = new Map(structures.map((s) => [s.id, s]));
  const utilisateurs = new Map(utilisateursRepo.listUtilisateurs(ctx).map((u) => [u.id, u]));
  const rattachements = utilisateursRepo.listRattachements(ctx).filter((r) => r.statut !== 'SUPPRIMEE');
  const rattaches = new Set(rattachements.map((r) => r.utilisateurId));
  const comptes = [
    ...rattachements.map((r) => toMatelasCompte(utilisateurs.get(r.utilisateurId)!, r, parId.get(r.structureId) ?? null)),
    ...[...utilisateurs.values()].filter((u) => !rattaches.has(u.id)).map((u) => toMatelasCompte(u, null, null)),
  ];
  const engagements = listEngagements(ctx).map((e) => toMatelasEngagement(ctx, e));
  const coordonneesBancaires = structures.flatMap((s) =>
    structuresRepo.listCoordonneesBancaires(ctx, s.id).map((cb) => toMatelasCoordonneeBancaire(s, cb)),
  );
  return { structures: structures.map((s) => toMatelasStructure(ctx, s)), comptes, engagements, coordonneesBancaires, dossiersTravaux: dossiersDuMatelas(ctx) };
}

const LIBELLES_COMPTE: Record<TypeCompte, string> = { GP: 'compte GP', GS: 'compte GS', US: 'compte utilisateur', TECH: 'compte technique' };
const SANS_RATTACHEMENT = 'Sans rattachement';

/** A CSV field: quoted when it holds the separator, a quote or a line break. */
function champ(valeur: string | number): string {
  const texte = String(valeur);
  return /[;"\r\n]/.test(texte) ? `"${texte.replaceAll('"', '""')}"` : texte;
}

/**
 * The qualification portal's export: `Entite;Libelle;Valeur`, grouped by entité (structure, its
 * services, accounts, engagements it issued, bank details). CRLF line ends, as spreadsheets expect.
 */
export function matelasCsv(m: Matelas): string {
  const lignes: [string, string, string | number][] = [];
  for (const s of m.structures) {
    const e = s.entite;
    if (s.siret) lignes.push([e, 'SIRET Structure', s.siret]);
    else lignes.push([e, 'Identifiant Structure', s.identifiant], [e, 'Type identifiant Structure', s.typeIdentifiant]);
    lignes.push([e, 'Identifiant CPP Structure', s.idStructureCPP], [e, 'Raison sociale', s.designation], [e, 'Type de structure', s.type]);
    if (s.mandataire) lignes.push([e, 'Mandataire du groupement', s.mandataire]);
    for (const svc of s.services) lignes.push([e, 'Code du service', svc.codeService], [e, 'Libellé du service', svc.libelle]);
    for (const c of m.comptes.filter((c) => c.idStructureCPP === s.idStructureCPP)) {
      lignes.push([e, `Login ${LIBELLES_COMPTE[c.type]}`, c.login], [e, `Mot de passe ${LIBELLES_COMPTE[c.type]}`, c.motDePasse]);
    }
    for (const ej of m.engagements.filter((x) => x.idStructureCPP === s.idStructureCPP)) {
      lignes.push([e, 'Numéro EJ', ej.numero], [e, 'Statut EJ', ej.statut]);
    }
    for (const cb of m.coordonneesBancaires.filter((x) => x.idStructureCPP === s.idStructureCPP)) {
      lignes.push([e, 'Nom coordonnées bancaires', cb.nom], [e, 'IBAN', cb.iban]);
    }
    // Works dossiers under their titulaire: the dossier number, then each piece (id, cadre, status).
    for (const d of m.dossiersTravaux.filter((x) => x.titulaire === e)) {
      lignes.push([e, 'Numéro dossier de facturation', d.numeroDossierFacturation]);
      for (const p of d.pieces) lignes.push([e, `Pièce de travaux ${p.numeroFactureTravaux}`, `${p.idFactureTravaux} ${p.cadreFacturation} ${p.statutFactureTravaux}`]);
    }
  }
  for (const c of m.comptes.filter((x) => x.idStructureCPP === null)) {
    lignes.push([SANS_RATTACHEMENT, `Login ${LIBELLES_COMPTE[c.type]}`, c.login], [SANS_RATTACHEMENT, `Mot de passe ${LIBELLES_COMPTE[c.type]}`, c.motDePasse]);
  }
  return ['Entite;Libelle;Valeur', ...lignes.map((l) => l.map(champ).join(';'))].join('\r\n') + '\r\n';
}

// --- Trainer additions: look-ups by the names a trainer knows, and their answers ---------------

/**
 * A generator for one trainer action: seeded by the sandbox's seed and a per-sandbox counter, so
 * replaying the same actions on the same seed draws the same SIRETs, passwords and IBANs.
 */
export function generateur(ctx: SandboxContext, seed: number): Rng {
  return createRng((seed ^ 0x7a17ee) + nextId(ctx.db, ctx.sandboxId, 'actionFormateur') * 7919);
}

/** A structure named in the URL: unknown is a 404, like an unknown sandbox. */
export function structureDuBac(ctx: SandboxContext, id: number): structuresRepo.StructureRow {
  const structure = structuresRepo.findStructure(ctx, id);
  if (!structure) throw new ChorusError(erreurs.STRUCTURE_INCONNUE_BAC, `La structure ${id} n'existe pas dans ce bac à sable`);
  return structure;
}

export function utilisateurParLogin(ctx: SandboxContext, login: string, champ: string): utilisateursRepo.UtilisateurRow {
  const utilisateur = utilisateursRepo.findUtilisateurByLogin(ctx, login);
  if (!utilisateur) throw new ChorusError(erreurs.UTILISATEUR_INTROUVABLE, `Aucun compte ne porte le login ${login} (${champ})`);
  return utilisateur;
}

export function servicesParCodes(ctx: SandboxContext, structureId: number, codes: string[]): number[] {
  return codes.map((code) => {
    const service = structuresRepo.findServiceByCode(ctx, structureId, code);
    if (!service) throw new ChorusError(erreurs.SERVICE_INTROUVABLE, `Le service '${code}' (services) n'existe pas pour cette structure`);
    return service.id;
  });
}

export const structureCreeeDto = z.object({ structure: matelasStructureDto, comptes: z.array(matelasCompteDto) });

export function toStructureCreee(
  ctx: SandboxContext,
  cree: { structure: structuresRepo.StructureRow; comptes: CompteCree[] },
): z.infer<typeof structureCreeeDto> {
  return {
    structure: toMatelasStructure(ctx, cree.structure),
    comptes: cree.comptes.map((c) => toMatelasCompte(c.utilisateur, c.rattachement, c.structure)),
  };
}

export const rattachementDto = z.object({
  idRattachement: z.number().int(),
  login: z.string(),
  idUtilisateur: z.number().int(),
  entite: z.string(),
  idStructureCPP: z.number().int(),
  role: z.enum(['GESTIONNAIRE_PRINCIPAL', 'GESTIONNAIRE_SECONDAIRE', 'UTILISATEUR_SIMPLE']),
  statut: z.enum(['EN_COURS_DE_VALIDATION', 'REFUSEE', 'VALIDEE', 'DESACTIVEE', 'SUPPRIMEE']),
  commentaire: z.string().nullable(),
  services: z.array(z.object({ codeService: z.string(), idService: z.number().int(), statut: z.string() })),
});

export function toRattachement(ctx: SandboxContext, r: utilisateursRepo.RattachementRow): z.infer<typeof rattachementDto> {
  const structure = structuresRepo.findStructure(ctx, r.structureId)!;
  const utilisateur = utilisateursRepo.findUtilisateur(ctx, r.utilisateurId)!;
  return {
    idRattachement: r.id,
    login: utilisateur.login,
    idUtilisateur: utilisateur.id,
    entite: entiteDe(structure),
    idStructureCPP: structure.id,
    role: r.role,
    statut: r.statut,
    commentaire: r.commentaire,
    services: utilisateursRepo.listRattachementsServices(ctx, r.id).map((rs) => ({
      codeService: structuresRepo.findService(ctx, rs.serviceId)?.code ?? '',
      idService: rs.serviceId,
      statut: rs.statut,
    })),
  };
}
