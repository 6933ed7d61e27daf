import { transaction } from '../../db/transaction.js';
import {
  CADRE_DGD_TACITE,
  CADRE_TACITE,
  CIRCUITS,
  MOTIFS_REFUS_TRAVAUX,
  PIECES_TRAVAUX,
  statutDeRefus,
  transitionsDepuis,
  type MotifRefusTravaux,
  type RoleTravaux,
  type StatutFacture,
} from '../../domain/circuits/index.js';
import { ChorusError, isChorusError } from '../../errors/chorus-error.js';
import { erreurs } from '../../errors/catalogue/index.js';
import type { SandboxContext } from '../../sandbox/context.js';
import { ajouterFichier, estPdf, TAILLE_MAX_FICHIER } from '../factures/depot/fichiers.js';
import type { Appelant } from '../factures/perimetre.js';
import { findPieceJointe } from '../factures/repository.js';
import { findStructure, findStructureByIdentifiant, listStructures } from '../structures/repository.js';
import { structuresRattachees } from '../structures/service.js';
import * as repo from './repository.js';
import {
  attente,
  completer,
  consulter,
  consulterDossier,
  demanderRecyclage,
  pieceEtDossier,
  rechercher,
  rechercherATraiter,
  recycler,
  roleAttendu,
  soumettreFactureTravaux,
  structureDuRole,
  type ActionAttendue,
} from './service.js';

/**
 * What the portal's « Factures de travaux » espace needs beside the API operations of service.ts:
 * the trainee-facing names of the pieces (chorus-domain §9.5bis), the actions a user may take on a
 * piece — read from the works lifecycle table, never listed by the page —, a dossier by its id,
 * and the deposit of a piece with its PDF uploaded from a form.
 */

/** The glossary's names of the pieces (chorus-domain §9.5bis), by cadre; the cadre's number in brackets. */
const LIBELLES_CADRES: Readonly<Record<string, string>> = {
  A4_PROJET_DECOMPTE_MENSUEL_FOURNISSEUR: 'Projet de décompte mensuel du titulaire',
  A10_PROJET_DECOMPTE_MENSUEL_SOUSTRAITANT: 'Projet de décompte mensuel du sous-traitant',
  A13_PROJET_DECOMPTE_MENSUEL_COTRAITANT: 'Projet de décompte mensuel du cotraitant',
  A7_PROJET_DECOMPTE_FINAL_FOURNISSEUR: 'Projet de décompte final du titulaire',
  A11_PROJET_DECOMPTE_FINAL_SOUSTRAITANT: 'Projet de décompte final du sous-traitant',
  A14_PROJET_DECOMPTE_FINAL_COTRAITANT: 'Projet de décompte final du cotraitant',
  A15_ETAT_ACOMPTE_MOE: 'État d’acompte de la maîtrise d’œuvre',
  A16_ETAT_ACOMPTE_VALIDE_MOE: 'État d’acompte validé par la maîtrise d’œuvre',
  A19_ETAT_ACOMPTE_VALIDE_MOA: 'État d’acompte validé par la maîtrise d’ouvrage',
  A17_PROJET_DECOMPTE_GENERAL_MOE: 'Projet de décompte général de la maîtrise d’œuvre',
  A18_DECOMPTE_GENERAL_MOE: 'Décompte général de la maîtrise d’œuvre',
  A20_DECOMPTE_GENERAL_MOA: 'Décompte général de la maîtrise d’ouvrage',
  A8_DECOMPTE_GENERAL_DEFINITIF_FOURNISSEUR: 'Décompte général et définitif (DGD) signé par le titulaire',
  A22_PROJET_DECOMPTE_GENERAL_FOURNISSEUR_PROCEDURE_TACITE: 'Projet de décompte général du titulaire (procédure tacite)',
  A23_DECOMPTE_GENERAL_DEFINITIF_TACITE_FOURNISSEUR: 'Décompte général et définitif tacite',
};

/** « Projet de décompte mensuel du titulaire (A4) »; the code itself for a cadre the glossary does not name. */
export function libellePiece(cadre: string | null | undefined): string {
  if (!cadre) return '';
  const libelle = LIBELLES_CADRES[cadre];
  return libelle ? `${libelle} (${cadre.split('_')[0]})` : cadre;
}

