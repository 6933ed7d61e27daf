import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CADRES_SAISIE, completerFacturePdf, contexteSaisie, deposerFacturePdf, factureOcr, modifierBrouillon, saisieDuBrouillon, saisirFacture } from '../../../modules/factures/index.js';
import { enTete } from '../../composants.js';
import { dateHeureFr } from '../../format.js';
import { bouton, erreurService, lireFormulaire, resumeErreurs, type Erreurs, type Formulaire } from '../../formulaires.js';
import { html } from '../../html.js';
import { champCsrf, rediriger, rendre } from '../../layout.js';
import { formulaireFacture, lireMultipart, lireSaisie, saisieEnFormulaire } from './commun.js';
import { idDuChemin } from '../../parametres.js';

const ARIANE_BASE: [string, string] = ['Factures émises', '/factures-emises'];

function contexte(request: FastifyRequest, v: Formulaire) {
  const p = request.portail;
  return contexteSaisie(p.ctx, p.utilisateur!, { recherche: v.etape === 'rechercher' ? v.recherche : undefined, siret: v.codeDestinataire, siretValideur: v.codeStructureValideur, rechercheValideur: v.etape === 'valideur' ? v.rechercheValideur : undefined });
}

function pageSaisie(request: FastifyRequest, reply: FastifyReply, v: Formulaire, erreurs?: Erreurs, statut = 200) {
  const p = request.portail;
  const { lignes } = lireSaisie(v);
  return rendre(
    request,
    reply,
    {
      titre: 'Saisir une facture',
      onglet: 1,
      ariane: [['Accueil', '/'], ARIANE_BASE, ['Saisir une facture']],
      contenu: html`${enTete('Saisir une facture', 'Choisissez le cadre de facturation et le destinataire, saisissez les lignes : les totaux sont calculés par Chorus Pro. « Enregistrer » garde un brouillon ; « Valider et envoyer » dépose la facture.')}
        ${formulaireFacture(p, { action: `${p.base}/factures-emises/saisie`, valeurs: v, erreurs, contexte: contexte(request, v), lignes })}`,
    },
    statut,
  );
}

function pageModification(request: FastifyRequest, reply: FastifyReply, id: number, v: Formulaire, erreurs?: Erreurs, statut = 200) {
  const p = request.portail;
  const titre = `Modifier le brouillon ${v.numeroFacture || ''}`.trim();
  const { lignes } = lireSaisie(v);
  return rendre(
    request,
    reply,
    {
      titre,
      onglet: 1,
      ariane: [['Accueil', '/'], ARIANE_BASE, [`Brouillon ${id}`, `/factures-emises/${id}`], ['Modifier']],
      contenu: html`${enTete(titre, 'Modifiez les données du brouillon : « Enregistrer les modifications » le garde en brouillon ; « Valider et envoyer » le dépose. Ses pièces jointes sont conservées.')}
        ${formulaireFacture(p, { action: `${p.base}/factures-emises/${id}/modifier`, valeurs: v, erreurs, contexte: contexte(request, v), lignes, modification: true })}
        <p class="fr-mt-3w"><a class="fr-link" href="${p.base}/factures-emises/${id}">Revenir au brouillon sans modifier</a></p>`,
    },
    statut,
  );
}

function pageCompletionPdf(request: FastifyRequest, reply: FastifyReply, id: number, v: Formulaire, erreurs?: Erreurs, statut = 200) {
  const p = request.portail;
  const ocr = factureOcr(p.ctx, p.utilisateur!, id);
  const valeurs = { idFournisseur: String(ocr.idFournisseur), ...v };
  const { lignes } = lireSaisie(valeurs);
  return rendre(
    request,
    reply,
    {
      titre: 'Compléter la facture PDF',
      onglet: 1,
      ariane: [['Accueil', '/'], ARIANE_BASE, ['Déposer une facture PDF', '/factures-emises/depot-pdf'], ['Compléter']],
      contenu: html`${enTete('Compléter la facture PDF déposée', 'Chorus Pro a interprété votre fichier : vérifiez et complétez les données reconnues, puis validez et envoyez la facture.')}
        <div class="fr-alert fr-alert--info fr-mb-3w" id="donnees-reconnues"><h2 class="fr-alert__title">Données reconnues dans « ${ocr.nomFichier ?? 'facture.pdf'} »</h2>
          <p>Déposé le ${dateHeureFr(ocr.dateDepot)} — type de facture : ${ocr.typeFacture === 'FACTURE' ? 'Facture' : ocr.typeFacture}. Les autres zones n’ont pas été reconnues : saisissez-les d’après votre PDF.</p></div>
        ${formulaireFacture(p, { action: `${p.base}/factures-emises/depot-pdf/${id}`, valeurs, erreurs, contexte: contexte(request, valeurs), lignes, pdf: true })}`,
    },
    statut,
  );
}

