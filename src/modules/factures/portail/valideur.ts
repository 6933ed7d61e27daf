import { MOTIFS_REFUS_VALIDEUR } from '../../../domain/validation.js';
import { ChorusError } from '../../../errors/chorus-error.js';
import { erreurs } from '../../../errors/catalogue/index.js';
import type { SandboxContext } from '../../../sandbox/context.js';
import { structuresRattachees } from '../../structures/service.js';
import { consulterFacture, consulterHistorique } from '../consultation/service.js';
import type { Appelant } from '../perimetre.js';
import { rechercherATraiterValideur, rechercherValideur } from '../validation/recherche.js';
import { factureDuValideur, traiterFactureAValider } from '../validation/service.js';
import { rangAValider } from '../validation/valideurs.js';
import { NB_PAR_PAGE_PORTAIL } from './recues.js';

/**
 * The espace « Factures à valider » of the portal (chorus-domain §8.3): a titulaire (or mandataire,
 * cotraitant) sees the A9/A12 invoices of his sub- or co-contractors, opens one, and validates or
 * refuses it with a motif of recuperer/motifs/refus/Facture/AValider. Built on the API's services
 * (rechercher/valideur, rechercher/aTraiter/valideur, consulter/valideur, traiter/factureAValider).
 */

/** Synthèse (the invoices waiting for the user's decision) and every invoice he validates or validated. */
export function facturesDuValideur(ctx: SandboxContext, appelant: Appelant, c: { numeroFacture?: string; page?: number }) {
  const aTraiter = rechercherATraiterValideur(ctx, appelant, { pagination: { nbResultatsParPage: 100 } } as Parameters<typeof rechercherATraiterValideur>[2]);
  const toutes = rechercherValideur(ctx, appelant, {
    numeroFacture: c.numeroFacture?.trim() || undefined,
    pagination: { pageResultatDemandee: c.page && c.page > 0 ? c.page : 1, nbResultatsParPage: NB_PAR_PAGE_PORTAIL },
  } as Parameters<typeof rechercherValideur>[2]);
  return {
    aTraiter: aTraiter.listeFactures,
    factures: toutes.listeFactures,
    page: toutes.parametresRetour.pageCourante,
    pages: Math.max(toutes.parametresRetour.pages, 1),
    total: toutes.parametresRetour.total,
  };
}

/** The fiche a validator reads (the supplier's view), its history, whether it is his turn, and the refusal motifs. */
export function ficheFactureAValider(ctx: SandboxContext, appelant: Appelant, idFacture: number) {
  const { facture } = consulterFacture(ctx, appelant, idFacture, {}, 'EMISE', 'VALIDEUR');
  const f = factureDuValideur(ctx, appelant, idFacture);
  const historique = consulterHistorique(ctx, appelant, {
    idFacture,
    paramRechercheHistoStatuts: { triSensListeHistoStatut: 'Ascendant', nbResultatsParPageListeHistoStatut: 200 },
  } as Parameters<typeof consulterHistorique>[2]);
  const rang = rangAValider(f.statut);
  const attendu = rang === 1 ? f.valideur1Id : rang === 2 ? f.valideur2Id : null;
  return {
    facture,
    historique: historique.historiquesDesStatuts.histoStatut,
    aDecider: attendu !== null && structuresRattachees(ctx, appelant.id).has(attendu),
    motifs: MOTIFS_REFUS_VALIDEUR.map(({ codeMotif, libelleMotif }) => ({ codeMotif, libelleMotif })),
  };
}

/**
 * « Valider » / « Refuser »: a refusal needs a motif of the list (refused beside the field otherwise),
 * then traiter/factureAValider judges the decision as for the API.
 */
export function deciderFactureAValider(
  ctx: SandboxContext,
  appelant: Appelant,
  s: { idFacture: number; decision: string; codeMotif?: string; complementInfo?: string },
) {
  const decision = s.decision === 'VALIDATION' || s.decision === 'REFUS' ? s.decision : undefined;
  if (!decision) throw new ChorusError(erreurs.ACTION_VALIDEUR_INVALIDE, `${erreurs.ACTION_VALIDEUR_INVALIDE.libelle} : choisissez « Valider » ou « Refuser »`, 'decision');
  const code = s.codeMotif?.trim();
  if (decision === 'REFUS' && !MOTIFS_REFUS_VALIDEUR.some((m) => m.codeMotif === code)) {
    throw new ChorusError(erreurs.MOTIF_REFUS_INVALIDE, erreurs.MOTIF_REFUS_INVALIDE.libelle, 'codeMotif');
  }
  return traiterFactureAValider(ctx, appelant, {
    idFacture: s.idFacture,
    action: decision,
    motifRefus: decision === 'REFUS' ? code : undefined,
    complementInfo: s.complementInfo?.trim() || undefined,
  });
}
