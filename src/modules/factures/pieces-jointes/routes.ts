import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { erreurs } from '../../../errors/catalogue/index.js';
import { enveloppeRecherche } from '../../structures/pagination.js';
import { reponsesErreur } from '../../structures/schemas.js';
import * as service from './service.js';
import * as schemas from './schemas.js';

const SUCCES = { codeRetour: erreurs.SUCCES.codeRetour, libelle: erreurs.SUCCES.libelle };

function spec<B extends z.ZodType, R extends z.ZodType>(operationId: string, summary: string, body: B, response: R) {
  return { schema: { tags: ['Transverses'], security: [{ piste: [], cproAccount: [] }], operationId, summary, body, response: { 200: response, ...reponsesErreur } } };
}

/** The attachment operations of the Transverses API: owned by the invoices module (the file store), mounted under `/cpro/transverses/v1`. */
const routes: FastifyPluginAsyncZod = async (app) => {
  app.post('/rechercher/pj/moncompte', spec('rechercherPieceJointeSurMonCompte', 'Rechercher les pièces jointes déposées par l’utilisateur', schemas.rechercherPjMonCompteParam, schemas.wsRetourRechercherPjMonCompte), async (request) => {
    const page = service.rechercherPjMonCompte(request.cpro.ctx, request.cpro.utilisateur, request.body);
    return { ...enveloppeRecherche(page.parametresRetour.total), listePiecesJointes: page.liste, parametresRetour: page.parametresRetour };
  });
  app.post('/rechercher/pj/structure', spec('rechercherPieceJointeSurStructure', 'Rechercher les pièces jointes d’une structure de l’utilisateur', schemas.rechercherPjStructureParam, schemas.wsRetourRechercherPjStructure), async (request) => {
    const page = service.rechercherPjStructure(request.cpro.ctx, request.cpro.utilisateur, request.body);
    return { ...enveloppeRecherche(page.parametresRetour.total), listePiecesJointes: page.liste, parametresRetour: page.parametresRetour };
  });
  app.post('/telecharger/pieceJointe', spec('telechargerPieceJointe', 'Télécharger les pièces jointes d’un objet (demande de paiement, sollicitation), en base64', schemas.telechargerPieceJointeParam, schemas.wsRetourTelechargerPieceJointe), async (request) => ({
    ...SUCCES,
    ...(await service.telechargerPieceJointe(request.cpro.ctx, request.cpro.utilisateur, request.body as service.TelechargerPj)),
  }));
  app.post('/detacherPieceJointe', spec('detacherPieceJointe', 'Détacher (supprimer) une pièce jointe déposée et non utilisée', schemas.detacherPieceJointeParam, schemas.wsRetourDetacherPieceJointe), async (request) => {
    service.detacherPieceJointe(request.cpro.ctx, request.cpro.utilisateur, request.body.idPieceJointeObjet);
    return SUCCES;
  });
};

export default routes;
