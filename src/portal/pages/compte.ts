import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isChorusError } from '../../errors/chorus-error.js';
import { activerCompte, compteAActiver, creerCompte, renvoyerActivation, VALIDITE_ACTIVATION_MINUTES } from '../../modules/utilisateurs/comptes.js';
import { bouton, champ, erreurService, lireFormulaire, resumeErreurs, type Erreurs, type Formulaire } from '../formulaires.js';
import { html, type Html } from '../html.js';
import { champCsrf, rediriger, rendre } from '../layout.js';

/**
 * « Créer un compte » and « Activer mon compte » (chorus-domain §1.1), open to anyone: the account
 * is created inactive, an activation mail (link valid 60 minutes) goes to the sandbox's outbox, the
 * user chooses his password there. An expired link offers to send a new one.
 */

const REGLES = [
  'entre 8 et 64 caractères ;',
  'au moins une lettre majuscule et une lettre minuscule ;',
  'au moins un chiffre ;',
  'au moins un caractère spécial (hors espace), par exemple ! ? @ # - _ ;',
  'ne pas contenir votre identifiant (la partie de l’adresse électronique avant « @ »).',
];

function pageCreer(request: FastifyRequest, reply: FastifyReply, valeurs: Formulaire = {}, erreurs?: Erreurs) {
  const p = request.portail;
  return rendre(
    request,
    reply,
    {
      titre: 'Créer un compte',
      ariane: [['Accueil', '/'], ['Créer un compte']],
      contenu: html`<div class="fr-grid-row"><div class="fr-col-12 fr-col-md-8">
        <h1>Créer un compte</h1>
        <p>Votre adresse électronique devient votre <strong>identifiant de connexion</strong> : elle ne pourra plus être modifiée. Un courriel d’activation vous permettra ensuite de choisir votre mot de passe (lien valable ${VALIDITE_ACTIVATION_MINUTES} minutes).</p>
        <p class="fr-text--sm">Les champs marqués d’un astérisque (<span aria-hidden="true">*</span><span class="fr-sr-only">astérisque</span>) sont obligatoires.</p>
        ${resumeErreurs(erreurs)}
        <form method="post" action="${p.base}/creer-compte" novalidate>
          ${champCsrf(p)}
          <fieldset class="fr-fieldset"><legend class="fr-fieldset__legend">Identifiant de connexion</legend>
            <div class="fr-fieldset__element">${champ({ nom: 'email', libelle: 'Adresse électronique de connexion', type: 'email', valeurs, erreurs, requis: true, autocomplete: 'email', aide: 'Format attendu : prenom.nom@entreprise.fr' })}</div>
          </fieldset>
          <fieldset class="fr-fieldset"><legend class="fr-fieldset__legend">Identité</legend>
            <div class="fr-fieldset__element">${champ({ nom: 'nom', libelle: 'Nom', valeurs, erreurs, requis: true, autocomplete: 'family-name' })}</div>
            <div class="fr-fieldset__element">${champ({ nom: 'prenom', libelle: 'Prénom', valeurs, erreurs, requis: true, autocomplete: 'given-name' })}</div>
            <div class="fr-fieldset__element">${champ({ nom: 'telephone', libelle: 'Téléphone', type: 'tel', valeurs, erreurs, autocomplete: 'tel', aide: 'Facultatif. Exemple : 01 23 45 67 89' })}</div>
          </fieldset>
          <fieldset class="fr-fieldset"><legend class="fr-fieldset__legend">Votre structure</legend>
            <div class="fr-fieldset__element">${champ({ nom: 'siret', libelle: 'SIRET de votre entreprise', valeurs, erreurs, aide: 'Facultatif. 14 chiffres : si la structure existe déjà, une demande de rattachement est envoyée à son gestionnaire à l’activation ; sinon, vous pourrez la créer.', attributs: html` inputmode="numeric"` })}</div>
          </fieldset>
          ${bouton('Créer mon compte')}
        </form>
        <p class="fr-mt-3w">Vous avez déjà un compte ? <a class="fr-link" href="${p.base}/connexion">Se connecter</a> · Lien d’activation perdu ou expiré ? <a class="fr-link" href="${p.base}/activer/renvoyer">Recevoir un nouveau lien d’activation</a></p>
      </div></div>`,
    },
    erreurs ? 400 : 200,
  );
}

