import { nextId } from '../../db/sequences.js';
import { transaction } from '../../db/transaction.js';
import { ChorusError } from '../../errors/chorus-error.js';
import { erreurs } from '../../errors/catalogue/index.js';
import type { SandboxContext } from '../../sandbox/context.js';
import { formatDateTime } from '../../sandbox/dates.js';
import { notifierUtilisateurs } from '../notifications/service.js';
import { findService, findStructure } from '../structures/repository.js';
import * as repo from './repository.js';
import { rattacher } from './service.js';

/**
 * The rattachement workflow (chorus-domain §3.3): a user asks, a gestionnaire of the structure
 * validates or refuses. No PISTE route carries it (chorus-api §3.4): the control plane and the
 * portal call these functions.
 */

function utilisateurActif(ctx: SandboxContext, id: number): repo.UtilisateurRow {
  const utilisateur = repo.findUtilisateur(ctx, id);
  if (!utilisateur) throw new ChorusError(erreurs.UTILISATEUR_INTROUVABLE);
  if (utilisateur.statut !== 'ACTIF') throw new ChorusError(erreurs.UTILISATEUR_INACTIF, `Le compte ${utilisateur.login} n'est pas actif`);
  return utilisateur;
}

/** A gestionnaire (principal or secondaire, historic portal) with a validated rattachement to the structure. */
export function estGestionnaire(ctx: SandboxContext, utilisateurId: number, structureId: number): boolean {
  const r = repo.findRattachementDe(ctx, utilisateurId, structureId);
  return r !== undefined && r.statut === 'VALIDEE' && r.role !== 'UTILISATEUR_SIMPLE';
}

/**
 * A user asks to be attached to a structure and some of its services (chorus-domain §3.3): the
 * request waits, EN_COURS_DE_VALIDATION, for a gestionnaire of the structure. A refused or
 * deactivated rattachement may be asked for again; a pending or validated one may not.
 */
export function demanderRattachement(
  ctx: SandboxContext,
  input: { utilisateurId: number; structureId: number; serviceIds?: number[]; commentaire?: string | null },
): repo.RattachementRow {
  return transaction(ctx.db, () => {
    const utilisateur = utilisateurActif(ctx, input.utilisateurId);
    const structure = findStructure(ctx, input.structureId);
    if (!structure) throw new ChorusError(erreurs.STRUCTURE_INTROUVABLE);
    if (structure.statut !== 'ACTIF') throw new ChorusError(erreurs.STRUCTURE_INACTIVE);
    const serviceIds = [...new Set(input.serviceIds ?? [])];
    for (const id of serviceIds) {
      if (findService(ctx, id)?.structureId !== structure.id) throw new ChorusError(erreurs.SERVICE_INTROUVABLE, `Le service ${id} n'appartient pas à la structure ${structure.id}`);
    }
    const existant = repo.findRattachementDe(ctx, utilisateur.id, structure.id);
    // Only gestionnaires hear of rattachement requests (chorus-domain §13).
    const prevenir = () =>
      notifierUtilisateurs(
        ctx,
        repo.listRattachementsStructure(ctx, structure.id).filter(({ rattachement: r }) => estGestionnaire(ctx, r.utilisateurId, structure.id)).map(({ rattachement: r }) => r.utilisateurId),
        { type: 'RATTACHEMENT_DEMANDE', message: `Demande de rattachement de ${utilisateur.login} à la structure ${structure.raisonSociale}` },
      );
    if (!existant) {
      prevenir();
      const cree = rattacher(ctx, { utilisateurId: utilisateur.id, structureId: structure.id, role: 'UTILISATEUR_SIMPLE', serviceIds, statut: 'EN_COURS_DE_VALIDATION' });
      return input.commentaire ? repo.updateRattachement(ctx, cree.id, { commentaire: input.commentaire }) : cree;
    }
    if (existant.statut === 'EN_COURS_DE_VALIDATION' || existant.statut === 'VALIDEE') {
      throw new ChorusError(erreurs.RATTACHEMENT_EXISTANT, `${utilisateur.login} est déjà rattaché à la structure ${structure.id} ou sa demande est en cours (${existant.statut})`);
    }
    prevenir();
    const now = formatDateTime(ctx.now());
    const connus = new Set(repo.listRattachementsServices(ctx, existant.id).map((rs) => rs.serviceId));
    for (const serviceId of serviceIds.filter((id) => !connus.has(id))) {
      repo.insertRattachementService(ctx, {
        id: nextId(ctx.db, ctx.sandboxId, 'rattachementService'),
        rattachementId: existant.id,
        utilisateurId: utilisateur.id,
        serviceId,
        statut: 'EN_COURS_DE_VALIDATION',
        dateDebut: now,
      });
    }
    repo.updateStatutRattachementsServices(ctx, existant.id, ['REFUSEE', 'DESACTIVEE', 'SUPPRIMEE'], 'EN_COURS_DE_VALIDATION', null);
    repo.updateEtatAbonnements(ctx, utilisateur.id, structure.id, ['SUPPRIME'], 'EN_COURS_DE_VALIDATION');
    return repo.updateRattachement(ctx, existant.id, {
      statut: 'EN_COURS_DE_VALIDATION',
      role: 'UTILISATEUR_SIMPLE',
      commentaire: input.commentaire ?? null,
      dateCreation: now,
      dateValidation: null,
    });
  });
}