export const LIBELLES_ROLES: Readonly<Record<RoleTravaux, string>> = {
  FOURNISSEUR: 'Titulaire (fournisseur)',
  MOE: 'Maîtrise d’œuvre (MOE)',
  MOA: 'Maîtrise d’ouvrage (MOA)',
};

/** The motifs of the refusal list, in the portal's words (complements §4.3); « Erreur de montant » is listed and refused by refuser. */
export const LIBELLES_MOTIFS: Readonly<Record<MotifRefusTravaux, string>> = {
  MAUVAISE_MOE: 'Erreur de maîtrise d’œuvre destinataire',
  MAUVAISE_MOA: 'Erreur de maîtrise d’ouvrage destinataire',
  ERREUR_MONTANT: 'Erreur de montant',
  AUTRE: 'Autre motif',
};

/** The cadres that open a dossier (a deposit without reference): the titulaire's, sub-contractor's and co-contractor's projets. */
export function cadresInitiaux(): string[] {
  return Object.entries(PIECES_TRAVAUX)
    .filter(([, p]) => p.initiale)
    .map(([c]) => c);
}

/** The public structures set up as maître d'ouvrage (estMOA, estMoaUniquement), for the deposit form's list. */
export function maitresOuvrage(ctx: SandboxContext): { id: number; identifiant: string; raisonSociale: string }[] {
  return listStructures(ctx)
    .filter((s) => s.statut === 'ACTIF' && s.typeStructure === 'PUBLIQUE' && (s.estMoa || s.estMoaUniquement))
    .map((s) => ({ id: s.id, identifiant: s.identifiant, raisonSociale: s.raisonSociale }));
}

/** The private structures the user may deposit a titulaire's piece for. */
export function structuresTitulaires(ctx: SandboxContext, appelant: Appelant): { id: number; identifiant: string; raisonSociale: string }[] {
  return [...structuresRattachees(ctx, appelant.id)]
    .map((id) => findStructure(ctx, id))
    .filter((s) => s !== undefined && s.statut === 'ACTIF' && s.typeStructure === 'PRIVEE')
    .map((s) => ({ id: s!.id, identifiant: s!.identifiant, raisonSociale: s!.raisonSociale }));
}

export interface ActionsPiece {
  /** The role the user answers the piece in, when it waits for him. */
  role: RoleTravaux | undefined;
  prendreEnCompte: boolean;
  /** The refusal motifs offered (empty: no refusal); « Erreur de montant » is offered so that its explanation is shown. */
  motifsRefus: MotifRefusTravaux[];
  demanderCompleter: boolean;
  /** completer (titulaire) or completermoe (MOE), when the piece waits for its depositor to complete it. */
  completer: 'FOURNISSEUR' | 'MOE' | undefined;
  /** The cadres of « Déposer la pièce de facturation suivante » the user may deposit after this piece. */
  suivantes: string[];
  /** demander/recyclage: the MOE or MOA the piece waits for sends it back, not meant for it. */
  demanderRecyclage: boolean;
  /** recycler: the depositor corrects the addressee; `moe` when the MOE may be corrected too (a projet addressed to the MOE). */
  recycler: { moe: boolean } | undefined;
}

/** Statuses in which a projet de décompte final still allows the titulaire's tacit procedure (as soumettreFactureTravaux checks). */
const FINAL_ENCORE_VIVANT: readonly string[] = ['MISE_A_DISPOSITION_MOE', 'PRISE_EN_COMPTE_MOE', 'A_ASSOCIER_MOA', 'PRISE_EN_COMPTE_MOA', 'ASSOCIEE'];

/**
 * The actions the user may take on a piece: the rows of the works lifecycle table (TRAVAUX) that
 * leave its status for the actor it waits for, when the user belongs to that actor's structure. The
 * services check again when the action is posted.
 */
export function actionsPiece(ctx: SandboxContext, appelant: Appelant, idFactureTravaux: number): ActionsPiece {
  consulter(ctx, appelant, idFactureTravaux); // the same reading right as the API's consulter
  return actionsLisibles(ctx, appelant, idFactureTravaux);
}

