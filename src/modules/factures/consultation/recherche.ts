import { and, asc, desc, eq, gte, inArray, lte, or, type SQL } from 'drizzle-orm';
import type { AnySQLiteColumn } from 'drizzle-orm/sqlite-core';
import { factures } from '../../../db/schema/index.js';
import { ChorusError } from '../../../errors/chorus-error.js';
import { erreurs } from '../../../errors/catalogue/index.js';
import type { SandboxContext } from '../../../sandbox/context.js';
import { parisVersInstant } from '../../../sandbox/dates.js';
import { structuresRattachees } from '../../structures/service.js';
import { conditionPerimetre, conditionValideur, horsPiecesTravauxEchangees, perimetreDestinataire } from '../perimetre.js';
import { NB_RESULTATS_PAR_PAGE_DEFAUT, NB_RESULTATS_PAR_PAGE_MAX } from '../../structures/pagination.js';
import * as repo from '../repository.js';
import type { Appelant } from '../perimetre.js';

/** Default cap on a search's results (chorus-api §2.5: nbResultatsMaximum, default 200). */
export const NB_RESULTATS_MAXIMUM_DEFAUT = 200;

export interface PaginationFactures {
  nbResultatsMaximum?: number;
  pageResultatDemandee?: number;
  nbResultatsParPage?: number;
  triSens?: string;
  triColonne?: string;
}

const COLONNES: Record<string, AnySQLiteColumn> = {
  datedepot: factures.dateDepot,
  datefacture: factures.dateFacture,
  numerofacture: factures.numeroFacture,
  identifiantfacturecpp: factures.id,
  idfacture: factures.id,
  montantht: factures.montantHt,
  montantttc: factures.montantTtc,
  montantapayer: factures.montantAPayer,
  statut: factures.statut,
  typefacture: factures.typeFacture,
  devise: factures.devise,
  numeromarche: factures.numeroMarche,
  numerobondecommande: factures.numeroBonCommande,
  numerobonCommande: factures.numeroBonCommande,
  numerofluxdepot: factures.numeroFluxDepot,
  modedepot: factures.modeDepot,
  codefournisseur: factures.fournisseurId,
  codedestinataire: factures.destinataireId,
  facturetelechargeepardestinataire: factures.factureTelechargeeParDestinataire,
};

/**
 * `YYYY-MM-DD` bounds cover the whole Paris day; a date-time without offset is Paris time (the
 * wire's zone, README "Wire conventions"); both become UTC instants like the stored values.
 */
export function borne(date: string | undefined, fin: boolean): string | undefined {
  if (!date) return undefined;
  if (/^\d{4}-\d{2}-\d{2}$/.test(date)) {
    const debut = parisVersInstant(date);
    return fin ? new Date(parisVersInstant(lendemain(date)).getTime() - 1).toISOString() : debut.toISOString();
  }
  const d = /[Zz]|[+-]\d{2}:?\d{2}$/.test(date) ? new Date(date) : parisVersInstant(date);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

function lendemain(jour: string): string {
  const d = new Date(`${jour}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

export function entre(col: AnySQLiteColumn, du: unknown, au: unknown): SQL[] {
  const out: SQL[] = [];
  if (du !== undefined && du !== null) out.push(gte(col, du));
  if (au !== undefined && au !== null) out.push(lte(col, au));
  return out;
}

/**
 * Amount bounds as typed clients send them: a struct cannot omit `montantHTMax`, so it arrives as
 * `0`. Invoice amounts are positive, so a bound of 0 selects nothing useful: 0 means "no bound",
 * on either side (README, "Wire conventions"). Negative bounds are kept as sent.
 */
export function entreMontants(col: AnySQLiteColumn, min: number | undefined, max: number | undefined): SQL[] {
  return entre(col, min === 0 ? undefined : min, max === 0 ? undefined : max);
}

/**
 * Runs a search restricted to the caller's invoices in `role`, with Chorus pagination. `travaux`: the
 * works pieces the caller sees as MOE or MOA of their dossiers (rechercher/demandePaiement), added to
 * TOUS and alone for TRAVAUX.
 */
export function chercher(
  ctx: SandboxContext,
  appelant: Appelant,
  role: 'FOURNISSEUR' | 'DESTINATAIRE' | 'VALIDEUR' | 'TOUS' | 'TRAVAUX',
  filtres: SQL[],
  pagination: PaginationFactures | undefined,
  objet: string,
  travaux: SQL = eq(factures.id, -1),
) {
  const miennes = [...structuresRattachees(ctx, appelant.id)];
  const recues = conditionPerimetre(perimetreDestinataire(ctx, appelant.id)) ?? eq(factures.id, -1);
  const perimetre =
    role === 'FOURNISSEUR'
      ? and(inArray(factures.fournisseurId, miennes), horsPiecesTravauxEchangees())!
      : role === 'DESTINATAIRE'
        ? recues
        : role === 'VALIDEUR'
          ? conditionValideur(miennes)
          : role === 'TRAVAUX'
            ? travaux
            : or(inArray(factures.fournisseurId, miennes), recues, conditionValideur(miennes), travaux)!;
  const page = pagination?.pageResultatDemandee || 1;
  if (page < 1) throw champ(`${objet}.pageResultatDemandee`, 'la première page est la page 1');
  const demande = pagination?.nbResultatsParPage;
  if (demande !== undefined && demande < 0) throw champ(`${objet}.nbResultatsParPage`, 'une taille de page est positive');
  const taille = !demande ? NB_RESULTATS_PAR_PAGE_DEFAUT : Math.min(demande, NB_RESULTATS_PAR_PAGE_MAX);
  const maximum = pagination?.nbResultatsMaximum && pagination.nbResultatsMaximum > 0 ? pagination.nbResultatsMaximum : NB_RESULTATS_MAXIMUM_DEFAUT;
  const colonne = pagination?.triColonne ? COLONNES[pagination.triColonne.trim().toLowerCase()] : undefined;
  const sens = (pagination?.triSens ?? 'Descendant').trim().toLowerCase() === 'ascendant' ? asc : desc;
  const ordre = colonne ? [sens(colonne), sens(factures.id)] : [sens(factures.dateDepot), sens(factures.id)];
  const { lignes, total } = repo.rechercherFactures(ctx, miennes.length ? [perimetre, ...filtres] : [eq(factures.id, -1)], {
    ordre,
    offset: (page - 1) * taille,
    limit: taille,
    maximum,
  });
  return {
    lignes,
    parametresRetour: { pageCourante: total === 0 ? 1 : page, pages: Math.ceil(total / taille), nbResultatsParPage: taille, total },
  };
}

function champ(nom: string, detail: string) {
  return new ChorusError(erreurs.CHAMP_INVALIDE, `Le champ '${nom}' n'est pas valide (${detail})`);
}

export const cond = (c: SQL | undefined, ...rest: (SQL | undefined)[]) => [c, ...rest].filter((x): x is SQL => x !== undefined);
export { and, eq, inArray };
