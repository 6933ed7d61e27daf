import { createHash } from 'node:crypto';
import { nextId } from '../../../db/sequences.js';
import { transaction } from '../../../db/transaction.js';
import { CIRCUIT_VALIDATION } from '../../../domain/circuits/index.js';
import { SEUIL_PAIEMENT_DIRECT_TTC } from '../../../domain/validation.js';
import { valideursDuDepot, type Valideurs } from '../validation/valideurs.js';
import { LIGNES_POSTE_MAX, LIGNES_TVA_MAX, PIECES_JOINTES_COMPLEMENTAIRES_MAX } from '../../../domain/limites.js';
import { calculerMontants, verifierMontants, type TauxParCode } from '../../../domain/montants.js';
import { ChorusError } from '../../../errors/chorus-error.js';
import { erreurs } from '../../../errors/catalogue/index.js';
import { findCadre, referentials } from '../../../referentials/index.js';
import type { SandboxContext } from '../../../sandbox/context.js';
import { factureModifiee } from '../../../sandbox/echeancier.js';
import { formatDate, formatDateTime } from '../../../sandbox/dates.js';
import { findService, findStructure, listCoordonneesBancaires } from '../../structures/repository.js';
import { structuresRattachees } from '../../structures/service.js';
import type { UtilisateurRow } from '../../utilisateurs/repository.js';
import { controlerAcheminement, liensPiecesJointes, refus } from './controles.js';
import { pieceJointeUtilisable } from './fichiers.js';
import { acheminerFacture, appliquerTransition, historiserStatut, notifier } from '../traitement/lifecycle.js';
import * as repo from '../repository.js';
import type { SoumettreFactureInput } from '../schemas/operations.js';

export const tauxParCode: TauxParCode = Object.fromEntries(referentials.tauxTva.entries.map((t) => [t.codeTauxTva, t.valeurTauxTva]));

/** Cadres soumettre accepts (chorus-api §3.1.1): simple invoices, and A9/A12 through their validators. */
const CADRES_ACCEPTES = ['A1_FACTURE_FOURNISSEUR', 'A2_FACTURE_FOURNISSEUR_DEJA_PAYEE', ...CIRCUIT_VALIDATION.cadres];