function formulaireRenvoi(request: FastifyRequest, valeurs: Formulaire = {}, erreurs?: Erreurs): Html {
  const p = request.portail;
  return html`<form method="post" action="${p.base}/activer/renvoyer" novalidate>
    ${champCsrf(p)}
    ${champ({ nom: 'email', libelle: 'Adresse électronique de connexion', type: 'email', valeurs, erreurs, requis: true, autocomplete: 'email' })}
    ${bouton('Renvoyer le lien d’activation')}
  </form>`;
}

/** The link does not work (expired, used or unknown): say why and offer a new one. */
function pageLienInvalide(request: FastifyRequest, reply: FastifyReply, message: string, valeurs: Formulaire = {}, erreurs?: Erreurs) {
  return rendre(
    request,
    reply,
    {
      titre: 'Lien d’activation invalide',
      ariane: [['Accueil', '/'], ['Activer mon compte']],
      contenu: html`<div class="fr-grid-row"><div class="fr-col-12 fr-col-md-8">
        <h1>Activer mon compte</h1>
        <div class="fr-alert fr-alert--error fr-mb-3w" role="alert"><h2 class="fr-alert__title">Ce lien d’activation ne fonctionne pas</h2><p>${message}</p></div>
        <h2>Renvoyer le lien d’activation</h2>
        <p>Saisissez l’adresse électronique de connexion de votre compte : un nouveau lien, valable ${VALIDITE_ACTIVATION_MINUTES} minutes, vous sera envoyé ; les précédents ne fonctionneront plus.</p>
        ${formulaireRenvoi(request, valeurs, erreurs)}
      </div></div>`,
    },
    400,
  );
}

function pageActiver(request: FastifyRequest, reply: FastifyReply, jeton: string, login: string, erreurs?: Erreurs) {
  const p = request.portail;
  return rendre(
    request,
    reply,
    {
      titre: 'Activer mon compte',
      ariane: [['Accueil', '/'], ['Activer mon compte']],
      contenu: html`<div class="fr-grid-row"><div class="fr-col-12 fr-col-md-8">
        <h1>Activer mon compte</h1>
        <p>Identifiant de connexion : <strong>${login}</strong>. Choisissez votre mot de passe.</p>
        <div class="fr-callout fr-mb-3w" id="regles-mot-de-passe"><h2 class="fr-callout__title">Règles du mot de passe</h2>
          <p class="fr-callout__text">Votre mot de passe doit comporter :</p>
          <ul>${REGLES.map((r) => html`<li>${r}</li>`)}</ul>
        </div>
        ${resumeErreurs(erreurs)}
        <form method="post" action="${p.base}/activer" novalidate>
          ${champCsrf(p)}
          <input type="hidden" name="jeton" value="${jeton}">
          ${champ({ nom: 'motDePasse', libelle: 'Mot de passe', type: 'password', valeurs: {}, erreurs, requis: true, autocomplete: 'new-password', aide: 'Voir les règles ci-dessus.' })}
          ${champ({ nom: 'confirmation', libelle: 'Confirmation du mot de passe', type: 'password', valeurs: {}, erreurs, requis: true, autocomplete: 'new-password' })}
          ${bouton('Activer mon compte')}
        </form>
      </div></div>`,
    },
    erreurs ? 400 : 200,
  );
}

function pageEnvoye(request: FastifyRequest, reply: FastifyReply, email: string) {
  const p = request.portail;
  return rendre(request, reply, {
    titre: 'Courriel d’activation envoyé',
    ariane: [['Accueil', '/'], ['Créer un compte']],
    contenu: html`<div class="fr-grid-row"><div class="fr-col-12 fr-col-md-8">
      <h1>Consultez votre messagerie</h1>
      <div class="fr-alert fr-alert--success fr-mb-3w"><h2 class="fr-alert__title">Courriel d’activation envoyé</h2>
        <p>Un courriel d’activation a été envoyé à <strong>${email}</strong>. Ouvrez le lien qu’il contient dans les ${VALIDITE_ACTIVATION_MINUTES} minutes pour choisir votre mot de passe.</p></div>
      <div class="fr-callout"><p class="fr-callout__text">Bac à sable : aucun courriel ne part réellement. Lisez-le dans la <a href="${p.base}/courriels?adresse=${encodeURIComponent(email)}" id="lien-boite">boîte de réception du bac à sable</a> (le formateur le voit aussi par le plan de contrôle : <code>GET /_sandbox/sandboxes/${p.sandbox.id}/outbox?login=${email}</code>).</p></div>
      <p class="fr-mt-3w"><a class="fr-link" href="${p.base}/activer/renvoyer">Je n’ai rien reçu : renvoyer le lien d’activation</a></p>
    </div></div>`,
  });
}

