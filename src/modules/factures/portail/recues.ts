import { STATUTS_FACTURE, transitionsDepuis, type StatutFacture } from '../../../domain/circuits/index.js';
import { ChorusError } from '../../../errors/chorus-error.js';
import { erreurs } from '../../../errors/catalogue/index.js';
import { referentials, type Motif } from '../../../referentials/index.js';
import type { SandboxContext } from '../../../sandbox/context.js';
import { findServiceByCode, findStructureByIdentifiant, listStructures } from '../../structures/repository.js';
import { consulterFacture, consulterHistorique, rechercherATraiterRecipiendaire, rechercherRecipiendaire } from '../consultation/service.js';
import { factureDe, perimetreDestinataire, type Appelant } from '../perimetre.js';
import * as repo from '../repository.js';
import { delaiPaiementFacture } from '../traitement/delai.js';
import { circuitDe } from '../traitement/lifecycle.js';
import { traiterFactureRecue } from '../traitement/service.js';

/**
 * The espace « Factures reçues » of the portal (chorus-domain §2.4, §7): the recipient's to-do list
 * and search, the fiche of one invoice with its history and payment delay, and its processing with
 * exactly the next statuses the lifecycle table allows the recipient. Built on the services the API
 * calls (rechercher/recipiendaire, consulter/recipiendaire, consulter/historique, traiter/recue), so
 * the portal has the same rights, codes and libellés.
 */

export const NB_PAR_PAGE_PORTAIL = 20;

export interface CriteresRecues {
  numeroFacture?: string;
  /** Supplier's identifier (SIRET…) as the user types it. */
  fournisseur?: string;
  statut?: string;
  dateDepotDu?: string;
  dateDepotAu?: string;
  /** Code of the recipient's service (service exécutant). */
  codeService?: string;
  page?: number;
}

const AUCUNE = -1;

/** Recherche: the criteria a user types, turned into a rechercher/recipiendaire over his perimeter. */
export function rechercherFacturesRecues(ctx: SandboxContext, appelant: Appelant, c: CriteresRecues) {
  const perimetre = perimetreDestinataire(ctx, appelant.id);
  const fournisseur = c.fournisseur?.trim();
  const idFournisseur = fournisseur
    ? (findStructureByIdentifiant(ctx, fournisseur)?.id ?? listStructures(ctx).find((s) => s.raisonSociale.toLowerCase() === fournisseur.toLowerCase())?.id ?? AUCUNE)
    : undefined;
  const code = c.codeService?.trim();
  const idService = code
    ? ([...perimetre.keys()].map((s) => findServiceByCode(ctx, s, code)).find((s) => s !== undefined)?.id ?? AUCUNE)
    : undefined;
  const r = rechercherRecipiendaire(ctx, appelant, {
    numeroFacture: c.numeroFacture?.trim() || undefined,
    statutCourant: c.statut?.trim() ? [c.statut.trim()] : undefined,
    periodeDateDepotDu: c.dateDepotDu || undefined,
    periodeDateDepotAu: c.dateDepotAu || undefined,
    listeFournisseurs: idFournisseur !== undefined ? [{ idFournisseur }] : undefined,
    idServiceExecutant: idService,
    paramRecherche: { pageResultatDemandee: c.page && c.page > 0 ? c.page : 1, nbResultatsParPage: NB_PAR_PAGE_PORTAIL },
  } as Parameters<typeof rechercherRecipiendaire>[2]);
  return { factures: r.listeFactures, page: r.pageCourante, pages: Math.max(r.pages, 1), total: r.total };
}

/** Synthèse: the invoices waiting for the user (mises à disposition or complétées), newest first. */
export function facturesRecuesATraiter(ctx: SandboxContext, appelant: Appelant) {
  const r = rechercherATraiterRecipiendaire(ctx, appelant, { parametreRechercheFactureATraiterParRecipiendaire: { nbResultatsParPage: 100 } as never });
  return { factures: r.listeFactures, total: r.parametresRetour.total };
}

/** The statuses a recipient's search may ask for (every status an invoice can have at its recipient). */
export function statutsRecherchables(): readonly StatutFacture[] {
  return STATUTS_FACTURE.filter((s) =>
    ['MISE_A_DISPOSITION', 'COMPLETEE', 'SUSPENDUE', 'A_RECYCLER', 'REJETEE', 'SERVICE_FAIT', 'MANDATEE', 'MISE_A_DISPOSITION_COMPTABLE', 'COMPTABILISEE', 'MISE_EN_PAIEMENT'].includes(s),
  );
}

