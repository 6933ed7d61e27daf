import { ChorusError } from '../../errors/chorus-error.js';
import { erreurs } from '../../errors/catalogue/index.js';
import type { SandboxContext } from '../../sandbox/context.js';
import { findFactureParNumero } from '../factures/repository.js';
import { findStructure, findStructureByIdentifiant } from '../structures/repository.js';
import { structuresRattachees } from '../structures/service.js';
import { findUtilisateur, type UtilisateurRow } from '../utilisateurs/repository.js';
import { CATEGORIES, SOUS_CATEGORIES } from './categories.js';
import type { SollicitationRow } from './repository.js';
import { actionsPermises, agir, consulter, creerSollicitation, lister, personnesDe, type Action, type Statut } from './service.js';

/**
 * The « Sollicitations émises » and « Sollicitations reçues » espaces of the portal (chorus-domain
 * §12): what a user sent, what reached his public structures, one sollicitation with its thread and
 * the actions his side may take. The reading rights are the control plane's ones narrowed to the
 * person: the issuer, or a person of the receiving structure (and service) as agir checks.
 */

/** Reconstructed statuses (service.ts STATUTS) in the portal's words. */
export const LIBELLES_STATUTS_SOLLICITATION: Readonly<Record<Statut, string>> = {
  A_TRAITER: 'À traiter',
  COMPLEMENT_DEMANDE: 'Complément demandé',
  COMPLETEE: 'Complétée',
  REPONDUE: 'Répondue',
  RENVOYEE: 'Renvoyée',
  CLOTUREE: 'Clôturée',
  TRANSFEREE_SUPPORT: 'Transférée au support',
};

export const LIBELLES_ACTIONS: Readonly<Record<Action, string>> = {
  REPONDRE: 'Répondre',
  DEMANDER_COMPLEMENT: 'Demander un complément',
  TRANSFERER_SUPPORT: 'Transférer au support Chorus Pro',
  COMPLETER: 'Compléter ma demande',
  RENVOYER: 'Renvoyer (réponse insatisfaisante)',
  CLOTURER: 'Clôturer la sollicitation',
};

/** Thread entries: what each action wrote. */
export const LIBELLES_MESSAGES: Readonly<Record<string, string>> = {
  CREER: 'Demande',
  REPONDRE: 'Réponse',
  DEMANDER_COMPLEMENT: 'Complément demandé',
  TRANSFERER_SUPPORT: 'Transférée au support',
  COMPLETER: 'Complément',
  RENVOYER: 'Renvoyée',
  CLOTURER: 'Clôture',
};

/** The catégories and their sous-catégories, for the form's lists. */
export function referentielSollicitations() {
  return CATEGORIES.filter((c) => c.estActif).map((c) => ({
    code: c.codeCategorie,
    libelle: c.libelleCategorie,
    sousCategories: SOUS_CATEGORIES.filter((s) => s.estActif && s.idTechniqueCategorie === c.idTechniqueCategorie).map((s) => ({
      code: s.code,
      libelle: s.libelle,
      versSupport: s.destination === 'SUPPORT',
    })),
  }));
}

export interface LigneSollicitation {
  id: number;
  numero: string;
  titre: string;
  categorie: string;
  sousCategorie: string;
  statut: string;
  dateCreation: string;
  dateModification: string;
  emetteur: string;
  destinataire: string;
  aTraiter: boolean;
}

const A_TRAITER_DESTINATAIRE = ['A_TRAITER', 'COMPLETEE', 'RENVOYEE', 'TRANSFEREE_SUPPORT'];

function ligne(ctx: SandboxContext, s: SollicitationRow, aTraiter: boolean): LigneSollicitation {
  const u = findUtilisateur(ctx, s.emetteurUtilisateurId);
  const structure = s.emetteurStructureId === null ? undefined : findStructure(ctx, s.emetteurStructureId);
  return {
    id: s.id,
    numero: s.numero,
    titre: s.titre,
    categorie: CATEGORIES.find((c) => c.codeCategorie === s.codeCategorie)?.libelleCategorie ?? s.codeCategorie,
    sousCategorie: SOUS_CATEGORIES.find((x) => x.code === s.codeSousCategorie)?.libelle ?? s.codeSousCategorie,
    statut: s.statut,
    dateCreation: s.dateCreation,
    dateModification: s.dateModification,
    emetteur: [u ? [u.prenom, u.nom].filter(Boolean).join(' ') : '', structure?.raisonSociale].filter(Boolean).join(' — '),
    destinataire: s.destinataire === 'SUPPORT' ? 'Support Chorus Pro' : ((s.destinataireStructureId === null ? undefined : findStructure(ctx, s.destinataireStructureId)?.raisonSociale) ?? ''),
    aTraiter,
  };
}

/** « Sollicitations émises »: what the user sent, newest first; those waiting for him (complement asked) flagged. */
export function sollicitationsEmises(ctx: SandboxContext, u: UtilisateurRow): LigneSollicitation[] {
  return lister(ctx, { emetteurUtilisateurId: u.id }).map((s) => ligne(ctx, s, s.statut === 'COMPLEMENT_DEMANDE' || s.statut === 'REPONDUE'));
}

/** « Sollicitations reçues »: what reached the user's public structures (and services), newest first; « à traiter » flagged. */
export function sollicitationsRecues(ctx: SandboxContext, u: UtilisateurRow): LigneSollicitation[] {
  const structures = [...structuresRattachees(ctx, u.id)].filter((id) => findStructure(ctx, id)?.typeStructure === 'PUBLIQUE');
  if (structures.length === 0) return [];
  return lister(ctx, { destinataireStructureIds: structures })
    .filter((s) => s.destinataire === 'STRUCTURE' && personnesDe(ctx, s.destinataireStructureId, s.destinataireServiceId).includes(u.id))
    .map((s) => ligne(ctx, s, A_TRAITER_DESTINATAIRE.includes(s.statut)));
}