/** Re-shows the form without sending: recipient or valideur search, choice, totals. Undefined when the form is to be sent. */
function etapeIntermediaire(v: Formulaire): Formulaire | undefined {
  if (v.choisir) return { ...v, codeDestinataire: v.choisir, etape: '' };
  if (v.choisirValideur) return { ...v, codeStructureValideur: v.choisirValideur, codeServiceValideur: '', etape: '' };
  if (v.etape === 'rechercher' || v.etape === 'calculer' || v.etape === 'cadre' || v.etape === 'valideur') return v;
  return undefined;
}

/** « Saisir une facture » and « Déposer une facture PDF » (chorus-domain §4.1, §4.2). */
export default async function saisie(app: FastifyInstance): Promise<void> {
  app.get<{ Querystring: { destinataire?: string; cadre?: string } }>('/factures-emises/saisie', async (request, reply) => {
    const cadre = (CADRES_SAISIE as readonly string[]).includes(request.query.cadre ?? '') ? request.query.cadre! : 'A1_FACTURE_FOURNISSEUR';
    const v: Formulaire = { cadre, codeDestinataire: typeof request.query.destinataire === 'string' ? request.query.destinataire.slice(0, 20) : '' };
    return pageSaisie(request, reply, v);
  });

  app.post('/factures-emises/saisie', async (request, reply) => {
    const p = request.portail;
    const v = lireFormulaire(request.body);
    const intermediaire = etapeIntermediaire(v);
    if (intermediaire) return pageSaisie(request, reply, intermediaire);
    const { saisie: s, erreurs } = lireSaisie(v);
    if (!s) return pageSaisie(request, reply, v, erreurs, 400);
    const action = v.etape === 'enregistrer' ? 'ENREGISTRER' : 'ENVOYER';
    try {
      const r = saisirFacture(p.ctx, p.utilisateur!, s, action);
      return rediriger(request, reply, `/factures-emises/${r.identifiantFactureCPP}`, {
        type: 'success',
        texte:
          action === 'ENREGISTRER'
            ? `Brouillon de la facture ${r.numeroFacture} enregistré.`
            : r.statutFacture === 'A_VALIDER_1'
              ? `Facture ${r.numeroFacture} déposée et mise à disposition de son valideur.`
              : `Facture ${r.numeroFacture} déposée et envoyée au destinataire.`,
      });
    } catch (e) {
      return pageSaisie(request, reply, v, erreurService(e), 400);
    }
  });

  app.get<{ Params: { idFacture: string } }>('/factures-emises/:idFacture/modifier', async (request, reply) => {
    const p = request.portail;
    const id = idDuChemin(request.params.idFacture);
    if (id === undefined) return reply.callNotFound();
    return pageModification(request, reply, id, saisieEnFormulaire(saisieDuBrouillon(p.ctx, p.utilisateur!, id)));
  });

  app.post<{ Params: { idFacture: string } }>('/factures-emises/:idFacture/modifier', async (request, reply) => {
    const p = request.portail;
    const id = idDuChemin(request.params.idFacture);
    if (id === undefined) return reply.callNotFound();
    saisieDuBrouillon(p.ctx, p.utilisateur!, id); // another structure's invoice, or no draft: the refusal page
    const v = lireFormulaire(request.body);
    const intermediaire = etapeIntermediaire(v);
    if (intermediaire) return pageModification(request, reply, id, intermediaire);
    const { saisie: s, erreurs } = lireSaisie(v);
    if (!s) return pageModification(request, reply, id, v, erreurs, 400);
    const action = v.etape === 'enregistrer' ? 'ENREGISTRER' : 'ENVOYER';
    try {
      const r = modifierBrouillon(p.ctx, p.utilisateur!, id, s, action);
      return rediriger(request, reply, `/factures-emises/${id}`, {
        type: 'success',
        texte: action === 'ENREGISTRER' ? `Brouillon de la facture ${r.numeroFacture} modifié.` : r.statutFacture === 'A_VALIDER_1' ? `Facture ${r.numeroFacture} déposée et mise à disposition de son valideur.` : `Facture ${r.numeroFacture} validée et envoyée.`,
      });
    } catch (e) {
      return pageModification(request, reply, id, v, erreurService(e), 400);
    }
  });

  app.get('/factures-emises/depot-pdf', async (request, reply) => pageDepot(request, reply));

  app.post('/factures-emises/depot-pdf', async (request, reply) => {
    const p = request.portail;
    const { fichiers } = await lireMultipart(request.body);
    const fichier = fichiers.fichier;
    if (!fichier) return pageDepot(request, reply, { fichier: 'Choisissez le fichier PDF de votre facture.' }, 400);
    try {
      const r = deposerFacturePdf(p.ctx, p.utilisateur!, fichier);
      return rediriger(request, reply, `/factures-emises/depot-pdf/${r.idFacture}`, { type: 'success', texte: 'Facture PDF déposée et interprétée : complétez les données puis envoyez-la.' });
    } catch (e) {
      return pageDepot(request, reply, erreurService(e, 'fichier'), 400);
    }
  });

  app.get<{ Params: { idFacture: string } }>('/factures-emises/depot-pdf/:idFacture', async (request, reply) => {
    const id = idDuChemin(request.params.idFacture);
    if (id === undefined) return reply.callNotFound();
    return pageCompletionPdf(request, reply, id, { cadre: 'A1_FACTURE_FOURNISSEUR' });
  });

  app.post<{ Params: { idFacture: string } }>('/factures-emises/depot-pdf/:idFacture', async (request, reply) => {
    const p = request.portail;
    const id = idDuChemin(request.params.idFacture);
    if (id === undefined) return reply.callNotFound();
    const v = lireFormulaire(request.body);
    const intermediaire = etapeIntermediaire(v);
    if (intermediaire) return pageCompletionPdf(request, reply, id, intermediaire);
    const { saisie: s, erreurs } = lireSaisie(v);
    if (!s) return pageCompletionPdf(request, reply, id, v, erreurs, 400);
    try {
      const r = completerFacturePdf(p.ctx, p.utilisateur!, id, s);
      return rediriger(request, reply, `/factures-emises/${r.identifiantFactureCPP}`, { type: 'success', texte: `Facture ${r.numeroFacture} déposée et envoyée au destinataire.` });
    } catch (e) {
      return pageCompletionPdf(request, reply, id, v, erreurService(e), 400);
    }
  });
}

