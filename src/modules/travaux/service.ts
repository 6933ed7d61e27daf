import { createHash } from 'node:crypto';
import { nextId } from '../../db/sequences.js';
import { transaction } from '../../db/transaction.js';
import {
  CADRE_DGD_TACITE,
  CADRE_TACITE,
  CIRCUITS,
  JOURS_DGD_TACITE,
  MOTIFS_REFUS_TRAVAUX,
  PIECES_TRAVAUX,
  statutDeRefus,
  transitionsDepuis,
  trouverTransition,
  type Acteur,
  type MotifRefusTravaux,
  type PieceTravaux,
  type RoleTravaux,
  type StatutFacture,
} from '../../domain/circuits/index.js';
import { ChorusError } from '../../errors/chorus-error.js';
import { erreurs } from '../../errors/catalogue/index.js';
import type { SandboxContext } from '../../sandbox/context.js';
import { formatDate, formatDateHeureIso, formatDateHeureMinute, formatDateTime } from '../../sandbox/dates.js';
import { annuler, enregistrerTypeEcheance, observerFactures, planifier } from '../../sandbox/echeancier.js';
import { controlerAcheminement } from '../factures/depot/controles.js';
import { pieceJointeUtilisable } from '../factures/depot/fichiers.js';
import { canonique } from '../factures/depot/soumission.js';
import { nomDe, type Appelant } from '../factures/perimetre.js';
import * as facturesRepo from '../factures/repository.js';
import { appliquerTransition, factureOuErreur, historiserStatut } from '../factures/traitement/lifecycle.js';
import { findService, findStructure, type StructureRow } from '../structures/repository.js';
import { structuresRattachees } from '../structures/service.js';
import { ligneRecherche, factureTravaux, numeroDossier, typeFactureTravauxDe } from './formatters.js';
import * as repo from './repository.js';
import type { RechercherFactureTravauxInput, SoumettreFactureTravauxInput } from './schemas.js';

const JOUR_MS = 86_400_000;
const SYSTEME = { utilisateurId: null, nomUtilisateur: 'Chorus Pro' } as const;

const refus = (entry: { codeRetour: number; libelle: string; httpStatus: number }, detail: string) => new ChorusError(entry, `${entry.libelle} : ${detail}`);

/** The structure of the dossier that plays `role`. */
export function structureDuRole(d: repo.DossierRow, role: RoleTravaux): number | null {
  return role === 'FOURNISSEUR' ? d.fournisseurId : role === 'MOE' ? d.moeId : d.moaId;
}

/** The actor expected to answer a piece in `statut` (the circuit's « à traiter » lists), or undefined. */
export function roleAttendu(statut: string): RoleTravaux | undefined {
  const aTraiter = CIRCUITS.TRAVAUX.aTraiter;
  for (const role of ['MOE', 'MOA', 'FOURNISSEUR'] as const) if ((aTraiter[role] as readonly string[] | undefined)?.includes(statut)) return role;
  return undefined;
}

export function pieceEtDossier(ctx: SandboxContext, id: number, champ = 'idFactureTravaux'): { piece: facturesRepo.FactureDeposee; dossier: repo.DossierRow } {
  const piece = facturesRepo.findFacture(ctx, id);
  const dossier = piece?.dossierFacturationId == null ? undefined : repo.findDossier(ctx, piece.dossierFacturationId);
  if (!piece || !dossier) throw refus(erreurs.PIECE_PRECEDENTE_INTROUVABLE, `${champ} ${id}`);
  return { piece: repo.pieceDeposee(piece), dossier };
}

/** The piece when the caller is titulaire, MOE or MOA of its dossier. */
function pieceLisible(ctx: SandboxContext, appelant: Appelant, id: number) {
  const found = pieceEtDossier(ctx, id);
  const miennes = structuresRattachees(ctx, appelant.id);
  const { dossier } = found;
  if (![dossier.fournisseurId, dossier.moeId, dossier.moaId].some((s) => s !== null && miennes.has(s))) {
    throw refus(erreurs.FACTURE_TRAVAUX_NON_HABILITE, `idFactureTravaux ${id}`);
  }
  return found;
}

interface NouveauDossier {
  fournisseur: StructureRow;
  serviceFournisseurId: number | null;
  moe: StructureRow | null;
  serviceMoeId: number | null;
  moa: StructureRow;
  serviceMoaId: number | null;
  destinataire: StructureRow;
  serviceExecutantId: number | null;
}

function serviceDe(ctx: SandboxContext, structureId: number, idService: number | undefined, champ: string): number | null {
  if (!idService) return null;
  if (findService(ctx, idService)?.structureId !== structureId) throw refus(erreurs.SERVICE_INVALIDE, `service ${idService} (${champ})`);
  return idService;
}

/** A MOA: an active public structure set up as maître d'ouvrage (`estMOA`, or `estMoaUniquement`, §9.6). */
function moaValide(ctx: SandboxContext, id: number): StructureRow {
  const moa = findStructure(ctx, id);
  if (!moa || moa.statut !== 'ACTIF' || moa.typeStructure !== 'PUBLIQUE' || !(moa.estMoa || moa.estMoaUniquement)) {
    throw refus(erreurs.MOA_NON_PARAMETREE, `structure ${id} (moa.idStructureMoa)`);
  }
  return moa;
}

/** A MOE: an active structure, neither the titulaire nor the MOA of the dossier (a MOE may be private: an architect). */
function moeValide(ctx: SandboxContext, id: number, fournisseurId: number, moaId: number): StructureRow {
  const moe = findStructure(ctx, id);
  if (!moe || moe.statut !== 'ACTIF' || moe.id === fournisseurId || moe.id === moaId) throw refus(erreurs.MOE_INVALIDE, `structure ${id} (moe.idStructureMoe)`);
  return moe;
}

/**
 * The actors of a dossier opened by an initial deposit. Uncertain (the « fiche identité du marché »
 * is not a Chorus object): the titulaire names them on his first piece. The MOA must be a public
 * structure set up as maître d'ouvrage (`estMOA`, or `estMoaUniquement` for « structure avec MOA »,
 * §9.6); without MOE, the titulaire's pieces go straight to the MOA; without destinataire, the MOA pays.
 */
