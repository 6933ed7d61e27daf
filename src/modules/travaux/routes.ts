import { operation, routeTable } from '../shared/route-table.js';
import * as s from './schemas.js';
import * as travaux from './service.js';
import './acteurs-simules.js'; // registers the simulated MOE/MOA on the agenda

/**
 * The Factures de travaux API, mounted under `/cpro/facturesTravaux/v1` (chorus-api §3.6). Only
 * `rechercher` is confirmed on PISTE; the other paths follow the 2017 names (CS2017 `factures/travaux/…`).
 * Uncertain: `prendreEnCompte` (PrendreEnCompteUneFactureDeTravaux has no known path): the sandbox's choice.
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
    summary: 'Rechercher les pièces qui attendent une action de l’utilisateur',
    body: s.rechercherATraiterParam,
    response: s.wsRetourRechercherFactureTravaux,
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