function actionsLisibles(ctx: SandboxContext, appelant: Appelant, idFactureTravaux: number): ActionsPiece {
  const { piece, dossier } = pieceEtDossier(ctx, idFactureTravaux);
  const miennes = structuresRattachees(ctx, appelant.id);
  const joue = (role: RoleTravaux) => {
    const s = structureDuRole(dossier, role);
    return s !== null && miennes.has(s);
  };
  const statut = piece.statut as StatutFacture;
  const deposant = PIECES_TRAVAUX[piece.codeCadreFacturation]?.deposant ?? 'FOURNISSEUR';
  const attendu = roleAttendu(statut);
  const role = attendu && joue(attendu) ? attendu : undefined;
  const lignes = role ? transitionsDepuis('TRAVAUX', statut, role) : [];
  const par = (operation: string) => lignes.filter((t) => t.operation === operation);
  const versRefus = new Set(par('facturesTravaux/refuser').map((t) => t.vers));
  const motifsRefus = role && versRefus.size ? MOTIFS_REFUS_TRAVAUX.filter((m) => m === 'ERREUR_MONTANT' || versRefus.has(statutDeRefus(role, m, deposant)!)) : [];

  let completer: ActionsPiece['completer'];
  if (statut === 'A_COMPLETER' && (deposant === 'FOURNISSEUR' || deposant === 'MOE') && joue(deposant)) {
    const ops = transitionsDepuis('TRAVAUX', statut, deposant).map((t) => t.operation as string);
    if (ops.includes(deposant === 'MOE' ? 'facturesTravaux/completermoe' : 'facturesTravaux/completer')) completer = deposant;
  }

  const pieces = repo.piecesDuDossier(ctx, dossier.id);
  const suivantes = Object.entries(PIECES_TRAVAUX)
    .filter(([cadre, p]) => {
      if (cadre === CADRE_DGD_TACITE || !p.suit.includes(piece.codeCadreFacturation) || !joue(p.deposant)) return false;
      if (cadre === CADRE_TACITE) return !pieces.some((x) => x.codeCadreFacturation === CADRE_TACITE) && FINAL_ENCORE_VIVANT.includes(statut);
      return transitionsDepuis('TRAVAUX', statut, p.deposant).some((t) => t.vers === 'ASSOCIEE' && t.operation === 'facturesTravaux/soumettre');
    })
    .map(([cadre]) => cadre);

  const modele = PIECES_TRAVAUX[piece.codeCadreFacturation];
  const recyclable = modele !== undefined && joue(modele.deposant) && transitionsDepuis('TRAVAUX', statut, modele.deposant).some((t) => t.operation === 'facturesTravaux/recycler');

  return {
    role,
    demanderRecyclage: role !== undefined && role !== 'FOURNISSEUR' && par('facturesTravaux/demanderRecyclage').length > 0,
    recycler: recyclable ? { moe: modele.adresse === 'MOE' } : undefined,
    prendreEnCompte: par('facturesTravaux/prendreEnCompte').length > 0,
    motifsRefus,
    demanderCompleter: role !== 'FOURNISSEUR' && par('facturesTravaux/suspendre').length > 0,
    completer,
    suivantes,
  };
}

/** The roles the user plays in a dossier (a structure may be titulaire in one and MOE in another). */
export function rolesDansDossier(ctx: SandboxContext, appelant: Appelant, dossier: Pick<repo.DossierRow, 'fournisseurId' | 'moeId' | 'moaId'>): RoleTravaux[] {
  const miennes = structuresRattachees(ctx, appelant.id);
  return (['FOURNISSEUR', 'MOE', 'MOA'] as const).filter((r) => {
    const s = r === 'FOURNISSEUR' ? dossier.fournisseurId : r === 'MOE' ? dossier.moeId : dossier.moaId;
    return s !== null && miennes.has(s);
  });
}

/**
 * A dossier de facturation by its id, with its pieces in order and their history
 * (consulter/dossierfacturation of its first piece). Unknown and not-mine dossiers get the same
 * refusal, so that ids cannot be probed.
 */
export function consulterDossierParId(ctx: SandboxContext, appelant: Appelant, idDossier: number) {
  const dossier = Number.isSafeInteger(idDossier) ? repo.findDossier(ctx, idDossier) : undefined;
  const premiere = dossier ? repo.piecesDuDossier(ctx, dossier.id)[0] : undefined;
  if (!dossier || !premiere || rolesDansDossier(ctx, appelant, dossier).length === 0) {
    throw new ChorusError(erreurs.FACTURE_TRAVAUX_NON_HABILITE, `${erreurs.FACTURE_TRAVAUX_NON_HABILITE.libelle} (dossier ${idDossier})`);
  }
  return { ...consulterDossier(ctx, appelant, premiere.id), roles: rolesDansDossier(ctx, appelant, dossier) };
}