function acteursInitiaux(ctx: SandboxContext, appelant: Appelant, input: SoumettreFactureTravauxInput): NouveauDossier {
  if (!input.fournisseur) throw refus(erreurs.CHAMP_OBLIGATOIRE_TRAVAUX, 'fournisseur.idFournisseur');
  const idFournisseur = input.fournisseur.idFournisseur;
  if (!structuresRattachees(ctx, appelant.id).has(idFournisseur)) throw refus(erreurs.FOURNISSEUR_NON_RATTACHE, `structure ${idFournisseur} (fournisseur.idFournisseur)`);
  const fournisseur = findStructure(ctx, idFournisseur);
  if (!fournisseur || fournisseur.statut !== 'ACTIF' || fournisseur.typeStructure !== 'PRIVEE') {
    throw refus(erreurs.FOURNISSEUR_NON_PRIVE, `structure ${idFournisseur} (fournisseur.idFournisseur)`);
  }
  if (!input.moa) throw refus(erreurs.CHAMP_OBLIGATOIRE_TRAVAUX, 'moa.idStructureMoa');
  const moa = moaValide(ctx, input.moa.idStructureMoa);
  const moe = input.moe ? moeValide(ctx, input.moe.idStructureMoe, fournisseur.id, moa.id) : null;
  let destinataire = moa;
  let serviceExecutantId: number | null = null;
  if (input.destinataire) {
    const a = controlerAcheminement(ctx, fournisseur, {
      codeDestinataire: input.destinataire.codeDestinataire,
      codeServiceExecutant: input.destinataire.codeServiceExecutant,
      numeroBonCommande: input.references?.numeroBonCommande,
    });
    destinataire = a.destinataire;
    serviceExecutantId = a.service?.id ?? null;
  }
  return {
    fournisseur,
    serviceFournisseurId: serviceDe(ctx, fournisseur.id, input.fournisseur.idServiceFournisseur, 'fournisseur.idServiceFournisseur'),
    moe,
    serviceMoeId: moe ? serviceDe(ctx, moe.id, input.moe?.idServiceMoe, 'moe.idServiceMoe') : null,
    moa,
    serviceMoaId: serviceDe(ctx, moa.id, input.moa.idServiceMoa, 'moa.idServiceMoa'),
    destinataire,
    serviceExecutantId,
  };
}

/** Statuses in which a projet de décompte final still allows the titulaire's tacit procedure. */
const FINAL_ENCORE_VIVANT = ['MISE_A_DISPOSITION_MOE', 'PRISE_EN_COMPTE_MOE', 'A_ASSOCIER_MOA', 'PRISE_EN_COMPTE_MOA', 'ASSOCIEE'];

/** Checks a following piece against the previous one and the depositor; returns the move of the previous piece. */
function controlerSuite(ctx: SandboxContext, appelant: Appelant, cadre: string, piece: PieceTravaux, precedente: facturesRepo.FactureDeposee, dossier: repo.DossierRow) {
  if (!piece.suit.includes(precedente.codeCadreFacturation)) {
    throw refus(erreurs.PIECE_PRECEDENTE_INCOMPATIBLE, `${cadre} ne suit pas ${precedente.codeCadreFacturation} (piecePrecedente.idFactureTravaux) ; pièces admises : ${piece.suit.join(', ')}`);
  }
  const structure = structureDuRole(dossier, piece.deposant);
  if (structure === null) throw refus(erreurs.DOSSIER_SANS_MOE, `${cadre} (cadreDeFacturation.codeCadreFacturation)`);
  if (!structuresRattachees(ctx, appelant.id).has(structure)) {
    throw refus(erreurs.DEPOSANT_NON_ACTEUR, `${cadre} se dépose par la ${piece.deposant === 'FOURNISSEUR' ? 'structure titulaire' : piece.deposant} du dossier, structure ${structure}`);
  }
  if (cadre === CADRE_TACITE) {
    // The A22 does not answer the A7: it replaces the circuit that stalled (art. 12.4.4).
    const dejaTacite = repo.piecesDuDossier(ctx, dossier.id).some((p) => p.codeCadreFacturation === CADRE_TACITE);
    if (dejaTacite || !FINAL_ENCORE_VIVANT.includes(precedente.statut)) {
      throw refus(erreurs.PIECE_DEJA_TRAITEE, `pièce ${precedente.id} au statut ${precedente.statut} (piecePrecedente.idFactureTravaux)`);
    }
    return null;
  }
  if (!trouverTransition('TRAVAUX', precedente.statut as StatutFacture, 'ASSOCIEE', piece.deposant)) {
    throw refus(erreurs.PIECE_DEJA_TRAITEE, `pièce ${precedente.id} au statut ${precedente.statut} (piecePrecedente.idFactureTravaux)`);
  }
  return piece.deposant;
}

/** Where a new piece goes: the status its routing sets (§9.5 « status seen by addressee »). */
function routage(piece: PieceTravaux, dossier: repo.DossierRow): StatutFacture[] {
  switch (piece.adresse) {
    case 'MOE':
      return [dossier.moeId === null ? 'A_ASSOCIER_MOA' : 'MISE_A_DISPOSITION_MOE'];
    case 'MOA':
      return ['MISE_A_DISPOSITION_MOA'];
    case 'FOURNISSEUR':
      return ['A_ASSOCIER_FOURNISSEUR'];
    case 'DESTINATAIRE':
      return ['EN_COURS_ACHEMINEMENT', 'MISE_A_DISPOSITION'];
  }
}

const TYPE_DGD_TACITE = 'dgd-tacite';

export interface Depot {
  cadre: string;
  numero: string;
  dateFacture: string;
  modeDepot: string;
  montants: { ht: number; tva: number; ttc: number; aPayer: number };
  pieceJointePrincipaleId: number | null;
  commentaire: string | null;
  numeroMarche: string | null;
  numeroBonCommande: string | null;
  devise: string;
}

