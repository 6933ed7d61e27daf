import { and, inArray, isNotNull, isNull, ne, or, type SQL } from 'drizzle-orm';
import { dossiersFacturation, factures } from '../../../db/schema/index.js';
import { PIECES_TRAVAUX } from '../../../domain/circuits/index.js';
import { erreurs } from '../../../errors/catalogue/index.js';
import type { SandboxContext } from '../../../sandbox/context.js';
import { formatDateHeureMinute } from '../../../sandbox/dates.js';
import { structuresRattachees } from '../../structures/service.js';
import { findUtilisateur } from '../../utilisateurs/repository.js';
import { annuaire, demandePaiement, factureConsultee, ligneFournisseur, ligneRecipiendaire, sousPage, type DossierDemande } from './formatters.js';
import { borne, chercher, entre, entreMontants, eq } from './recherche.js';
import * as repo from '../repository.js';
import type { RechercherFournisseurInput, RechercherRecipiendaireInput } from '../schemas/recherche.js';
import type { ConsulterHistoriqueInput, PaginationsConsultation } from '../schemas/consultation.js';
import { factureDe, type Appelant } from '../perimetre.js';

const SUCCES = { codeRetour: erreurs.SUCCES.codeRetour, libelle: erreurs.SUCCES.libelle };

/** Filters shared by the supplier and recipient searches. */
function filtresCommuns(i: RechercherFournisseurInput | RechercherRecipiendaireInput): (SQL | undefined)[] {
  const statuts = i.statutCourant?.map((s) => s.trim().toUpperCase()).filter(Boolean);
  return [
    i.numeroFacture ? eq(factures.numeroFacture, i.numeroFacture) : undefined,
    ...entre(factures.dateDepot, borne(i.periodeDateDepotDu, false), borne(i.periodeDateDepotAu, true)),
    ...entre(factures.dateFacture, i.periodeDateFactureDu?.slice(0, 10), i.periodeDateFactureAu?.slice(0, 10)),
    ...entre(factures.dateHeureEtatCourant, borne(i.periodeDateHeureEtatCourantDu, false), borne(i.periodeDateHeureEtatCourantAu, true)),
    i.cadreFacturation ? eq(factures.codeCadreFacturation, i.cadreFacturation.trim().toUpperCase()) : undefined,
    statuts?.length ? inArray(factures.statut, statuts) : undefined,
    ...entreMontants(factures.montantHt, i.montantHTMin, i.montantHTMax),
    ...entreMontants(factures.montantTtc, i.montantTTCMin, i.montantTTCMax),
    ...entreMontants(factures.montantAPayer, i.montantApayerMin ?? i.montantAPayerMin, i.montantApayerMax ?? i.montantAPayerMax),
    i.numeroMarche ? eq(factures.numeroMarche, i.numeroMarche) : undefined,
    i.numeroBonCommande ? eq(factures.numeroBonCommande, i.numeroBonCommande) : undefined,
  ];
}
const definis = (c: (SQL | undefined)[]) => c.filter((x): x is SQL => x !== undefined);

export function rechercherFournisseur(ctx: SandboxContext, appelant: Appelant, i: RechercherFournisseurInput) {
  const dest = i.listeDestinataire ?? [];
  const idsDest = dest.map((d) => d.idDestinataire).filter((x): x is number => x !== undefined);
  const idsServ = dest.flatMap((d) => d.listeIdServiceExecutant ?? []);
  const filtres = definis([
    ...filtresCommuns(i),
    idsDest.length ? inArray(factures.destinataireId, idsDest) : undefined,
    idsServ.length ? inArray(factures.serviceExecutantId, idsServ) : undefined,
    i.typeFacture ? eq(factures.typeFacture, i.typeFacture.trim().toUpperCase()) : undefined,
    i.idFournisseur ? eq(factures.fournisseurId, i.idFournisseur) : undefined,
    i.idServiceFournisseur ? eq(factures.serviceFournisseurId, i.idServiceFournisseur) : undefined,
    i.coordonneeBancaire ? eq(factures.coordonneesBancairesId, i.coordonneeBancaire) : undefined,
    i.idUtilisateurCreateur?.length ? inArray(factures.utilisateurCreateurId, i.idUtilisateurCreateur) : undefined,
    i.numeroFactureOrigine ? eq(factures.numeroFactureOrigine, i.numeroFactureOrigine) : undefined,
    i.modeDepot ? eq(factures.modeDepot, i.modeDepot.trim().toUpperCase()) : undefined,
    i.numeroFluxDepot ? eq(factures.numeroFluxDepot, i.numeroFluxDepot.trim()) : undefined,
    i.rejetTraite !== undefined ? eq(factures.rejetTraite, i.rejetTraite) : undefined,
  ]);
  const r = chercher(ctx, appelant, 'FOURNISSEUR', filtres, i.rechercheFactureParFournisseur, 'rechercheFactureParFournisseur');
  const a = annuaire(ctx);
  // Choice: an empty supplier search is a plain success with an empty list (only the recipient
  // search's "no result" code 20000 is documented, and OCA/PASTELL poll this one by numeroFluxDepot).
  return { ...SUCCES, parametresRetour: r.parametresRetour, listeFactures: r.lignes.map((f) => avecTaille(ctx, f, ligneFournisseur(f, a), i.recupererTaille)) };
}

