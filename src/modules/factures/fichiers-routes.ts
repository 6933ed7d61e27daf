import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { erreurs } from '../../errors/catalogue/index.js';
import { ajouterFichier } from './fichiers.js';
import * as schemas from './schemas.js';

/** `transverses/v1/ajouter/fichier`: owned by the invoices module (the file store), mounted under `/cpro/transverses/v1`. */
const routes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/ajouter/fichier',
    {
      schema: {
        tags: ['Transverses'],
        security: [{ piste: [], cproAccount: [] }],
        operationId: 'ajouterFichierDansSysteme',
        summary: 'Ajouter une pièce jointe (base64, 10 Mo au plus) et obtenir son pieceJointeId',
        body: schemas.ajouterFichierParam,
        response: { 200: schemas.wsRetourAjouterFichier, ...schemas.reponsesErreur },
      },
    },
    async (request) => {
      const { ctx, utilisateur } = request.cpro;
      return { codeRetour: 0, libelle: erreurs.SUCCES_DEPOT.libelle, ...ajouterFichier(ctx, utilisateur.id, request.body) };
    },
  );
};

export default routes;