export interface DepotPortail {
  cadre: string;
  numero: string;
  dateFacture: string;
  /** « Déposer la pièce de facturation suivante »: the piece it follows (its dossier gives the actors). */
  idPiecePrecedente?: number;
  /** Initial deposit: the titulaire structure, the MOE's SIRET (none: no maître d'œuvre), the MOA, the service financier's SIRET. */
  idFournisseur?: number;
  siretMoe?: string;
  idMoa?: number;
  siretDestinataire?: string;
  codeServiceExecutant?: string;
  numeroMarche?: string;
  numeroEngagement?: string;
  montantHt: number;
  montantTva: number;
  montantTtc: number;
  commentaire?: string;
  fichier?: { nom: string; typeMime?: string; contenu: Buffer };
}

/** The form's field for each field an API refusal names (the libellé ends with it, in brackets). */
const CHAMPS_FORMULAIRE: readonly [string, string][] = [
  ['numeroFactureTravaux', 'numero'],
  ['cadreDeFacturation', 'cadre'],
  ['typeFactureTravaux', 'cadre'],
  ['piecePrecedente', 'cadre'],
  ['fournisseur.', 'idFournisseur'],
  ['moe.', 'siretMoe'],
  ['moa.', 'idMoa'],
  ['destinataire.codeServiceExecutant', 'codeServiceExecutant'],
  ['destinataire.', 'siretDestinataire'],
  ['numeroBonCommande', 'numeroEngagement'],
  ['montantTotal', 'montantTtc'],
  ['pieceJointePrincipale', 'fichier'],
  ['motifRefus', 'motif'],
  ['(commentaire)', 'commentaire'],
];

/** A service refusal with the form field it is about (`champ`), found from the API field its libellé names. */
export function avecChamp(e: unknown, parDefaut = '_'): unknown {
  if (!isChorusError(e) || e.champ) return e;
  const champ = CHAMPS_FORMULAIRE.find(([api]) => e.libelle.includes(api))?.[1] ?? parDefaut;
  return new ChorusError({ codeRetour: e.codeRetour, libelle: e.libelle, httpStatus: e.httpStatus }, e.libelle, champ);
}

function siretConnu(ctx: SandboxContext, siret: string, champ: string): number {
  const s = findStructureByIdentifiant(ctx, siret.replace(/\s/g, ''), 'SIRET');
  if (!s) throw new ChorusError(erreurs.DESTINATAIRE_INTROUVABLE, `Aucune structure de SIRET ${siret} dans l’annuaire du bac à sable`, champ);
  return s.id;
}

/**
 * The portal's deposit of a works piece (PDF mode): the PDF is stored as the API's ajouter/fichier
 * does, then soumettreFactureTravaux runs with it; both in one transaction, so a refused piece leaves
 * no file behind. The MOE is looked up by its SIRET (it may be a private structure), the service
 * financier by its SIRET as the destinataire of a simple invoice.
 */
