import { and, inArray, or, type SQL } from 'drizzle-orm';
import { factures } from '../../../db/schema/index.js';
import { erreurs } from '../../../errors/catalogue/index.js';
import type { SandboxContext } from '../../../sandbox/context.js';
import { formatDate } from '../../../sandbox/dates.js';
import { findStructureByIdentifiant } from '../../structures/repository.js';
import { structuresRattachees } from '../../structures/service.js';
import { annuaire, type Annuaire } from '../consultation/formatters.js';
import { borne, chercher, entre, entreMontants, eq } from '../consultation/recherche.js';
import type { Appelant } from '../perimetre.js';
import type { FactureDeposee } from '../repository.js';
import type { RechercherValideurInput } from '../schemas/valideur.js';

const definis = (c: (SQL | undefined)[]) => c.filter((x): x is SQL => x !== undefined);

/** FactureRechercheValideur row; the validator shown is the caller's own level (1, or 2 when he is the second). */
/** An invoice under validation was deposited by soumettre (never an OCR one): every entered column is set. */
function ligneValideur(f: FactureDeposee, a: Annuaire, miennes: Set<number>) {
  const fo = a.structure(f.fournisseurId);
  const de = a.structure(f.destinataireId);
  const sf = a.service(f.serviceFournisseurId);
  const se = a.service(f.serviceExecutantId);
  const idValideur = f.valideur2Id !== null && miennes.has(f.valideur2Id) && !(f.valideur1Id !== null && miennes.has(f.valideur1Id)) ? f.valideur2Id : f.valideur1Id;
  const v = idValideur === null ? undefined : a.structure(idValideur);
  return {
    idFacture: f.id,
    typeDemandePaiement: 'FACTURE',
    idFournisseur: fo.id,
    identifiantFournisseur: fo.identifiant,
    typeIdentifiantFournisseur: fo.typeIdentifiant,
    designationFournisseur: fo.raisonSociale,
    codeServiceFournisseur: sf?.code ?? null,
    nomServiceFournisseur: sf?.libelle ?? null,
    // Works invoices (MOE/MOA) are another API: always null here.
    idMoe: null,
    typeIdentifiantMoe: null,
    identifiantMoe: null,
    designationMoe: null,
    idServiceMoe: null,
    codeServiceMoe: null,
    nomServiceMoe: null,
    idMoa: null,
    typeIdentifiantMoa: null,
    identifiantMoa: null,
    designationMoa: null,
    idServiceMoa: null,
    codeServiceMoa: null,
    nomServiceMoa: null,
    idDestinataire: de.id,
    typeIdentifiantDestinataire: de.typeIdentifiant,
    identifiantDestinataire: de.identifiant,
    designationDestinataire: de.raisonSociale,
    idServiceExecutant: se?.id ?? null,
    codeServiceExecutant: se?.code ?? null,
    nomServiceExecutant: se?.libelle ?? null,
    idValideur: v?.id ?? null,
    typeIdentifiantValideur: v?.typeIdentifiant ?? null,
    identifiantValideur: v?.identifiant ?? null,
    designationValideur: v?.raisonSociale ?? null,
    typeFacture: f.typeFacture,
    typeFactureTravaux: null,
    numeroFacture: f.numeroFacture,
    dateFacture: f.dateFacture,
    dateDepot: formatDate(f.dateDepot),
    montantHT: f.montantHt,
    montantTTC: f.montantTtc,
    montantAPayer: f.montantAPayer,
    devise: f.devise,
    statut: f.statut,
    numeroMarche: f.numeroMarche,
    numeroEngagement: f.numeroBonCommande,
  };
}

function reponse(ctx: SandboxContext, appelant: Appelant, r: ReturnType<typeof chercher>) {
  const a = annuaire(ctx);
  const miennes = structuresRattachees(ctx, appelant.id);
  const entree = r.parametresRetour.total === 0 ? erreurs.AUCUN_RESULTAT : erreurs.SUCCES;
  return { codeRetour: entree.codeRetour, libelle: entree.libelle, parametresRetour: r.parametresRetour, listeFactures: r.lignes.map((f) => ligneValideur(f as FactureDeposee, a, miennes)) };
}