export interface ChoixTraitement {
  statut: StatutFacture;
  description: string;
  motifObligatoire: boolean;
  mandatObligatoire: boolean;
  /** The referential's motifs for that status (REJETEE, SUSPENDUE, A_RECYCLER), empty for the others. */
  motifs: Pick<Motif, 'codeMotif' | 'libelleMotif'>[];
}

function motifsPour(statut: StatutFacture): ChoixTraitement['motifs'] {
  return referentials.motifs.entries.filter((m) => (m.actions as readonly string[]).includes(statut)).map(({ codeMotif, libelleMotif }) => ({ codeMotif, libelleMotif }));
}

/** What the recipient may do next from the invoice's status: the rows of its circuit's table for DESTINATAIRE. */
function choixDe(f: repo.FactureRow): ChoixTraitement[] {
  const rangs = new Map(STATUTS_FACTURE.map((s, i) => [s, i] as const));
  return transitionsDepuis(circuitDe(f), f.statut as StatutFacture, 'DESTINATAIRE')
    .sort((a, b) => rangs.get(a.vers)! - rangs.get(b.vers)!)
    .map((t) => ({
      statut: t.vers,
      description: t.description,
      motifObligatoire: t.motifObligatoire,
      mandatObligatoire: t.champsObligatoires.includes('numeroDPMandat'),
      motifs: motifsPour(t.vers),
    }));
}

/** The fiche of a received invoice: what consulter/recipiendaire answers, its status history (oldest first), its payment delay and the next statuses allowed. */
export function ficheFactureRecue(ctx: SandboxContext, appelant: Appelant, idFacture: number) {
  const { facture } = consulterFacture(ctx, appelant, idFacture, {}, 'RECUE');
  const f = repo.findFacture(ctx, idFacture)!;
  const historique = consulterHistorique(ctx, appelant, {
    idFacture,
    paramRechercheHistoStatuts: { triSensListeHistoStatut: 'Ascendant', nbResultatsParPageListeHistoStatut: 200 },
  } as Parameters<typeof consulterHistorique>[2]);
  return {
    facture,
    numeroDpMandat: f.numeroDpMandat,
    datePaiement: f.datePaiement,
    historique: historique.historiquesDesStatuts.histoStatut,
    delai: delaiPaiementFacture(ctx, f),
    choix: choixDe(f),
  };
}

export interface SaisieTraitement {
  idFacture: number;
  nouveauStatut: string;
  /** Code of a motif of the referential for that status. */
  codeMotif?: string;
  commentaire?: string;
  numeroDPMandat?: string;
}

/**
 * « Traiter la facture »: the form's choice checked against the statuses allowed now, its motif
 * against the referential list for that status, the fields that row of the table requires filled;
 * each refusal names its field. Then traiter/recue, as the API does it.
 */
export function traiterFactureRecueSaisie(ctx: SandboxContext, appelant: Appelant, s: SaisieTraitement) {
  const f = factureDe(ctx, appelant, s.idFacture, 'DESTINATAIRE');
  const choix = choixDe(f).find((c) => c.statut === s.nouveauStatut);
  if (!choix) {
    throw new ChorusError(erreurs.STATUT_INCOHERENT, `${erreurs.STATUT_INCOHERENT.libelle} (statut ${f.statut} → ${s.nouveauStatut || '—'})`, 'nouveauStatut');
  }
  const code = s.codeMotif?.trim();
  const motif = code ? choix.motifs.find((m) => m.codeMotif === code) : undefined;
  if (code && !motif) throw new ChorusError(erreurs.MOTIF_OBLIGATOIRE, `${erreurs.MOTIF_OBLIGATOIRE.libelle} : choisissez un motif de la liste`, 'codeMotif');
  if (choix.motifObligatoire && !motif) {
    throw new ChorusError(erreurs.MOTIF_OBLIGATOIRE, `${erreurs.MOTIF_OBLIGATOIRE.libelle} (${choix.description})`, 'codeMotif');
  }
  if (choix.mandatObligatoire && !s.numeroDPMandat?.trim()) {
    throw new ChorusError(erreurs.NUMERO_MANDAT_OBLIGATOIRE, erreurs.NUMERO_MANDAT_OBLIGATOIRE.libelle, 'numeroDPMandat');
  }
  return traiterFactureRecue(ctx, appelant, {
    idFacture: f.id,
    nouveauStatut: choix.statut,
    motif: motif ? `${motif.codeMotif} - ${motif.libelleMotif}` : undefined,
    commentaire: s.commentaire?.trim() || undefined,
    numeroDPMandat: choix.mandatObligatoire ? s.numeroDPMandat?.trim() : undefined,
  });
}
