import { nextId } from '../../../db/sequences.js';
import { transaction } from '../../../db/transaction.js';
import { PIECES_JOINTES_COMPLEMENTAIRES_MAX } from '../../../domain/limites.js';
import { liensPiecesJointes, type LienPieceJointe } from './controles.js';
import { ajouterFichier } from './fichiers.js';
import { CIRCUITS, type StatutFacture } from '../../../domain/circuits/index.js';
import { ChorusError } from '../../../errors/chorus-error.js';
import { erreurs } from '../../../errors/catalogue/index.js';
import type { SandboxContext } from '../../../sandbox/context.js';
import { formatDate, formatDateTime } from '../../../sandbox/dates.js';
import { factureDe, nomDe, type Appelant } from '../perimetre.js';
import { acheminerFacture, appliquerTransition, circuitDe } from '../traitement/lifecycle.js';
import * as repo from '../repository.js';
import type { SoumettreFactureInput } from '../schemas/operations.js';
import { soumettre } from './soumission.js';
import { findService, findStructure } from '../../structures/repository.js';
import { surLeChamp, versSoumettre, type Saisie } from './saisie.js';

/**
 * Drafts of the portal (chorus-domain §7.2 rows 1–3): « Enregistrer » keeps a seized invoice in
 * BROUILLON after the same controls as a deposit; « Valider et envoyer » and « Supprimer » are the
 * circuit's `portail/envoyer` and `portail/supprimer` rows from BROUILLON.
 */
export function enregistrerBrouillon(ctx: SandboxContext, utilisateur: Appelant, input: SoumettreFactureInput) {
  // A draft is a seized invoice: a PDF deposit is completed and sent at once (INTERPRETEE_OCR has no BROUILLON row).
  return soumettre(ctx, utilisateur, { ...input, modeDepot: 'SAISIE_API', pieceJointePrincipale: undefined }, undefined, { brouillon: true });
}

function ligneDuCircuit(f: repo.FactureRow, operation: 'portail/envoyer' | 'portail/supprimer') {
  const regle = CIRCUITS[circuitDe(f)].transitions.find((t) => t.de === (f.statut as StatutFacture) && t.operation === operation && t.acteur === 'FOURNISSEUR');
  if (!regle) throw new ChorusError(erreurs.STATUT_INCOHERENT, `${erreurs.STATUT_INCOHERENT.libelle} (la facture ${f.numeroFacture ?? f.id} n'est pas un brouillon : statut ${f.statut})`);
  return regle;
}

/** « Valider et envoyer » a draft: deposited today, then routed (or, in A9/A12, to its first validator). */
export function envoyerBrouillon(ctx: SandboxContext, appelant: Appelant, idFacture: number) {
  return transaction(ctx.db, () => {
    const f = factureDe(ctx, appelant, idFacture, 'FOURNISSEUR');
    const regle = ligneDuCircuit(f, 'portail/envoyer');
    repo.updateFacture(ctx, f.id, { dateDepot: formatDateTime(ctx.now()) });
    let apres = appliquerTransition(ctx, { idFacture: f.id, vers: regle.vers, acteur: 'FOURNISSEUR', utilisateurId: appelant.id, nomUtilisateur: nomDe(appelant) });
    if (apres.statut === 'DEPOSEE') apres = acheminerFacture(ctx, apres);
    return { identifiantFactureCPP: apres.id, numeroFacture: apres.numeroFacture, statutFacture: apres.statut, dateDepot: formatDate(ctx.now()) };
  });
}

/** « Supprimer » a draft: it stays readable in SUPPRIMEE, and its number may be used again. */
export function supprimerBrouillon(ctx: SandboxContext, appelant: Appelant, idFacture: number) {
  return transaction(ctx.db, () => {
    const f = factureDe(ctx, appelant, idFacture, 'FOURNISSEUR');
    const regle = ligneDuCircuit(f, 'portail/supprimer');
    const apres = appliquerTransition(ctx, { idFacture: f.id, vers: regle.vers, acteur: 'FOURNISSEUR', utilisateurId: appelant.id, nomUtilisateur: nomDe(appelant) });
    return { identifiantFactureCPP: apres.id, numeroFacture: apres.numeroFacture, statutFacture: apres.statut };
  });
}

/**
 * « Ajouter une pièce jointe » to a draft: the file is stored as ajouter/fichier does and linked to
 * the invoice like soumettre's pieceJointeComplementaire (same type list, same limits).
 */
