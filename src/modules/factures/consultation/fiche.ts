import { and, count, eq, inArray, isNull, ne } from 'drizzle-orm';
import { factures } from '../../../db/schema/index.js';
import { CIRCUITS, trouverAction, type StatutFacture } from '../../../domain/circuits/index.js';
import { findCadre, referentials } from '../../../referentials/index.js';
import type { SandboxContext } from '../../../sandbox/context.js';
import { structuresRattachees } from '../../structures/service.js';
import { destinatairesActifs } from '../../transverses/repository.js';
import type { LienPieceJointe } from '../depot/controles.js';
import { factureDe, type Appelant } from '../perimetre.js';
import { delaiPaiementFacture } from '../traitement/delai.js';
import { circuitDe } from '../traitement/lifecycle.js';
import { certificatDepot } from '../telechargement/pdf.js';
import { telechargerGroupe } from '../telechargement/service.js';
import * as repo from '../repository.js';
import { annuaire } from './formatters.js';
import { rechercherFournisseur } from './service.js';

/**
 * The supplier's « Factures émises » as the portal shows them (chorus-domain §4, §7.3, §10): the
 * synthesis by status family, the search, one invoice with its timeline, payment delay and the
 * moves the lifecycle allows the supplier, and its files.
 */

const LIBELLES_PJ = new Map(referentials.typesPieceJointe.entries.map((t) => [t.codeTypePieceJointe, t.libelleTypePieceJointe] as const));

/** Families of statuses for the synthesis, in the order a supplier reads them. */
export const FAMILLES_STATUTS: readonly { code: string; libelle: string; statuts: readonly string[] }[] = [
  { code: 'BROUILLONS', libelle: 'Brouillons', statuts: ['BROUILLON', 'INTERPRETEE_OCR'] },
  { code: 'EN_COURS', libelle: 'En cours d’acheminement ou de traitement', statuts: ['DEPOSEE', 'EN_COURS_ACHEMINEMENT', 'MISE_A_DISPOSITION', 'COMPLETEE', 'SERVICE_FAIT', 'MANDATEE', 'MISE_A_DISPOSITION_COMPTABLE', 'COMPTABILISEE', 'A_VALIDER_1', 'A_VALIDER_2', 'VALIDEE_1', 'VALIDEE_2'] },
  { code: 'A_TRAITER', libelle: 'À traiter par vous (suspendues, à recycler, rejetées)', statuts: ['SUSPENDUE', 'A_RECYCLER', 'A_COMPLETER', 'REJETEE', 'REFUSEE_1', 'REFUSEE_2'] },
  { code: 'PAYEES', libelle: 'Mises en paiement', statuts: ['MISE_EN_PAIEMENT'] },
];

function fournisseursDe(ctx: SandboxContext, appelant: Appelant): number[] {
  return [...structuresRattachees(ctx, appelant.id)];
}

/** Counts per status of the caller's supplier structures, grouped in families, and his to-do count. */
export function syntheseFournisseur(ctx: SandboxContext, appelant: Appelant) {
  const ids = fournisseursDe(ctx, appelant);
  const rows = ids.length
    ? ctx.db
        .select({ statut: factures.statut, n: count() })
        .from(factures)
        .where(and(eq(factures.sandboxId, ctx.sandboxId), inArray(factures.fournisseurId, ids), ne(factures.statut, 'SUPPRIMEE'), isNull(factures.dossierFacturationId)))
        .groupBy(factures.statut)
        .all()
    : [];
  const parStatut = new Map(rows.map((r) => [r.statut, r.n]));
  return {
    familles: FAMILLES_STATUTS.map((f) => ({ code: f.code, libelle: f.libelle, statuts: f.statuts, nombre: f.statuts.reduce((n, s) => n + (parStatut.get(s) ?? 0), 0) })),
    parStatut: [...parStatut].map(([statut, nombre]) => ({ statut, nombre })),
  };
}

export interface RechercheEmises {
  numeroFacture?: string;
  statut?: string;
  famille?: string;
  /** SIRET (its beginning) or words of the recipient's name. */
  destinataire?: string;
  du?: string;
  au?: string;
  page?: number;
}

/** The search of « Factures émises »: rechercher/fournisseur with the recipient looked up by SIRET or name. */
export function rechercherFacturesEmises(ctx: SandboxContext, appelant: Appelant, r: RechercheEmises, parPage = 10) {
  const statuts = r.statut ? [r.statut] : r.famille ? [...(FAMILLES_STATUTS.find((f) => f.code === r.famille)?.statuts ?? [])] : undefined;
  let listeDestinataire: { idDestinataire: number }[] | undefined;
  const texte = r.destinataire?.trim();
  if (texte) {
    const plie = texte.toLowerCase();
    const ids = destinatairesActifs(ctx)
      .filter((s) => s.identifiant.startsWith(texte.replace(/\s+/g, '')) || s.raisonSociale.toLowerCase().includes(plie))
      .map((s) => ({ idDestinataire: s.id }));
    listeDestinataire = ids.length ? ids : [{ idDestinataire: -1 }];
  }
  const res = rechercherFournisseur(ctx, appelant, {
    numeroFacture: r.numeroFacture || undefined,
    statutCourant: statuts,
    periodeDateDepotDu: r.du || undefined,
    periodeDateDepotAu: r.au || undefined,
    listeDestinataire,
    rechercheFactureParFournisseur: { pageResultatDemandee: r.page ?? 1, nbResultatsParPage: parPage },
  } as Parameters<typeof rechercherFournisseur>[2]);
  return res;
}

function libelleCadre(code: string | null): string | null {
  return code === null ? null : (findCadre(code)?.libelle ?? code);
}