export function deposerPieceTravaux(ctx: SandboxContext, appelant: Appelant, d: DepotPortail) {
  try {
    return transaction(ctx.db, () => {
      const f = d.fichier;
      if (!f || f.contenu.length === 0) throw new ChorusError(erreurs.PIECE_JOINTE_OBLIGATOIRE, 'Joignez le PDF de la pièce', 'fichier');
      if (f.contenu.length > TAILLE_MAX_FICHIER) throw new ChorusError(erreurs.FICHIER_TROP_VOLUMINEUX, `${erreurs.FICHIER_TROP_VOLUMINEUX.libelle} (10 Mo au plus)`, 'fichier');
      if (!estPdf(f.contenu)) throw new ChorusError(erreurs.PDF_INVALIDE, `${erreurs.PDF_INVALIDE.libelle} : une pièce de travaux se dépose en PDF`, 'fichier');
      const initiale = d.idPiecePrecedente === undefined;
      const idMoe = initiale && d.siretMoe ? siretConnu(ctx, d.siretMoe, 'siretMoe') : undefined;
      const { pieceJointeId } = ajouterFichier(ctx, appelant.id, {
        pieceJointeFichier: f.contenu.toString('base64'),
        pieceJointeNom: f.nom.slice(0, 100) || 'piece.pdf',
        pieceJointeTypeMime: 'application/pdf',
        pieceJointeExtension: 'PDF',
      });
      return soumettreFactureTravaux(ctx, appelant, {
        numeroFactureTravaux: d.numero,
        dateFactureTravaux: d.dateFacture,
        modeDepot: 'DEPOT_PDF_API',
        cadreDeFacturation: { codeCadreFacturation: d.cadre },
        piecePrecedente: initiale ? undefined : { idFactureTravaux: d.idPiecePrecedente! },
        fournisseur: initiale && d.idFournisseur !== undefined ? { idFournisseur: d.idFournisseur } : undefined,
        moe: idMoe !== undefined ? { idStructureMoe: idMoe } : undefined,
        moa: initiale && d.idMoa !== undefined ? { idStructureMoa: d.idMoa } : undefined,
        destinataire: initiale && d.siretDestinataire ? { codeDestinataire: d.siretDestinataire.replace(/\s/g, ''), codeServiceExecutant: d.codeServiceExecutant || undefined } : undefined,
        references: { numeroMarche: d.numeroMarche || undefined, numeroBonCommande: d.numeroEngagement || undefined },
        montantTotal: { montantHtTotal: d.montantHt, montantTVA: d.montantTva, montantTtcTotal: d.montantTtc },
        pieceJointePrincipale: [{ pieceJointePrincipaleId: pieceJointeId }],
        commentaire: d.commentaire || undefined,
      } as Parameters<typeof soumettreFactureTravaux>[2]);
    });
  } catch (e) {
    throw avecChamp(e);
  }
}

/** What a piece waits for, in the portal's words (rechercher/atraiter's actionAttendue). */
export const LIBELLES_ATTENTES: Readonly<Record<ActionAttendue, string>> = {
  A_TRAITER: 'À traiter',
  A_COMPLETER: 'À compléter',
  A_RECYCLER: 'À recycler',
};

/**
 * Who the piece waits for and what, in words (the « à traiter » column): « Maîtrise d’œuvre (MOE) —
 * À traiter », « Titulaire (fournisseur) — À compléter » (the service's `attente`, from the works table).
 */
export function attenteDe(statut: string, cadre: string): string | undefined {
  const a = attente({ statut, codeCadreFacturation: cadre });
  if (a) return `${LIBELLES_ROLES[a.role]} — ${LIBELLES_ATTENTES[a.action]}`;
  return CIRCUITS.TRAVAUX_PAIEMENT.aTraiter.DESTINATAIRE?.includes(statut as StatutFacture) ? 'Service financier' : undefined;
}

/** A piece id from a URL: unknown, malformed and not-mine pieces get the same refusal. */
function pieceAccessible<T>(idFactureTravaux: number, lire: () => T): T {
  const refus = () => new ChorusError(erreurs.FACTURE_TRAVAUX_NON_HABILITE, `${erreurs.FACTURE_TRAVAUX_NON_HABILITE.libelle} (pièce ${idFactureTravaux})`);
  if (!Number.isSafeInteger(idFactureTravaux) || idFactureTravaux <= 0) throw refus();
  try {
    return lire();
  } catch (e) {
    if (isChorusError(e) && e.codeRetour === erreurs.PIECE_PRECEDENTE_INTROUVABLE.codeRetour) throw refus();
    throw e;
  }
}

/** The Consulter screen of a piece: the API's consulter, and the actions the user may take (actionsPiece). */
export function consulterPiece(ctx: SandboxContext, appelant: Appelant, idFactureTravaux: number) {
  return pieceAccessible(idFactureTravaux, () => {
    const { factureTravaux } = consulter(ctx, appelant, idFactureTravaux);
    const actions = actionsLisibles(ctx, appelant, idFactureTravaux);
    return { factureTravaux, actions, maitresOuvrage: actions.recycler ? maitresOuvrage(ctx) : [] };
  });
}

/**
 * The deposited PDF of a works piece (its pieceJointePrincipale), for « Télécharger le PDF ». Read by
 * the titulaire, the MOE and the MOA of its dossier (consulter's reading right, as consulterPiece),
 * and by the dossier's service financier, who receives its paid pieces. Unknown, malformed and
 * not-mine pieces get the same refusal.
 */