export function ajouterPieceJointeBrouillon(
  ctx: SandboxContext,
  appelant: Appelant,
  idFacture: number,
  fichier: { nom: string; typeMime: string; contenu: Buffer; type: string },
) {
  return transaction(ctx.db, () => {
    const f = factureDe(ctx, appelant, idFacture, 'FOURNISSEUR');
    if (f.statut !== 'BROUILLON') {
      throw new ChorusError(erreurs.STATUT_INCOHERENT, `${erreurs.STATUT_INCOHERENT.libelle} (la facture ${f.numeroFacture ?? f.id} n'est pas un brouillon : statut ${f.statut})`, 'fichier');
    }
    const existants = f.piecesJointes as LienPieceJointe[];
    if (existants.length >= PIECES_JOINTES_COMPLEMENTAIRES_MAX) {
      throw new ChorusError(erreurs.TROP_DE_LIGNES, `${erreurs.TROP_DE_LIGNES.libelle} : ${PIECES_JOINTES_COMPLEMENTAIRES_MAX} pièces jointes au plus`, 'fichier');
    }
    const { pieceJointeId } = ajouterFichier(ctx, appelant.id, {
      pieceJointeFichier: fichier.contenu.toString('base64'),
      pieceJointeNom: fichier.nom.slice(-50),
      pieceJointeTypeMime: fichier.typeMime || 'application/octet-stream',
      pieceJointeExtension: /\.([A-Za-z0-9]{1,10})$/.exec(fichier.nom)?.[1] ?? 'BIN',
    });
    const ajout = liensPiecesJointes(
      ctx,
      appelant.id,
      [{ pieceJointeComplementaireDesignation: fichier.nom.slice(0, 100), pieceJointeComplementaireType: fichier.type, pieceJointeComplementaireId: pieceJointeId }] as Parameters<typeof liensPiecesJointes>[2],
      () => nextId(ctx.db, ctx.sandboxId, 'liaisonPieceJointe'),
    );
    repo.updateFacture(ctx, f.id, { piecesJointes: [...existants, ...ajout] });
    return { idFacture: f.id, pieceJointeId };
  });
}

function brouillonDe(ctx: SandboxContext, appelant: Appelant, idFacture: number) {
  const f = factureDe(ctx, appelant, idFacture, 'FOURNISSEUR');
  if (f.statut !== 'BROUILLON') {
    throw new ChorusError(erreurs.STATUT_INCOHERENT, `${erreurs.STATUT_INCOHERENT.libelle} (la facture ${f.numeroFacture ?? f.id} n'est pas un brouillon : statut ${f.statut})`);
  }
  return f;
}

/** A draft of the caller as the saisie form shows it (« Modifier le brouillon »): what was typed when it was saved. */
export function saisieDuBrouillon(ctx: SandboxContext, appelant: Appelant, idFacture: number): Saisie {
  const f = brouillonDe(ctx, appelant, idFacture);
  const lignes = (f.lignesPoste as { lignePosteDenomination: string | null; lignePosteQuantite: number; lignePosteMontantUnitaireHT: number | null; lignePosteTauxTva: string | null }[]).map((l) => ({
    designation: l.lignePosteDenomination ?? '',
    quantite: l.lignePosteQuantite,
    prixUnitaireHt: l.lignePosteMontantUnitaireHT ?? 0,
    codeTauxTva: l.lignePosteTauxTva ?? 'TVA2',
  }));
  const service = f.serviceExecutantId === null ? undefined : findService(ctx, f.serviceExecutantId);
  const valideur = f.valideur1Id === null ? undefined : findStructure(ctx, f.valideur1Id);
  const serviceValideur = f.serviceValideur1Id === null ? undefined : findService(ctx, f.serviceValideur1Id);
  return {
    idFournisseur: f.fournisseurId,
    cadre: f.codeCadreFacturation ?? 'A1_FACTURE_FOURNISSEUR',
    codeDestinataire: (f.destinataireId === null ? undefined : findStructure(ctx, f.destinataireId)?.identifiant) ?? '',
    codeServiceExecutant: service?.code,
    numeroEngagement: f.numeroBonCommande ?? undefined,
    numeroFacture: f.numeroFacture ?? '',
    dateFacture: f.dateFacture ?? '',
    lignes,
    commentaire: f.commentaire ?? undefined,
    codeStructureValideur: valideur?.identifiant,
    codeServiceValideur: serviceValideur?.code,
  };
}

/**
 * « Modifier le brouillon »: the draft takes what was typed again, after the same controls as a deposit
 * (its own number is no duplicate); « Enregistrer » keeps it in BROUILLON, « Valider et envoyer » then
 * sends it (the circuit's BROUILLON row: routed, or in A9/A12 to its first valideur). Its attachments stay.
 */
export function modifierBrouillon(ctx: SandboxContext, appelant: Appelant, idFacture: number, s: Saisie, action: 'ENREGISTRER' | 'ENVOYER') {
  return surLeChamp(() =>
    transaction(ctx.db, () => {
      const f = brouillonDe(ctx, appelant, idFacture);
      if (s.lignes.length === 0) throw new ChorusError(erreurs.LIGNES_OBLIGATOIRES, `${erreurs.LIGNES_OBLIGATOIRES.libelle} (au moins une ligne)`, 'designation1');
      const r = soumettre(ctx, appelant, versSoumettre(s, 'SAISIE_API'), undefined, { brouillon: true, remplacer: f.id });
      return action === 'ENREGISTRER' ? { identifiantFactureCPP: r.identifiantFactureCPP, numeroFacture: r.numeroFacture, statutFacture: r.statutFacture } : envoyerBrouillon(ctx, appelant, f.id);
    }),
  );
}
