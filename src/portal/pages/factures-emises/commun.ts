import type { FastifyRequest } from 'fastify';
import { CADRES_AVEC_VALIDEUR, contexteSaisie, totauxSaisie, type LigneSaisie, type Saisie } from '../../../modules/factures/index.js';
import { tableau } from '../../composants.js';
import { montantFr } from '../../format.js';
import { bouton, champ, resumeErreurs, selection, zoneTexte, type Erreurs, type Formulaire } from '../../formulaires.js';
import { html, type Html } from '../../html.js';
import { champCsrf } from '../../layout.js';
import type { PortailCaller } from '../../../types.js';

/** Rows of lines the form offers (empty ones are ignored). */
export const LIGNES_FORMULAIRE = 5;

export interface FichierRecu {
  nom: string;
  typeMime: string;
  contenu: Buffer;
}

/**
 * The fields of a multipart form (@fastify/multipart, attachFieldsToBody: each part is an object):
 * text fields as a Formulaire, files (non-empty ones) apart.
 */
export async function lireMultipart(corps: unknown): Promise<{ champs: Formulaire; fichiers: Record<string, FichierRecu> }> {
  const champs: Formulaire = {};
  const fichiers: Record<string, FichierRecu> = {};
  if (!corps || typeof corps !== 'object') return { champs, fichiers };
  for (const [cle, brut] of Object.entries(corps as Record<string, unknown>)) {
    const part = (Array.isArray(brut) ? brut[brut.length - 1] : brut) as { type?: string; value?: unknown; filename?: string; mimetype?: string; toBuffer?: () => Promise<Buffer> } | undefined;
    if (!part || typeof part !== 'object') continue;
    if (part.type === 'field' && typeof part.value === 'string') champs[cle] = part.value.trim();
    else if (part.type === 'file' && part.toBuffer) {
      const contenu = await part.toBuffer();
      if (part.filename && contenu.length > 0) fichiers[cle] = { nom: part.filename, typeMime: part.mimetype ?? 'application/octet-stream', contenu };
    }
  }
  return { champs, fichiers };
}

/** Parses a French-typed number (« 12,50 », « 1 200 »); undefined when it is not one. */
export function nombreFr(texte: string | undefined): number | undefined {
  const t = (texte ?? '').replace(/[\s\u00a0\u202f]/g, '').replace(',', '.');
  if (!/^-?\d+(\.\d+)?$/.test(t)) return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : undefined;
}

/**
 * The shape of the invoice form (numbers are numbers, a started line is complete, number and date
 * typed): the business controls are soumettre's, through the service.
 */
export function lireSaisie(f: Formulaire): { saisie?: Saisie; lignes: LigneSaisie[]; erreurs: Erreurs } {
  const erreurs: Erreurs = {};
  const lignes: LigneSaisie[] = [];
  for (let i = 1; i <= LIGNES_FORMULAIRE; i++) {
    const designation = f[`designation${i}`] ?? '';
    const quantite = f[`quantite${i}`] ?? '';
    const prix = f[`prix${i}`] ?? '';
    if (!designation && !quantite && !prix) continue;
    if (!designation) erreurs[`designation${i}`] = `Ligne ${i} : saisissez la désignation.`;
    const q = nombreFr(quantite);
    if (q === undefined || q <= 0) erreurs[`quantite${i}`] = `Ligne ${i} : la quantité doit être un nombre positif (ex. 2 ou 1,5).`;
    const pu = nombreFr(prix);
    if (pu === undefined || pu < 0) erreurs[`prix${i}`] = `Ligne ${i} : le prix unitaire HT doit être un montant en euros (ex. 120,50).`;
    else if (Math.round(pu * 10000) !== pu * 10000) erreurs[`prix${i}`] = `Ligne ${i} : le prix unitaire HT a au plus 4 décimales.`;
    if (designation && q !== undefined && q > 0 && pu !== undefined && pu >= 0) lignes.push({ designation, quantite: q, prixUnitaireHt: pu, codeTauxTva: f[`taux${i}`] || 'TVA2' });
  }
  const numero = f.numeroFacture ?? '';
  if (!numero) erreurs.numeroFacture = 'Saisissez le numéro de la facture.';
  else if (numero.length > 20 || !/^[A-Za-z0-9\-_/+]+$/.test(numero)) erreurs.numeroFacture = 'Le numéro de facture a au plus 20 caractères : lettres, chiffres, - _ / +.';
  const date = f.dateFacture ?? '';
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(new Date(`${date}T00:00:00Z`).getTime())) erreurs.dateFacture = 'Saisissez la date de la facture (jj/mm/aaaa).';
  const idFournisseur = /^\d{1,12}$/.test(f.idFournisseur ?? '') ? Number(f.idFournisseur) : undefined;
  if (idFournisseur === undefined) erreurs.idFournisseur = 'Choisissez la structure qui émet la facture.';
  if (Object.keys(erreurs).length || idFournisseur === undefined) return { lignes, erreurs };
  return {
    lignes,
    erreurs,
    saisie: {
      idFournisseur,
      cadre: f.cadre || 'A1_FACTURE_FOURNISSEUR',
      codeDestinataire: f.codeDestinataire ?? '',
      codeServiceExecutant: f.codeServiceExecutant || undefined,
      numeroEngagement: f.numeroEngagement || undefined,
      numeroFacture: numero,
      dateFacture: date,
      lignes,
      commentaire: f.commentaire || undefined,
      codeStructureValideur: f.codeStructureValideur || undefined,
      codeServiceValideur: f.codeServiceValideur || undefined,
    },
  };
}