/** Writes a works piece, moves the previous one, routes the new one. Runs inside the caller's transaction. */
export function deposerPiece(
  ctx: SandboxContext,
  dossier: repo.DossierRow,
  depot: Depot,
  deposantId: number,
  precedente: facturesRepo.FactureDeposee | undefined,
  mouvementPrecedente: RoleTravaux | null,
  utilisateur: { id: number | null; nom: string },
): facturesRepo.FactureDeposee {
  const piece = PIECES_TRAVAUX[depot.cadre];
  const id = nextId(ctx.db, ctx.sandboxId, 'facture');
  const date = formatDateTime(ctx.now());
  const empreinte = createHash('sha256').update(canonique({ identifiantFactureCPP: id, dateDepot: date, dossier: dossier.id, depot })).digest('hex');
  const facture = facturesRepo.insertFacture(ctx, {
    id,
    numeroFacture: depot.numero,
    annee: Number(depot.dateFacture.slice(0, 4)),
    modeDepot: depot.modeDepot,
    codeCadreFacturation: depot.cadre,
    typeFacture: 'FACTURE',
    devise: depot.devise,
    dateFacture: depot.dateFacture.slice(0, 10),
    dateDepot: date,
    fournisseurId: dossier.fournisseurId,
    serviceFournisseurId: dossier.serviceFournisseurId,
    destinataireId: dossier.destinataireId,
    serviceExecutantId: dossier.serviceExecutantId,
    numeroMarche: depot.numeroMarche ?? dossier.numeroMarche,
    numeroBonCommande: depot.numeroBonCommande ?? dossier.numeroEngagement,
    montantHt: depot.montants.ht,
    montantTva: depot.montants.tva,
    montantTtc: depot.montants.ttc,
    montantAPayer: depot.montants.aPayer,
    pieceJointePrincipaleId: depot.pieceJointePrincipaleId,
    commentaire: depot.commentaire,
    statut: 'DEPOSEE',
    dateHeureEtatCourant: date,
    empreinteCertificatDepot: empreinte,
    utilisateurCreateurId: utilisateur.id,
    // An acompte's delay runs from its projet's mise à disposition to the MOE (§10.2), kept by the dossier.
    dateMiseADisposition: piece.adresse === 'DESTINATAIRE' && dossier.nature === 'MENSUEL' ? dossier.dateDebutDelai : null,
    dossierFacturationId: dossier.id,
    piecePrecedenteId: precedente?.id ?? null,
    deposantId,
  });
  historiserStatut(ctx, facture, 'DEPOSEE', piece.deposant, utilisateur, depot.commentaire, date);
  const nom = { utilisateurId: utilisateur.id, nomUtilisateur: utilisateur.nom };
  if (precedente && mouvementPrecedente) {
    appliquerTransition(ctx, { idFacture: precedente.id, vers: 'ASSOCIEE', acteur: mouvementPrecedente, ...nom, commentaire: `Pièce suivante ${depot.numero} (${depot.cadre})` });
    if (precedente.codeCadreFacturation === CADRE_TACITE) annuler(ctx, TYPE_DGD_TACITE, precedente.id);
  }
  if (depot.cadre === CADRE_TACITE) {
    for (const p of repo.piecesDuDossier(ctx, dossier.id)) {
      if (p.id !== facture.id && trouverTransition('TRAVAUX', p.statut as StatutFacture, 'REMPLACEE_PAR_A22', 'SYSTEME')) {
        appliquerTransition(ctx, { idFacture: p.id, vers: 'REMPLACEE_PAR_A22', acteur: 'SYSTEME', ...SYSTEME, commentaire: `Remplacée par ${depot.numero}` });
      }
    }
    planifier(ctx, TYPE_DGD_TACITE, facture.id, new Date(ctx.now().getTime() + JOURS_DGD_TACITE * JOUR_MS));
  }
  let courante = facture;
  for (const vers of routage(piece, dossier)) courante = appliquerTransition(ctx, { idFacture: facture.id, vers, acteur: 'SYSTEME', ...SYSTEME });
  if (!precedente && dossier.nature === 'MENSUEL' && courante.dateMiseADisposition) repo.majDebutDelai(ctx, dossier.id, courante.dateMiseADisposition);
  return repo.pieceDeposee(courante);
}

/** soumettre (SoumettreFactureTravaux): a works piece in PDF mode, initial or following `piecePrecedente`. */
export function soumettreFactureTravaux(ctx: SandboxContext, appelant: Appelant, input: SoumettreFactureTravauxInput) {
  const cadre = input.cadreDeFacturation.codeCadreFacturation.trim().toUpperCase();
  const piece = PIECES_TRAVAUX[cadre];
  // The A23 is the sandbox's own deposit when the 10 days of the tacit procedure pass.
  if (!piece || cadre === CADRE_DGD_TACITE) {
    throw refus(erreurs.CADRE_TRAVAUX_NON_SIMULE, `'${input.cadreDeFacturation.codeCadreFacturation}' (cadreDeFacturation.codeCadreFacturation)`);
  }
  if (input.typeFactureTravaux && input.typeFactureTravaux !== piece.typeFactureTravaux) {
    throw refus(erreurs.PIECE_PRECEDENTE_INCOMPATIBLE, `typeFactureTravaux ${input.typeFactureTravaux} pour ${cadre}, attendu ${piece.typeFactureTravaux} (typeFactureTravaux)`);
  }
  const m = input.montantTotal;
  if (Math.abs(m.montantHtTotal + m.montantTVA - m.montantTtcTotal) > 0.005) {
    throw refus(erreurs.MONTANTS_TRAVAUX_INCOHERENTS, `${m.montantHtTotal} + ${m.montantTVA} ≠ ${m.montantTtcTotal} (montantTotal.montantTtcTotal)`);
  }
  const principale = input.pieceJointePrincipale?.[0];
  if (!principale) throw refus(erreurs.PIECE_JOINTE_OBLIGATOIRE, `pieceJointePrincipale (modeDepot ${input.modeDepot})`);
  const pj = pieceJointeUtilisable(ctx, appelant.id, principale.pieceJointePrincipaleId, 'pieceJointePrincipale[0].pieceJointePrincipaleId');

  let precedente: facturesRepo.FactureDeposee | undefined;
  let dossier: repo.DossierRow | undefined;
  let nouveau: NouveauDossier | undefined;
  let mouvement: RoleTravaux | null = null;
  if (input.piecePrecedente) {
    ({ piece: precedente, dossier } = pieceEtDossier(ctx, input.piecePrecedente.idFactureTravaux, 'piecePrecedente.idFactureTravaux'));
    mouvement = controlerSuite(ctx, appelant, cadre, piece, precedente, dossier);
  } else {
    if (!piece.initiale) throw refus(erreurs.PIECE_PRECEDENTE_OBLIGATOIRE, `${cadre} (piecePrecedente.idFactureTravaux)`);
    nouveau = acteursInitiaux(ctx, appelant, input);
  }
  const fournisseurId = dossier?.fournisseurId ?? nouveau!.fournisseur.id;
  const annee = Number(input.dateFactureTravaux.slice(0, 4));
  if (facturesRepo.numeroFactureExiste(ctx, fournisseurId, input.numeroFactureTravaux, annee)) {
    throw refus(erreurs.NUMERO_FACTURE_EXISTANT, `'${input.numeroFactureTravaux}' en ${annee} dans les pièces de ce titulaire (numeroFactureTravaux)`);
  }

  return transaction(ctx.db, () => {
    const date = formatDateTime(ctx.now());
    if (!dossier) {
      const n = nouveau!;
      dossier = repo.insertDossier(ctx, {
        id: nextId(ctx.db, ctx.sandboxId, 'dossierFacturation'),
        numeroDossierFacturation: '',
        nature: piece.nature,
        fournisseurId: n.fournisseur.id,
        serviceFournisseurId: n.serviceFournisseurId,
        moeId: n.moe?.id ?? null,
        serviceMoeId: n.serviceMoeId,
        moaId: n.moa.id,
        serviceMoaId: n.serviceMoaId,
        destinataireId: n.destinataire.id,
        serviceExecutantId: n.serviceExecutantId,
        numeroMarche: input.references?.numeroMarche ?? null,
        numeroEngagement: input.references?.numeroBonCommande ?? null,
        dateDebutDelai: null,
        dateCreation: date,
      });
    }
    const deposantId = structureDuRole(dossier, piece.deposant)!;
    const f = deposerPiece(
      ctx,
      dossier,
      {
        cadre,
        numero: input.numeroFactureTravaux,
        dateFacture: input.dateFactureTravaux,
        modeDepot: input.modeDepot,
        montants: { ht: m.montantHtTotal, tva: m.montantTVA, ttc: m.montantTtcTotal, aPayer: m.montantAPayer ?? m.montantTtcTotal },
        pieceJointePrincipaleId: pj.id,
        commentaire: input.commentaire ?? null,
        numeroMarche: input.references?.numeroMarche ?? null,
        numeroBonCommande: input.references?.numeroBonCommande ?? null,
        devise: input.references?.deviseFacture?.toUpperCase() ?? 'EUR',
      },
      deposantId,
      precedente,
      mouvement,
      { id: appelant.id, nom: nomDe(appelant) },
    );
    return {
      codeRetour: erreurs.SUCCES_DEPOT.codeRetour,
      libelle: erreurs.SUCCES_DEPOT.libelle,
      idFactureTravaux: f.id,
      numeroFactureTravaux: f.numeroFacture,
      typeFactureTravaux: piece.typeFactureTravaux,
      statutFactureTravaux: f.statut,
      dateDepot: formatDate(f.dateDepot),
      idDossierFacturation: dossier.id,
      numeroDossierFacturation: numeroDossier(dossier),
    };
  });
}

