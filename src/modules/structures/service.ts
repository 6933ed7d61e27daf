import { nextId } from '../../db/sequences.js';
import { ChorusError } from '../../errors/chorus-error.js';
import { erreursStructures } from '../../errors/catalogue/structures.js';
import { validerIdentifiantStructure } from '../../domain/identifiants.js';
import type { SandboxContext } from '../../sandbox/context.js';
import { formatDateTime } from '../../sandbox/dates.js';
import * as repo from './repository.js';

/** Every public structure exposes this reserved service; private suppliers may not invoice it. */
export const SERVICE_FACTURES_PUBLIQUES = 'FACTURES_PUBLIQUES';

export interface NouvelleStructure {
  entite?: string | null;
  typeStructure: 'PRIVEE' | 'PUBLIQUE';
  typeIdentifiant: string;
  identifiant: string;
  raisonSociale: string;
  categorie?: string | null;
  email?: string | null;
  adresse?: string | null;
  codePostal?: string | null;
  ville?: string | null;
  codePays?: string;
  telephone?: string | null;
  codeServiceDoitEtreRenseigne?: boolean;
  numeroEjDoitEtreRenseigne?: boolean;
  gestionNumeroEjOuCodeService?: boolean;
  estMoa?: boolean;
  estMoaUniquement?: boolean;
  estValideurDelegue?: boolean;
  connexionEdi?: boolean;
  recevoirDonneesViaEdi?: boolean;
  statutMiseEnPaiementNestPasRemonte?: boolean;
}

/** Creates a structure; a public one gets its reserved `FACTURES_PUBLIQUES` service. */
export function creerStructure(ctx: SandboxContext, input: NouvelleStructure): repo.StructureRow {
  const probleme = validerIdentifiantStructure(input.typeIdentifiant, input.identifiant);
  if (probleme) throw new ChorusError(erreursStructures.IDENTIFIANT_INVALIDE, probleme);
  if (repo.findStructureByIdentifiant(ctx, input.identifiant, input.typeIdentifiant)) {
    throw new ChorusError(erreursStructures.STRUCTURE_EXISTANTE);
  }
  const structure = repo.insertStructure(ctx, {
    ...input,
    id: nextId(ctx.db, ctx.sandboxId, 'structure'),
    createdAt: formatDateTime(ctx.now()),
  });
  if (structure.typeStructure === 'PUBLIQUE') {
    creerService(ctx, structure.id, {
      code: SERVICE_FACTURES_PUBLIQUES,
      libelle: 'Factures publiques',
      description: 'Service par défaut de la structure publique',
    });
  }
  return structure;
}

export interface NouveauService {
  code: string;
  libelle: string;
  description?: string | null;
  estActif?: boolean;
  numeroEngagementObligatoire?: boolean;
  miseEnPaiement?: boolean;
  dateFin?: string | null;
}

export function creerService(ctx: SandboxContext, structureId: number, input: NouveauService): repo.ServiceRow {
  if (!repo.findStructure(ctx, structureId)) throw new ChorusError(erreursStructures.STRUCTURE_INTROUVABLE);
  if (repo.findServiceByCode(ctx, structureId, input.code)) throw new ChorusError(erreursStructures.SERVICE_EXISTANT);
  const now = formatDateTime(ctx.now());
  return repo.insertService(ctx, {
    ...input,
    id: nextId(ctx.db, ctx.sandboxId, 'service'),
    structureId,
    dateDebut: now,
    dateFin: input.dateFin ?? '2050-12-31T00:00:00.000Z',
    createdAt: now,
    updatedAt: now,
  });
}

export function creerCoordonneeBancaire(
  ctx: SandboxContext,
  structureId: number,
  input: { nom: string; iban: string; bic?: string | null; titulaire?: string | null; affactureur?: boolean },
): repo.CoordonneeBancaireRow {
  const structure = repo.findStructure(ctx, structureId);
  if (!structure) throw new ChorusError(erreursStructures.STRUCTURE_INTROUVABLE);
  return repo.insertCoordonneeBancaire(ctx, {
    ...input,
    id: nextId(ctx.db, ctx.sandboxId, 'coordonneeBancaire'),
    structureId,
    titulaire: input.titulaire ?? structure.raisonSociale,
    createdAt: formatDateTime(ctx.now()),
  });
}
