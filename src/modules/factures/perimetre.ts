import { and, eq, inArray, isNull, notInArray, or, type SQL } from 'drizzle-orm';
import { CADRES_TRAVAUX_NON_PAYES } from '../../domain/circuits/index.js';
import { factures } from '../../db/schema/index.js';
import { ChorusError } from '../../errors/chorus-error.js';
import { erreurs } from '../../errors/catalogue/index.js';
import type { SandboxContext } from '../../sandbox/context.js';
import { structuresRattachees } from '../structures/service.js';
import { listRattachementsServices, listRattachementsValides, type UtilisateurRow } from '../utilisateurs/repository.js';
import type { FactureRow } from './repository.js';
import { factureOuErreur } from './traitement/lifecycle.js';

/**
 * What a user may handle as a recipient: each structure he is attached to, either whole (null) or
 * limited to the services he is attached to. A user attached to services of a public structure only
 * sees the invoices addressed to those services, as in the portal's "Factures reçues".
 */
export function perimetreDestinataire(ctx: SandboxContext, utilisateurId: number): Map<number, Set<number> | null> {
  const perimetre = new Map<number, Set<number> | null>();
  for (const r of listRattachementsValides(ctx, utilisateurId)) {
    const services = listRattachementsServices(ctx, r.id).filter((s) => s.statut === 'VALIDEE');
    perimetre.set(r.structureId, services.length ? new Set(services.map((s) => s.serviceId)) : null);
  }
  return perimetre;
}

export function dansPerimetre(perimetre: Map<number, Set<number> | null>, facture: FactureRow): boolean {
  if (!perimetre.has(facture.destinataireId)) return false;
  // Works pieces between titulaire, MOE and MOA never reach « Factures reçues » (chorus-domain §9.1).
  if (CADRES_TRAVAUX_NON_PAYES.includes(facture.codeCadreFacturation)) return false;
  const services = perimetre.get(facture.destinataireId);
  return !services || (facture.serviceExecutantId !== null && services.has(facture.serviceExecutantId));
}

/**
 * Works pieces exchanged between titulaire, MOE and MOA (A4, A15, A17…) belong to « Factures de
 * travaux », not to the Factures API's émises / reçues lists; the paid ones (A8, A16, A19, A23) do.
 */
export const horsPiecesTravauxEchangees = () =>
  or(isNull(factures.dossierFacturationId), notInArray(factures.codeCadreFacturation, [...CADRES_TRAVAUX_NON_PAYES]))!;

/** The same rule as a SQL condition, for searches; undefined when the user receives nothing. */
export function conditionPerimetre(perimetre: Map<number, Set<number> | null>): SQL | undefined {
  const conditions = [...perimetre].map(([structureId, services]) =>
    services
      ? and(eq(factures.destinataireId, structureId), inArray(factures.serviceExecutantId, [...services]))!
      : eq(factures.destinataireId, structureId),
  );
  return conditions.length ? and(or(...conditions), horsPiecesTravauxEchangees()) : undefined;
}

export type Appelant = Pick<UtilisateurRow, 'id' | 'nom' | 'prenom'>;
export type Role = 'FOURNISSEUR' | 'DESTINATAIRE';

export const nomDe = (u: Appelant) => [u.prenom, u.nom].filter(Boolean).join(' ');

/**
 * The invoice when the caller's technical account is attached to its supplier (or recipient)
 * structure; a supplier never sees another supplier's invoices, a recipient only its own.
 */
export function factureDe(ctx: SandboxContext, appelant: Appelant, idFacture: number, role: Role | 'TOUS', champ = 'idFacture') {
  const facture = factureOuErreur(ctx, idFacture, champ);
  const ok =
    (role !== 'DESTINATAIRE' && structuresRattachees(ctx, appelant.id).has(facture.fournisseurId)) ||
    (role !== 'FOURNISSEUR' && dansPerimetre(perimetreDestinataire(ctx, appelant.id), facture));
  if (!ok) {
    throw new ChorusError(erreurs.FACTURE_NON_HABILITE, `${erreurs.FACTURE_NON_HABILITE.libelle} (${champ} ${idFacture})`);
  }
  return facture;
}