export function fichierPiece(ctx: SandboxContext, appelant: Appelant, idFactureTravaux: number): { nom: string; contenu: Buffer } {
  return pieceAccessible(idFactureTravaux, () => {
    const { piece, dossier } = pieceEtDossier(ctx, idFactureTravaux);
    if (!structuresRattachees(ctx, appelant.id).has(dossier.destinataireId)) consulter(ctx, appelant, idFactureTravaux);
    const pj = piece.pieceJointePrincipaleId === null ? undefined : findPieceJointe(ctx, piece.pieceJointePrincipaleId);
    if (!pj) throw new ChorusError(erreurs.PIECE_JOINTE_INTROUVABLE, `${erreurs.PIECE_JOINTE_INTROUVABLE.libelle} (pièce ${idFactureTravaux})`);
    const nom = pj.nom.toLowerCase().endsWith('.pdf') ? pj.nom : `${pj.nom || piece.numeroFacture}.pdf`;
    return { nom, contenu: Buffer.from(pj.contenu) };
  });
}

/** The espace's Synthèse: the pieces waiting for one of the user's roles, and his pieces in a role (all roles when none), paged. */
export function synthese(ctx: SandboxContext, appelant: Appelant, input: { role?: RoleTravaux; page?: number }) {
  return {
    aTraiter: rechercherATraiter(ctx, appelant, { rechercheFactureTravaux: { nbResultatsParPage: 100 } }).listeFacturesTravaux,
    pieces: rechercher(ctx, appelant, { roleUtilisateur: input.role, rechercheFactureTravaux: { pageResultatDemandee: input.page ?? 1, nbResultatsParPage: 20 } }),
  };
}

/**
 * What the deposit form offers: for an initial deposit, the user's titulaire structures, the
 * maîtres d'ouvrage and the cadres that open a dossier; for « Déposer la pièce de facturation
 * suivante », the previous piece and the cadres the user's role may deposit after it.
 */
export function formulaireDepot(ctx: SandboxContext, appelant: Appelant, idPiecePrecedente?: number) {
  if (idPiecePrecedente === undefined) {
    return { precedente: undefined, cadres: cadresInitiaux(), titulaires: structuresTitulaires(ctx, appelant), maitresOuvrage: maitresOuvrage(ctx) };
  }
  const { factureTravaux, actions } = consulterPiece(ctx, appelant, idPiecePrecedente);
  return { precedente: factureTravaux, cadres: actions.suivantes, titulaires: [], maitresOuvrage: [] };
}

/** « Compléter »: completer for the titulaire's piece, completermoe for the MOE's, as the piece's depositor decides. */
export function completerPiece(ctx: SandboxContext, appelant: Appelant, input: { idFactureTravaux: number; commentaire?: string }) {
  const { actions } = consulterPiece(ctx, appelant, input.idFactureTravaux);
  return completer(ctx, appelant, input, actions.completer ?? 'FOURNISSEUR');
}

/** « Demander le recyclage »: the MOE or MOA sends back a piece not meant for it (demander/recyclage). */
export function demanderRecyclagePiece(ctx: SandboxContext, appelant: Appelant, input: { idFactureTravaux: number; commentaire?: string }) {
  try {
    return demanderRecyclage(ctx, appelant, input);
  } catch (e) {
    const r = avecChamp(e, 'commentaireRecyclage');
    if (isChorusError(r) && r.champ === 'commentaire') throw new ChorusError({ codeRetour: r.codeRetour, libelle: r.libelle, httpStatus: r.httpStatus }, r.libelle, 'commentaireRecyclage');
    throw r;
  }
}

/** « Recycler »: the depositor names the right MOE (by its SIRET) and/or MOA; recycler routes the piece again. */
export function recyclerPiece(ctx: SandboxContext, appelant: Appelant, input: { idFactureTravaux: number; siretMoe?: string; idMoa?: number; commentaire?: string }) {
  try {
    const idMoe = input.siretMoe ? siretConnu(ctx, input.siretMoe, 'siretMoe') : undefined;
    return recycler(ctx, appelant, {
      idFactureTravaux: input.idFactureTravaux,
      moe: idMoe !== undefined ? { idStructureMoe: idMoe } : undefined,
      moa: input.idMoa !== undefined ? { idStructureMoa: input.idMoa } : undefined,
      commentaire: input.commentaire,
    });
  } catch (e) {
    throw avecChamp(e, 'idMoa');
  }
}
