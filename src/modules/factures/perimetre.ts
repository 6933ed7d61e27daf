import { and, eq, inArray, isNull, notInArray, or, sql, type SQL } from 'drizzle-orm';
import { CADRES_TRAVAUX_NON_PAYES, STATUTS_AVANT_DESTINATAIRE } from '../../domain/circuits/index.js';
import { estValideurDe } from './validation/valideurs.js';
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

/** Statuses only the supplier sees: a draft not sent yet, or deleted. */
export const STATUTS_FOURNISSEUR_SEUL = ['BROUILLON', 'SUPPRIMEE'] as const;

/** An A9/A12 invoice reaches its recipient only once accepted by its validators (chorus-domain §8.3). */
const avantDestinataire = new Set<string>(STATUTS_AVANT_DESTINATAIRE);

export function dansPerimetre(perimetre: Map<number, Set<number> | null>, facture: FactureRow): boolean {
  // An OCR invoice (INTERPRETEE_OCR) has no recipient yet: no recipient ever sees it.
  if (facture.destinataireId === null || !perimetre.has(facture.destinataireId)) return false;
  // A draft (BROUILLON, or deleted: SUPPRIMEE) is the supplier's alone until sent.
  if ((STATUTS_FOURNISSEUR_SEUL as readonly string[]).includes(facture.statut)) return false;
  if (facture.valideur1Id !== null && avantDestinataire.has(facture.statut)) return false;
  // Works pieces between titulaire, MOE and MOA never reach « Factures reçues » (chorus-domain §9.1).
  if (facture.codeCadreFacturation !== null && CADRES_TRAVAUX_NON_PAYES.includes(facture.codeCadreFacturation)) return false;
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
  return conditions.length
    ? and(
        or(...conditions),
        or(sql`${factures.valideur1Id} is null`, notInArray(factures.statut, [...STATUTS_AVANT_DESTINATAIRE])),
        notInArray(factures.statut, [...STATUTS_FOURNISSEUR_SEUL]),
        horsPiecesTravauxEchangees(),
      )
    : undefined;
}

/** A validator's invoices as a SQL condition: those it must validate or has validated (validation/valideurs.ts). */
export function conditionValideur(structures: number[]): SQL {
  return or(
    inArray(factures.valideur1Id, structures),
    and(inArray(factures.valideur2Id, structures), sql`${factures.dateValidation1} is not null`),
  )!;
}

export type Appelant = Pick<UtilisateurRow, 'id' | 'nom' | 'prenom'>;
export type Role = 'FOURNISSEUR' | 'DESTINATAIRE' | 'VALIDEUR';

export const nomDe = (u: Appelant) => [u.prenom, u.nom].filter(Boolean).join(' ');

/**
 * The invoice when the caller's technical account is attached to its supplier (or recipient)
 * structure; a supplier never sees another supplier's invoices, a recipient only its own.
 */
export function factureDe(ctx: SandboxContext, appelant: Appelant, idFacture: number, role: Role | 'TOUS', champ = 'idFacture') {
  const facture = factureOuErreur(ctx, idFacture, champ);
  const tous = role === 'TOUS';
  const ok =
    ((role === 'FOURNISSEUR' || tous) && structuresRattachees(ctx, appelant.id).has(facture.fournisseurId)) ||
    ((role === 'DESTINATAIRE' || tous) && dansPerimetre(perimetreDestinataire(ctx, appelant.id), facture)) ||
    ((role === 'VALIDEUR' || tous) && estValideurDe(structuresRattachees(ctx, appelant.id), facture));
  if (!ok) {
    throw new ChorusError(erreurs.FACTURE_NON_HABILITE, `${erreurs.FACTURE_NON_HABILITE.libelle} (${champ} ${idFacture})`);
  }
  return facture;
}
