import { calculerMontants } from '../../../domain/montants.js';
import { ChorusError, isChorusError } from '../../../errors/chorus-error.js';
import { erreurs } from '../../../errors/catalogue/index.js';
import { findCadre, referentials } from '../../../referentials/index.js';
import type { SandboxContext } from '../../../sandbox/context.js';
import { findStructure, findStructureByIdentifiant, listServices, listStructures, type StructureRow } from '../../structures/repository.js';
import { structuresRattachees } from '../../structures/service.js';
import { destinatairesActifs } from '../../transverses/repository.js';
import type { Appelant } from '../perimetre.js';
import * as repo from '../repository.js';
import type { SoumettreFactureInput } from '../schemas/operations.js';
import { enregistrerBrouillon } from './brouillon.js';
import { ajouterFichier, deposerPdf } from './fichiers.js';
import { transaction } from '../../../db/transaction.js';
import { completerFacture, recyclerFacture } from '../traitement/service.js';
import { soumettre, tauxParCode } from './soumission.js';

/**
 * The portal's « Saisir une facture » and « Déposer une facture PDF » (chorus-domain §4): what the
 * trainee types (recipient, service, engagement, number, date, lines) becomes the same
 * SoumettreFactureParam the API takes, totals computed here as the real form does, so that the
 * portal has soumettre's controls, codes and libellés.
 */

/**
 * Cadres the supplier's form offers (A1 by default): simple invoices, and the sub- and co-contractor's
 * invoices (A9, A12) that name their valideur (chorus-domain §5, §8.3); works cadres have their own espace.
 */
export const CADRES_SAISIE = ['A1_FACTURE_FOURNISSEUR', 'A2_FACTURE_FOURNISSEUR_DEJA_PAYEE', 'A9_FACTURE_SOUSTRAITANT', 'A12_FACTURE_COTRAITANT'] as const;

/** Cadres whose invoice goes first to a valideur: the titulaire (A9) or the mandataire of the groupement (A12). */
export const CADRES_AVEC_VALIDEUR: readonly string[] = ['A9_FACTURE_SOUSTRAITANT', 'A12_FACTURE_COTRAITANT'];

export interface LigneSaisie {
  designation: string;
  quantite: number;
  prixUnitaireHt: number;
  codeTauxTva: string;
}

export interface Saisie {
  idFournisseur: number;
  cadre: string;
  codeDestinataire: string;
  codeServiceExecutant?: string;
  numeroEngagement?: string;
  numeroFacture: string;
  dateFacture: string;
  lignes: LigneSaisie[];
  commentaire?: string;
  /** A9/A12: SIRET of the valideur (titulaire or mandataire) and, optionally, its service code. */
  codeStructureValideur?: string;
  codeServiceValideur?: string;
}

/** The valideur a SIRET designates, as the form shows it (an active private structure), with its services. */
export interface ValideurSaisie {
  siret: string;
  nom: string;
  services: { code: string; libelle: string }[];
}

/** An active private structure the valideur search finds (name or SIRET), for « Choisir ». */
export interface ValideurTrouve {
  siret: string;
  nom: string;
  ville: string | null;
}

/** A recipient as the directory shows it in the form, with what it demands of an invoice. */
export interface DestinataireSaisie {
  id: number;
  siret: string;
  nom: string;
  ville: string | null;
  serviceObligatoire: boolean;
  engagementObligatoire: boolean;
  engagementOuService: boolean;
  services: { code: string; libelle: string; engagementObligatoire: boolean }[];
}

function versDestinataire(ctx: SandboxContext, s: StructureRow): DestinataireSaisie {
  return {
    id: s.id,
    siret: s.identifiant,
    nom: s.raisonSociale,
    ville: s.ville,
    serviceObligatoire: !s.gestionNumeroEjOuCodeService && Boolean(s.codeServiceDoitEtreRenseigne),
    engagementObligatoire: !s.gestionNumeroEjOuCodeService && Boolean(s.numeroEjDoitEtreRenseigne),
    engagementOuService: Boolean(s.gestionNumeroEjOuCodeService),
    services: listServices(ctx, s.id)
      .filter((x) => x.estActif)
      .map((x) => ({ code: x.code, libelle: x.libelle, engagementObligatoire: Boolean(x.numeroEngagementObligatoire) })),
  };
}

