import multipart from '@fastify/multipart';
import { enPieceJointe } from '../../telechargement.js';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { TAILLE_MAX_FICHIER } from '../../../modules/factures/depot/fichiers.js';
import {
  ajouterPieceJointeMonCompte,
  fichierMonCompte,
  FORMATS_PIECE_JOINTE,
  NOM_PIECE_JOINTE_MAX,
  piecesJointesMonCompte,
  supprimerPieceJointeMonCompte,
} from '../../../modules/factures/pieces-jointes/service.js';
import { tableau } from '../../composants.js';
import { dateHeureFr, tailleFr } from '../../format.js';
import { bouton, erreurService, resumeErreurs, type Erreurs } from '../../formulaires.js';
import { html } from '../../html.js';
import { champCsrf, rediriger, rendre } from '../../layout.js';
import { lireMultipart } from '../factures-emises/commun.js';
import { idDuChemin } from '../../parametres.js';

/**
 * « Mes pièces jointes » of « Mon compte » (chorus-domain §1.2, §4.3): the files a user uploads once
 * and attaches later, listed with their size and date, downloaded, deleted while no deposited
 * invoice uses them, and added through a multipart form bounded like the API's files.
 */

const FORMATS = Object.keys(FORMATS_PIECE_JOINTE);

function pagePiecesJointes(request: FastifyRequest, reply: FastifyReply, erreurs?: Erreurs) {
  const p = request.portail;
  const fichiers = piecesJointesMonCompte(p.ctx, p.utilisateur!);
  const erreur = erreurs?.fichier;
  const contenu = html`<h1>Mes pièces jointes</h1>
    <p>Déposez ici une fois les documents que vous joignez souvent à vos factures (Kbis, RIB, attestations, devis…) : ils restent dans votre compte, vous seul les voyez.</p>
    ${erreurs?._ ? resumeErreurs({ _: erreurs._ }) : ''}
    <section id="mes-fichiers" class="fr-mb-6w"><h2>Mes fichiers</h2>
      ${tableau(
        'Mes pièces jointes',
        ['Nom', 'Type', 'Taille', 'Ajoutée le', 'Actions'],
        fichiers.map((f) => [
          f.nom,
          f.extension,
          tailleFr(f.taille),
          dateHeureFr(f.dateAjout),
          html`<ul class="fr-btns-group fr-btns-group--inline fr-btns-group--sm">
            <li><a class="fr-btn fr-btn--sm fr-btn--secondary" href="${p.base}/mon-compte/pieces-jointes/${f.id}" download>Télécharger<span class="fr-sr-only"> ${f.nom}</span></a></li>
            <li><form method="post" action="${p.base}/mon-compte/pieces-jointes/${f.id}/supprimer">${champCsrf(p)}<button class="fr-btn fr-btn--sm fr-btn--tertiary" type="submit">Supprimer<span class="fr-sr-only"> ${f.nom}</span></button></form></li>
          </ul>`,
        ]),
        { vide: 'Aucune pièce jointe pour le moment : ajoutez-en une avec le formulaire ci-dessous.', id: 'liste-pieces-jointes' },
      )}
    </section>
    <section id="ajouter" class="fr-mb-6w"><h2>Ajouter une pièce jointe</h2>
      ${erreur ? resumeErreurs({ fichier: erreur }) : ''}
      <form method="post" action="${p.base}/mon-compte/pieces-jointes" enctype="multipart/form-data" novalidate>
        ${champCsrf(p)}
        <div class="fr-upload-group${erreur ? ' fr-input-group--error' : ''}">
          <label class="fr-label" for="champ-fichier">Fichier <span aria-hidden="true">*</span><span class="fr-hint-text" id="champ-fichier-aide">Un fichier de ${tailleFr(TAILLE_MAX_FICHIER)} au plus, nommé en ${NOM_PIECE_JOINTE_MAX} caractères au plus, extension comprise. Formats acceptés : ${FORMATS.join(', ')}.</span></label>
          <input class="fr-upload" type="file" id="champ-fichier" name="fichier" accept="${FORMATS.map((f) => `.${f.toLowerCase()}`).join(',')}" aria-describedby="champ-fichier-aide${erreur ? ' champ-fichier-erreur' : ''}"${erreur ? html` aria-invalid="true"` : ''}>
          ${erreur ? html`<p class="fr-error-text" id="champ-fichier-erreur">${erreur}</p>` : ''}
        </div>
        <div class="fr-mt-3w">${bouton('Ajouter la pièce jointe', { icone: 'fr-icon-upload-line' })}</div>
      </form>
    </section>
    <p><a class="fr-link fr-icon-arrow-left-line fr-link--icon-left" href="${p.base}/mon-compte">Revenir à Mon compte</a></p>`;
  return rendre(request, reply, { titre: 'Mes pièces jointes', onglet: 'mon-compte', ariane: [['Accueil', '/'], ['Mon compte', '/mon-compte'], ['Mes pièces jointes']], contenu }, erreurs ? 400 : 200);
}

export default async function piecesJointes(app: FastifyInstance): Promise<void> {
  // Its own scope, like « Factures émises »: one file per form, cut one byte past the API's 10 Mo so
  // that the service refuses a bigger file beside the field (the rest of the upload is discarded).
  await app.register(multipart, { attachFieldsToBody: true, throwFileSizeLimit: false, limits: { fileSize: TAILLE_MAX_FICHIER + 1, files: 1, fields: 5, parts: 6 } });

  app.get('/mon-compte/pieces-jointes', async (request, reply) => pagePiecesJointes(request, reply));

  app.post('/mon-compte/pieces-jointes', async (request, reply) => {
    const p = request.portail;
    const { fichiers } = await lireMultipart(request.body);
    const fichier = fichiers.fichier;
    if (!fichier) return pagePiecesJointes(request, reply, { fichier: 'Choisissez le fichier à ajouter (il ne doit pas être vide).' });
    try {
      ajouterPieceJointeMonCompte(p.ctx, p.utilisateur!, fichier);
    } catch (e) {
      return pagePiecesJointes(request, reply, erreurService(e, 'fichier'));
    }
    return rediriger(request, reply, '/mon-compte/pieces-jointes', { type: 'success', texte: `La pièce jointe « ${fichier.nom} » est ajoutée à votre compte.` });
  });

  app.get<{ Params: { id: string } }>('/mon-compte/pieces-jointes/:id', async (request, reply) => {
    const id = idDuChemin(request.params.id);
    if (id === undefined) return reply.callNotFound();
    const f = fichierMonCompte(request.portail.ctx, request.portail.utilisateur!, id);
    return reply.type(f.typeMime).header('content-disposition', enPieceJointe(f.nom)).header('x-content-type-options', 'nosniff').send(f.contenu);
  });

  app.post<{ Params: { id: string } }>('/mon-compte/pieces-jointes/:id/supprimer', async (request, reply) => {
    const p = request.portail;
    const id = idDuChemin(request.params.id);
    if (id === undefined) return reply.callNotFound();
    try {
      supprimerPieceJointeMonCompte(p.ctx, p.utilisateur!, id);
    } catch (e) {
      return pagePiecesJointes(request, reply, erreurService(e));
    }
    return rediriger(request, reply, '/mon-compte/pieces-jointes', { type: 'success', texte: 'La pièce jointe est supprimée de votre compte.' });
  });
}
