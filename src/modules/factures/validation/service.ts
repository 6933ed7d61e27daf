import { transaction } from '../../../db/transaction.js';
import { CIRCUIT_VALIDATION, DELAI_VALIDATION_JOURS, STATUTS_FACTURE, type StatutFacture } from '../../../domain/circuits/index.js';
import { motifRefusValideur } from '../../../domain/validation.js';
import { ChorusError } from '../../../errors/chorus-error.js';
import { erreurs } from '../../../errors/catalogue/index.js';
import type { SandboxContext } from '../../../sandbox/context.js';
import { formatDate } from '../../../sandbox/dates.js';
import { annuler, enregistrerTypeEcheance, observerFactures, planifier, type Evenement } from '../../../sandbox/echeancier.js';
import { findStructure } from '../../structures/repository.js';
import { structuresRattachees } from '../../structures/service.js';
import { nomDe, type Appelant } from '../perimetre.js';
import * as repo from '../repository.js';
import { appliquerTransition, factureOuErreur } from '../traitement/lifecycle.js';
import { controlerValideur, estValideurDe, rangAValider } from './valideurs.js';

const JOUR_MS = 86_400_000;

const refus = (entry: { codeRetour: number; libelle: string; httpStatus: number }, detail: string) =>
  new ChorusError(entry, `${entry.libelle} : ${detail}`);

/** The invoice when the caller is one of its validators (a validator sees only what it validates or validated). */
export function factureDuValideur(ctx: SandboxContext, appelant: Appelant, idFacture: number, champ = 'idFacture'): repo.FactureRow {
  const facture = factureOuErreur(ctx, idFacture, champ);
  if (!estValideurDe(structuresRattachees(ctx, appelant.id), facture)) {
    throw new ChorusError(erreurs.FACTURE_NON_HABILITE, `${erreurs.FACTURE_NON_HABILITE.libelle} (${champ} ${idFacture})`);
  }
  return facture;
}

export interface TraiterFactureAValider {
  idFacture: number;
  action: string;
  motifRefus?: string;
  complementInfo?: string;
  idValideur?: number;
  typeValideur?: string;
  idPieceJointe?: number;
}

/**
 * traiter/factureAValider: the validator whose turn it is accepts (VALIDATION) or refuses (REFUS,
 * with a motif of recuperer/motifs/refus/Facture/AValider). Other actions GO clients list
 * (MISE_EN_PAIEMENT, SUSPENSION…) belong to the recipient: refused. Judged inside one transaction
 * against the status as read there, so a second or concurrent validation is refused, never applied twice.
 */
export function traiterFactureAValider(ctx: SandboxContext, appelant: Appelant, input: TraiterFactureAValider) {
  const action = input.action?.trim().toUpperCase();
  if (action !== 'VALIDATION' && action !== 'REFUS') throw refus(erreurs.ACTION_VALIDEUR_INVALIDE, `'${input.action ?? ''}' (action)`);
  const motif = input.motifRefus?.trim() ? motifRefusValideur(input.motifRefus) : undefined;
  if (action === 'REFUS' && !motif) {
    throw refus(erreurs.MOTIF_REFUS_INVALIDE, `'${input.motifRefus ?? ''}' (motifRefus)`);
  }
  return transaction(ctx.db, () => {
    const facture = factureDuValideur(ctx, appelant, input.idFacture);
    const rang = rangAValider(facture.statut);
    if (rang === null) throw refus(erreurs.STATUT_NON_A_VALIDER, `statut ${facture.statut} (idFacture ${facture.id})`);
    const attendu = rang === 1 ? facture.valideur1Id : facture.valideur2Id;
    const rattachees = structuresRattachees(ctx, appelant.id);
    // idValideur names the validating structure (idStructureCPP); when given it must be the expected one.
    if (attendu === null || !rattachees.has(attendu) || (input.idValideur && input.idValideur !== attendu)) {
      throw refus(erreurs.NON_VALIDEUR, `valideur ${rang} attendu : ${attendu} (idValideur ${input.idValideur ?? '—'})`);
    }
    const vers = statutApresDecision(rang, action, motif?.codeMotif);
    const apres = appliquerTransition(ctx, {
      idFacture: facture.id,
      vers,
      acteur: 'VALIDEUR',
      utilisateurId: appelant.id,
      nomUtilisateur: nomDe(appelant),
      motif: motif ? `${motif.codeMotif} - ${motif.libelleMotif}` : null,
      commentaire: input.complementInfo,
    });
    return { idFacture: apres.id, numeroFacture: apres.numeroFacture ?? '', dateTraitement: formatDate(ctx.now()), statutFacture: apres.statut };
  });
}

/** The status a validator's decision leads to, at its level (the circuit table then judges the move). */
export function statutApresDecision(rang: 1 | 2, action: 'VALIDATION' | 'REFUS', codeMotif?: string): StatutFacture {
  if (action === 'VALIDATION') return rang === 1 ? 'VALIDEE_1' : 'VALIDEE_2';
  if (codeMotif === 'ERR_VALIDEUR') return rang === 1 ? 'ERREUR_FOURNISSEUR_SUR_VALIDEUR' : 'ERREUR_COTRAITANT_SUR_VALIDEUR';
  return rang === 1 ? 'REFUSEE_1' : 'REFUSEE_2';
}