const plier = (t: string) => t.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();

/** Structures whose SIRET starts with the typed digits, or whose name, city or postcode hold every typed word (at most 20). */
function chercher(structures: readonly StructureRow[], recherche: string): StructureRow[] {
  const chiffres = recherche.replace(/\s+/g, '');
  const mots = plier(recherche).split(/\s+/).filter(Boolean);
  return structures
    .filter((s) =>
      /^\d+$/.test(chiffres)
        ? s.identifiant.startsWith(chiffres)
        : mots.every((m) => [s.raisonSociale, s.libelle ?? '', s.ville ?? '', s.codePostal ?? ''].some((c) => plier(c).includes(m))),
    )
    .slice(0, 20);
}

/**
 * What the form shows around the fields: the caller's supplier structures, the VAT rates and cadres
 * of the referentials, the directory's answer to `recherche` (SIRET or words of the name or city),
 * and the chosen recipient (`siret`) with its obligations and services; for A9/A12, the active private
 * structures matching `rechercheValideur` (same search) and the valideur `siretValideur` designates.
 */
export function contexteSaisie(ctx: SandboxContext, appelant: Appelant, options: { recherche?: string; siret?: string; siretValideur?: string; rechercheValideur?: string } = {}) {
  const fournisseurs = [...structuresRattachees(ctx, appelant.id)]
    .map((id) => findStructure(ctx, id))
    .filter((s): s is StructureRow => s !== undefined && s.statut === 'ACTIF')
    .sort((a, b) => a.id - b.id)
    .map((s) => ({ id: s.id, identifiant: s.identifiant, nom: s.raisonSociale, type: s.typeStructure }));
  const recherche = options.recherche?.trim();
  const resultats: DestinataireSaisie[] | undefined = recherche ? chercher(destinatairesActifs(ctx), recherche).map((s) => versDestinataire(ctx, s)) : undefined;
  // A9/A12: the valideur (titulaire, mandataire) is an active private structure, looked up like the recipient.
  const rechercheValideur = options.rechercheValideur?.trim();
  const valideurs: ValideurTrouve[] | undefined = rechercheValideur
    ? chercher(
        listStructures(ctx).filter((s) => s.typeStructure === 'PRIVEE' && s.statut === 'ACTIF' && s.typeIdentifiant === 'SIRET'),
        rechercheValideur,
      ).map((s) => ({ siret: s.identifiant, nom: s.raisonSociale, ville: s.ville }))
    : undefined;
  const choisi = options.siret?.trim() ? findStructureByIdentifiant(ctx, options.siret.trim(), 'SIRET') : undefined;
  const v = options.siretValideur?.trim() ? findStructureByIdentifiant(ctx, options.siretValideur.trim(), 'SIRET') : undefined;
  const valideur: ValideurSaisie | undefined =
    v && v.typeStructure === 'PRIVEE' && v.statut === 'ACTIF'
      ? { siret: v.identifiant, nom: v.raisonSociale, services: listServices(ctx, v.id).filter((x) => x.estActif).map((x) => ({ code: x.code, libelle: x.libelle })) }
      : undefined;
  return {
    valideur,
    valideurs,
    fournisseurs,
    cadres: CADRES_SAISIE.map((c) => ({ code: c, libelle: findCadre(c)?.libelle ?? c })),
    tauxTva: referentials.tauxTva.entries.map((t) => ({ code: t.codeTauxTva, libelle: t.libelleTauxTva, valeur: t.valeurTauxTva })),
    resultats,
    destinataire: choisi && choisi.typeStructure === 'PUBLIQUE' && choisi.statut === 'ACTIF' ? versDestinataire(ctx, choisi) : undefined,
  };
}

