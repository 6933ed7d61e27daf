import type { Rng } from '../domain/random.js';
import type { SandboxContext } from '../sandbox/context.js';
import {
  ajouterCoordonneeBancaire,
  ajouterEngagement,
  colonnesParametres,
  creerCompte,
  creerFicheStructure,
} from '../modules/structures/organisation.js';
import { definirMandataire } from '../modules/structures/repository.js';
import type { Scenario } from './format.js';

/**
 * Builds the organisation of a scenario through the same services a trainer uses from the control
 * plane: structures with their services, accounts and rattachements, bank details, then engagements
 * (which may name a supplier declared later in the file). Whatever the scenario leaves out is drawn
 * from the seeded generator.
 */
export function loadOrganisation(ctx: SandboxContext, scenario: Scenario, rng: Rng): void {
  const ids = new Map<string, number>();

  for (const s of scenario.structures) {
    const { structure } = creerFicheStructure(ctx, rng, {
      entite: s.entite,
      typeStructure: s.type,
      typeIdentifiant: s.typeIdentifiant,
      identifiant: s.identifiant,
      raisonSociale: s.raisonSociale,
      categorie: s.categorie ?? null,
      email: s.email ?? null,
      adresse: s.adresse?.adresse ?? null,
      codePostal: s.adresse?.codePostal ?? null,
      ville: s.adresse?.ville ?? null,
      codePays: s.adresse?.codePays ?? 'FR',
      telephone: s.adresse?.telephone ?? null,
      ...colonnesParametres(s.parametres),
      services: s.services.map((svc) => ({
        codeService: svc.code,
        libelle: svc.libelle,
        estActif: svc.actif,
        numeroEngagementObligatoire: svc.numeroEngagementObligatoire,
        miseEnPaiement: svc.miseEnPaiement,
      })),
    });
    ids.set(s.entite, structure.id);

    for (const compte of s.comptes) {
      creerCompte(ctx, rng, {
        type: compte.type,
        structureId: structure.id,
        login: compte.login,
        motDePasse: compte.motDePasse,
        nom: compte.nom ?? (compte.type === 'TECH' ? undefined : `${compte.type === 'US' ? 'Utilisateur' : 'Gestionnaire'} ${s.entite}`),
        prenom: compte.prenom ?? (compte.type === 'US' ? 'Simple' : compte.type === 'TECH' ? undefined : 'Principal'),
        codesServices: compte.services,
      });
    }
    for (const cb of s.coordonneesBancaires) ajouterCoordonneeBancaire(ctx, rng, structure.id, cb);
  }

  for (const s of scenario.structures) {
    const mandataireId = s.mandataire ? ids.get(s.mandataire) : undefined;
    if (mandataireId !== undefined) definirMandataire(ctx, ids.get(s.entite)!, mandataireId);
    for (const e of s.engagements) {
      ajouterEngagement(ctx, rng, {
        structureId: ids.get(s.entite)!,
        numero: e.numero,
        codeService: e.service,
        fournisseurId: e.fournisseur ? ids.get(e.fournisseur) : undefined,
        libelle: e.libelle,
        statut: e.statut,
        montantHT: e.montantHt,
        tauxTva: e.tauxTva,
      });
    }
  }
}