/** `taille` (bytes of the invoice's attachments) when the search asks for it (`recupererTaille`), null otherwise. */
function avecTaille<L extends { taille: number | null }>(ctx: SandboxContext, f: repo.FactureRow, ligne: L, recupererTaille: boolean | undefined): L {
  if (!recupererTaille) return ligne;
  const ids = [...(f.pieceJointePrincipaleId ? [f.pieceJointePrincipaleId] : []), ...(f.piecesJointes as { pieceJointeId: number }[]).map((p) => p.pieceJointeId)];
  return { ...ligne, taille: repo.taillePiecesJointes(ctx, ids) };
}

function recipiendaire(ctx: SandboxContext, appelant: Appelant, filtres: SQL[], pagination: RechercherRecipiendaireInput['paramRecherche'], objet: string, recupererTaille?: boolean) {
  const r = chercher(ctx, appelant, 'DESTINATAIRE', filtres, pagination ? { ...pagination, nbResultatsMaximum: pagination.nbResultatsMaximum ?? pagination.getnbResultatsMaximum } : undefined, objet);
  const a = annuaire(ctx);
  const entree = r.parametresRetour.total === 0 ? erreurs.AUCUN_RESULTAT : erreurs.SUCCES;
  return { codeRetour: entree.codeRetour, libelle: entree.libelle, ...r, listeFactures: r.lignes.map((f) => avecTaille(ctx, f, ligneRecipiendaire(f, a), recupererTaille)) };
}

export function rechercherRecipiendaire(ctx: SandboxContext, appelant: Appelant, i: RechercherRecipiendaireInput) {
  const fournisseurs = i.listeFournisseurs ?? [];
  const idsF = fournisseurs.map((f) => f.idFournisseur).filter((x): x is number => x !== undefined);
  const idsS = fournisseurs.flatMap((f) => f.listeIdService ?? []);
  const types = i.listeTypeFacture?.map((t) => t.trim().toUpperCase()).filter(Boolean);
  const filtres = definis([
    ...filtresCommuns(i),
    // Works invoices (FACTURE_TRAVAUX) are another API: none here.
    i.typeDemandePaiement && i.typeDemandePaiement.trim().toUpperCase() !== 'FACTURE' ? eq(factures.id, -1) : undefined,
    i.idDestinataire ? eq(factures.destinataireId, i.idDestinataire) : undefined,
    i.idServiceExecutant ? eq(factures.serviceExecutantId, i.idServiceExecutant) : undefined,
    types?.length ? inArray(factures.typeFacture, types) : undefined,
    idsF.length ? inArray(factures.fournisseurId, idsF) : undefined,
    idsS.length ? inArray(factures.serviceFournisseurId, idsS) : undefined,
    i.factureTelechargeeParDestinataire !== undefined ? eq(factures.factureTelechargeeParDestinataire, i.factureTelechargeeParDestinataire) : undefined,
  ]);
  const r = recipiendaire(ctx, appelant, filtres, i.paramRecherche, 'paramRecherche', i.recupererTaille);
  const { parametresRetour, lignes: _l, ...reste } = r;
  return { ...reste, ...parametresRetour };
}

