import type { z } from 'zod';
import { isChorusError } from '../errors/chorus-error.js';
import { html, type Html } from './html.js';

/**
 * DSFR form pieces that show a refusal beside its field and keep what was typed. A page's handler
 * reads the form (`lireFormulaire`), checks its shape with zod (`erreursZod`), calls one service, and
 * turns the service's catalogue error into the message of the field it names (`erreurService`).
 */
export type Formulaire = Record<string, string>;
export type Erreurs = Record<string, string>;

/** The posted fields as trimmed strings (a repeated field keeps its last value; files are not read here). */
export function lireFormulaire(corps: unknown): Formulaire {
  const out: Formulaire = {};
  if (!corps || typeof corps !== 'object') return out;
  for (const [cle, valeur] of Object.entries(corps as Record<string, unknown>)) {
    const v = Array.isArray(valeur) ? valeur[valeur.length - 1] : valeur;
    if (typeof v === 'string') out[cle] = v.trim();
  }
  return out;
}

/** Every value of a repeated field (checkboxes of a bulk action). */
export function valeursMultiples(corps: unknown, cle: string): string[] {
  const v = corps && typeof corps === 'object' ? (corps as Record<string, unknown>)[cle] : undefined;
  return (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((x): x is string => typeof x === 'string');
}

/** zod's issues as one French message per field (the schema's own messages are written in French). */
export function erreursZod(erreur: z.ZodError): Erreurs {
  const out: Erreurs = {};
  for (const issue of erreur.issues) {
    const champ = String(issue.path[0] ?? '_');
    out[champ] ??= issue.message;
  }
  return out;
}

/**
 * A service's refusal as the message of a field: the field the error names (`champ`), or the given
 * default one. Anything else than a catalogue error is a fault of ours and goes on up.
 */
export function erreurService(e: unknown, champParDefaut = '_'): Erreurs {
  if (!isChorusError(e)) throw e;
  return { [e.champ ?? champParDefaut]: e.libelle };
}

interface Champ {
  readonly nom: string;
  readonly libelle: string;
  readonly valeurs: Formulaire;
  readonly erreurs?: Erreurs;
  readonly type?: 'text' | 'email' | 'password' | 'tel' | 'number' | 'date';
  readonly aide?: string;
  readonly requis?: boolean;
  readonly autocomplete?: string;
  readonly attributs?: Html;
}

/** A text input with its label, hint and error (DSFR `fr-input-group`). */
export function champ(c: Champ): Html {
  const erreur = c.erreurs?.[c.nom];
  const id = `champ-${c.nom}`;
  const decrit = [c.aide ? `${id}-aide` : '', erreur ? `${id}-erreur` : ''].filter(Boolean).join(' ');
  return html`<div class="fr-input-group${erreur ? ' fr-input-group--error' : ''}">
    <label class="fr-label" for="${id}">${c.libelle}${c.requis ? html` <span aria-hidden="true">*</span>` : ''}${c.aide ? html`<span class="fr-hint-text" id="${id}-aide">${c.aide}</span>` : ''}</label>
    <input class="fr-input${erreur ? ' fr-input--error' : ''}" type="${c.type ?? 'text'}" id="${id}" name="${c.nom}" value="${c.type === 'password' ? '' : (c.valeurs[c.nom] ?? '')}"${c.requis ? html` required` : ''}${c.autocomplete ? html` autocomplete="${c.autocomplete}"` : ''}${decrit ? html` aria-describedby="${decrit}"` : ''}${erreur ? html` aria-invalid="true"` : ''}${c.attributs ?? ''}>
    ${erreur ? html`<p class="fr-error-text" id="${id}-erreur">${erreur}</p>` : ''}
  </div>`;
}

interface Selection {
  readonly nom: string;
  readonly libelle: string;
  readonly options: readonly (readonly [string, string])[];
  readonly valeurs: Formulaire;
  readonly erreurs?: Erreurs;
  readonly requis?: boolean;
  readonly aide?: string;
  /** Label of the empty first option; none when absent. */
  readonly vide?: string;
}

export function selection(s: Selection): Html {
  const erreur = s.erreurs?.[s.nom];
  const id = `champ-${s.nom}`;
  const courant = s.valeurs[s.nom] ?? '';
  return html`<div class="fr-select-group${erreur ? ' fr-select-group--error' : ''}">
    <label class="fr-label" for="${id}">${s.libelle}${s.requis ? html` <span aria-hidden="true">*</span>` : ''}${s.aide ? html`<span class="fr-hint-text">${s.aide}</span>` : ''}</label>
    <select class="fr-select${erreur ? ' fr-select--error' : ''}" id="${id}" name="${s.nom}"${s.requis ? html` required` : ''}${erreur ? html` aria-describedby="${id}-erreur" aria-invalid="true"` : ''}>
      ${s.vide !== undefined ? html`<option value="">${s.vide}</option>` : ''}
      ${s.options.map(([v, l]) => html`<option value="${v}"${v === courant ? html` selected` : ''}>${l}</option>`)}
    </select>
    ${erreur ? html`<p class="fr-error-text" id="${id}-erreur">${erreur}</p>` : ''}
  </div>`;
}

export function zoneTexte(c: Omit<Champ, 'type' | 'autocomplete'>): Html {
  const erreur = c.erreurs?.[c.nom];
  const id = `champ-${c.nom}`;
  return html`<div class="fr-input-group${erreur ? ' fr-input-group--error' : ''}">
    <label class="fr-label" for="${id}">${c.libelle}${c.requis ? html` <span aria-hidden="true">*</span>` : ''}${c.aide ? html`<span class="fr-hint-text">${c.aide}</span>` : ''}</label>
    <textarea class="fr-input${erreur ? ' fr-input--error' : ''}" id="${id}" name="${c.nom}" rows="4"${c.requis ? html` required` : ''}${erreur ? html` aria-describedby="${id}-erreur" aria-invalid="true"` : ''}>${c.valeurs[c.nom] ?? ''}</textarea>
    ${erreur ? html`<p class="fr-error-text" id="${id}-erreur">${erreur}</p>` : ''}
  </div>`;
}

export function caseACocher(c: { nom: string; libelle: string; coche: boolean; valeur?: string; aide?: string }): Html {
  const id = `champ-${c.nom}${c.valeur ? `-${c.valeur}` : ''}`;
  return html`<div class="fr-checkbox-group">
    <input type="checkbox" id="${id}" name="${c.nom}" value="${c.valeur ?? 'oui'}"${c.coche ? html` checked` : ''}>
    <label class="fr-label" for="${id}">${c.libelle}${c.aide ? html`<span class="fr-hint-text">${c.aide}</span>` : ''}</label>
  </div>`;
}

/**
 * The errors not tied to a field shown on the page (`_`), and a summary of the others at the top of
 * the form, so that a screen-reader user hears at once that the form was refused.
 */
export function resumeErreurs(erreurs: Erreurs | undefined): Html {
  if (!erreurs || Object.keys(erreurs).length === 0) return html``;
  const general = erreurs['_'];
  const autres = Object.entries(erreurs).filter(([k]) => k !== '_');
  return html`<div class="fr-alert fr-alert--error fr-mb-3w" role="alert" id="erreurs-formulaire">
    <h2 class="fr-alert__title">${general ?? 'Le formulaire contient des erreurs'}</h2>
    ${autres.length ? html`<ul>${autres.map(([k, m]) => html`<li><a href="#champ-${k}">${m}</a></li>`)}</ul>` : ''}
  </div>`;
}

export function bouton(libelle: string, options: { secondaire?: boolean; nom?: string; valeur?: string; icone?: string } = {}): Html {
  const classes = ['fr-btn', options.secondaire ? 'fr-btn--secondary' : '', options.icone ? `fr-btn--icon-left ${options.icone}` : ''].filter(Boolean).join(' ');
  return html`<button class="${classes}" type="submit"${options.nom ? html` name="${options.nom}" value="${options.valeur ?? ''}"` : ''}>${libelle}</button>`;
}