/** JSON with sorted keys: the same deposit always hashes to the same fingerprint. */
export function canonique(valeur: unknown): string {
  if (Array.isArray(valeur)) return `[${valeur.map(canonique).join(',')}]`;
  if (valeur && typeof valeur === 'object') {
    const entrees = Object.entries(valeur as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entrees.map(([k, v]) => `${JSON.stringify(k)}:${canonique(v)}`).join(',')}}`;
  }
  return JSON.stringify(valeur ?? null);
}

function controlerMontants(input: SoumettreFactureInput, typeFacture: string): void {
  const ecarts = verifierMontants(
    {
      typeFacture,
      codeCadreFacturation: input.cadreDeFacturation.codeCadreFacturation,
      lignePoste: input.lignePoste ?? [],
      ligneTva: input.ligneTva ?? [],
      montantTotal: input.montantTotal,
    },
    tauxParCode,
  );
  const e = ecarts[0];
  if (!e) return;
  const champ = e.champ.startsWith('montant') ? `montantTotal.${e.champ}` : e.champ;
  const detail = e.attendu === null ? `valeur non exploitable (${String(e.recu)})` : `attendu ${e.attendu}, reçu ${String(e.recu)}`;
  throw refus(erreurs.MONTANTS_INCOHERENTS, `champ '${champ}', ${detail}`);
}

/** Lines as stored and shown by consulter: the deposited values plus computed amounts. */
function lignesCalculees(input: SoumettreFactureInput) {
  const lignes = input.lignePoste ?? [];
  if (lignes.length === 0) return { lignesPoste: [], lignesTva: recapDepose(input) };
  const m = calculerMontants(lignes, tauxParCode, {
    montantRemiseGlobaleTTC: input.montantTotal.montantRemiseGlobaleTTC,
    codeCadreFacturation: input.cadreDeFacturation.codeCadreFacturation,
  });
  const lignesPoste = lignes.map((l, i) => {
    const ht = m.lignes[i].montantHtApresRemise;
    const tva = Math.round(ht * m.lignes[i].taux) / 100;
    return {
      lignePosteNumero: l.lignePosteNumero ?? i + 1,
      lignePosteReference: l.lignePosteReference ?? null,
      lignePosteDenomination: l.lignePosteDenomination ?? null,
      lignePosteQuantite: l.lignePosteQuantite,
      lignePosteUniteLibelle: l.lignePosteUnite ?? null,
      lignePosteMontantUnitaireHT: l.lignePosteMontantUnitaireHT ?? null,
      lignePosteMontantRemiseHT: l.lignePosteMontantRemiseHT ?? null,
      lignePosteTauxTva: l.lignePosteTauxTva ?? null,
      lignePosteTauxTvaManuel: l.lignePosteTauxTvaManuel ?? m.lignes[i].taux,
      lignePosteMontantHtApresRemise: ht,
      lignePosteMontantTva: tva,
      lignePosteMontantTtcApresRemise: Math.round((ht + tva) * 100) / 100,
    };
  });
  const lignesTva = m.parTaux.map((g) => ({
    ligneTvaTauxRefCode: referentials.tauxTva.entries.find((t) => t.valeurTauxTva === g.taux)?.codeTauxTva ?? null,
    ligneTvaTauxRefValeur: g.taux,
    ligneTvaTauxManuel: g.taux,
    ligneTvaMontantBaseHtParTaux: g.montantBaseHt,
    ligneTvaMontantTvaParTaux: g.montantTva,
  }));
  return { lignesPoste, lignesTva };
}

function recapDepose(input: SoumettreFactureInput) {
  return (input.ligneTva ?? []).map((l) => ({
    ligneTvaTauxRefCode: l.ligneTvaTaux ?? null,
    ligneTvaTauxRefValeur: l.ligneTvaTauxManuel ?? (l.ligneTvaTaux ? (tauxParCode[l.ligneTvaTaux] ?? null) : null),
    ligneTvaTauxManuel: l.ligneTvaTauxManuel ?? null,
    ligneTvaMontantBaseHtParTaux: l.ligneTvaMontantBaseHtParTaux,
    ligneTvaMontantTvaParTaux: l.ligneTvaMontantTvaParTaux,
  }));
}

/**
 * soumettre (chorus-api §3.1.1): every control with its own code, then the deposit, then routing
 * (DEPOSEE → EN_COURS_ACHEMINEMENT → MISE_A_DISPOSITION) in the same transaction.
 */
const DEVISES = new Set(referentials.devises.entries.map((d) => d.codeDevise));

/** Lines and attachments within the sandbox's limits (src/domain/limites.ts), or the 400 naming the list. */
function controlerTailles(input: SoumettreFactureInput): void {
  const limites: [unknown[] | undefined, number, string][] = [
    [input.lignePoste, LIGNES_POSTE_MAX, 'lignePoste'],
    [input.ligneTva, LIGNES_TVA_MAX, 'ligneTva'],
    [input.pieceJointeComplementaire, PIECES_JOINTES_COMPLEMENTAIRES_MAX, 'pieceJointeComplementaire'],
  ];
  for (const [liste, max, champ] of limites) {
    if ((liste?.length ?? 0) > max) throw refus(erreurs.TROP_DE_LIGNES, `${liste?.length} éléments, ${max} au plus (${champ})`);
  }
}

/**
 * A PDF deposit (DEPOT_PDF_API, DEPOT_PDF_SIGNE_API) of a file of the caller's deposer/pdf completes the
 * OCR invoice created then (same id, chorus-api §3.1.3); SAISIE_API, or any other file, deposits a new
 * invoice. Once completed, the OCR invoice is not submitted a second time.
 */
function factureOcrASoumettre(ctx: SandboxContext, utilisateurId: number, input: SoumettreFactureInput): repo.FactureRow | undefined {
  const pieceJointeId = input.pieceJointePrincipale?.[0]?.pieceJointePrincipaleId;
  if (input.modeDepot === 'SAISIE_API' || pieceJointeId === undefined) return undefined;
  if (repo.findPieceJointe(ctx, pieceJointeId)?.utilisateurId !== utilisateurId) return undefined;
  const ocr = repo.findFactureOcr(ctx, pieceJointeId);
  if (ocr && ocr.statut !== 'INTERPRETEE_OCR') {
    throw refus(erreurs.FACTURE_OCR_DEJA_SOUMISE, `facture ${ocr.id} au statut ${ocr.statut} (pieceJointePrincipale[0].pieceJointePrincipaleId ${pieceJointeId})`);
  }
  return ocr;
}

export function soumettre(
  ctx: SandboxContext,
  utilisateur: Pick<UtilisateurRow, 'id' | 'nom' | 'prenom'>,
  input: SoumettreFactureInput,
  /** A flux integration deposits through here too, recording its own mode and flux number. */
  flux?: { modeDepot: string; numeroFluxDepot: string },
  /**
   * `brouillon`: the portal's « Enregistrer »: same controls, kept in BROUILLON, neither routed nor notified.
   * `remplacer`: the id of the caller's draft being edited (« Modifier le brouillon »): its number is not a
   * duplicate of itself, and it is rewritten in place (its attachments kept) instead of a new invoice.
   */
  options: { brouillon?: boolean; remplacer?: number } = {},
) {
  controlerTailles(input);
  const cadre = input.cadreDeFacturation.codeCadreFacturation.trim().toUpperCase();
  if (!CADRES_ACCEPTES.includes(cadre)) {
    const connu = findCadre(cadre)?.soumettreAutorise;
    throw refus(
      erreurs.CADRE_NON_SUPPORTE,
      `'${input.cadreDeFacturation.codeCadreFacturation}' (cadreDeFacturation.codeCadreFacturation) — ${connu ? 'circuit non simulé par soumettre' : 'valeurs admises : ' + CADRES_ACCEPTES.join(', ')}`,
    );
  }
  const idFournisseur = input.fournisseur.idFournisseur;
  if (!structuresRattachees(ctx, utilisateur.id).has(idFournisseur)) {
    throw refus(erreurs.FOURNISSEUR_NON_RATTACHE, `structure ${idFournisseur} (fournisseur.idFournisseur)`);
  }
  const fournisseur = findStructure(ctx, idFournisseur);
  if (!fournisseur || fournisseur.statut !== 'ACTIF') throw refus(erreurs.FOURNISSEUR_NON_PRIVE, `structure ${idFournisseur} inactive (fournisseur.idFournisseur)`);
  // Before the number check, which would otherwise answer first for a second soumettre.
  factureOcrASoumettre(ctx, utilisateur.id, input);
  const idServiceFournisseur = input.fournisseur.idServiceFournisseur;
  if (idServiceFournisseur !== undefined && idServiceFournisseur !== 0 && findService(ctx, idServiceFournisseur)?.structureId !== fournisseur.id) {
    throw refus(erreurs.SERVICE_INVALIDE, `service ${idServiceFournisseur} du fournisseur (fournisseur.idServiceFournisseur)`);
  }
  // A9/A12: the validator is checked like the recipient, before anything is written.
  const valideurs: Valideurs | null = CIRCUIT_VALIDATION.cadres.includes(cadre)
    ? valideursDuDepot(ctx, cadre, fournisseur.id, input.cadreDeFacturation)
    : null;
  // Uncertain: R2193-10 sets the 600 € TTC floor on the sub-contract, which the API does not carry;
  // the sandbox applies it to the A9 invoice itself so that trainees meet the rule.
  if (cadre === 'A9_FACTURE_SOUSTRAITANT' && input.montantTotal.montantTtcTotal < SEUIL_PAIEMENT_DIRECT_TTC) {
    throw refus(erreurs.SEUIL_PAIEMENT_DIRECT, `${input.montantTotal.montantTtcTotal} € TTC (montantTotal.montantTtcTotal)`);
  }
  const references = input.references ?? {};
  const typeFacture = references.typeFacture ?? 'FACTURE';
  const { destinataire, service } = controlerAcheminement(ctx, fournisseur, {
    codeDestinataire: input.destinataire.codeDestinataire,
    codeServiceExecutant: input.destinataire.codeServiceExecutant,
    numeroBonCommande: references.numeroBonCommande,
  });
  const numero = input.numeroFactureSaisi;
  const annee = Number(input.dateFacture.slice(0, 4));
  if (repo.numeroFactureExiste(ctx, fournisseur.id, numero, annee, options.remplacer)) {
    throw refus(erreurs.NUMERO_FACTURE_EXISTANT, `'${numero}' en ${annee} (numeroFactureSaisi)`);
  }
  if (typeFacture === 'AVOIR') {
    if (!references.numeroFactureOrigine?.trim()) throw refus(erreurs.AVOIR_SANS_ORIGINE, 'references.numeroFactureOrigine');
    if (references.modePaiement) throw refus(erreurs.AVOIR_MODE_PAIEMENT, 'references.modePaiement');
    if (!repo.findFactureParNumero(ctx, fournisseur.id, references.numeroFactureOrigine.trim(), -1)) {
      throw refus(erreurs.AVOIR_ORIGINE_INCONNUE, `'${references.numeroFactureOrigine}' (references.numeroFactureOrigine)`);
    }
  }
  const devise = references.deviseFacture?.trim().toUpperCase();
  if (devise && !DEVISES.has(devise)) throw refus(erreurs.DEVISE_INCONNUE, `'${references.deviseFacture}' (references.deviseFacture)`);
  // Bank details: checked whenever given. Not demanded for VIREMENT: the API leaves them optional
  // (PASTELL's production payload sends none) and the platform falls back on the structure's own.
  let coordonneesBancairesId: number | null = null;
  const cb = input.fournisseur.codeCoordonneesBancairesFournisseur;
  const coordonnees = listCoordonneesBancaires(ctx, fournisseur.id);
  if (cb !== undefined && cb !== 0) {
    if (!coordonnees.some((c) => c.id === cb && c.estValide)) {
      throw refus(erreurs.COORDONNEES_BANCAIRES_INVALIDES, `${cb} (fournisseur.codeCoordonneesBancairesFournisseur)`);
    }
    coordonneesBancairesId = cb;
  } else if (references.modePaiement === 'VIREMENT') {
    coordonneesBancairesId = coordonnees.find((c) => c.estValide)?.id ?? null;
  }
  if (input.modeDepot === 'SAISIE_API' && !(input.lignePoste?.length)) throw refus(erreurs.LIGNES_OBLIGATOIRES, 'lignePoste');
  controlerMontants(input, typeFacture);
  const principales = input.pieceJointePrincipale ?? [];
  if (input.modeDepot !== 'SAISIE_API' && principales.length === 0) {
    throw refus(erreurs.PIECE_JOINTE_OBLIGATOIRE, `pieceJointePrincipale (modeDepot ${input.modeDepot})`);
  }
  const principale = principales[0]
    ? pieceJointeUtilisable(ctx, utilisateur.id, principales[0].pieceJointePrincipaleId, 'pieceJointePrincipale[0].pieceJointePrincipaleId')
    : undefined;

  return transaction(ctx.db, () => {
    const ocr = factureOcrASoumettre(ctx, utilisateur.id, input); // read again inside the transaction
    const id = options.remplacer ?? ocr?.id ?? nextId(ctx.db, ctx.sandboxId, 'facture');
    const pjs = liensPiecesJointes(ctx, utilisateur.id, input.pieceJointeComplementaire ?? [], () => nextId(ctx.db, ctx.sandboxId, 'liaisonPieceJointe'));
    const now = ctx.now();
    const date = formatDateTime(now);
    const dateDepot = formatDate(now);
    const empreinteCertificatDepot = createHash('sha256')
      .update(canonique({ identifiantFactureCPP: id, dateDepot: date, idFournisseur: fournisseur.id, idDestinataire: destinataire.id, facture: input }))
      .digest('hex');
    const { lignesPoste, lignesTva } = lignesCalculees(input);
    const nom = [utilisateur.prenom, utilisateur.nom].filter(Boolean).join(' ');
    const champs = {
      numeroFacture: numero,
      annee,
      modeDepot: flux?.modeDepot ?? input.modeDepot,
      numeroFluxDepot: flux?.numeroFluxDepot ?? null,
      codeCadreFacturation: cadre,
      typeFacture,
      typeTva: references.typeTva ?? null,
      motifExonerationTva: references.motifExonerationTva ?? null,
      devise: references.deviseFacture?.toUpperCase() ?? 'EUR',
      dateFacture: input.dateFacture.slice(0, 10),
      dateDepot: date,
      fournisseurId: fournisseur.id,
      serviceFournisseurId: idServiceFournisseur || null,
      coordonneesBancairesId,
      destinataireId: destinataire.id,
      serviceExecutantId: service?.id ?? null,
      numeroMarche: references.numeroMarche ?? null,
      numeroBonCommande: references.numeroBonCommande?.trim() || null,
      numeroFactureOrigine: references.numeroFactureOrigine ?? null,
      modePaiement: references.modePaiement ?? null,
      montantHt: input.montantTotal.montantHtTotal,
      montantTva: input.montantTotal.montantTVA,
      montantTtc: input.montantTotal.montantTtcTotal,
      montantRemiseGlobaleTtc: input.montantTotal.montantRemiseGlobaleTTC ?? null,
      motifRemiseGlobaleTtc: input.montantTotal.motifRemiseGlobaleTTC ?? null,
      montantAPayer: input.montantTotal.montantAPayer,
      lignesPoste,
      lignesTva,
      piecesJointes: pjs,
      pieceJointePrincipaleId: principale?.id ?? null,
      commentaire: input.commentaire ?? null,
      empreinteCertificatDepot,
      utilisateurCreateurId: utilisateur.id,
      ...(valideurs ?? {}),
    };
    let facture: repo.FactureRow;
    if (options.brouillon && options.remplacer !== undefined) {
      const { piecesJointes: _nouvelles, ...modifies } = champs;
      // A cadre changed from A9/A12 to A1 forgets the validators it named.
      repo.updateFacture(ctx, id, { valideur1Id: null, serviceValideur1Id: null, valideur2Id: null, ...modifies, utilisateurCreateurId: undefined });
      facture = repo.findFacture(ctx, id)!;
    } else if (options.brouillon && !ocr) {
      // A draft (portail « Enregistrer »): the circuit's BROUILLON rows send or delete it later.
      facture = repo.insertFacture(ctx, { id, ...champs, statut: 'BROUILLON', dateHeureEtatCourant: date });
      historiserStatut(ctx, facture, 'BROUILLON', 'FOURNISSEUR', { id: utilisateur.id, nom }, input.commentaire ?? null, date);
    } else if (ocr && !valideurs) {
      // The circuit's INTERPRETEE_OCR → DEPOSEE row, then routing as any deposit.
      repo.updateFacture(ctx, id, champs);
      facture = appliquerTransition(ctx, { idFacture: id, vers: 'DEPOSEE', acteur: 'FOURNISSEUR', utilisateurId: utilisateur.id, nomUtilisateur: nom, commentaire: input.commentaire ?? null });
      acheminerFacture(ctx, facture);
    } else {
      // An A9/A12 goes to its validator first (chorus-domain §8.4): the recipient gets it once accepted.
      const statut = valideurs ? 'A_VALIDER_1' : 'DEPOSEE';
      if (ocr) repo.updateFacture(ctx, id, { ...champs, statut, dateHeureEtatCourant: date });
      facture = ocr ? { ...ocr, ...champs, statut, dateHeureEtatCourant: date } : repo.insertFacture(ctx, { id, ...champs, statut, dateHeureEtatCourant: date });
      historiserStatut(ctx, facture, statut, 'FOURNISSEUR', { id: utilisateur.id, nom }, input.commentaire ?? null, date);
      if (valideurs) {
        notifier(ctx, facture, 'STATUT_A_VALIDER_1', `Facture ${numero} : à valider`, date);
        factureModifiee(ctx, facture); // its 15-day delay goes on the agenda
      } else {
        acheminerFacture(ctx, facture);
      }
    }
    return {
      codeRetour: 0,
      libelle: erreurs.SUCCES_DEPOT.libelle,
      identifiantFactureCPP: id,
      numeroFacture: numero,
      statutFacture: facture.statut as 'DEPOSEE' | 'A_VALIDER_1' | 'BROUILLON',
      dateDepot,
      // Uncertain (chorus-api §3.1.1): the real answer's identifiantStructure may be either party's; the supplier's is returned.
      identifiantStructure: fournisseur.identifiant,
      empreinteCertificatDepot,
    };
  });
}

export { ChorusError };