/** A saved invoice (a draft being edited) as the form's fields. */
export function saisieEnFormulaire(s: Saisie): Formulaire {
  const v: Formulaire = {
    cadre: s.cadre,
    idFournisseur: String(s.idFournisseur),
    codeDestinataire: s.codeDestinataire,
    codeServiceExecutant: s.codeServiceExecutant ?? '',
    numeroEngagement: s.numeroEngagement ?? '',
    numeroFacture: s.numeroFacture,
    dateFacture: s.dateFacture,
    commentaire: s.commentaire ?? '',
    codeStructureValideur: s.codeStructureValideur ?? '',
    codeServiceValideur: s.codeServiceValideur ?? '',
  };
  s.lignes.slice(0, LIGNES_FORMULAIRE).forEach((l, i) => {
    v[`designation${i + 1}`] = l.designation;
    v[`quantite${i + 1}`] = String(l.quantite).replace('.', ',');
    v[`prix${i + 1}`] = String(l.prixUnitaireHt).replace('.', ',');
    v[`taux${i + 1}`] = l.codeTauxTva;
  });
  return v;
}

type Contexte = ReturnType<typeof contexteSaisie>;

function obligations(d: NonNullable<Contexte['destinataire']>): Html {
  const items = [
    d.serviceObligatoire ? 'le code service est obligatoire' : '',
    d.engagementObligatoire ? 'le numéro d’engagement est obligatoire' : '',
    d.engagementOuService ? 'le numéro d’engagement ou le code service est obligatoire' : '',
  ].filter(Boolean);
  return html`<div class="fr-callout fr-mb-3w" id="obligations-destinataire">
    <h3 class="fr-callout__title fr-h6">${d.nom} (SIRET ${d.siret})</h3>
    <p class="fr-callout__text">${items.length ? `Ce destinataire exige : ${items.join(' ; ')}.` : 'Ce destinataire n’exige ni code service ni numéro d’engagement.'}</p>
  </div>`;
}

/** The recap of the totals the service computed (HT, VAT per rate, TTC). */
export function recapitulatif(lignes: readonly LigneSaisie[], cadre: string): Html {
  if (lignes.length === 0) return html``;
  const t = totauxSaisie(lignes, cadre);
  return html`<section id="recapitulatif" class="fr-mb-3w"><h2 class="fr-h5">Récapitulatif des montants</h2>
    ${tableau('Récapitulatif de la TVA par taux', ['Taux', 'Base HT', 'Montant de TVA'], t.parTaux.map((g) => [`${String(g.taux).replace('.', ',')} %`, montantFr(g.montantBaseHt), montantFr(g.montantTva)]))}
    <p>Total HT : <strong id="total-ht">${montantFr(t.montantHt)}</strong> — Total TVA : <strong id="total-tva">${montantFr(t.montantTva)}</strong> — Total TTC : <strong id="total-ttc">${montantFr(t.montantTtc)}</strong></p>
  </section>`;
}