/** The role the caller answers a piece in: the one the piece waits for, if he belongs to it. */
function repondant(ctx: SandboxContext, appelant: Appelant, piece: facturesRepo.FactureDeposee, dossier: repo.DossierRow): RoleTravaux {
  const role = roleAttendu(piece.statut);
  if (!role) throw refus(erreurs.PIECE_DEJA_TRAITEE, `pièce ${piece.id} au statut ${piece.statut} (idFactureTravaux)`);
  const structure = structureDuRole(dossier, role);
  if (structure === null || !structuresRattachees(ctx, appelant.id).has(structure)) {
    throw refus(erreurs.DEPOSANT_NON_ACTEUR, `la pièce ${piece.id} attend la ${role === 'FOURNISSEUR' ? 'structure titulaire' : role} du dossier (idFactureTravaux)`);
  }
  return role;
}

function retourTraitement(f: facturesRepo.FactureDeposee) {
  return {
    codeRetour: erreurs.SUCCES.codeRetour,
    libelle: erreurs.SUCCES.libelle,
    idFactureTravaux: f.id,
    numeroFactureTravaux: f.numeroFacture,
    statutFactureTravaux: f.statut,
    dateTraitement: formatDate(f.dateHeureEtatCourant),
  };
}

/** « Prendre en compte » (PrendreEnCompteUneFactureDeTravaux) by the MOE or the MOA the piece waits for. */
export function prendreEnCompte(ctx: SandboxContext, appelant: Appelant, idFactureTravaux: number) {
  return transaction(ctx.db, () => {
    const { piece, dossier } = pieceLisible(ctx, appelant, idFactureTravaux);
    const role = repondant(ctx, appelant, piece, dossier);
    const vers: StatutFacture = role === 'MOE' ? 'PRISE_EN_COMPTE_MOE' : 'PRISE_EN_COMPTE_MOA';
    if (!trouverTransition('TRAVAUX', piece.statut as StatutFacture, vers, role)) {
      throw refus(erreurs.PIECE_DEJA_TRAITEE, `pièce ${piece.id} au statut ${piece.statut} (idFactureTravaux)`);
    }
    return retourTraitement(repo.pieceDeposee(appliquerTransition(ctx, { idFacture: piece.id, vers, acteur: role, utilisateurId: appelant.id, nomUtilisateur: nomDe(appelant) })));
  });
}