/** Totals of the lines as the platform computes them: HT, VAT per rate, TVA, TTC (cents, rounded per rate). */
export function totauxSaisie(lignes: readonly LigneSaisie[], cadre = 'A1_FACTURE_FOURNISSEUR') {
  const m = calculerMontants(
    lignes.map((l) => ({ lignePosteQuantite: l.quantite, lignePosteMontantUnitaireHT: l.prixUnitaireHt, lignePosteTauxTva: l.codeTauxTva })),
    tauxParCode,
    { codeCadreFacturation: cadre },
  );
  return { montantHt: m.montantHtTotal, parTaux: m.parTaux, montantTva: m.montantTVA, montantTtc: m.montantTtcTotal, montantAPayer: m.montantAPayer };
}

/** Which form field a refusal of soumettre is about (its catalogue code), so the portal shows it there. */
const CHAMPS: [keyof typeof erreurs, string][] = [
  ['CADRE_NON_SUPPORTE', 'cadre'],
  ['FOURNISSEUR_NON_RATTACHE', 'idFournisseur'],
  ['FOURNISSEUR_NON_PRIVE', 'idFournisseur'],
  ['DESTINATAIRE_INTROUVABLE', 'codeDestinataire'],
  ['DESTINATAIRE_NON_PUBLIC', 'codeDestinataire'],
  ['DESTINATAIRE_INACTIF', 'codeDestinataire'],
  ['SERVICE_INVALIDE', 'codeServiceExecutant'],
  ['SERVICE_OBLIGATOIRE', 'codeServiceExecutant'],
  ['SERVICE_FACTURES_PUBLIQUES', 'codeServiceExecutant'],
  ['EJ_OU_SERVICE_OBLIGATOIRE', 'codeServiceExecutant'],
  ['ENGAGEMENT_OBLIGATOIRE', 'numeroEngagement'],
  ['NUMERO_FACTURE_EXISTANT', 'numeroFacture'],
  ['LIGNES_OBLIGATOIRES', 'designation1'],
  ['MONTANTS_INCOHERENTS', 'designation1'],
  ['TROP_DE_LIGNES', 'designation1'],
  ['PIECE_JOINTE_OBLIGATOIRE', 'fichier'],
  ['PIECE_JOINTE_INTROUVABLE', 'fichier'],
  ['FACTURE_OCR_DEJA_SOUMISE', 'fichier'],
  ['VALIDEUR_OBLIGATOIRE', 'codeStructureValideur'],
  ['VALIDEUR_INTROUVABLE', 'codeStructureValideur'],
  ['VALIDEUR_INACTIF', 'codeStructureValideur'],
  ['VALIDEUR_NON_PRIVE', 'codeStructureValideur'],
  ['VALIDEUR_EST_FOURNISSEUR', 'codeStructureValideur'],
  ['SERVICE_VALIDEUR_INVALIDE', 'codeServiceValideur'],
  ['SEUIL_PAIEMENT_DIRECT', 'designation1'],
];
const champParCode = new Map(CHAMPS.filter(([k]) => erreurs[k] !== undefined).map(([k, champ]) => [(erreurs[k] as { codeRetour: number }).codeRetour, champ]));

/** The valideur's refusals are shown with the API's code, as a trainee compares them with the API's answers. */
const AVEC_CODE = new Set(CHAMPS.filter(([, champ]) => champ.endsWith('Valideur')).map(([k]) => (erreurs[k] as { codeRetour: number }).codeRetour));

/** Runs a deposit, a refusal of soumettre being reported on the form field it is about. */
export function surLeChamp<T>(faire: () => T): T {
  try {
    return faire();
  } catch (e) {
    if (!isChorusError(e) || e.champ) throw e;
    const champ = champParCode.get(e.codeRetour);
    if (!champ) throw e;
    throw new ChorusError(e, AVEC_CODE.has(e.codeRetour) ? `${e.libelle} (code ${e.codeRetour})` : e.libelle, champ);
  }
}