/** Invoices waiting for the recipient: MISE_A_DISPOSITION or COMPLETEE (CS2017). */
export function rechercherATraiterRecipiendaire(
  ctx: SandboxContext,
  appelant: Appelant,
  i: { idStructure?: number; parametreRechercheFactureATraiterParRecipiendaire?: RechercherRecipiendaireInput['paramRecherche'] },
) {
  const filtres = definis([
    inArray(factures.statut, ['MISE_A_DISPOSITION', 'COMPLETEE']),
    i.idStructure ? eq(factures.destinataireId, i.idStructure) : undefined,
  ]);
  const { lignes: _l, ...r } = recipiendaire(ctx, appelant, filtres, i.parametreRechercheFactureATraiterParRecipiendaire, 'parametreRechercheFactureATraiterParRecipiendaire');
  return r;
}

/** Statuses "à traiter" for a supplier (CS2017 list, §3.1.10). */
const A_TRAITER_FOURNISSEUR = ['BROUILLON', 'A_VALIDER_1', 'A_VALIDER_2', 'ERREUR_FOURNISSEUR_SUR_VALIDEUR', 'VALIDEE_1', 'VALIDEE_2', 'REFUSEE_1', 'REFUSEE_2', 'ERREUR_COTRAITANT_SUR_VALIDEUR', 'ABSENCE_VALIDATION_1_HORS_DELAI', 'ABSENCE_VALIDATION_2_HORS_DELAI', 'DEPOSEE', 'EN_COURS_ACHEMINEMENT', 'MISE_A_DISPOSITION', 'A_RECYCLER', 'SUSPENDUE', 'REJETEE'];

export function rechercherATraiterFournisseur(
  ctx: SandboxContext,
  appelant: Appelant,
  i: { idStructure?: number; masquerRejetee?: boolean; rechercheFactureATraiterParFournisseur?: RechercherFournisseurInput['rechercheFactureParFournisseur'] },
) {
  const statuts = i.masquerRejetee ? A_TRAITER_FOURNISSEUR.filter((s) => s !== 'REJETEE') : A_TRAITER_FOURNISSEUR;
  const filtres = definis([inArray(factures.statut, statuts), i.idStructure ? eq(factures.fournisseurId, i.idStructure) : undefined]);
  const r = chercher(ctx, appelant, 'FOURNISSEUR', filtres, i.rechercheFactureATraiterParFournisseur, 'rechercheFactureATraiterParFournisseur');
  const a = annuaire(ctx);
  const entree = r.parametresRetour.total === 0 ? erreurs.AUCUN_RESULTAT : erreurs.SUCCES;
  return {
    codeRetour: entree.codeRetour,
    libelle: entree.libelle,
    parametresRetour: r.parametresRetour,
    listeFactures: r.lignes.map((f) => ligneFournisseur(f, a)),
  };
}

/** FACTURE: ordinary invoices; FACTURE_TRAVAUX: works pieces (they carry a dossier); other types: none here. */
function filtreTypeDemandePaiement(type: string | undefined) {
  const t = type?.trim().toUpperCase();
  if (!t) return undefined;
  if (t === 'FACTURE') return isNull(factures.dossierFacturationId);
  if (t === 'FACTURE_TRAVAUX') return isNotNull(factures.dossierFacturationId);
  return eq(factures.id, -1);
}

/** MOE, MOA and dossier filters: the works pieces of the matching dossiers (no dossier matches → nothing). */
function filtresTravaux(ctx: SandboxContext, i: { structureMoe?: { idStructureMoe?: number }; structureMoa?: { idStructureMoa?: number }; numeroDossierFacturation?: string }): SQL[] {
  const moe = i.structureMoe?.idStructureMoe;
  const moa = i.structureMoa?.idStructureMoa;
  const numero = i.numeroDossierFacturation?.trim().toUpperCase();
  if (moe === undefined && moa === undefined && !numero) return [];
  const ids = ctx.db
    .select({ id: dossiersFacturation.id, moeId: dossiersFacturation.moeId, moaId: dossiersFacturation.moaId })
    .from(dossiersFacturation)
    .where(eq(dossiersFacturation.sandboxId, ctx.sandboxId))
    .all()
    .filter((d) => (moe === undefined || d.moeId === moe) && (moa === undefined || d.moaId === moa) && (!numero || `DF${String(d.id).padStart(8, '0')}` === numero))
    .map((d) => d.id);
  return [ids.length ? inArray(factures.dossierFacturationId, ids) : eq(factures.id, -1)];
}