export interface FormulaireFacture {
  action: string;
  valeurs: Formulaire;
  erreurs?: Erreurs;
  contexte: Contexte;
  lignes?: readonly LigneSaisie[];
  /** PDF completion: no draft button. */
  pdf?: boolean;
  /** Editing a saved draft: « Enregistrer les modifications ». */
  modification?: boolean;
}

/** A9/A12: the valideur the invoice goes to first, found by name or SIRET, or typed by its SIRET (chorus-domain §8.3). */
function valideur(f: FormulaireFacture): Html {
  const v = f.valeurs;
  const cadre = v.cadre || 'A1_FACTURE_FOURNISSEUR';
  if (!CADRES_AVEC_VALIDEUR.includes(cadre)) return html``;
  const qui = cadre === 'A12_FACTURE_COTRAITANT' ? 'le mandataire du groupement' : 'le titulaire du marché';
  const trouve = f.contexte.valideur;
  const resultats = f.contexte.valideurs;
  return html`<fieldset class="fr-fieldset" id="valideur"><legend class="fr-fieldset__legend fr-h5">Valideur de la facture</legend>
    <div class="fr-fieldset__element"><p class="fr-hint-text">Votre facture est d’abord mise à disposition de son valideur, ${qui}, dans son espace « Factures à valider » ; il a 15 jours pour la valider, puis elle est transmise au destinataire public.</p></div>
    <div class="fr-fieldset__element">
      ${champ({ nom: 'rechercheValideur', libelle: cadre === 'A12_FACTURE_COTRAITANT' ? 'Rechercher le mandataire' : 'Rechercher le titulaire', aide: 'Nom ou SIRET (même partiel) de l’entreprise, ou saisissez directement son SIRET ci-dessous', valeurs: v })}
      ${bouton('Rechercher le valideur', { nom: 'etape', valeur: 'valideur', secondaire: true, icone: 'fr-icon-search-line' })}
    </div>
    ${resultats
      ? html`<div class="fr-fieldset__element">${tableau(
          'Entreprises trouvées pour la validation',
          ['Entreprise', 'SIRET', 'Ville', 'Choix'],
          resultats.map((r) => [
            r.nom,
            r.siret,
            r.ville ?? '',
            html`<button class="fr-btn fr-btn--sm fr-btn--tertiary" type="submit" name="choisirValideur" value="${r.siret}">Choisir<span class="fr-sr-only"> ${r.nom} comme valideur</span></button>`,
          ]),
          { vide: 'Aucune entreprise active ne correspond à cette recherche.', id: 'resultats-valideurs' },
        )}</div>`
      : ''}
    <div class="fr-fieldset__element">
      ${champ({ nom: 'codeStructureValideur', libelle: cadre === 'A12_FACTURE_COTRAITANT' ? 'SIRET du valideur (mandataire)' : 'SIRET du valideur (titulaire)', valeurs: v, erreurs: f.erreurs, requis: true, attributs: html` inputmode="numeric"` })}
    </div>
    ${trouve
      ? html`<div class="fr-fieldset__element"><div class="fr-callout fr-mb-3w" id="valideur-trouve"><h3 class="fr-callout__title fr-h6">${trouve.nom} (SIRET ${trouve.siret})</h3><p class="fr-callout__text">Cette entreprise validera la facture.</p></div></div>`
      : v.codeStructureValideur && v.etape === 'valideur'
        ? html`<div class="fr-fieldset__element"><p class="fr-message fr-message--info" id="valideur-trouve">Aucune entreprise active ne porte ce SIRET.</p></div>`
        : ''}
    <div class="fr-fieldset__element">${trouve && trouve.services.length
      ? selection({ nom: 'codeServiceValideur', libelle: 'Service du valideur (facultatif)', vide: '— Aucun —', options: trouve.services.map((x): [string, string] => [x.code, `${x.libelle} (${x.code})`]), valeurs: v, erreurs: f.erreurs })
      : champ({ nom: 'codeServiceValideur', libelle: 'Code du service du valideur (facultatif)', valeurs: v, erreurs: f.erreurs })}</div>
  </fieldset>`;
}