const introuvable = (id: number) => new ChorusError(erreurs.SOLLICITATION_INTROUVABLE, `${erreurs.SOLLICITATION_INTROUVABLE.libelle} (sollicitation ${id})`);

/** The side the user plays on a sollicitation, or undefined when it is none of his. */
function roleDe(ctx: SandboxContext, u: UtilisateurRow, s: SollicitationRow): 'EMETTEUR' | 'DESTINATAIRE' | undefined {
  if (s.emetteurUtilisateurId === u.id) return 'EMETTEUR';
  if (s.destinataire === 'STRUCTURE' && personnesDe(ctx, s.destinataireStructureId, s.destinataireServiceId).includes(u.id)) return 'DESTINATAIRE';
  return undefined;
}

/** One sollicitation, its thread and the actions of the user's side; someone else's gets the same refusal as an unknown one. */
export function consulterSollicitation(ctx: SandboxContext, u: UtilisateurRow, id: number) {
  if (!Number.isSafeInteger(id) || id <= 0) throw introuvable(id);
  let lu;
  try {
    lu = consulter(ctx, id);
  } catch {
    throw introuvable(id);
  }
  const role = roleDe(ctx, u, lu.sollicitation);
  if (!role) throw introuvable(id);
  return { ...lu, ligne: ligne(ctx, lu.sollicitation, false), role, actions: actionsPermises(lu.sollicitation, role) };
}

/** An action of the user on a sollicitation he can read (the service checks his side and the status). */
export function agirSurSollicitation(ctx: SandboxContext, u: UtilisateurRow, id: number, input: { action: string; texte?: string }) {
  const { role } = consulterSollicitation(ctx, u, id);
  const action = input.action as Action;
  if (!(action in LIBELLES_ACTIONS)) throw new ChorusError(erreurs.ACTION_SOLLICITATION_INTERDITE, `${erreurs.ACTION_SOLLICITATION_INTERDITE.libelle} (${input.action})`, 'texte');
  try {
    return { role, sollicitation: agir(ctx, { type: 'UTILISATEUR', utilisateur: u }, id, { action, texte: input.texte }) };
  } catch (e) {
    // The missing text of an answer is the message field's.
    if (e instanceof ChorusError && !e.champ) throw new ChorusError({ codeRetour: e.codeRetour, libelle: e.libelle, httpStatus: e.httpStatus }, e.libelle, 'texte');
    throw e;
  }
}

export interface SaisieSollicitation {
  codeCategorie: string;
  codeSousCategorie: string;
  titre: string;
  texte: string;
  /** Optional: the number of one of the user's issued invoices (the sollicitation goes to its recipient). */
  numeroFacture?: string;
  /** Optional: the SIRET of the public structure asked, when no invoice names it. */
  siretDestinataire?: string;
}

/**
 * « Saisir une sollicitation »: the invoice is found by its number among the invoices of the user's
 * structures, the addressee by its SIRET; creerSollicitation routes it by its sous-catégorie.
 */
export function saisirSollicitation(ctx: SandboxContext, u: UtilisateurRow, input: SaisieSollicitation): SollicitationRow {
  let objet: { type: 'FACTURE'; id: number } | undefined;
  if (input.numeroFacture) {
    const facture = [...structuresRattachees(ctx, u.id)].map((s) => findFactureParNumero(ctx, s, input.numeroFacture!, -1)).find((f) => f !== undefined);
    if (!facture) throw new ChorusError(erreurs.OBJET_SOLLICITATION_INCONNU, `Aucune facture n° ${input.numeroFacture} parmi les factures émises par vos structures`, 'numeroFacture');
    objet = { type: 'FACTURE', id: facture.id };
  }
  let idStructureDestinataire: number | undefined;
  if (input.siretDestinataire) {
    const s = findStructureByIdentifiant(ctx, input.siretDestinataire.replace(/\s/g, ''), 'SIRET');
    if (!s || s.typeStructure !== 'PUBLIQUE') throw new ChorusError(erreurs.OBJET_SOLLICITATION_INCONNU, `Aucune structure publique de SIRET ${input.siretDestinataire} dans l’annuaire`, 'siretDestinataire');
    idStructureDestinataire = s.id;
  }
  try {
    return creerSollicitation(ctx, u, {
      codeCategorie: input.codeCategorie,
      codeSousCategorie: input.codeSousCategorie,
      titre: input.titre,
      texte: input.texte,
      objet,
      idStructureDestinataire,
    });
  } catch (e) {
    if (!(e instanceof ChorusError) || e.champ) throw e;
    const champ =
      e.codeRetour === erreurs.CATEGORIE_SOLLICITATION_INCONNUE.codeRetour
        ? 'codeCategorie'
        : e.codeRetour === erreurs.SOUS_CATEGORIE_SOLLICITATION_INCONNUE.codeRetour
          ? 'codeSousCategorie'
          : e.codeRetour === erreurs.DESTINATAIRE_SOLLICITATION_ABSENT.codeRetour
            ? 'siretDestinataire'
            : '_';
    throw new ChorusError({ codeRetour: e.codeRetour, libelle: e.libelle, httpStatus: e.httpStatus }, e.libelle, champ);
  }
}