export default async function compte(app: FastifyInstance): Promise<void> {
  app.get('/creer-compte', async (request, reply) => pageCreer(request, reply));

  app.post('/creer-compte', async (request, reply) => {
    const f = lireFormulaire(request.body);
    try {
      const { utilisateur } = creerCompte(request.portail.ctx, { email: f.email ?? '', nom: f.nom ?? '', prenom: f.prenom ?? '', telephone: f.telephone, siret: f.siret });
      return rediriger(request, reply, `/creer-compte/envoye?email=${encodeURIComponent(utilisateur.login)}`);
    } catch (e) {
      return pageCreer(request, reply, f, erreurService(e, 'email'));
    }
  });

  app.get<{ Querystring: { email?: string } }>('/creer-compte/envoye', async (request, reply) => {
    const email = typeof request.query.email === 'string' ? request.query.email.slice(0, 254) : '';
    return pageEnvoye(request, reply, email);
  });

  app.get<{ Querystring: { jeton?: string } }>('/activer', async (request, reply) => {
    const jeton = typeof request.query.jeton === 'string' ? request.query.jeton : '';
    try {
      const u = compteAActiver(request.portail.ctx, jeton);
      return pageActiver(request, reply, jeton, u.login);
    } catch (e) {
      if (!isChorusError(e)) throw e;
      return pageLienInvalide(request, reply, e.libelle);
    }
  });

  app.post('/activer', async (request, reply) => {
    const f = lireFormulaire(request.body);
    const ctx = request.portail.ctx;
    let login: string;
    try {
      login = compteAActiver(ctx, f.jeton).login;
    } catch (e) {
      if (!isChorusError(e)) throw e;
      return pageLienInvalide(request, reply, e.libelle);
    }
    try {
      activerCompte(ctx, { jeton: f.jeton ?? '', motDePasse: f.motDePasse ?? '', confirmation: f.confirmation ?? '' });
    } catch (e) {
      // The service's libellé lists, beside the password, each rule it misses.
      return pageActiver(request, reply, f.jeton ?? '', login, erreurService(e, 'motDePasse'));
    }
    return rediriger(request, reply, '/connexion', { type: 'success', texte: `Votre compte ${login} est activé : connectez-vous avec votre adresse électronique et le mot de passe choisi.` });
  });

  app.get('/activer/renvoyer', async (request, reply) => {
    return rendre(request, reply, {
      titre: 'Renvoyer le lien d’activation',
      ariane: [['Accueil', '/'], ['Renvoyer le lien d’activation']],
      contenu: html`<div class="fr-grid-row"><div class="fr-col-12 fr-col-md-8">
        <h1>Renvoyer le lien d’activation</h1>
        <p>Un nouveau lien, valable ${VALIDITE_ACTIVATION_MINUTES} minutes, est envoyé à l’adresse de connexion d’un compte pas encore activé ; les précédents ne fonctionnent plus.</p>
        ${formulaireRenvoi(request)}
      </div></div>`,
    });
  });

  app.post('/activer/renvoyer', async (request, reply) => {
    const f = lireFormulaire(request.body);
    try {
      const { utilisateur } = renvoyerActivation(request.portail.ctx, f.email ?? '');
      return rediriger(request, reply, `/creer-compte/envoye?email=${encodeURIComponent(utilisateur.login)}`);
    } catch (e) {
      const erreurs = erreurService(e, 'email');
      return rendre(
        request,
        reply,
        {
          titre: 'Renvoyer le lien d’activation',
          ariane: [['Accueil', '/'], ['Renvoyer le lien d’activation']],
          contenu: html`<div class="fr-grid-row"><div class="fr-col-12 fr-col-md-8"><h1>Renvoyer le lien d’activation</h1>${resumeErreurs(erreurs)}${formulaireRenvoi(request, f, erreurs)}</div></div>`,
        },
        400,
      );
    }
  });
}