function pageDepot(request: FastifyRequest, reply: FastifyReply, erreurs?: Erreurs, statut = 200) {
  const p = request.portail;
  const erreur = erreurs?.fichier;
  return rendre(
    request,
    reply,
    {
      titre: 'Déposer une facture PDF',
      onglet: 1,
      ariane: [['Accueil', '/'], ARIANE_BASE, ['Déposer une facture PDF']],
      contenu: html`${enTete('Déposer une facture PDF', 'Déposez le PDF de votre facture : Chorus Pro l’interprète et pré-remplit le formulaire, que vous complétez avant de l’envoyer.')}
        ${resumeErreurs(erreurs)}
        <form method="post" action="${p.base}/factures-emises/depot-pdf" enctype="multipart/form-data">
          ${champCsrf(p)}
          <div class="fr-upload-group${erreur ? ' fr-input-group--error' : ''}">
            <label class="fr-label" for="champ-fichier">Fichier de la facture <span aria-hidden="true">*</span><span class="fr-hint-text" id="champ-fichier-aide">Format PDF, 10 Mo au plus.</span></label>
            <input class="fr-upload" type="file" id="champ-fichier" name="fichier" accept="application/pdf,.pdf" aria-describedby="champ-fichier-aide${erreur ? ' champ-fichier-erreur' : ''}"${erreur ? html` aria-invalid="true"` : ''}>
            ${erreur ? html`<p class="fr-error-text" id="champ-fichier-erreur">${erreur}</p>` : ''}
          </div>
          <div class="fr-mt-3w">${bouton('Déposer', { icone: 'fr-icon-upload-line' })}</div>
        </form>`,
    },
    statut,
  );
}