export interface CorrigerValideur {
  idFacture: number;
  idStructure?: number;
  typeIdentifiantStructure?: string;
  identifiantStructure?: string;
}

/**
 * corriger/valideur/facture: the depositor names the right validator of an invoice a validator sent
 * back as « Mauvais valideur »; it goes back to that level's A_VALIDER with a fresh delay.
 */
export function corrigerValideurFacture(ctx: SandboxContext, appelant: Appelant, input: CorrigerValideur) {
  return transaction(ctx.db, () => {
    const facture = factureOuErreur(ctx, input.idFacture);
    if (!structuresRattachees(ctx, appelant.id).has(facture.fournisseurId)) {
      throw new ChorusError(erreurs.FACTURE_NON_HABILITE, `${erreurs.FACTURE_NON_HABILITE.libelle} (idFacture ${input.idFacture})`);
    }
    const rang = facture.statut === 'ERREUR_FOURNISSEUR_SUR_VALIDEUR' ? 1 : facture.statut === 'ERREUR_COTRAITANT_SUR_VALIDEUR' ? 2 : null;
    if (rang === null) throw refus(erreurs.STATUT_NON_ERREUR_VALIDEUR, `statut ${facture.statut} (idFacture ${facture.id})`);
    const { structure } = controlerValideur(
      ctx,
      facture.fournisseurId,
      { idStructure: input.idStructure || undefined, identifiant: input.identifiantStructure, typeIdentifiant: input.typeIdentifiantStructure },
      { structure: input.idStructure ? 'idStructure' : 'identifiantStructure', service: 'codeServiceValideur' },
    );
    const autre = rang === 1 ? facture.valideur2Id : facture.valideur1Id;
    if (structure.id === autre) throw refus(erreurs.NON_VALIDEUR, `la structure ${structure.identifiant} est déjà l'autre valideur (identifiantStructure)`);
    repo.updateFacture(ctx, facture.id, rang === 1 ? { valideur1Id: structure.id, serviceValideur1Id: null } : { valideur2Id: structure.id, serviceValideur2Id: null });
    appliquerTransition(ctx, {
      idFacture: facture.id,
      vers: rang === 1 ? 'A_VALIDER_1' : 'A_VALIDER_2',
      acteur: 'FOURNISSEUR',
      utilisateurId: appelant.id,
      nomUtilisateur: nomDe(appelant),
      commentaire: `Nouveau valideur : ${structure.identifiant} ${structure.raisonSociale}`,
    });
    return { idFacture: facture.id };
  });
}

/** recuperer/statutsFactureVisibles/valideur: every status an invoice can have while a validator can see it. */
export function statutsVisiblesValideur(): StatutFacture[] {
  // A validator sees the invoice from A_VALIDER_1 on, whatever becomes of it: every status the
  // validation circuit's table can reach from there, in the official order.
  const vus = new Set<StatutFacture>(['A_VALIDER_1']);
  for (let ajoute = true; ajoute; ) {
    ajoute = false;
    for (const t of CIRCUIT_VALIDATION.transitions) {
      if (vus.has(t.de) && !vus.has(t.vers)) {
        vus.add(t.vers);
        ajoute = true;
      }
    }
  }
  return STATUTS_FACTURE.filter((s) => vus.has(s));
}

// --- Tacit acceptance on the sandbox clock (R2193-16) ---

export const VALIDATION_TACITE = 'VALIDATION_TACITE';

/** Every invoice entering A_VALIDER_n gets its 15-day deadline on the agenda; leaving it removes the deadline. */
observerFactures<repo.FactureRow>((ctx, facture) => {
  const rang = rangAValider(facture.statut);
  if (rang === null) {
    annuler(ctx, VALIDATION_TACITE, facture.id);
    return;
  }
  const debut = new Date(facture.dateHeureEtatCourant).getTime();
  planifier(ctx, VALIDATION_TACITE, facture.id, new Date(debut + DELAI_VALIDATION_JOURS * JOUR_MS), { statut: facture.statut });
});

enregistrerTypeEcheance({
  type: VALIDATION_TACITE,
  executer(ctx, sujet, at, donnees): Evenement[] {
    const facture = repo.findFacture(ctx, Number(sujet));
    const statut = (donnees as { statut?: string } | undefined)?.statut;
    if (!facture || facture.statut !== statut) return [];
    const vers = statut === 'A_VALIDER_1' ? 'ABSENCE_VALIDATION_1_HORS_DELAI' : 'ABSENCE_VALIDATION_2_HORS_DELAI';
    const valideur = findStructure(ctx, (statut === 'A_VALIDER_1' ? facture.valideur1Id : facture.valideur2Id) ?? -1);
    const apres = appliquerTransition(ctx, {
      idFacture: facture.id,
      vers,
      acteur: 'SYSTEME',
      utilisateurId: null,
      nomUtilisateur: 'Chorus Pro',
      commentaire: `Aucune réponse de ${valideur?.raisonSociale ?? 'son valideur'} en ${DELAI_VALIDATION_JOURS} jours : acceptation tacite (CCP R2193-16)`,
    });
    return [{ date: at.toISOString(), type: vers, idFacture: facture.id, description: `Facture ${facture.numeroFacture} : ${vers} puis ${apres.statut}` }];
  },
});