/**
 * The works pieces of the dossiers where one of the caller's structures is MOE (or MOA): the dossier is
 * « accessible au fournisseur, à la MOE et à la MOA » (chorus-domain §9.2), so a MOE/MOA user finds its
 * pieces with rechercher/demandePaiement (roleUtilisateur MOE or MOA, or no role), not only the titulaire.
 */
function piecesDeMoeMoa(ctx: SandboxContext, appelant: Appelant, roles: readonly ('MOE' | 'MOA')[]): SQL | undefined {
  const miennes = structuresRattachees(ctx, appelant.id);
  const ids = ctx.db
    .select({ id: dossiersFacturation.id, moeId: dossiersFacturation.moeId, moaId: dossiersFacturation.moaId })
    .from(dossiersFacturation)
    .where(eq(dossiersFacturation.sandboxId, ctx.sandboxId))
    .all()
    .filter((d) => roles.some((r) => {
      const s = r === 'MOE' ? d.moeId : d.moaId;
      return s !== null && miennes.has(s);
    }))
    .map((d) => d.id);
  return ids.length ? inArray(factures.dossierFacturationId, ids) : undefined;
}

/** The works dossier fields of a piece (MOE, MOA, dossier number), read from the travaux module's table. */
function dossierDemande(ctx: SandboxContext, f: repo.FactureRow): DossierDemande | undefined {
  if (f.dossierFacturationId === null) return undefined;
  const d = ctx.db.select().from(dossiersFacturation).where(and(eq(dossiersFacturation.sandboxId, ctx.sandboxId), eq(dossiersFacturation.id, f.dossierFacturationId))).get();
  if (!d) return undefined;
  return {
    idDossierFacturation: d.id,
    numeroDossierFacturation: `DF${String(d.id).padStart(8, '0')}`,
    typeFactureTravaux: (f.codeCadreFacturation === null ? undefined : PIECES_TRAVAUX[f.codeCadreFacturation])?.typeFactureTravaux ?? 'PROJET_DECOMPTE_MENSUEL',
    idStructureMoe: d.moeId,
    idServiceMoe: d.serviceMoeId,
    idStructureMoa: d.moaId,
    idServiceMoa: d.serviceMoaId,
  };
}

/**
 * rechercher/demandePaiement (§3.1.15): the real one "does not work in qualification"; here it
 * searches the caller's invoices in the given role (supplier or recipient; both when absent).
 */