/**
 * One invoice of the caller's supplier structures: its fiche, timeline (status history), payment
 * delay and due date, attachments, and what the lifecycle lets him do now.
 */
export function ficheFactureEmise(ctx: SandboxContext, appelant: Appelant, idFacture: number) {
  const f = factureDe(ctx, appelant, idFacture, 'FOURNISSEUR');
  const a = annuaire(ctx);
  const fournisseur = a.structure(f.fournisseurId);
  const destinataire = f.destinataireId === null ? undefined : a.structure(f.destinataireId);
  const service = a.service(f.serviceExecutantId);
  const historique = repo.listHistorique(ctx, f.id);
  const circuit = CIRCUITS[circuitDe(f)];
  const statut = f.statut as StatutFacture;
  const depuis = historique.filter((h) => h.nature === 'STATUT' && h.code === f.statut).at(-1);
  const codeAcquittement = f.statut === 'REJETEE' ? 'ACQUITTEMENT_REJET' : f.statut === 'SUSPENDUE' ? 'ACQUITTEMENT_SUSPENSION' : undefined;
  const acquittee =
    codeAcquittement !== undefined &&
    historique.some((h) => h.nature === 'ACTION' && (h.code === codeAcquittement || h.code === 'TRAITEMENT_REJET') && h.id > (depuis?.id ?? 0));
  const peut = (operation: string) => circuit.transitions.some((t) => t.de === statut && t.acteur === 'FOURNISSEUR' && t.operation === operation);
  const pjs = f.piecesJointes as LienPieceJointe[];
  const principale = f.pieceJointePrincipaleId === null ? undefined : repo.findPieceJointe(ctx, f.pieceJointePrincipaleId);
  return {
    idFacture: f.id,
    numeroFacture: f.numeroFacture,
    statut: f.statut,
    motif: f.commentaireEtatCourant,
    typeFacture: f.typeFacture,
    modeDepot: f.modeDepot,
    cadre: { code: f.codeCadreFacturation, libelle: libelleCadre(f.codeCadreFacturation) },
    dateFacture: f.dateFacture,
    dateDepot: f.dateDepot,
    fournisseur: { identifiant: fournisseur.identifiant, nom: fournisseur.raisonSociale },
    destinataire: destinataire ? { identifiant: destinataire.identifiant, nom: destinataire.raisonSociale } : null,
    service: service ? { code: service.code, libelle: service.libelle } : null,
    numeroEngagement: f.numeroBonCommande,
    devise: f.devise,
    montants: { ht: f.montantHt, tva: f.montantTva, ttc: f.montantTtc, aPayer: f.montantAPayer },
    lignes: f.lignesPoste as { lignePosteNumero: number; lignePosteDenomination: string | null; lignePosteQuantite: number; lignePosteMontantUnitaireHT: number | null; lignePosteTauxTvaManuel: number | null; lignePosteMontantHtApresRemise: number }[],
    lignesTva: f.lignesTva as { ligneTvaTauxRefValeur: number | null; ligneTvaMontantBaseHtParTaux: number; ligneTvaMontantTvaParTaux: number }[],
    historique: historique.map((h) => ({ nature: h.nature, code: h.code, date: h.date, commentaire: h.commentaire, qui: h.nomUtilisateur })),
    delaiPaiement: delaiPaiementFacture(ctx, f),
    datePaiement: f.datePaiement,
    numeroMandat: f.numeroDpMandat,
    piecesJointes: [
      ...(principale ? [{ designation: 'Facture (pièce principale)', nom: principale.nom, type: 'PDF' }] : []),
      ...pjs.map((p) => ({ designation: p.pieceJointeDesignation, nom: p.pieceJointeDesignation, type: LIBELLES_PJ.get(p.pieceJointeTypeCode) ?? p.pieceJointeTypeCode })),
    ],
    commentaire: f.commentaire,
    certificat: f.empreinteCertificatDepot !== null && f.statut !== 'BROUILLON' && f.statut !== 'SUPPRIMEE',
    actions: {
      envoyer: peut('portail/envoyer'),
      supprimer: peut('portail/supprimer'),
      completer: peut('completer'),
      recycler: peut('recycler'),
      completerPdf: f.statut === 'INTERPRETEE_OCR',
      acquitter: codeAcquittement !== undefined && !acquittee && trouverAction(circuit.nom, codeAcquittement, statut, 'FOURNISSEUR') ? codeAcquittement : null,
      acquittee,
    },
  };
}

/** The invoice's PDF (the deposited one, or the platform's rendering) or its certificat de dépôt. */
export async function fichierFactureEmise(ctx: SandboxContext, appelant: Appelant, idFacture: number, quoi: 'FACTURE' | 'CERTIFICAT') {
  const f = factureDe(ctx, appelant, idFacture, 'FOURNISSEUR');
  if (quoi === 'CERTIFICAT') {
    return { nom: `certificat-depot-${f.id}.pdf`, contenu: Buffer.from(await certificatDepot(ctx, f)) };
  }
  const r = await telechargerGroupe(ctx, appelant, { format: 'PDF', listeFacture: [{ idFacture: f.id }] });
  return { nom: `facture-${(f.numeroFacture ?? String(f.id)).replace(/[^A-Za-z0-9._-]+/g, '_')}.pdf`, contenu: Buffer.from(r.fichierResultat, 'base64') };
}

// Kept for the synthesis' "to do" filter: invoices that wait for the supplier.
export const STATUTS_A_TRAITER_FOURNISSEUR = FAMILLES_STATUTS.find((f) => f.code === 'A_TRAITER')!.statuts;