export function versSoumettre(s: Saisie, mode: SoumettreFactureInput['modeDepot'], pieceJointeId?: number): SoumettreFactureInput {
  const t = totauxSaisie(s.lignes, s.cadre);
  return {
    modeDepot: mode,
    numeroFactureSaisi: s.numeroFacture,
    dateFacture: s.dateFacture,
    destinataire: { codeDestinataire: s.codeDestinataire, codeServiceExecutant: s.codeServiceExecutant || undefined },
    fournisseur: { idFournisseur: s.idFournisseur },
    cadreDeFacturation: {
      codeCadreFacturation: s.cadre,
      ...(CADRES_AVEC_VALIDEUR.includes(s.cadre) ? { codeStructureValideur: s.codeStructureValideur || undefined, codeServiceValideur: s.codeServiceValideur || undefined } : {}),
    },
    references: { typeFacture: 'FACTURE', deviseFacture: 'EUR', typeTva: 'TVA_SUR_DEBIT', numeroBonCommande: s.numeroEngagement || undefined, modePaiement: 'VIREMENT' },
    lignePoste: s.lignes.map((l, i) => ({
      lignePosteNumero: i + 1,
      lignePosteDenomination: l.designation,
      lignePosteQuantite: l.quantite,
      lignePosteMontantUnitaireHT: l.prixUnitaireHt,
      lignePosteTauxTva: l.codeTauxTva,
    })),
    montantTotal: { montantHtTotal: t.montantHt, montantTVA: t.montantTva, montantTtcTotal: t.montantTtc, montantAPayer: t.montantAPayer },
    pieceJointePrincipale: pieceJointeId === undefined ? undefined : [{ pieceJointePrincipaleId: pieceJointeId }],
    commentaire: s.commentaire || undefined,
  } as SoumettreFactureInput;
}

/** « Enregistrer » (BROUILLON) or « Valider et envoyer » (deposited and routed) a seized invoice. */
export function saisirFacture(ctx: SandboxContext, appelant: Appelant, s: Saisie, action: 'ENREGISTRER' | 'ENVOYER') {
  return surLeChamp(() => {
    if (s.lignes.length === 0) throw new ChorusError(erreurs.LIGNES_OBLIGATOIRES, `${erreurs.LIGNES_OBLIGATOIRES.libelle} (au moins une ligne)`, 'designation1');
    const input = versSoumettre(s, 'SAISIE_API');
    return action === 'ENREGISTRER' ? enregistrerBrouillon(ctx, appelant, input) : soumettre(ctx, appelant, input);
  });
}

/**
 * « Déposer une facture PDF »: the file becomes an invoice « interprétée » (INTERPRETEE_OCR) of the
 * caller, pre-filled as the platform's OCR does (the sandbox recognises nothing but the type).
 */
export function deposerFacturePdf(ctx: SandboxContext, appelant: Appelant & { prenom: string | null }, fichier: { nom: string; contenu: Buffer }) {
  const r = surLeChamp(() => deposerPdf(ctx, appelant, { fichierFacture: fichier.contenu.toString('base64'), nomFichier: fichier.nom.slice(0, 200) || 'facture.pdf' }));
  const f = repo.findFactureOcr(ctx, r.pieceJointeId)!;
  return { idFacture: f.id, pieceJointeId: r.pieceJointeId, prerempli: r };
}

/** Completes and sends the OCR invoice `idFacture` of the caller with what the trainee typed (DEPOT_PDF_API). */
export function completerFacturePdf(ctx: SandboxContext, appelant: Appelant, idFacture: number, s: Saisie) {
  return surLeChamp(() => {
    const f = repo.findFacture(ctx, idFacture);
    if (!f || f.statut !== 'INTERPRETEE_OCR' || f.utilisateurCreateurId !== appelant.id || f.pieceJointePrincipaleId === null) {
      throw new ChorusError(erreurs.FACTURE_NON_HABILITE, `${erreurs.FACTURE_NON_HABILITE.libelle} (idFacture ${idFacture} : aucune facture PDF à compléter)`);
    }
    if (s.lignes.length === 0) throw new ChorusError(erreurs.LIGNES_OBLIGATOIRES, `${erreurs.LIGNES_OBLIGATOIRES.libelle} (au moins une ligne)`, 'designation1');
    return soumettre(ctx, appelant, versSoumettre(s, f.modeDepot === 'DEPOT_PDF_SIGNE_API' ? 'DEPOT_PDF_SIGNE_API' : 'DEPOT_PDF_API', f.pieceJointePrincipaleId));
  });
}

