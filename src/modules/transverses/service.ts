import type { z } from 'zod';
import { estSiretValide } from '../../domain/identifiants.js';
import { ChorusError } from '../../errors/chorus-error.js';
import { erreurs } from '../../errors/catalogue/index.js';
import type { SandboxContext } from '../../sandbox/context.js';
import { paginer, type Page } from '../structures/pagination.js';
import * as structuresRepo from '../structures/repository.js';
import type { CoordonneeBancaireRow, ServiceRow, StructureRow } from '../structures/repository.js';
import type { UtilisateurRow } from '../utilisateurs/repository.js';
import { ESPACES } from '../utilisateurs/service.js';
import { colonneOuErreur, obligatoire, plier } from './champs.js';
import * as repo from './repository.js';
import {
  COLONNES_TRI_DESTINATAIRES,
  COLONNES_TRI_SERVICES,
  type rechercherDestinataireParam,
  type rechercherServiceExecutantParam,
} from './schemas-annuaire.js';

/** The Transverses operations that read the sandbox: the caller's structures, the directory, INSEE. */

export type EspaceFactures = 'fournisseur' | 'destinataire' | 'facturetravaux';

const LIBELLE_ESPACE: Record<EspaceFactures, string> = {
  fournisseur: 'Factures émises',
  destinataire: 'Factures reçues',
  facturetravaux: 'Factures de travaux',
};

/**
 * Which attached structures work in an espace. Suppliers issue from private structures, recipients
 * are public ones. Works invoices involve the supplier and the MOE (private: any private structure
 * may be named maître d'œuvre on a marché) and the MOA (a public structure with « Structure avec
 * MOA »); a public structure without it cannot receive works documents.
 */
const PEUT_AGIR: Record<EspaceFactures, (s: StructureRow) => boolean> = {
  fournisseur: (s) => s.typeStructure === 'PRIVEE',
  destinataire: (s) => s.typeStructure === 'PUBLIQUE',
  facturetravaux: (s) => s.typeStructure === 'PRIVEE' || s.estMoa || s.estMoaUniquement,
};

/**
 * `recuperer/structures/actives/*`: active structures of the caller's rattachements where he is
 * « habilité » to the espace. A structure where the caller holds subscriptions needs an active one
 * to that espace; without any subscription row (older data), the structure type alone decides.
 */
export function structuresActives(ctx: SandboxContext, appelant: UtilisateurRow, espace: EspaceFactures): StructureRow[] {
  const code = ESPACES.find((e) => e.libelleEspace === LIBELLE_ESPACE[espace])?.codeEspace;
  const abonnements = repo.abonnementsDeLUtilisateur(ctx, appelant.id);
  return repo.structuresDeLUtilisateur(ctx, appelant.id).filter((s) => {
    if (s.statut !== 'ACTIF' || !PEUT_AGIR[espace](s)) return false;
    const surLaStructure = abonnements.filter((a) => a.structureId === s.id);
    if (code === undefined || surLaStructure.length === 0) return true;
    return surLaStructure.some((a) => a.codeEspace === code && a.etat === 'ACTIVE');
  });
}

/**
 * `recuperer/structuresPourUtilisateur`: every structure the caller is attached to. `espaceFo` is
 * read as an espace code (the sample client sends 0, meaning all): with one, only the structures
 * where the caller has an active subscription to that espace.
 */
export function structuresPourUtilisateur(ctx: SandboxContext, appelant: UtilisateurRow, espaceFo?: number): StructureRow[] {
  const structures = repo.structuresDeLUtilisateur(ctx, appelant.id);
  if (!espaceFo) return structures;
  const ouvertes = new Set(
    repo
      .abonnementsDeLUtilisateur(ctx, appelant.id)
      .filter((a) => a.codeEspace === espaceFo && a.etat === 'ACTIVE')
      .map((a) => a.structureId),
  );
  return structures.filter((s) => ouvertes.has(s.id));
}

/** `recuperer/coordbanc/valides`: only for a structure the caller is attached to. */
export function coordonneesBancairesValides(
  ctx: SandboxContext,
  appelant: UtilisateurRow,
  idStructure: number | undefined,
): CoordonneeBancaireRow[] {
  const id = obligatoire(idStructure, 'idStructure');
  // An unknown id and another's structure get the same answer: the caller learns nothing of either.
  if (!repo.structuresDeLUtilisateur(ctx, appelant.id).some((s) => s.id === id)) {
    throw new ChorusError(
      erreurs.COORDBANC_STRUCTURE_NON_RATTACHEE,
      `L'utilisateur n'est pas rattaché à la structure ${id} (idStructure)`,
    );
  }
  return repo.coordonneesBancairesValides(ctx, id);
}