function demandeEnAttente(ctx: SandboxContext, idRattachement: number, gestionnaireId: number): repo.RattachementRow {
  const rattachement = repo.findRattachement(ctx, idRattachement);
  if (!rattachement) throw new ChorusError(erreurs.RATTACHEMENT_INCONNU_BAC, `La demande de rattachement ${idRattachement} n'existe pas`);
  const gestionnaire = utilisateurActif(ctx, gestionnaireId);
  if (!estGestionnaire(ctx, gestionnaire.id, rattachement.structureId)) {
    throw new ChorusError(
      erreurs.GESTIONNAIRE_NON_HABILITE,
      `${gestionnaire.login} n'est pas gestionnaire de la structure ${rattachement.structureId} : il ne peut pas traiter cette demande`,
    );
  }
  if (rattachement.statut !== 'EN_COURS_DE_VALIDATION') {
    throw new ChorusError(erreurs.RATTACHEMENT_DEJA_TRAITE, `La demande de rattachement ${idRattachement} est déjà ${rattachement.statut}`);
  }
  return rattachement;
}

/** A gestionnaire of the structure validates a pending request, optionally as gestionnaire secondaire. */
export function validerRattachement(
  ctx: SandboxContext,
  input: { idRattachement: number; gestionnaireId: number; role?: 'GESTIONNAIRE_SECONDAIRE' | 'UTILISATEUR_SIMPLE'; commentaire?: string | null },
): repo.RattachementRow {
  return transaction(ctx.db, () => {
    const rattachement = demandeEnAttente(ctx, input.idRattachement, input.gestionnaireId);
    repo.updateStatutRattachementsServices(ctx, rattachement.id, ['EN_COURS_DE_VALIDATION'], 'VALIDEE');
    repo.updateEtatAbonnements(ctx, rattachement.utilisateurId, rattachement.structureId, ['EN_COURS_DE_VALIDATION'], 'ACTIVE');
    notifierUtilisateurs(ctx, [rattachement.utilisateurId], { type: 'RATTACHEMENT_VALIDE', message: `Votre rattachement à la structure ${findStructure(ctx, rattachement.structureId)?.raisonSociale ?? rattachement.structureId} est validé` });
    return repo.updateRattachement(ctx, rattachement.id, {
      statut: 'VALIDEE',
      role: input.role ?? rattachement.role,
      commentaire: input.commentaire ?? rattachement.commentaire,
      dateValidation: formatDateTime(ctx.now()),
    });
  });
}

/** A gestionnaire of the structure refuses a pending request; the user may ask again later. */
export function refuserRattachement(
  ctx: SandboxContext,
  input: { idRattachement: number; gestionnaireId: number; commentaire?: string | null },
): repo.RattachementRow {
  return transaction(ctx.db, () => {
    const rattachement = demandeEnAttente(ctx, input.idRattachement, input.gestionnaireId);
    repo.updateStatutRattachementsServices(ctx, rattachement.id, ['EN_COURS_DE_VALIDATION'], 'REFUSEE', input.commentaire ?? null);
    repo.updateEtatAbonnements(ctx, rattachement.utilisateurId, rattachement.structureId, ['EN_COURS_DE_VALIDATION'], 'SUPPRIME');
    notifierUtilisateurs(ctx, [rattachement.utilisateurId], {
      type: 'RATTACHEMENT_REFUSE',
      message: `Votre demande de rattachement à la structure ${findStructure(ctx, rattachement.structureId)?.raisonSociale ?? rattachement.structureId} est refusée${input.commentaire ? ` (${input.commentaire})` : ''}`,
    });
    return repo.updateRattachement(ctx, rattachement.id, {
      statut: 'REFUSEE',
      commentaire: input.commentaire ?? rattachement.commentaire,
      dateValidation: formatDateTime(ctx.now()),
    });
  });
}
