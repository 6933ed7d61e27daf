import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { erreurs } from '../../errors/catalogue/index.js';
import * as consultation from './consultation.js';
import * as schemas from './schemas.js';
import * as sc from './schemas-consultation.js';
import * as sf from './schemas-facture.js';
import * as service from './service.js';
import { telechargerGroupe } from './telechargement.js';

const tags = ['Factures'];
const security = [{ piste: [], cproAccount: [] }];
const SUCCES = { codeRetour: erreurs.SUCCES.codeRetour, libelle: erreurs.SUCCES.libelle };
const DEPOT = { codeRetour: erreurs.SUCCES_DEPOT.codeRetour, libelle: erreurs.SUCCES_DEPOT.libelle };

function spec<B extends z.ZodType, R extends z.ZodType>(operationId: string, summary: string, body: B, reponse: R) {
  return { schema: { tags, security, operationId, summary, body, response: { 200: reponse, ...schemas.reponsesErreur } } };
}

/** Routes of the Factures API, mounted under `/cpro/factures/v1`. */
const routes: FastifyPluginAsyncZod = async (app) => {
  app.post('/soumettre', spec('soumettreFacture', 'Soumettre une facture (SAISIE_API, DEPOT_PDF_API, DEPOT_PDF_SIGNE_API)', schemas.soumettreFactureParam, schemas.wsRetourSoumettreFacture), async (request) => {
    const { ctx, utilisateur } = request.cpro;
    return service.soumettre(ctx, utilisateur, request.body);
  });

  app.post('/deposer/pdf', spec('deposerPdfFacture', 'Déposer un PDF de facture (pré-remplissage, sans OCR dans le bac à sable)', schemas.deposerPdfFactureParam, schemas.wsRetourDeposerPdfFacture), async (request) => {
    const { ctx, utilisateur } = request.cpro;
    return { ...DEPOT, ...service.deposerPdf(ctx, utilisateur.id, request.body) };
  });

  app.post('/traiter/recue', spec('traiterUneFactureRecue', 'Changer le statut d’une facture reçue (destinataire)', schemas.traiterFactureRecueParam, schemas.wsRetourTraiterFacture), async (request) => {
    const { ctx, utilisateur } = request.cpro;
    return { ...SUCCES, ...service.traiterFactureRecue(ctx, utilisateur, request.body) };
  });

  app.post('/completer', spec('completerFacture', 'Compléter une facture suspendue', schemas.completerFactureParam, schemas.wsRetourCompleterFacture), async (request) => {
    const { ctx, utilisateur } = request.cpro;
    return { ...SUCCES, ...service.completerFacture(ctx, utilisateur, request.body), ...schemas.COMPTEURS_INUTILISES };
  });

  app.post('/recycler', spec('recyclerFacture', 'Recycler une facture (données d’acheminement)', schemas.recyclerFactureParam, schemas.wsRetourRecyclerFacture), async (request) => {
    const { ctx, utilisateur } = request.cpro;
    return { ...SUCCES, ...service.recyclerFacture(ctx, utilisateur, request.body) };
  });

  app.post('/traiterRejet', spec('traiterFacturesRejetees', 'Marquer des factures rejetées comme traitées', schemas.traiterFacturesRejeteesParam, schemas.enveloppe), async (request) => {
    const { ctx, utilisateur } = request.cpro;
    const b = request.body;
    service.traiterFacturesRejetees(ctx, utilisateur, b.listeDemandePaiement.map((d) => d.idDemandePaiement), b.cpltInfos ?? b.motifRejet);
    return SUCCES;
  });

  app.post('/rechercher/fournisseur', spec('rechercherFactureParFournisseur', 'Rechercher les factures émises', sc.rechercherFactureParFournisseurParam, sc.wsRetourRechercherFactureParFournisseur), async (request) => {
    const { ctx, utilisateur } = request.cpro;
    return consultation.rechercherFournisseur(ctx, utilisateur, request.body);
  });

  app.post('/rechercher/recipiendaire', spec('rechercherFactureRecipiendaire', 'Rechercher les factures reçues', sc.rechercherFactureRecipiendaireParam, sc.wsRetourRechercheFactureRecipiendaireRest), async (request) => {
    const { ctx, utilisateur } = request.cpro;
    return consultation.rechercherRecipiendaire(ctx, utilisateur, request.body);
  });

  app.post('/rechercher/atraiter/recipiendaire', spec('rechercherFactureATraiterParRecipiendaire', 'Factures reçues à traiter (MISE_A_DISPOSITION, COMPLETEE)', sc.rechercherATraiterRecipiendaireParam, sc.wsRetourRechercherATraiterRecipiendaire), async (request) => {
    const { ctx, utilisateur } = request.cpro;
    return consultation.rechercherATraiterRecipiendaire(ctx, utilisateur, request.body);
  });

  app.post('/rechercher/atraiter/fournisseur', spec('rechercherFactureATraiterParFournisseur', 'Factures émises à traiter', sc.rechercherATraiterFournisseurParam, sc.wsRetourRechercherATraiterFournisseur), async (request) => {
    const { ctx, utilisateur } = request.cpro;
    return consultation.rechercherATraiterFournisseur(ctx, utilisateur, request.body);
  });

  app.post('/rechercher/demandePaiement', spec('rechercherDemandePaiement', 'Rechercher des demandes de paiement (factures)', sc.rechercherDemandePaiementParam, sc.wsRetourRechercherDemandePaiement), async (request) => {
    const { ctx, utilisateur } = request.cpro;
    return consultation.rechercherDemandePaiement(ctx, utilisateur, request.body);
  });

  app.post('/consulter/fournisseur', spec('consulterFactureParFournisseur', 'Consulter une facture émise', sf.consulterFactureParFournisseurParam, sf.wsRetourFacturesEmises), async (request) => {
    const { ctx, utilisateur } = request.cpro;
    const b = request.body;
    const p = { lignes: b.getpLignesPoste ?? b.pLignesPoste, pj: b.getpListePiecesJointes ?? b.pListePiecesJointes, tva: b.getpLigneRecapTva ?? b.pLigneRecapTva };
    return consultation.consulterFacture(ctx, utilisateur, b.identifiantFactureCPP, p, 'EMISE') as z.infer<typeof sf.wsRetourFacturesEmises>;
  });

  app.post('/consulter/recipiendaire', spec('consulterFactureParRecipiendaire', 'Consulter une facture reçue', sf.consulterFactureParRecipiendaireParam, sf.wsRetourFacturesRecues), async (request) => {
    const { ctx, utilisateur } = request.cpro;
    const b = request.body;
    const p = { lignes: b.rechercheLignePoste, pj: b.recherchePj, tva: b.rechercheligneTvaRecap };
    return consultation.consulterFacture(ctx, utilisateur, b.identifiantFactureCPP, p, 'RECUE') as z.infer<typeof sf.wsRetourFacturesRecues>;
  });

  app.post('/consulter/historique', spec('consulterHistoriqueFacture', 'Historique des statuts, événements et actions d’une facture', sf.consulterHistoriqueFactureParam, sf.wsRetourConsulterHistoriqueFacture), async (request) => {
    const { ctx, utilisateur } = request.cpro;
    return consultation.consulterHistorique(ctx, utilisateur, request.body);
  });

  app.post('/telecharger/groupe', spec('telechargerGroupeFacture', 'Télécharger une ou plusieurs factures (PDF, ZIP ou PIVOT), en base64', schemas.telechargerGroupeFactureParam, schemas.wsRetourTelechargerGroupeFacture), async (request) => {
    const { ctx, utilisateur } = request.cpro;
    return { ...SUCCES, ...(await telechargerGroupe(ctx, utilisateur, request.body)) };
  });
};

export default routes;