/** refuser (RefuserFactureTravaux): by the actor the piece waits for, with a works motif. */
export function refuser(ctx: SandboxContext, appelant: Appelant, input: { idFactureTravaux: number; motifRefus: string; commentaire?: string }) {
  const motif = input.motifRefus.trim().toUpperCase().replace(/[\s']/g, '_') as MotifRefusTravaux;
  if (motif === 'ERREUR_MONTANT' || motif === ('ERREUR_DE_MONTANT' as string)) throw new ChorusError(erreurs.REFUS_ERREUR_MONTANT, `${erreurs.REFUS_ERREUR_MONTANT.libelle} (motifRefus)`);
  if (!MOTIFS_REFUS_TRAVAUX.includes(motif)) throw refus(erreurs.MOTIF_REFUS_TRAVAUX_INVALIDE, `'${input.motifRefus}' (motifRefus)`);
  return transaction(ctx.db, () => {
    const { piece, dossier } = pieceLisible(ctx, appelant, input.idFactureTravaux);
    const role = repondant(ctx, appelant, piece, dossier);
    const vers = statutDeRefus(role, motif, PIECES_TRAVAUX[piece.codeCadreFacturation]?.deposant ?? 'FOURNISSEUR');
    if (!vers) throw refus(erreurs.MOTIF_REFUS_TRAVAUX_INVALIDE, `'${input.motifRefus}' pour la ${role} (motifRefus)`);
    const f = appliquerTransition(ctx, {
      idFacture: piece.id,
      vers,
      acteur: role,
      utilisateurId: appelant.id,
      nomUtilisateur: nomDe(appelant),
      motif,
      commentaire: input.commentaire ?? null,
    });
    if (piece.codeCadreFacturation === CADRE_TACITE) annuler(ctx, TYPE_DGD_TACITE, piece.id);
    return retourTraitement(repo.pieceDeposee(f));
  });
}

/**
 * suspendre/demander/completer/factureTravaux (SuspendreOuDemanderCompleterFactureTravaux, complements
 * §1.2): the MOE or MOA the piece waits for asks its depositor to complete it → A_COMPLETER. The
 * commentaire says what is missing: required (the circuit row's motif).
 */
export function demanderCompleter(ctx: SandboxContext, appelant: Appelant, input: { idFactureTravaux: number; commentaire?: string }) {
  const commentaire = input.commentaire?.trim();
  if (!commentaire) throw new ChorusError(erreurs.COMMENTAIRE_DEMANDE_COMPLEMENT_OBLIGATOIRE);
  return transaction(ctx.db, () => {
    const { piece, dossier } = pieceLisible(ctx, appelant, input.idFactureTravaux);
    const role = repondant(ctx, appelant, piece, dossier);
    if (role === 'FOURNISSEUR' || !trouverTransition('TRAVAUX', piece.statut as StatutFacture, 'A_COMPLETER', role)) {
      throw refus(erreurs.PIECE_DEJA_TRAITEE, `pièce ${piece.id} au statut ${piece.statut} (idFactureTravaux)`);
    }
    const f = appliquerTransition(ctx, { idFacture: piece.id, vers: 'A_COMPLETER', acteur: role, utilisateurId: appelant.id, nomUtilisateur: nomDe(appelant), motif: 'DEMANDE_COMPLEMENT', commentaire });
    return retourTraitement(repo.pieceDeposee(f));
  });
}

/**
 * completer (titulaire) and completermoe (MOE): the depositor of a piece in A_COMPLETER completes it;
 * it goes back to its addressee as on its deposit (the circuit's rows decide the status).
 */
export function completer(ctx: SandboxContext, appelant: Appelant, input: { idFactureTravaux: number; commentaire?: string }, role: 'FOURNISSEUR' | 'MOE') {
  return transaction(ctx.db, () => {
    const { piece, dossier } = pieceLisible(ctx, appelant, input.idFactureTravaux);
    if (piece.statut !== 'A_COMPLETER') throw refus(erreurs.PIECE_NON_A_COMPLETER, `pièce ${piece.id} au statut ${piece.statut} (idFactureTravaux)`);
    const modele = PIECES_TRAVAUX[piece.codeCadreFacturation];
    const operation = role === 'MOE' ? 'completermoe' : 'completer';
    if (!modele || modele.deposant !== role) {
      throw refus(erreurs.COMPLETER_PAR_DEPOSANT, `la pièce ${piece.id} (${piece.codeCadreFacturation}) ne se complète pas par ${operation} (idFactureTravaux)`);
    }
    const structure = structureDuRole(dossier, role);
    if (structure === null || !structuresRattachees(ctx, appelant.id).has(structure)) {
      throw refus(erreurs.DEPOSANT_NON_ACTEUR, `la pièce ${piece.id} se complète par la ${role === 'FOURNISSEUR' ? 'structure titulaire' : 'MOE'} du dossier, structure ${structure} (idFactureTravaux)`);
    }
    const [vers] = routage(modele, dossier);
    if (!vers || !trouverTransition('TRAVAUX', 'A_COMPLETER', vers, role)) {
      throw refus(erreurs.COMPLETER_PAR_DEPOSANT, `la pièce ${piece.id} (${piece.codeCadreFacturation}) ne se complète pas par ${operation} (idFactureTravaux)`);
    }
    const f = appliquerTransition(ctx, { idFacture: piece.id, vers, acteur: role, utilisateurId: appelant.id, nomUtilisateur: nomDe(appelant), commentaire: input.commentaire?.trim() || null });
    return retourTraitement(repo.pieceDeposee(f));
  });
}

/**
 * demander/recyclage (DemanderRecyclagePiecePrecedente, complements §1.2 COM-dem). Uncertain: the 2017
 * name speaks of the « pièce précédente », the COM example sends one idFactureTravaux and answers it with
 * an idPiecePrecedente, and no status is published. Decided: the MOE or the MOA that received a piece not
 * meant for it (wrong structure or service; the actor the piece waits for) names that piece, which goes to
 * A_RECYCLER for its depositor (the titulaire's projet, the MOE's état d'acompte or projet de décompte
 * général, the titulaire's A22); the answer adds the piece it follows (idPiecePrecedente, null for an
 * initial deposit). The commentaire says why: required (the circuit row's motif). An A22 sent back stops
 * its 10 days (planned again when it is recycled).
 */
export function demanderRecyclage(ctx: SandboxContext, appelant: Appelant, input: { idFactureTravaux: number; commentaire?: string }) {
  const commentaire = input.commentaire?.trim();
  if (!commentaire) throw new ChorusError(erreurs.COMMENTAIRE_RECYCLAGE_OBLIGATOIRE);
  return transaction(ctx.db, () => {
    const { piece, dossier } = pieceLisible(ctx, appelant, input.idFactureTravaux);
    const role = repondant(ctx, appelant, piece, dossier);
    if (!trouverTransition('TRAVAUX', piece.statut as StatutFacture, 'A_RECYCLER', role)) {
      throw refus(erreurs.PIECE_DEJA_TRAITEE, `pièce ${piece.id} au statut ${piece.statut} (idFactureTravaux)`);
    }
    const f = appliquerTransition(ctx, { idFacture: piece.id, vers: 'A_RECYCLER', acteur: role, utilisateurId: appelant.id, nomUtilisateur: nomDe(appelant), motif: 'DEMANDE_RECYCLAGE', commentaire });
    if (piece.codeCadreFacturation === CADRE_TACITE) annuler(ctx, TYPE_DGD_TACITE, piece.id);
    return { ...retourTraitement(repo.pieceDeposee(f)), idPiecePrecedente: piece.piecePrecedenteId };
  });
}

/** Whence the works table lets a depositor recycle a piece (A_RECYCLER and the « ERREUR MOA » statuses). */
const STATUTS_RECYCLABLES: ReadonlySet<string> = new Set(CIRCUITS.TRAVAUX.transitions.filter((t) => t.operation === 'facturesTravaux/recycler').map((t) => t.de));

export interface RecyclerInput {
  idFactureTravaux: number;
  moe?: { idStructureMoe: number; idServiceMoe?: number };
  moa?: { idStructureMoa: number; idServiceMoa?: number };
  commentaire?: string;
}

/**
 * recycler (recyclerFactureTravaux, complements §1.2 COM-recy), which is also the issue's « correction du
 * destinataire » (no separate route: the reference gives recycler the repair of both A_RECYCLER and
 * « ERREUR MOA »). The depositor of a piece in A_RECYCLER, ERREUR_FOURNISSEUR_SUR_MOA or ERREUR_MOE_SUR_MOA
 * names the right MOE and/or MOA (structure, optional service), checked as on a deposit; the dossier's
 * actors are corrected (the sandbox keeps them on the dossier, its « fiche identité du marché ») and the
 * piece goes back to its addressee as on its deposit (the table's rows decide the status). Uncertain:
 * the COM-recy body carries the payer's routing data (identifiantDestinataire, codeServiceExecutant,
 * numeroBonCommande) of a paid piece sent back by the service financier, not simulated (TRAVAUX_PAIEMENT);
 * the sandbox's body names the MOE/MOA like soumettre. The MOE is corrected only on a titulaire's projet
 * addressed to the MOE.
 */
export function recycler(ctx: SandboxContext, appelant: Appelant, input: RecyclerInput) {
  if (!input.moe && !input.moa) throw refus(erreurs.RECYCLAGE_SANS_DESTINATAIRE, 'ni moe.idStructureMoe ni moa.idStructureMoa');
  return transaction(ctx.db, () => {
    const { piece, dossier } = pieceLisible(ctx, appelant, input.idFactureTravaux);
    if (!STATUTS_RECYCLABLES.has(piece.statut)) throw refus(erreurs.PIECE_NON_A_RECYCLER, `pièce ${piece.id} au statut ${piece.statut} (idFactureTravaux)`);
    const modele = PIECES_TRAVAUX[piece.codeCadreFacturation];
    const deposant = modele === undefined ? null : structureDuRole(dossier, modele.deposant);
    if (!modele || deposant === null || !structuresRattachees(ctx, appelant.id).has(deposant)) {
      throw refus(erreurs.RECYCLER_PAR_DEPOSANT, `la pièce ${piece.id} se recycle par la structure ${deposant} qui l’a déposée (idFactureTravaux)`);
    }
    if (input.moe && modele.adresse !== 'MOE') throw refus(erreurs.MOE_NON_MODIFIABLE, `pièce ${piece.id} (${piece.codeCadreFacturation}) (moe.idStructureMoe)`);
    const moaId = input.moa ? moaValide(ctx, input.moa.idStructureMoa).id : dossier.moaId;
    const moeId = input.moe ? moeValide(ctx, input.moe.idStructureMoe, dossier.fournisseurId, moaId).id : dossier.moeId;
    if (moeId !== null && moeId === moaId) throw refus(erreurs.MOA_NON_PARAMETREE, `structure ${moaId}, maîtrise d’œuvre du dossier (moa.idStructureMoa)`);
    const corrige = {
      moeId,
      serviceMoeId: input.moe && moeId !== null ? serviceDe(ctx, moeId, input.moe.idServiceMoe, 'moe.idServiceMoe') : dossier.serviceMoeId,
      moaId,
      serviceMoaId: input.moa ? serviceDe(ctx, moaId, input.moa.idServiceMoa, 'moa.idServiceMoa') : dossier.serviceMoaId,
    };
    if (corrige.moeId === dossier.moeId && corrige.serviceMoeId === dossier.serviceMoeId && corrige.moaId === dossier.moaId && corrige.serviceMoaId === dossier.serviceMoaId) {
      throw refus(erreurs.RECYCLAGE_SANS_CHANGEMENT, `pièce ${piece.id} (${input.moe ? 'moe.idStructureMoe' : 'moa.idStructureMoa'})`);
    }
    const [vers] = routage(modele, { ...dossier, ...corrige });
    if (!vers || !trouverTransition('TRAVAUX', piece.statut as StatutFacture, vers, modele.deposant)) {
      throw refus(erreurs.PIECE_NON_A_RECYCLER, `pièce ${piece.id} au statut ${piece.statut}, vers ${vers} (idFactureTravaux)`);
    }
    repo.majActeurs(ctx, dossier.id, corrige);
    const f = appliquerTransition(ctx, { idFacture: piece.id, vers, acteur: modele.deposant, utilisateurId: appelant.id, nomUtilisateur: nomDe(appelant), commentaire: input.commentaire?.trim() || null });
    // The initial projet de décompte mensuel reaching the right addressee starts the dossier's delay again (§10.2).
    if (piece.piecePrecedenteId === null && dossier.nature === 'MENSUEL' && f.dateMiseADisposition) repo.majDebutDelai(ctx, dossier.id, f.dateMiseADisposition);
    if (piece.codeCadreFacturation === CADRE_TACITE) planifier(ctx, TYPE_DGD_TACITE, piece.id, new Date(ctx.now().getTime() + JOURS_DGD_TACITE * JOUR_MS));
    const recyclee = repo.pieceDeposee(f);
    return { ...retourTraitement(recyclee), dateDepotFactureTravaux: formatDateHeureIso(recyclee.dateDepot) };
  });
}

/** Pieces the caller sees in `role` (or in any of his roles), as search rows with their dossier. */
function piecesVisibles(ctx: SandboxContext, appelant: Appelant, role: RoleTravaux | undefined) {
  const miennes = structuresRattachees(ctx, appelant.id);
  return repo.piecesDesActeurs(ctx, [...miennes]).filter(({ dossier }) => {
    const roles: RoleTravaux[] = role ? [role] : ['FOURNISSEUR', 'MOE', 'MOA'];
    return roles.some((r) => {
      const s = structureDuRole(dossier, r);
      return s !== null && miennes.has(s);
    });
  });
}

function page<T>(lignes: T[], p: { pageResultatDemandee?: number; nbResultatsParPage?: number } | undefined) {
  const parPage = Math.min(Math.max(p?.nbResultatsParPage ?? 50, 1), 500);
  const pages = Math.max(1, Math.ceil(lignes.length / parPage));
  const courante = Math.min(Math.max(p?.pageResultatDemandee ?? 1, 1), pages);
  return { lignes: lignes.slice((courante - 1) * parPage, courante * parPage), parametresRetour: { pageCourante: courante, pages, nbResultatsParPage: parPage, total: lignes.length } };
}

function reponseRecherche(ctx: SandboxContext, trouves: { piece: facturesRepo.FactureDeposee; dossier: repo.DossierRow }[], p: Parameters<typeof page>[1]) {
  const { lignes, parametresRetour } = page(trouves.sort((a, b) => b.piece.id - a.piece.id), p);
  const entree = trouves.length === 0 ? erreurs.TRAVAUX_AUCUN_RESULTAT : erreurs.SUCCES;
  return { codeRetour: entree.codeRetour, libelle: entree.libelle, listeFacturesTravaux: lignes.map((t) => ligneRecherche(ctx, t.piece, t.dossier)), parametresRetour };
}

const dansPeriode = (valeur: string, du?: string, au?: string) => (!du || valeur.slice(0, 10) >= du.slice(0, 10)) && (!au || valeur.slice(0, 10) <= au.slice(0, 10));

/** rechercher (RechercherFactureTravaux, complements §1.3). */
export function rechercher(ctx: SandboxContext, appelant: Appelant, input: RechercherFactureTravauxInput) {
  const suivies = new Set<number>();
  const tous = piecesVisibles(ctx, appelant, input.roleUtilisateur);
  for (const { piece } of tous) if (piece.piecePrecedenteId !== null) suivies.add(piece.piecePrecedenteId);
  const trouves = tous.filter(({ piece: f, dossier: d }) => {
    const egal = <T>(filtre: T | undefined, valeur: T) => filtre === undefined || filtre === valeur;
    return (
      egal(input.idStructureFournisseur, d.fournisseurId) &&
      egal(input.idServiceFournisseur, d.serviceFournisseurId) &&
      egal(input.idStructureMoe, d.moeId) &&
      egal(input.idServiceMoe, d.serviceMoeId) &&
      egal(input.idStructureMoa, d.moaId) &&
      egal(input.idServiceMoa, d.serviceMoaId) &&
      egal(input.idDestinataire, d.destinataireId) &&
      egal(input.idServiceExecutant, d.serviceExecutantId) &&
      egal(input.cadreFacturation?.toUpperCase(), f.codeCadreFacturation) &&
      egal(input.numeroFactureTravaux, f.numeroFacture) &&
      egal(input.numeroMarche, f.numeroMarche ?? undefined) &&
      egal(input.numeroDossierFacturation, numeroDossier(d)) &&
      (!input.listeStatutCourant?.length || input.listeStatutCourant.includes(f.statut)) &&
      (!input.listeTypeFactureTravaux?.length || input.listeTypeFactureTravaux.includes(typeFactureTravauxDe(f))) &&
      dansPeriode(f.dateDepot, input.periodeDateDepotDu, input.periodeDateDepotAu) &&
      dansPeriode(f.dateHeureEtatCourant, input.periodeDateHeureEtatCourantDu, input.periodeDateHeureEtatCourantAu) &&
      (!input.uniquementSansPieceSuivante || !suivies.has(f.id)) &&
      (input.flagTelecharge === undefined || f.factureTelechargeeParDestinataire === input.flagTelecharge)
    );
  });
  return reponseRecherche(ctx, trouves, input.rechercheFactureTravaux);
}

/** What a piece waits for: an answer from its addressee, or its depositor completing or recycling it. */
export type ActionAttendue = 'A_TRAITER' | 'A_COMPLETER' | 'A_RECYCLER';

/** The depositor's operations on a piece sent back to him, and what the « à traiter » list calls them. */
const ACTIONS_DU_DEPOSANT: Readonly<Record<string, ActionAttendue>> = {
  'facturesTravaux/completer': 'A_COMPLETER',
  'facturesTravaux/completermoe': 'A_COMPLETER',
  'facturesTravaux/recycler': 'A_RECYCLER',
};

/**
 * Who a piece waits for, and for what. The addressee's statuses are the circuit's « à traiter »
 * lists (roleAttendu). Otherwise the works table decides: when a row leaving the piece's status is
 * the piece's depositor's (the titulaire, or the MOE for its A15/A17) completing or recycling it
 * (A_COMPLETER, A_RECYCLER, the « ERREUR MOA » statuses), the piece waits for its depositor.
 */
export function attente(piece: Pick<facturesRepo.FactureDeposee, 'statut' | 'codeCadreFacturation'>): { role: RoleTravaux; action: ActionAttendue } | undefined {
  const role = roleAttendu(piece.statut);
  if (role) return { role, action: 'A_TRAITER' };
  const deposant = PIECES_TRAVAUX[piece.codeCadreFacturation]?.deposant;
  if (!deposant) return undefined;
  const ligne = transitionsDepuis('TRAVAUX', piece.statut as StatutFacture, deposant).find((t) => ACTIONS_DU_DEPOSANT[t.operation] !== undefined);
  return ligne ? { role: deposant, action: ACTIONS_DU_DEPOSANT[ligne.operation]! } : undefined;
}

/**
 * rechercher/atraiter: the pieces waiting for one of the caller's roles (the Synthèse tab, §9.2):
 * those his structure must answer, and those sent back to it to complete or recycle. Each row says
 * which role is expected (roleAttendu) and what (actionAttendue).
 */
export function rechercherATraiter(ctx: SandboxContext, appelant: Appelant, input: { roleUtilisateur?: RoleTravaux; rechercheFactureTravaux?: Parameters<typeof page>[1] }) {
  const miennes = structuresRattachees(ctx, appelant.id);
  const attentes = new Map<number, { role: RoleTravaux; action: ActionAttendue }>();
  const trouves = piecesVisibles(ctx, appelant, input.roleUtilisateur).filter(({ piece, dossier }) => {
    const a = attente(piece);
    if (!a || (input.roleUtilisateur && a.role !== input.roleUtilisateur)) return false;
    const s = structureDuRole(dossier, a.role);
    if (s === null || !miennes.has(s)) return false;
    attentes.set(piece.id, a);
    return true;
  });
  const r = reponseRecherche(ctx, trouves, input.rechercheFactureTravaux);
  return {
    ...r,
    listeFacturesTravaux: r.listeFacturesTravaux.map((l) => ({ ...l, roleAttendu: attentes.get(l.idFactureTravaux)!.role, actionAttendue: attentes.get(l.idFactureTravaux)!.action })),
  };
}

/** consulter (ConsulterFactureTravaux). */
export function consulter(ctx: SandboxContext, appelant: Appelant, idFactureTravaux: number) {
  const { piece, dossier } = pieceLisible(ctx, appelant, idFactureTravaux);
  const trouvee = piece.piecePrecedenteId === null ? undefined : facturesRepo.findFacture(ctx, piece.piecePrecedenteId);
  const precedente = trouvee && repo.pieceDeposee(trouvee);
  return { codeRetour: erreurs.SUCCES.codeRetour, libelle: erreurs.SUCCES.libelle, factureTravaux: factureTravaux(ctx, piece, dossier, precedente) };
}

/** consulter/dossierfacturation (ConsulterDossierDeFacturation): every piece of the piece's dossier, with its history. */
export function consulterDossier(ctx: SandboxContext, appelant: Appelant, idFactureTravaux: number) {
  const { dossier } = pieceLisible(ctx, appelant, idFactureTravaux);
  const pieces = repo.piecesDuDossier(ctx, dossier.id);
  return {
    codeRetour: erreurs.SUCCES.codeRetour,
    libelle: erreurs.SUCCES.libelle,
    idDossierFacturation: dossier.id,
    numeroDossierFacturation: numeroDossier(dossier),
    listeFactureTravaux: pieces.map((p) => ({
      ...ligneRecherche(ctx, p, dossier),
      historiqueDemandePaiement: facturesRepo
        .listHistorique(ctx, p.id)
        .filter((h) => h.nature === 'STATUT')
        .map((h) => ({ histoStatutCode: h.code, histoStatutDatePassage: formatDateHeureMinute(h.date), histoStatutCommentaire: h.commentaire })),
    })),
  };
}

/**
 * CCAG-T art. 12.4.4: 10 days after the A22 without a DG from the MOA, the titulaire's projet becomes
 * the DGD tacite. Uncertain (who deposits the A23): the sandbox deposits it for the titulaire, with
 * the A22's amounts, and sends it to the service financier.
 */
enregistrerTypeEcheance({
  type: TYPE_DGD_TACITE,
  executer(ctx, sujet, at) {
    const a22 = repo.pieceDeposee(factureOuErreur(ctx, Number(sujet)));
    const dossier = a22.dossierFacturationId === null ? undefined : repo.findDossier(ctx, a22.dossierFacturationId);
    if (!dossier || !trouverTransition('TRAVAUX', a22.statut as StatutFacture, 'ASSOCIEE', 'SYSTEME')) return [];
    appliquerTransition(ctx, { idFacture: a22.id, vers: 'ASSOCIEE', acteur: 'SYSTEME', ...SYSTEME, commentaire: 'Délai de 10 jours écoulé sans décompte général (CCAG-Travaux art. 12.4.4)' });
    const a23 = deposerPiece(
      ctx,
      dossier,
      {
        cadre: CADRE_DGD_TACITE,
        numero: `${a22.numeroFacture.slice(0, 15)}-DGDT`,
        dateFacture: formatDate(at),
        modeDepot: a22.modeDepot,
        montants: { ht: a22.montantHt, tva: a22.montantTva, ttc: a22.montantTtc, aPayer: a22.montantAPayer },
        pieceJointePrincipaleId: a22.pieceJointePrincipaleId,
        commentaire: 'Décompte général et définitif tacite',
        numeroMarche: a22.numeroMarche,
        numeroBonCommande: a22.numeroBonCommande,
        devise: a22.devise,
      },
      dossier.fournisseurId,
      undefined,
      null,
      { id: null, nom: 'Chorus Pro' },
    );
    repo.lierPrecedente(ctx, a23.id, a22.id);
    return [{ date: at.toISOString(), type: 'TRAVAUX_DGD_TACITE', idFacture: a23.id, description: `Pièce ${a22.numeroFacture} : DGD tacite ${a23.numeroFacture} (A23) transmis au service financier` }];
  },
});

/**
 * Works notifications (§9.2, §13): besides the titulaire and the service financier that every move
 * notifies, the MOE and the MOA hear of every move of their dossiers' pieces (an action expected,
 * a piece joining the dossier, the mise en paiement).
 */
observerFactures<facturesRepo.FactureRow>((ctx, f) => {
  if (f.dossierFacturationId == null || f.statut === 'EN_COURS_ACHEMINEMENT' || f.statut === 'DEPOSEE') return;
  const d = repo.findDossier(ctx, f.dossierFacturationId);
  if (!d) return;
  facturesRepo.notifierRattaches(ctx, { id: f.id, fournisseurId: d.moeId ?? d.moaId, destinataireId: d.moaId, serviceExecutantId: d.serviceMoaId }, {
    type: `TRAVAUX_${f.statut}`,
    message: `Pièce ${f.numeroFacture} (${typeFactureTravauxDe(f)}) du dossier ${numeroDossier(d)} : ${f.statut}`,
    date: formatDateTime(ctx.now()),
  });
});

export type { Acteur };

/** Every dossier of the sandbox with its pieces, for the matelas de données (control plane). */
export function dossiersDuMatelas(ctx: SandboxContext) {
  const entite = (id: number | null) => (id === null ? null : (findStructure(ctx, id)?.entite ?? findStructure(ctx, id)?.raisonSociale ?? String(id)));
  const parDossier = new Map<number, { dossier: repo.DossierRow; pieces: facturesRepo.FactureDeposee[] }>();
  for (const s of ctx.db.$client.prepare<[string], { id: number }>('SELECT id FROM dossiers_facturation WHERE sandbox_id = ? ORDER BY id').all(ctx.sandboxId)) {
    const dossier = repo.findDossier(ctx, s.id)!;
    parDossier.set(s.id, { dossier, pieces: repo.piecesDuDossier(ctx, s.id) });
  }
  return [...parDossier.values()].map(({ dossier, pieces }) => ({
    idDossierFacturation: dossier.id,
    numeroDossierFacturation: numeroDossier(dossier),
    titulaire: entite(dossier.fournisseurId) ?? '',
    moe: entite(dossier.moeId),
    moa: entite(dossier.moaId) ?? '',
    destinataire: entite(dossier.destinataireId) ?? '',
    numeroMarche: dossier.numeroMarche,
    /** Where the dossier stands: the status of its latest piece. */
    etape: pieces.at(-1)?.statut ?? '',
    pieces: pieces.map((p) => ({ idFactureTravaux: p.id, numeroFactureTravaux: p.numeroFacture, cadreFacturation: p.codeCadreFacturation, statutFactureTravaux: p.statut })),
  }));
}