/** Every word of the query must appear in one of the fields ("lyon 69003" finds Lyon, 69003). */
function correspondATousLesMots(requete: string | undefined, champs: (string | null)[]): boolean {
  const mots = plier(requete).split(/\s+/).filter(Boolean);
  const textes = champs.map(plier);
  return mots.every((mot) => textes.some((t) => t.includes(mot)));
}

/** `rechercher/destinataire`: the sandbox's active public structures. */
export function rechercherDestinataires(
  ctx: SandboxContext,
  input: z.infer<typeof rechercherDestinataireParam>,
): Page<StructureRow> {
  const identifiant = input.identifiant?.replace(/\s+/g, '').toUpperCase();
  const trouves =
    input.typeStructure === 'PRIVEE'
      ? []
      : repo
          .destinatairesActifs(ctx)
          .filter(
            (s) =>
              (!identifiant || s.identifiant.toUpperCase().startsWith(identifiant)) &&
              correspondATousLesMots(input.nomVilleCodePostal, [s.raisonSociale, s.libelle, s.ville, s.codePostal]),
          );
  const params = input.parametresRecherche;
  return paginer(
    trouves,
    { ...params, triColonne: colonneOuErreur(COLONNES_TRI_DESTINATAIRES, params?.triColonne, 'parametresRecherche.triColonne') },
    {
      IdStructureCPP: (s) => s.id,
      Siret: (s) => s.identifiant,
      NomDestinataire: (s) => s.raisonSociale,
      AdresseCodePostal: (s) => s.codePostal,
      AdresseVille: (s) => s.ville,
    },
    'parametresRecherche',
  );
}

/** `rechercher/serviceexecutant`: the services of one active public structure. */
export function rechercherServicesExecutants(
  ctx: SandboxContext,
  input: z.infer<typeof rechercherServiceExecutantParam>,
): Page<ServiceRow> {
  const id = obligatoire(input.idDestinataireCPP, 'idDestinataireCPP');
  const destinataire = structuresRepo.findStructure(ctx, id);
  if (!destinataire || destinataire.typeStructure !== 'PUBLIQUE' || destinataire.statut !== 'ACTIF') {
    throw new ChorusError(
      erreurs.DESTINATAIRE_ANNUAIRE_INCONNU,
      `Le champ 'idDestinataireCPP' ne désigne pas une structure publique active : ${id}`,
    );
  }
  const code = plier(input.codeServiceExecutant);
  const services = structuresRepo
    .listServices(ctx, destinataire.id)
    .filter(
      (s) =>
        plier(s.code).includes(code) &&
        correspondATousLesMots(input.nomServiceExecutant, [s.libelle]) &&
        (input.actif === undefined || s.estActif === input.actif),
    );
  const params = input.parametresRecherche;
  return paginer(
    services,
    { ...params, triColonne: colonneOuErreur(COLONNES_TRI_SERVICES, params?.triColonne, 'parametresRecherche.triColonne') },
    { CodeServiceExecutant: (s) => s.code, NomServiceExecutant: (s) => s.libelle },
    'parametresRecherche',
  );
}

/**
 * `consulter/information/siret`. The real service queries INSEE and does not work in qualification;
 * the sandbox answers from its own structure with that SIRET, public or private, so that a trainee
 * can look up the matelas's establishments.
 */
export function consulterInformationSiret(ctx: SandboxContext, siretStructure: string | undefined): StructureRow {
  const siret = obligatoire(siretStructure, 'siretStructure').replace(/\s+/g, '');
  if (!estSiretValide(siret)) {
    throw new ChorusError(
      erreurs.SIRET_CLE_INVALIDE,
      `Le champ 'siretStructure' n'est pas un SIRET valide (14 chiffres dont une clé de contrôle) : ${siret.slice(0, 20)}`,
    );
  }
  const structure = structuresRepo.findStructureByIdentifiant(ctx, siret, 'SIRET');
  if (!structure) {
    throw new ChorusError(erreurs.SIRET_INCONNU_INSEE, `Aucun établissement ne correspond au SIRET ${siret} (siretStructure)`);
  }
  return structure;
}