export function rechercherDemandePaiement(ctx: SandboxContext, appelant: Appelant, i: import('zod').infer<typeof import('../schemas/recherche.js').rechercherDemandePaiementParam>) {
  const role = i.roleUtilisateur?.trim().toUpperCase();
  // VALIDATEUR is the spelling of GO clients (chorus-domain §8.3), VALIDEUR the Swagger's.
  const perimetre =
    role === 'FOURNISSEUR'
      ? 'FOURNISSEUR'
      : role === 'DESTINATAIRE'
        ? 'DESTINATAIRE'
        : role === 'VALIDEUR' || role === 'VALIDATEUR'
          ? 'VALIDEUR'
          : role === 'MOE' || role === 'MOA'
            ? 'TRAVAUX'
            : 'TOUS';
  const idValideur = i.structureValideur?.idStructureValideur;
  const statuts = i.statutCourant?.map((s) => s.trim().toUpperCase()).filter(Boolean);
  const filtres = definis([
    // An OCR invoice (deposer/pdf, not yet submitted) is no payment request yet.
    ne(factures.statut, 'INTERPRETEE_OCR'),
    i.numeroFacture ? eq(factures.numeroFacture, i.numeroFacture) : undefined,
    filtreTypeDemandePaiement(i.typeDemandePaiement),
    i.typeFacture ? eq(factures.typeFacture, i.typeFacture.trim().toUpperCase()) : undefined,
    i.cadreFacturation ? eq(factures.codeCadreFacturation, i.cadreFacturation.trim().toUpperCase()) : undefined,
    statuts?.length ? inArray(factures.statut, statuts) : undefined,
    ...entre(factures.dateHeureEtatCourant, borne(i.periodeDateHeureEtatCourantDu, false), borne(i.periodeDateHeureEtatCourantAu, true)),
    ...entre(factures.dateFacture, i.periodeDateFournisseurDu?.slice(0, 10), i.periodeDateFournisseurAu?.slice(0, 10)),
    ...entre(factures.dateDepot, borne(i.periodeDateDepotDu, false), borne(i.periodeDateDepotAu, true)),
    ...entreMontants(factures.montantHt, i.montantHTMin, i.montantHTMax),
    ...entreMontants(factures.montantTtc, i.montantTTCMin, i.montantTTCMax),
    ...entreMontants(factures.montantAPayer, i.montantAPayerMin ?? i.montantApayerMin, i.montantAPayerMax ?? i.montantApayerMax),
    i.numeroMarche ? eq(factures.numeroMarche, i.numeroMarche) : undefined,
    i.numeroBonCommande ? eq(factures.numeroBonCommande, i.numeroBonCommande) : undefined,
    i.numeroFactureOrigine ? eq(factures.numeroFactureOrigine, i.numeroFactureOrigine) : undefined,
    i.structureFournisseur?.idStructureFournisseur ? eq(factures.fournisseurId, i.structureFournisseur.idStructureFournisseur) : undefined,
    i.structureDestinataire?.idStructureDestinataire ? eq(factures.destinataireId, i.structureDestinataire.idStructureDestinataire) : undefined,
    i.idServiceFournisseur ? eq(factures.serviceFournisseurId, i.idServiceFournisseur) : undefined,
    i.idServiceDestinataire ? eq(factures.serviceExecutantId, i.idServiceDestinataire) : undefined,
    i.numeroDpMandat ? eq(factures.numeroDpMandat, i.numeroDpMandat) : undefined,
    idValideur ? or(eq(factures.valideur1Id, idValideur), eq(factures.valideur2Id, idValideur)) : undefined,
    ...filtresTravaux(ctx, i),
  ]);
  const travaux = piecesDeMoeMoa(ctx, appelant, role === 'MOE' ? ['MOE'] : role === 'MOA' ? ['MOA'] : ['MOE', 'MOA']);
  const r = chercher(ctx, appelant, perimetre, filtres, { nbResultatsParPage: 200 }, 'pagination', travaux);
  const a = annuaire(ctx);
  const total = r.parametresRetour.total;
  const entree = total === 0 ? erreurs.AUCUN_RESULTAT : erreurs.SUCCES;
  return { codeRetour: entree.codeRetour, libelle: entree.libelle, listeDemandePaiement: r.lignes.map((f) => demandePaiement(f, a, total, dossierDemande(ctx, f))), total };
}

/** consulter/fournisseur, /recipiendaire, /valideur: the validator reads the supplier's view (FactureCppEmise). */
export function consulterFacture(ctx: SandboxContext, appelant: Appelant, id: number, p: PaginationsConsultation, vue: 'EMISE' | 'RECUE', role?: 'VALIDEUR') {
  const f = factureDe(ctx, appelant, id, role ?? (vue === 'EMISE' ? 'FOURNISSEUR' : 'DESTINATAIRE'), 'identifiantFactureCPP');
  const pages = {
    lignes: sousPage(f.lignesPoste, p.lignes?.pageResultatDemandeeLignesPoste, p.lignes?.nbResultatsParPageLignesPoste, p.lignes?.triSensListeLignesPoste),
    tva: sousPage(f.lignesTva, p.tva?.pageResultatDemandeeListeRecapitulatifTVA, p.tva?.nbResultatsParPageListeListeRecapitulatifTVA, p.tva?.triSensListeRecapitulatifTVA),
    pj: sousPage(f.piecesJointes, p.pj?.pageResultatDemandeeListePieceJointe, p.pj?.nbResultatsParPageListePieceJointe, p.pj?.triSensListePiecesJointes),
  };
  return { ...SUCCES, facture: factureConsultee(ctx, f, pages, vue) };
}

/**
 * consulter/historique: for the supplier and the recipient alike. Newest first by default, as
 * PASTELL reads histoStatut[0] as the latest change.
 */