/** rechercher/valideur: the invoices the caller's structures must validate or have validated. */
export function rechercherValideur(ctx: SandboxContext, appelant: Appelant, i: RechercherValideurInput) {
  const statuts = i.statutCourant?.map((s) => s.trim().toUpperCase()).filter(Boolean);
  const types = i.listeTypeFacture?.map((t) => t.trim().toUpperCase()).filter(Boolean);
  const filtres = definis([
    i.typeDemandePaiement && i.typeDemandePaiement.trim().toUpperCase() !== 'FACTURE' ? eq(factures.id, -1) : undefined,
    i.idDestinataire ? eq(factures.destinataireId, i.idDestinataire) : undefined,
    i.idServiceExecutant ? eq(factures.serviceExecutantId, i.idServiceExecutant) : undefined,
    i.numeroFacture ? eq(factures.numeroFacture, i.numeroFacture) : undefined,
    ...entre(factures.dateDepot, borne(i.periodeDateDepotDu, false), borne(i.periodeDateDepotAu, true)),
    types?.length ? inArray(factures.typeFacture, types) : undefined,
    i.idFournisseur ? eq(factures.fournisseurId, i.idFournisseur) : undefined,
    i.idServiceFournisseur ? eq(factures.serviceFournisseurId, i.idServiceFournisseur) : undefined,
    i.idStructureValideur ? or(eq(factures.valideur1Id, i.idStructureValideur), eq(factures.valideur2Id, i.idStructureValideur)) : undefined,
    // Works invoices have MOE/MOA; none in this API.
    i.idStructureMoe || i.idStructureMoa ? eq(factures.id, -1) : undefined,
    i.cadreFacturation ? eq(factures.codeCadreFacturation, i.cadreFacturation.trim().toUpperCase()) : undefined,
    statuts?.length ? inArray(factures.statut, statuts) : undefined,
    ...entre(factures.dateFacture, i.periodeDateFactureDu?.slice(0, 10), i.periodeDateFactureAu?.slice(0, 10)),
    ...entreMontants(factures.montantHt, i.montantHTMin, i.montantHTMax),
    ...entreMontants(factures.montantTtc, i.montantTTCMin, i.montantTTCMax),
    ...entreMontants(factures.montantAPayer, i.montantAPayerMin, i.montantAPayerMax),
    i.numeroMarche ? eq(factures.numeroMarche, i.numeroMarche) : undefined,
    i.numeroEngagement ? eq(factures.numeroBonCommande, i.numeroEngagement) : undefined,
  ]);
  return reponse(ctx, appelant, chercher(ctx, appelant, 'VALIDEUR', filtres, i.pagination, 'pagination'));
}

/** rechercher/aTraiter/valideur: those waiting for the caller's decision (A_VALIDER_1 for validator 1, A_VALIDER_2 for validator 2). */
export function rechercherATraiterValideur(
  ctx: SandboxContext,
  appelant: Appelant,
  i: { idStructure?: number; identifiantStructure?: string; typeIdentifiantStructure?: string; pagination?: RechercherValideurInput['pagination'] },
) {
  const miennes = [...structuresRattachees(ctx, appelant.id)];
  // The structure may be named by its id or by its identifier (SIRET by default); not the caller's: nothing.
  const nommee = i.idStructure || (i.identifiantStructure?.trim() ? (findStructureByIdentifiant(ctx, i.identifiantStructure.trim(), i.typeIdentifiantStructure?.trim() || 'SIRET')?.id ?? -1) : undefined);
  const structures = nommee ? miennes.filter((id) => id === nommee) : miennes;
  const ids = structures.length ? structures : [-1];
  // Each level only sees its own turn: validator 1 at A_VALIDER_1, validator 2 at A_VALIDER_2.
  const filtres = [
    or(
      and(eq(factures.statut, 'A_VALIDER_1'), inArray(factures.valideur1Id, ids)),
      and(eq(factures.statut, 'A_VALIDER_2'), inArray(factures.valideur2Id, ids)),
    )!,
  ];
  return reponse(ctx, appelant, chercher(ctx, appelant, 'VALIDEUR', filtres, i.pagination, 'pagination'));
}
