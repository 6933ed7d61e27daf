import { genererSiret } from '../domain/identifiants.js';
import type { Rng } from '../domain/random.js';
import type { SandboxContext } from '../sandbox/context.js';
import { formatDateTime } from '../sandbox/dates.js';
import { creerEngagement } from '../modules/engagements/service.js';
import { creerCoordonneeBancaire, creerService, creerStructure } from '../modules/structures/service.js';
import { creerUtilisateur, rattacher, type Role } from '../modules/utilisateurs/service.js';
import type { Scenario } from './format.js';

const ROLES: Record<'GP' | 'GS' | 'US', Role> = {
  GP: 'GESTIONNAIRE_PRINCIPAL',
  GS: 'GESTIONNAIRE_SECONDAIRE',
  US: 'UTILISATEUR_SIMPLE',
};

/** Login prefixes of the qualification matelas (`GEST_PRIVE_1_<siret>@cpro.fr`, `TECH_1_<siret>@cpro.fr`…). */
const LOGIN_PREFIX = { GP: 'GEST', GS: 'GEST2', US: 'USER' } as const;

/** Technical account passwords expire; the sandbox gives them a year from the sandbox's "now". */
const TECH_PASSWORD_VALIDITY_DAYS = 365;

/**
 * Builds the organisation of a scenario: structures, their services, accounts and rattachements,
 * bank details, then engagements (which may name a supplier declared later in the file).
 */
export function loadOrganisation(ctx: SandboxContext, scenario: Scenario, rng: Rng): void {
  const ids = new Map<string, number>();
  const servicesByEntite = new Map<string, Map<string, number>>();

  for (const s of scenario.structures) {
    const identifiant = s.identifiant ?? genererSiret(() => rng.next());
    const structure = creerStructure(ctx, {
      entite: s.entite,
      typeStructure: s.type,
      typeIdentifiant: s.typeIdentifiant,
      identifiant,
      raisonSociale: s.raisonSociale,
      categorie: s.categorie ?? null,
      email: s.email ?? `contact.${identifiant}@exemple.cpro.fr`,
      adresse: s.adresse?.adresse ?? null,
      codePostal: s.adresse?.codePostal ?? null,
      ville: s.adresse?.ville ?? null,
      codePays: s.adresse?.codePays ?? 'FR',
      telephone: s.adresse?.telephone ?? null,
      codeServiceDoitEtreRenseigne: s.parametres.codeServiceDoitEtreRenseigne,
      numeroEjDoitEtreRenseigne: s.parametres.numeroEJDoitEtreRenseigne,
      gestionNumeroEjOuCodeService: s.parametres.gestionNumeroEJOuCodeService,
      estMoa: s.parametres.estMOA,
      estMoaUniquement: s.parametres.estMOAUniquement,
      estValideurDelegue: s.parametres.estValideurDelegue,
      connexionEdi: s.parametres.connexionEDI,
      recevoirDonneesViaEdi: s.parametres.recevoirDonneesViaEDI,
      statutMiseEnPaiementNestPasRemonte: s.parametres.statutMiseEnPaiementNestPasRemonte,
    });
    ids.set(s.entite, structure.id);

    const kind = s.type === 'PRIVEE' ? 'PRIVE' : 'PUBLIQUE';
    const codes = new Map<string, number>();
    s.services.forEach((svc, i) => {
      const code = svc.code ?? `SERVICE_${kind}_${i + 1}_${identifiant}`;
      const service = creerService(ctx, structure.id, {
        code,
        libelle: svc.libelle,
        estActif: svc.actif,
        numeroEngagementObligatoire: svc.numeroEngagementObligatoire,
        miseEnPaiement: svc.miseEnPaiement,
      });
      codes.set(code, service.id);
    });
    servicesByEntite.set(s.entite, codes);

    let rank = 0;
    for (const compte of s.comptes) {
      rank += 1;
      const motDePasse = compte.motDePasse ?? `Cpro!${rng.string(10)}`;
      if (compte.type === 'TECH') {
        const expiration = new Date(ctx.now().getTime() + TECH_PASSWORD_VALIDITY_DAYS * 86_400_000);
        const tech = creerUtilisateur(ctx, {
          login: compte.login ?? `TECH_1_${identifiant}@cpro.fr`,
          type: 'TECHNIQUE',
          nom: `Compte technique ${s.raisonSociale}`.slice(0, 100),
          motDePasse,
          dateExpirationMotDePasse: formatDateTime(expiration),
        });
        rattacher(ctx, { utilisateurId: tech.id, structureId: structure.id, role: 'UTILISATEUR_SIMPLE', serviceIds: [] });
        continue;
      }
      const login = compte.login ?? `${LOGIN_PREFIX[compte.type]}_${kind}_${rank}_${identifiant}@cpro.fr`;
      const user = creerUtilisateur(ctx, {
        login,
        type: 'PERSONNE',
        nom: compte.nom ?? `${compte.type === 'US' ? 'Utilisateur' : 'Gestionnaire'} ${s.entite}`,
        prenom: compte.prenom ?? (compte.type === 'US' ? 'Simple' : 'Principal'),
        telephone: '0100000000',
        motDePasse,
      });
      const serviceIds = compte.services
        ? compte.services.map((c) => codes.get(c)).filter((id): id is number => id !== undefined)
        : [];
      rattacher(ctx, { utilisateurId: user.id, structureId: structure.id, role: ROLES[compte.type], serviceIds });
    }

    for (const cb of s.coordonneesBancaires) {
      creerCoordonneeBancaire(ctx, structure.id, { nom: cb.nom, iban: cb.iban ?? genererIban(rng), bic: cb.bic ?? 'CPROFRPPXXX' });
    }
  }

  // Engagements last: they may point to a supplier declared after their public structure.
  for (const s of scenario.structures) {
    const structureId = ids.get(s.entite)!;
    for (const e of s.engagements) {
      const montantHt = e.montantHt ?? null;
      creerEngagement(ctx, {
        numero: e.numero ?? `EJ${rng.string(8, '0123456789')}`,
        structureId,
        serviceId: e.service ? servicesByEntite.get(s.entite)?.get(e.service) ?? null : null,
        fournisseurStructureId: e.fournisseur ? ids.get(e.fournisseur) ?? null : null,
        libelle: e.libelle ?? null,
        statut: e.statut,
        montantHt,
        montantTtc: montantHt === null ? null : Math.round(montantHt * (100 + e.tauxTva)) / 100,
      });
    }
  }
}

/** A French IBAN with a correct ISO 13616 check (mod 97), from the seeded generator. */
export function genererIban(rng: Rng): string {
  const bban = `${rng.string(5, '0123456789')}${rng.string(5, '0123456789')}${rng.string(11, '0123456789')}${rng.string(2, '0123456789')}`;
  const numeric = `${bban}152700`; // "FR00" moved to the end, letters as numbers (F=15, R=27)
  let remainder = 0;
  for (const digit of numeric) remainder = (remainder * 10 + Number(digit)) % 97;
  const check = String(98 - remainder).padStart(2, '0');
  return `FR${check}${bban}`;
}
