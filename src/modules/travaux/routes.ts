import { operation, routeTable } from '../shared/route-table.js';
import * as s from './schemas.js';
import * as travaux from './service.js';
import './acteurs-simules.js'; // registers the simulated MOE/MOA on the agenda

/**
 * The Factures de travaux API, mounted under `/cpro/facturesTravaux/v1` (chorus-api §3.6). Only
 * `rechercher` is confirmed on PISTE; the other paths follow the 2017 names (CS2017 `factures/travaux/…`).
 * Uncertain: `prendreEnCompte` (PrendreEnCompteUneFactureDeTravaux has no known path): the sandbox's choice.
 * `suspendre/demander/completer/factureTravaux` keeps the 2017 path and body (idFactureTravaux, commentaire;
 * complements §1.2) and sets A_COMPLETER (the reference also names SUSPENDUE). `completer` and `completermoe`
 * have no published body: the sandbox takes idFactureTravaux and an optional commentaire.
 * `demander/recyclage` and `recycler` keep the 2017 paths; the issue's « correction of the addressee » is
 * `recycler` itself (the reference gives it the repair of A_RECYCLER and « ERREUR MOA » pieces, and the
 * only other correction named, CorrigerValideurFactureTravaux, is about a validator): no separate route.
 */
export const operations = [
  operation({
    path: '/soumettre',
    operationId: 'soumettreFactureTravaux',
    summary: 'Déposer une pièce de facture de travaux (PDF), initiale ou suivante (piecePrecedente)',
    body: s.soumettreFactureTravauxParam,
    response: s.wsRetourSoumettreFactureTravaux,
    handler: (b, { ctx, utilisateur }) => travaux.soumettreFactureTravaux(ctx, utilisateur, b),
  }),
  operation({
    path: '/prendreEnCompte',
    operationId: 'prendreEnCompteFactureTravaux',
    summary: 'Prendre en compte une pièce (MOE ou MOA)',
    body: s.pieceParam,
    response: s.wsRetourTraiterFactureTravaux,
    handler: (b, { ctx, utilisateur }) => travaux.prendreEnCompte(ctx, utilisateur, b.idFactureTravaux),
  }),
  operation({
    path: '/refuser',
    operationId: 'refuserFactureTravaux',
    summary: 'Refuser une pièce (MOE, MOA ou titulaire) avec un motif ; « Erreur de montant » n’est pas un motif de refus',
    body: s.refuserFactureTravauxParam,
    response: s.wsRetourTraiterFactureTravaux,
    handler: (b, { ctx, utilisateur }) => travaux.refuser(ctx, utilisateur, b),
  }),
  operation({
    path: '/suspendre/demander/completer/factureTravaux',
    operationId: 'suspendreOuDemanderCompleterFactureTravaux',
    summary: 'Demander au déposant de compléter une pièce (MOE ou MOA) : statut A_COMPLETER ; commentaire obligatoire (chemin et corps de 2017, incertains)',
    body: s.suspendreFactureTravauxParam,
    response: s.wsRetourTraiterFactureTravaux,
    handler: (b, { ctx, utilisateur }) => travaux.demanderCompleter(ctx, utilisateur, b),
  }),
  operation({
    path: '/completer',
    operationId: 'completerFactureTravaux',
    summary: 'Compléter une pièce du titulaire au statut A_COMPLETER : elle retourne à son destinataire (MOE, ou MOA sans MOE) ; corps non publié : idFactureTravaux, commentaire facultatif',
    body: s.completerFactureTravauxParam,
    response: s.wsRetourTraiterFactureTravaux,
    handler: (b, { ctx, utilisateur }) => travaux.completer(ctx, utilisateur, b, 'FOURNISSEUR'),
  }),
  operation({
    path: '/completermoe',
    operationId: 'completerMoeFactureTravaux',
    summary: 'Compléter une pièce de la MOE (A15, A17) au statut A_COMPLETER : elle retourne à la MOA ; corps non publié : idFactureTravaux, commentaire facultatif',
    body: s.completerFactureTravauxParam,
    response: s.wsRetourTraiterFactureTravaux,
    handler: (b, { ctx, utilisateur }) => travaux.completer(ctx, utilisateur, b, 'MOE'),
  }),
  operation({
    path: '/demander/recyclage',
    operationId: 'demanderRecyclageFactureTravaux',
    summary:
      'Demander le recyclage d’une pièce mal adressée (MOE ou MOA qui l’a reçue) : statut A_RECYCLER, le déposant la recycle ; commentaire obligatoire ; réponse avec idPiecePrecedente (chemin de 2017, corps incertain)',
    body: s.demanderRecyclageParam,
    response: s.wsRetourDemanderRecyclage,
    handler: (b, { ctx, utilisateur }) => travaux.demanderRecyclage(ctx, utilisateur, b),
  }),
  operation({
    path: '/recycler',
    operationId: 'recyclerFactureTravaux',
    summary:
      'Recycler une pièce (A_RECYCLER, ERREUR_FOURNISSEUR_SUR_MOA, ERREUR_MOE_SUR_MOA) en corrigeant son destinataire : MOE et/ou MOA (structure, service), contrôlés comme au dépôt ; par le déposant ; elle retourne à son destinataire. Tient lieu de « correction du destinataire » (pas d’autre route)',
    body: s.recyclerFactureTravauxParam,
    response: s.wsRetourRecyclerFactureTravaux,
    handler: (b, { ctx, utilisateur }) => travaux.recycler(ctx, utilisateur, b),
  }),
  operation({
    path: '/rechercher',
    operationId: 'rechercherFactureTravaux',
    summary: 'Rechercher les factures de travaux (par rôle : FOURNISSEUR, MOE, MOA)',
    body: s.rechercherFactureTravauxParam,
    response: s.wsRetourRechercherFactureTravaux,
    handler: (b, { ctx, utilisateur }) => travaux.rechercher(ctx, utilisateur, b),
  }),
  operation({
    path: '/rechercher/atraiter',
    operationId: 'rechercherFactureTravauxATraiter',
    summary:
      'Rechercher les pièces qui attendent une action de l’utilisateur : celles à traiter comme destinataire (MOE, MOA, titulaire pour le décompte général) et celles renvoyées à leur déposant (titulaire, ou MOE pour ses A15/A17) à compléter (A_COMPLETER) ou à recycler (A_RECYCLER, erreur de MOA) ; chaque ligne porte roleAttendu et actionAttendue',
    body: s.rechercherATraiterParam,
    response: s.wsRetourRechercherATraiter,
    handler: (b, { ctx, utilisateur }) => travaux.rechercherATraiter(ctx, utilisateur, b),
  }),
  operation({
    path: '/consulter',
    operationId: 'consulterFactureTravaux',
    summary: 'Consulter une pièce de facture de travaux',
    body: s.pieceParam,
    response: s.wsRetourConsulterFactureTravaux,
    handler: (b, { ctx, utilisateur }) => travaux.consulter(ctx, utilisateur, b.idFactureTravaux),
  }),
  operation({
    path: '/consulter/dossierfacturation',
    operationId: 'consulterDossierFacturation',
    summary: 'Consulter le dossier de facturation d’une pièce',
    body: s.pieceParam,
    response: s.wsRetourConsulterDossierFacturation,
    handler: (b, { ctx, utilisateur }) => travaux.consulterDossier(ctx, utilisateur, b.idFactureTravaux),
  }),
];

export default routeTable('Factures de travaux', operations);
