import type { z } from 'zod';
import { erreurs } from '../../errors/catalogue/index.js';
import { operation, routeTable } from '../shared/route-table.js';
import * as consultation from './consultation/service.js';
import { ajouterFichier, deposerPdf } from './depot/fichiers.js';
import { soumettre } from './depot/soumission.js';
import * as s from './schemas/index.js';
import { telechargerGroupe } from './telechargement/service.js';
import * as traitement from './traitement/service.js';
import { rechercherATraiterValideur, rechercherValideur } from './validation/recherche.js';
import * as validation from './validation/service.js';

const SUCCES = { codeRetour: erreurs.SUCCES.codeRetour, libelle: erreurs.SUCCES.libelle };
const DEPOT = { codeRetour: erreurs.SUCCES_DEPOT.codeRetour, libelle: erreurs.SUCCES_DEPOT.libelle };

/** The Factures API, one row per operation, mounted under `/cpro/factures/v1`. */
export const operations = [
  operation({
    path: '/soumettre',
    operationId: 'soumettreFacture',
    summary: 'Soumettre une facture (SAISIE_API, DEPOT_PDF_API, DEPOT_PDF_SIGNE_API)',
    body: s.soumettreFactureParam,
    response: s.wsRetourSoumettreFacture,
    handler: (b, { ctx, utilisateur }) => soumettre(ctx, utilisateur, b),
  }),
  operation({
    path: '/deposer/pdf',
    operationId: 'deposerPdfFacture',
    summary: 'Déposer un PDF de facture (pré-remplissage, sans OCR dans le bac à sable)',
    body: s.deposerPdfFactureParam,
    response: s.wsRetourDeposerPdfFacture,
    handler: (b, { ctx, utilisateur }) => ({ ...DEPOT, ...deposerPdf(ctx, utilisateur, b) }),
  }),
  operation({
    path: '/traiter/recue',
    operationId: 'traiterUneFactureRecue',
    summary: 'Changer le statut d’une facture reçue (destinataire)',
    body: s.traiterFactureRecueParam,
    response: s.wsRetourTraiterFacture,
    handler: (b, { ctx, utilisateur }) => ({ ...SUCCES, ...traitement.traiterFactureRecue(ctx, utilisateur, b) }),
  }),
  operation({
    path: '/completer',
    operationId: 'completerFacture',
    summary: 'Compléter une facture suspendue',
    body: s.completerFactureParam,
    response: s.wsRetourCompleterFacture,
    handler: (b, { ctx, utilisateur }) => ({ ...SUCCES, ...traitement.completerFacture(ctx, utilisateur, b), ...s.COMPTEURS_INUTILISES }),
  }),
  operation({
    path: '/recycler',
    operationId: 'recyclerFacture',
    summary: 'Recycler une facture (données d’acheminement)',
    body: s.recyclerFactureParam,
    response: s.wsRetourRecyclerFacture,
    handler: (b, { ctx, utilisateur }) => ({ ...SUCCES, ...traitement.recyclerFacture(ctx, utilisateur, b) }),
  }),
  operation({
    path: '/traiterRejet',
    operationId: 'traiterFacturesRejetees',
    summary: 'Marquer des factures rejetées comme traitées',
    body: s.traiterFacturesRejeteesParam,
    response: s.enveloppe,
    handler: (b, { ctx, utilisateur }) => {
      traitement.traiterFacturesRejetees(ctx, utilisateur, b.listeDemandePaiement.map((d) => d.idDemandePaiement), b.cpltInfos ?? b.motifRejet);
      return SUCCES;
    },
  }),
  operation({
    path: '/rechercher/fournisseur',
    operationId: 'rechercherFactureParFournisseur',
    summary: 'Rechercher les factures émises',
    body: s.rechercherFactureParFournisseurParam,
    response: s.wsRetourRechercherFactureParFournisseur,
    handler: (b, { ctx, utilisateur }) => consultation.rechercherFournisseur(ctx, utilisateur, b),
  }),
  operation({
    path: '/rechercher/recipiendaire',
    operationId: 'rechercherFactureRecipiendaire',
    summary: 'Rechercher les factures reçues',
    body: s.rechercherFactureRecipiendaireParam,
    response: s.wsRetourRechercheFactureRecipiendaireRest,
    handler: (b, { ctx, utilisateur }) => consultation.rechercherRecipiendaire(ctx, utilisateur, b),
  }),
  operation({
    path: '/rechercher/atraiter/recipiendaire',
    operationId: 'rechercherFactureATraiterParRecipiendaire',
    summary: 'Factures reçues à traiter (MISE_A_DISPOSITION, COMPLETEE)',
    body: s.rechercherATraiterRecipiendaireParam,
    response: s.wsRetourRechercherATraiterRecipiendaire,
    handler: (b, { ctx, utilisateur }) => consultation.rechercherATraiterRecipiendaire(ctx, utilisateur, b),
  }),
  operation({
    path: '/rechercher/atraiter/fournisseur',
    operationId: 'rechercherFactureATraiterParFournisseur',
    summary: 'Factures émises à traiter',
    body: s.rechercherATraiterFournisseurParam,
    response: s.wsRetourRechercherATraiterFournisseur,
    handler: (b, { ctx, utilisateur }) => consultation.rechercherATraiterFournisseur(ctx, utilisateur, b),
  }),
  operation({
    path: '/rechercher/demandePaiement',
    operationId: 'rechercherDemandePaiement',
    summary: 'Rechercher des demandes de paiement (factures)',
    body: s.rechercherDemandePaiementParam,
    response: s.wsRetourRechercherDemandePaiement,
    handler: (b, { ctx, utilisateur }) => consultation.rechercherDemandePaiement(ctx, utilisateur, b),
  }),
  operation({
    path: '/consulter/fournisseur',
    operationId: 'consulterFactureParFournisseur',
    summary: 'Consulter une facture émise',
    body: s.consulterFactureParFournisseurParam,
    response: s.wsRetourFacturesEmises,
    handler: (b, { ctx, utilisateur }) => {
      const p = { lignes: b.getpLignesPoste ?? b.pLignesPoste, pj: b.getpListePiecesJointes ?? b.pListePiecesJointes, tva: b.getpLigneRecapTva ?? b.pLigneRecapTva };
      return consultation.consulterFacture(ctx, utilisateur, b.identifiantFactureCPP, p, 'EMISE') as z.infer<typeof s.wsRetourFacturesEmises>;
    },
  }),
  operation({
    path: '/consulter/recipiendaire',
    operationId: 'consulterFactureParRecipiendaire',
    summary: 'Consulter une facture reçue',
    body: s.consulterFactureParRecipiendaireParam,
    response: s.wsRetourFacturesRecues,
    handler: (b, { ctx, utilisateur }) => {
      const p = { lignes: b.rechercheLignePoste, pj: b.recherchePj, tva: b.rechercheligneTvaRecap };
      return consultation.consulterFacture(ctx, utilisateur, b.identifiantFactureCPP, p, 'RECUE') as z.infer<typeof s.wsRetourFacturesRecues>;
    },
  }),
  operation({
    path: '/consulter/historique',
    operationId: 'consulterHistoriqueFacture',
    summary: 'Historique des statuts, événements et actions d’une facture',
    body: s.consulterHistoriqueFactureParam,
    response: s.wsRetourConsulterHistoriqueFacture,
    handler: (b, { ctx, utilisateur }) => consultation.consulterHistorique(ctx, utilisateur, b),
  }),
  operation({
    path: '/telecharger/groupe',
    operationId: 'telechargerGroupeFacture',
    summary: 'Télécharger une ou plusieurs factures (PDF, ZIP ou PIVOT), en base64',
    body: s.telechargerGroupeFactureParam,
    response: s.wsRetourTelechargerGroupeFacture,
    handler: async (b, { ctx, utilisateur }) => ({ ...SUCCES, ...(await telechargerGroupe(ctx, utilisateur, b)) }),
  }),
  // --- Validator side (A9/A12 circuits, chorus-api §3.1.13–§3.1.14) ---
  operation({
    path: '/traiter/factureAValider',
    operationId: 'traiterFactureAValider',
    summary: 'Valider ou refuser une facture à valider (valideur A9/A12)',
    body: s.traiterFactureAValiderParam,
    response: s.wsRetourTraiterFactureAValider,
    handler: (b, { ctx, utilisateur }) => ({ ...SUCCES, ...validation.traiterFactureAValider(ctx, utilisateur, { ...b, action: b.action ?? '' }) }),
  }),
  operation({
    path: '/corriger/valideur/facture',
    operationId: 'corrigerValideurFacture',
    summary: 'Corriger le valideur d’une facture refusée pour « Mauvais valideur » (fournisseur)',
    body: s.corrigerValideurFactureParam,
    response: s.wsRetourCorrigerValideurFacture,
    handler: (b, { ctx, utilisateur }) => ({ ...SUCCES, ...validation.corrigerValideurFacture(ctx, utilisateur, b) }),
  }),
  operation({
    path: '/recuperer/statutsFactureVisibles/valideur',
    operationId: 'recupererStatutsFactureVisiblesParValideur',
    summary: 'Statuts des factures visibles par un valideur',
    body: s.recupererStatutsFactureVisiblesParValideurParam,
    response: s.wsRetourRecupererStatutsFactureVisiblesParValideur,
    handler: () => ({ ...SUCCES, listeStatutFacture: validation.statutsVisiblesValideur().map((codeStatutFacture) => ({ codeStatutFacture })) }),
  }),
  operation({
    path: '/rechercher/valideur',
    operationId: 'rechercherFactureParValideur',
    summary: 'Rechercher les factures à valider ou validées (valideur)',
    body: s.rechercherFactureParValideurParam,
    response: s.wsRetourRechercherFactureParValideur,
    handler: (b, { ctx, utilisateur }) => rechercherValideur(ctx, utilisateur, b),
  }),
  operation({
    path: '/rechercher/aTraiter/valideur',
    operationId: 'rechercherFactureATraiterParValideur',
    summary: 'Factures en attente de la décision du valideur (A_VALIDER_1 / A_VALIDER_2)',
    body: s.rechercherFactureATraiterParValideurParam,
    response: s.wsRetourRechercherFactureParValideur,
    handler: (b, { ctx, utilisateur }) => rechercherATraiterValideur(ctx, utilisateur, b),
  }),
  operation({
    path: '/consulter/valideur',
    operationId: 'consulterFactureParValideur',
    summary: 'Consulter une facture à valider ou validée (valideur)',
    body: s.consulterFactureParValideurParam,
    response: s.wsRetourFacturesEmises,
    handler: (b, { ctx, utilisateur }) => {
      const p = { lignes: b.rechercheLignePoste, pj: b.recherchePj, tva: b.rechercheLigneTvaRecap };
      return consultation.consulterFacture(ctx, utilisateur, b.identifiantFactureCPP, p, 'EMISE', 'VALIDEUR') as z.infer<typeof s.wsRetourFacturesEmises>;
    },
  }),
];

/** `transverses/v1/ajouter/fichier`: owned by the invoices module (the file store), mounted under `/cpro/transverses/v1`. */
export const operationsFichiers = [
  operation({
    path: '/ajouter/fichier',
    operationId: 'ajouterFichierDansSysteme',
    summary: 'Ajouter une pièce jointe (base64, 10 Mo au plus) et obtenir son pieceJointeId',
    body: s.ajouterFichierParam,
    response: s.wsRetourAjouterFichier,
    handler: (b, { ctx, utilisateur }) => ({ codeRetour: 0, libelle: erreurs.SUCCES_DEPOT.libelle, ...ajouterFichier(ctx, utilisateur.id, b) }),
  }),
];

export const fichiersRoutes = routeTable('Transverses', operationsFichiers);
export default routeTable('Factures', operations);