/** The invoice form: cadre, supplier, recipient search and obligations, service, engagement, number, date, lines, recap, buttons. */
export function formulaireFacture(p: PortailCaller, f: FormulaireFacture): Html {
  const v = f.valeurs;
  const c = f.contexte;
  const d = c.destinataire;
  const taux = c.tauxTva.map((t): [string, string] => [t.code, `${String(t.valeur).replace('.', ',')} % — ${t.libelle}`]);
  const ligne = (i: number) => html`<tr>
    <td>${i}</td>
    <td>${champ({ nom: `designation${i}`, libelle: html`<span class="fr-sr-only">Désignation ligne ${i}</span>` as unknown as string, valeurs: v, erreurs: f.erreurs })}</td>
    <td>${champ({ nom: `quantite${i}`, libelle: html`<span class="fr-sr-only">Quantité ligne ${i}</span>` as unknown as string, valeurs: v, erreurs: f.erreurs, attributs: html` inputmode="decimal"` })}</td>
    <td>${champ({ nom: `prix${i}`, libelle: html`<span class="fr-sr-only">Prix unitaire HT ligne ${i}</span>` as unknown as string, valeurs: v, erreurs: f.erreurs, attributs: html` inputmode="decimal"` })}</td>
    <td>${selection({ nom: `taux${i}`, libelle: html`<span class="fr-sr-only">Taux de TVA ligne ${i}</span>` as unknown as string, options: taux, valeurs: { [`taux${i}`]: v[`taux${i}`] || 'TVA2' }, erreurs: f.erreurs })}</td>
  </tr>`;
  return html`${resumeErreurs(f.erreurs)}
  <form method="post" action="${f.action}" novalidate id="formulaire-facture">
    ${champCsrf(p)}
    <fieldset class="fr-fieldset"><legend class="fr-fieldset__legend fr-h5">1. Cadre de facturation et fournisseur</legend>
      <div class="fr-fieldset__element">${selection({ nom: 'cadre', libelle: 'Cadre de facturation', options: c.cadres.map((x): [string, string] => [x.code, x.libelle]), valeurs: { cadre: v.cadre || 'A1_FACTURE_FOURNISSEUR' }, erreurs: f.erreurs, requis: true })}
        <p class="fr-hint-text">Sous-traitant ou cotraitant : choisissez le cadre A9 ou A12 puis « Appliquer le cadre » pour désigner le valideur.</p>
        ${bouton('Appliquer le cadre', { nom: 'etape', valeur: 'cadre', secondaire: true })}</div>
      <div class="fr-fieldset__element">${selection({ nom: 'idFournisseur', libelle: 'Fournisseur (structure émettrice)', options: c.fournisseurs.map((x): [string, string] => [String(x.id), `${x.nom} (${x.identifiant})`]), valeurs: { idFournisseur: v.idFournisseur || String(c.fournisseurs[0]?.id ?? '') }, erreurs: f.erreurs, requis: true })}</div>
    </fieldset>
    ${valideur(f)}
    <fieldset class="fr-fieldset"><legend class="fr-fieldset__legend fr-h5">2. Destinataire</legend>
      <div class="fr-fieldset__element">
        ${champ({ nom: 'recherche', libelle: 'Rechercher un destinataire dans l’annuaire', aide: 'SIRET ou nom de la structure publique', valeurs: v })}
        ${bouton('Rechercher', { nom: 'etape', valeur: 'rechercher', secondaire: true, icone: 'fr-icon-search-line' })}
      </div>
      ${c.resultats
        ? html`<div class="fr-fieldset__element">${tableau(
            'Destinataires trouvés dans l’annuaire',
            ['Destinataire', 'SIRET', 'Ville', 'Obligations', 'Choix'],
            c.resultats.map((r) => [
              r.nom,
              r.siret,
              r.ville ?? '',
              [r.serviceObligatoire ? 'Code service obligatoire' : '', r.engagementObligatoire ? 'Engagement obligatoire' : '', r.engagementOuService ? 'Engagement ou code service' : ''].filter(Boolean).join(', ') || 'Aucune',
              html`<button class="fr-btn fr-btn--sm fr-btn--tertiary" type="submit" name="choisir" value="${r.siret}">Choisir<span class="fr-sr-only"> ${r.nom}</span></button>`,
            ]),
            { vide: 'Aucun destinataire ne correspond à cette recherche.', id: 'resultats-destinataires' },
          )}</div>`
        : ''}
      <div class="fr-fieldset__element">${champ({ nom: 'codeDestinataire', libelle: 'SIRET du destinataire', valeurs: v, erreurs: f.erreurs, requis: true, attributs: html` inputmode="numeric"` })}</div>
      ${d ? html`<div class="fr-fieldset__element">${obligations(d)}</div>` : ''}
      <div class="fr-fieldset__element">${d && d.services.length
        ? selection({ nom: 'codeServiceExecutant', libelle: 'Service exécutant', vide: '— Aucun —', options: d.services.map((s): [string, string] => [s.code, `${s.libelle} (${s.code})${s.engagementObligatoire ? ' — engagement obligatoire' : ''}`]), valeurs: v, erreurs: f.erreurs, requis: d.serviceObligatoire })
        : champ({ nom: 'codeServiceExecutant', libelle: 'Code du service exécutant', valeurs: v, erreurs: f.erreurs, requis: d?.serviceObligatoire })}</div>
      <div class="fr-fieldset__element">${champ({ nom: 'numeroEngagement', libelle: 'Numéro d’engagement (bon de commande)', valeurs: v, erreurs: f.erreurs, requis: d?.engagementObligatoire })}</div>
    </fieldset>
    <fieldset class="fr-fieldset"><legend class="fr-fieldset__legend fr-h5">3. Facture</legend>
      <div class="fr-fieldset__element">${champ({ nom: 'numeroFacture', libelle: 'Numéro de facture', valeurs: v, erreurs: f.erreurs, requis: true })}</div>
      <div class="fr-fieldset__element">${champ({ nom: 'dateFacture', libelle: 'Date de facture', type: 'date', valeurs: v, erreurs: f.erreurs, requis: true })}</div>
    </fieldset>
    <fieldset class="fr-fieldset"><legend class="fr-fieldset__legend fr-h5">4. Lignes de la facture</legend>
      <div class="fr-fieldset__element"><p class="fr-hint-text">Saisissez au moins une ligne ; les lignes vides sont ignorées.</p>
      <div class="fr-table fr-table--no-caption" id="lignes"><div class="fr-table__wrapper"><div class="fr-table__container" tabindex="0"><div class="fr-table__content"><table>
        <caption>Lignes de la facture</caption>
        <thead><tr><th scope="col">N°</th><th scope="col">Désignation</th><th scope="col">Quantité</th><th scope="col">Prix unitaire HT</th><th scope="col">TVA</th></tr></thead>
        <tbody>${Array.from({ length: LIGNES_FORMULAIRE }, (_, i) => ligne(i + 1))}</tbody>
      </table></div></div></div></div></div>
    </fieldset>
    ${recapitulatif(f.lignes ?? [], v.cadre || 'A1_FACTURE_FOURNISSEUR')}
    ${zoneTexte({ nom: 'commentaire', libelle: 'Commentaire (facultatif)', valeurs: v, erreurs: f.erreurs })}
    <ul class="fr-btns-group fr-btns-group--inline-md fr-mt-3w">
      <li>${bouton('Calculer les totaux', { nom: 'etape', valeur: 'calculer', secondaire: true })}</li>
      ${f.pdf ? '' : html`<li>${bouton(f.modification ? 'Enregistrer les modifications' : 'Enregistrer', { nom: 'etape', valeur: 'enregistrer', secondaire: true })}</li>`}
      <li>${bouton('Valider et envoyer', { nom: 'etape', valeur: 'envoyer' })}</li>
    </ul>
  </form>`;
}