export function consulterHistorique(ctx: SandboxContext, appelant: Appelant, i: ConsulterHistoriqueInput) {
  const f = factureDe(ctx, appelant, i.idFacture, 'TOUS');
  const lignes = repo.listHistorique(ctx, f.id);
  const personnes = new Map<number, ReturnType<typeof findUtilisateur>>();
  const personne = (id: number | null) => {
    if (id === null) return undefined;
    if (!personnes.has(id)) personnes.set(id, findUtilisateur(ctx, id));
    return personnes.get(id);
  };
  const sens = (s?: string) => (s?.trim().toLowerCase() === 'ascendant' ? 'Ascendant' : 'Descendant');
  const ps = i.paramRechercheHistoStatuts;
  const pa = i.paramRechercheHistoActionsUtilisateurs;
  const pe = i.paramRechercheHistoEvenementsComplementaires;
  const max = i.nbResultatsMaximum && i.nbResultatsMaximum > 0 ? i.nbResultatsMaximum : undefined;
  const ordonner = <T>(l: T[], s?: string) => (sens(s) === 'Ascendant' ? l : [...l].reverse());
  const statuts = sousPage(
    ordonner(lignes.filter((h) => h.nature === 'STATUT'), ps?.triSensListeHistoStatut).slice(0, max),
    ps?.pageResultatDemandeeListeHistoStatut,
    ps?.nbResultatsParPageListeHistoStatut,
  );
  const actions = sousPage(ordonner(lignes.filter((h) => h.nature === 'ACTION'), pa?.triSensListeHistoAction), pa?.pageResultatDemandeeListeHistoAction, pa?.nbResultatsParPageListeHistoAction);
  const evenements = sousPage(ordonner(lignes.filter((h) => h.nature === 'EVENEMENT'), pe?.triSensListeHistoEvenement), pe?.pageResultatDemandeeListeHistoEvenement, pe?.nbResultatsParPageListeHistoEvenement);
  const derniere = lignes.filter((h) => h.nature === 'ACTION').at(-1);
  return {
    ...SUCCES,
    idFacture: f.id,
    numeroFacture: f.numeroFacture,
    modeDepot: f.modeDepot,
    statutCourantCode: f.statut,
    historiquesDesStatuts: {
      histoStatut: statuts.liste.map((h) => {
        const u = personne(h.utilisateurId);
        return {
          histoStatutId: h.id,
          histoStatutCode: h.code,
          histoStatutDatePassage: formatDateHeureMinute(h.date),
          histoStatutCommentaire: h.commentaire,
          histoStatutUtilisateurPrenom: u?.prenom ?? null,
          histoStatutUtilisateurNom: u?.nom ?? h.nomUtilisateur,
          histoStatutUtilisateurEmail: u?.email ?? null,
          histoStatutUtilisateurTelephone: u?.telephone ?? null,
        };
      }),
      pageCouranteHistoStatut: statuts.page,
      pagesHistoStatut: statuts.pages,
      nbResultatsParPageHistoStatut: statuts.taille,
      totalHistoStatut: statuts.total,
    },
    historiquesDesEvenementsComplementaires: {
      evenement: evenements.liste.map((h) => ({ evenementId: h.id, evenementLibelle: h.code, evenementQui: h.nomUtilisateur, evenementDateHeure: formatDateHeureMinute(h.date) })),
      pageCouranteEvenement: evenements.page,
      pagesEvenement: evenements.pages,
      nbResultatsParPageEvenement: evenements.taille,
      totalEvenement: evenements.total,
    },
    historiquesDesActionsUtilisateurs: {
      histoAction: actions.liste.map((h) => {
        const u = personne(h.utilisateurId);
        return {
          histoActionId: h.id,
          histoActionCode: h.code,
          histoActionDateHeure: formatDateHeureMinute(h.date),
          histoActionUtilisateurPrenom: u?.prenom ?? null,
          histoActionUtilisateurNom: u?.nom ?? h.nomUtilisateur,
          histoActionUtilisateurEmail: u?.email ?? null,
          histoActionUtilisateurTelephone: u?.telephone ?? null,
        };
      }),
      pageCouranteHistoAction: actions.page,
      pagesHistoAction: actions.pages,
      nbResultatsParPageHistoAction: actions.taille,
      totalHistoAction: actions.total,
    },
    derniereAction: { derniereActionId: derniere?.id ?? null, derniereActionCode: derniere?.code ?? null },
  };
}

