import { MOTIFS_REFUS_VALIDEUR } from '../../domain/validation.js';
import { estStatutFacture, statutsPossibles, type StatutFacture } from '../../domain/circuits/index.js';
import { ChorusError } from '../../errors/chorus-error.js';
import { erreurs } from '../../errors/catalogue/index.js';
import { obligatoire } from './champs.js';
import {
  etatsPourTypeDemandePaiement as etatsDuReferentiel,
  findCadre,
  referentials,
  type TypeDemandePaiement,
} from '../../referentials/index.js';

/**
 * The code lists served by `recuperer/*`. They do not depend on the sandbox: every function here
 * reads the referentials (fixtures/referentials) or the lifecycle table, and knows nothing of HTTP.
 *
 * `codeLangue` is accepted (FR or EN, any case) but the referentials only hold French labels: an EN
 * request gets the same French labels. The real platform translates some lists (the Go client's
 * fixture shows EUR as "European Euro"); codes, which is what clients match on, are identical.
 */
export type CodeLangue = 'FR' | 'EN';

export const devises = () => referentials.devises.entries;
export const pays = () => referentials.pays.entries;
export const tauxTva = () => referentials.tauxTva.entries;
export const motifsExonerationTva = () => referentials.motifsExonerationTva.entries;
export const modesDepot = () => referentials.modesDepot.entries;
export const modesReglement = () => referentials.modesReglement.entries;
export const typesDemandePaiement = () => referentials.typesDemandePaiement.entries;
export const typesIdentifiantStructure = () => referentials.typesIdentifiantStructure.entries;
export const typesFactureTravaux = () => referentials.typesFactureTravaux.entries;
export const formatsFlux = () => referentials.formatsFlux.entries;

/** Cadres of one type of demande de paiement, or all of them. */
export function cadresFacturation(type?: TypeDemandePaiement) {
  return referentials.cadresFacturation.entries.filter((c) => type === undefined || c.typeDemandePaiement === type);
}

/**
 * The statuses a demande de paiement of that type can take. The single place the invoices module
 * swaps when it derives the FACTURE list from its own lifecycle table; today it is the referential
 * (fixtures/referentials/etats-par-type-dp.json).
 */
export function etatsPourTypeDemandePaiement(type: TypeDemandePaiement): readonly string[] {
  return etatsDuReferentiel(type);
}

/** `recuperer/etat/typedp`: the type is mandatory, the list means nothing without it. */
export function etatsParTypeDemandePaiement(type: TypeDemandePaiement | undefined): readonly string[] {
  return etatsPourTypeDemandePaiement(obligatoire(type, 'typeDemandePaiement'));
}

/** `statut` whatever its case and surrounding spaces, or the catalogued 400 naming `statutCourant`. */
export function statutCourantOuErreur(valeur: string | undefined): StatutFacture {
  const statut = obligatoire(valeur, 'statutCourant').trim().toUpperCase();
  if (!estStatutFacture(statut)) {
    throw new ChorusError(erreurs.STATUT_COURANT_INCONNU, `Le champ 'statutCourant' n'est pas un statut de facture connu : ${valeur}`);
  }
  return statut;
}

/**
 * What a recipient may set from `statutCourant` (the lifecycle table); a final status gives []. The
 * operation names no cadre: once at its payer every invoice is processed as a simple one (§8.4 « then as
 * simple invoice »), so the simple circuit's recipient rows answer.
 */
export function statutsPourTraitement(statutCourant: string | undefined): StatutFacture[] {
  return statutsPossibles('SIMPLE', statutCourantOuErreur(statutCourant), 'DESTINATAIRE');
}

/** `IN_DP_E1_STRUCT` (structured XML), `IN_DP_E2_MIXTE` (XML + PDF), `IN_DP_E2_FACTURX` (one PDF/A-3). */
export function formatDeSyntaxe(syntaxe: string): string {
  if (syntaxe.startsWith('IN_DP_E1_')) return 'IN_DP_E1_STRUCT';
  if (syntaxe === 'IN_DP_E2_CII_FACTURX') return 'IN_DP_E2_FACTURX';
  // The other E2 syntaxes and the PDF archives carry an XML beside a PDF: the mixed family.
  return 'IN_DP_E2_MIXTE';
}

/** Syntaxes accepted by `deposer/flux`, optionally for one `formatFlux`. */
export function syntaxesFlux(formatFlux?: string) {
  return referentials.syntaxesFlux.entries.filter((s) => formatFlux === undefined || formatDeSyntaxe(s.syntaxeFlux) === formatFlux);
}

/** Attachment types, optionally for one `typeObjet`. */
export function typesPieceJointe(typeObjet?: string) {
  return referentials.typesPieceJointe.entries.filter((t) => typeObjet === undefined || t.typeObjet === typeObjet);
}

/**
 * `recuperer/motifs/refus/Facture/AValider`: reasons a valideur gives when refusing an A9/A12
 * invoice. The real list is not public: the sandbox offers the two validator reasons of the reform's
 * nomenclature, which reuses Chorus Pro's vocabulary (chorus-domain §8.3): « Mauvais valideur » sends
 * the invoice back to its depositor, any other reason refuses it. A cadre without a validation circuit
 * has no valideur, hence no reason (empty list).
 */
export function motifsRefusFactureAValider(codeCadre: string | undefined) {
  const cadre = findCadre(obligatoire(codeCadre, 'codeCadreFacturationAValider').trim().toUpperCase());
  if (!cadre) {
    throw new ChorusError(
      erreurs.CADRE_A_VALIDER_INCONNU,
      `Le champ 'codeCadreFacturationAValider' n'est pas un cadre de facturation connu : ${codeCadre}`,
    );
  }
  if (!cadre.circuitValidation) return [];
  return MOTIFS_REFUS_VALIDEUR.map((m) => ({ ...m }));
}