/** The OCR invoice of the caller not yet sent, with its recognised fields (all empty but the supplier and type). */
export function factureOcr(ctx: SandboxContext, appelant: Appelant, idFacture: number) {
  const f = repo.findFacture(ctx, idFacture);
  if (!f || f.statut !== 'INTERPRETEE_OCR' || f.utilisateurCreateurId !== appelant.id) {
    throw new ChorusError(erreurs.FACTURE_NON_HABILITE, `${erreurs.FACTURE_NON_HABILITE.libelle} (idFacture ${idFacture} : aucune facture PDF à compléter)`);
  }
  const pj = f.pieceJointePrincipaleId === null ? undefined : repo.findPieceJointe(ctx, f.pieceJointePrincipaleId);
  return { idFacture: f.id, idFournisseur: f.fournisseurId, typeFacture: f.typeFacture, nomFichier: pj?.nom ?? null, taille: pj?.taille ?? null, dateDepot: f.dateDepot };
}

/** Attachment types an invoice may carry (recuperer/typespj, typeObjet FACTURE). */
export const typesPieceJointeFacture = () =>
  referentials.typesPieceJointe.entries.filter((t) => t.typeObjet === 'FACTURE').map((t) => ({ code: t.codeTypePieceJointe, libelle: t.libelleTypePieceJointe }));

/**
 * « Compléter » a suspended invoice from the portal: the file (if any) is stored as ajouter/fichier
 * does, then completer adds it to the invoice with the comment (SUSPENDUE → COMPLETEE).
 */
export function completerFactureEmise(
  ctx: SandboxContext,
  appelant: Appelant,
  input: { idFacture: number; commentaire?: string; fichier?: { nom: string; typeMime: string; contenu: Buffer; type: string } },
) {
  return transaction(ctx.db, () => {
    const pj = input.fichier
      ? ajouterFichier(ctx, appelant.id, {
          pieceJointeFichier: input.fichier.contenu.toString('base64'),
          pieceJointeNom: input.fichier.nom.slice(-50),
          pieceJointeTypeMime: input.fichier.typeMime || 'application/octet-stream',
          pieceJointeExtension: /\.([A-Za-z0-9]{1,10})$/.exec(input.fichier.nom)?.[1] ?? 'BIN',
        })
      : undefined;
    return completerFacture(ctx, appelant, {
      identifiantFactureCPP: input.idFacture,
      commentaire: input.commentaire || undefined,
      pieceJointeComplementaire: pj
        ? [{ pieceJointeComplementaireDesignation: input.fichier!.nom.slice(0, 100), pieceJointeComplementaireType: input.fichier!.type, pieceJointeComplementaireId: pj.pieceJointeId }]
        : undefined,
    } as Parameters<typeof completerFacture>[2]);
  });
}

/** « Recycler » from the portal: recycler's controls, each refusal reported on its form field. */
export function recyclerFactureEmise(
  ctx: SandboxContext,
  appelant: Appelant,
  input: { idFacture: number; codeDestinataire?: string; codeServiceExecutant?: string; numeroEngagement?: string },
) {
  return surLeChamp(() =>
    recyclerFacture(ctx, appelant, {
      identifiantFactureCPP: input.idFacture,
      destinataire: { codeDestinataire: input.codeDestinataire || undefined, codeServiceExecutant: input.codeServiceExecutant },
      reference: { numeroBonCommande: input.numeroEngagement },
    }),
  );
}
