import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { connecter, envoyerCode, verifierCode } from '../../modules/utilisateurs/connexion.js';
import { utilisateurParId } from '../../modules/utilisateurs/service.js';
import { bouton, champ, lireFormulaire, resumeErreurs, type Erreurs, type Formulaire } from '../formulaires.js';
import { html } from '../html.js';
import { champCsrf, rediriger, rendre } from '../layout.js';
import { ecrireSession, nouvelleSession } from '../session.js';

function pageConnexion(request: FastifyRequest, reply: FastifyReply, valeurs: Formulaire = {}, erreurs?: Erreurs) {
  const p = request.portail;
  return rendre(
    request,
    reply,
    {
      titre: 'Connexion',
      contenu: html`<div class="fr-grid-row fr-grid-row--gutters">
        <div class="fr-col-12 fr-col-md-6">
          <h1>Connexion à Chorus Pro</h1>
          ${resumeErreurs(erreurs)}
          <form method="post" action="${p.base}/connexion" novalidate>
            ${champCsrf(p)}
            <fieldset class="fr-fieldset"><legend class="fr-fieldset__legend">Se connecter avec son compte</legend>
              <div class="fr-fieldset__element">${champ({ nom: 'login', libelle: 'Adresse électronique (identifiant de connexion)', type: 'email', valeurs, erreurs, requis: true, autocomplete: 'username', aide: 'Format attendu : nom@domaine.fr' })}</div>
              <div class="fr-fieldset__element">${champ({ nom: 'motDePasse', libelle: 'Mot de passe', type: 'password', valeurs, erreurs, requis: true, autocomplete: 'current-password' })}</div>
            </fieldset>
            ${bouton('Se connecter')}
          </form>
        </div>
        <div class="fr-col-12 fr-col-md-6">
          <h2>Vous êtes nouveau sur Chorus Pro ?</h2>
          <p>Créez votre compte avec votre adresse électronique : un courriel d’activation vous permettra de choisir votre mot de passe.</p>
          <p><a class="fr-btn fr-btn--secondary" href="${p.base}/creer-compte">Créer un compte</a></p>
          <div class="fr-callout"><p class="fr-callout__text">Bac à sable : les gestionnaires et utilisateurs du matelas de données se connectent avec l’identifiant et le mot de passe que le formateur leur a remis. Les comptes techniques servent uniquement à l’API.</p></div>
        </div>
      </div>`,
    },
    erreurs ? 400 : 200,
  );
}

function pageCode(request: FastifyRequest, reply: FastifyReply, erreurs?: Erreurs) {
  const p = request.portail;
  const login = p.session.attenteCode === undefined ? undefined : utilisateurParId(p.ctx, p.session.attenteCode)?.login;
  return rendre(
    request,
    reply,
    {
      titre: 'Code de connexion',
      contenu: html`<div class="fr-grid-row"><div class="fr-col-12 fr-col-md-6">
        <h1>Vérification en deux étapes</h1>
        <p>Un code à six chiffres vient d’être envoyé à votre adresse électronique. Dans le bac à sable, lisez-le dans la <a href="${p.base}/courriels${login ? `?adresse=${encodeURIComponent(login)}` : ''}" target="_blank" rel="noopener" title="Boîte de réception du bac à sable — nouvelle fenêtre">boîte de réception du bac à sable</a>.</p>
        ${resumeErreurs(erreurs)}
        <form method="post" action="${p.base}/connexion/code" novalidate>
          ${champCsrf(p)}
          ${champ({ nom: 'code', libelle: 'Code reçu par courriel', valeurs: {}, erreurs, requis: true, autocomplete: 'one-time-code', attributs: html` inputmode="numeric" maxlength="6"` })}
          ${bouton('Valider')}
        </form>
        <form method="post" action="${p.base}/connexion/code/renvoyer" class="fr-mt-2w">${champCsrf(p)}${bouton('Recevoir un nouveau code', { secondaire: true })}</form>
      </div></div>`,
    },
    erreurs ? 400 : 200,
  );
}

/** Logs the user in: a fresh session (new CSRF token) so that nothing from before the login carries over. */
function ouvrirSession(request: FastifyRequest, reply: FastifyReply, utilisateurId: number) {
  const p = request.portail;
  p.session = { ...nouvelleSession(p.sandbox.id), utilisateurId, annoncerAcquittements: true };
  ecrireSession(request, reply, p.base, p.session);
  return reply.redirect(`${p.base}/`, 303);
}

export default async function connexion(app: FastifyInstance): Promise<void> {
  app.get('/connexion', async (request, reply) => {
    if (request.portail.utilisateur) return reply.redirect(`${request.portail.base}/`, 303);
    return pageConnexion(request, reply);
  });

  app.post('/connexion', async (request, reply) => {
    const f = lireFormulaire(request.body);
    const erreurs: Erreurs = {};
    if (!f.login) erreurs.login = 'Saisissez votre adresse électronique';
    if (!f.motDePasse) erreurs.motDePasse = 'Saisissez votre mot de passe';
    if (Object.keys(erreurs).length) return pageConnexion(request, reply, f, erreurs);
    const r = connecter(request.portail.ctx, f.login, f.motDePasse);
    if (r.etape === 'REFUSE') return pageConnexion(request, reply, f, { motDePasse: r.erreur.libelle });
    if (r.etape === 'CONNECTE') return ouvrirSession(request, reply, r.utilisateur.id);
    const p = request.portail;
    p.session = { ...nouvelleSession(p.sandbox.id), attenteCode: r.utilisateur.id };
    ecrireSession(request, reply, p.base, p.session);
    return reply.redirect(`${p.base}/connexion/code`, 303);
  });

  app.get('/connexion/code', async (request, reply) => {
    if (request.portail.session.attenteCode === undefined) return reply.redirect(`${request.portail.base}/connexion`, 303);
    return pageCode(request, reply);
  });

  app.post('/connexion/code', async (request, reply) => {
    const p = request.portail;
    const id = p.session.attenteCode;
    if (id === undefined) return reply.redirect(`${p.base}/connexion`, 303);
    const { code = '' } = lireFormulaire(request.body);
    if (!/^\d{6}$/.test(code.replace(/\s/g, ''))) return pageCode(request, reply, { code: 'Saisissez les six chiffres du code reçu par courriel' });
    const r = verifierCode(p.ctx, id, code);
    if (!r.ok) return pageCode(request, reply, { code: r.erreur.libelle });
    return ouvrirSession(request, reply, id);
  });

  app.post('/connexion/code/renvoyer', async (request, reply) => {
    const p = request.portail;
    const u = p.session.attenteCode === undefined ? undefined : utilisateurParId(p.ctx, p.session.attenteCode);
    if (!u) return reply.redirect(`${p.base}/connexion`, 303);
    envoyerCode(p.ctx, u);
    return rediriger(request, reply, '/connexion/code', { type: 'info', texte: 'Un nouveau code vous a été envoyé.' });
  });

  app.post('/deconnexion', async (request, reply) => {
    const p = request.portail;
    p.session = nouvelleSession(p.sandbox.id);
    ecrireSession(request, reply, p.base, p.session);
    return rediriger(request, reply, '/connexion', { type: 'info', texte: 'Vous êtes déconnecté.' });
  });
}
