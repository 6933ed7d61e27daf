import { referentials } from '../referentials/index.js';
import { html, type Html, type Valeur } from './html.js';

/**
 * Page pieces shared by the espaces: tables, status badges, key/value lists, pagination. Each is a
 * DSFR component; pages assemble them and never write business rules.
 */

const LIBELLES_STATUTS = new Map(referentials.statutsFacture.entries.map((s) => [s.statut, s.libelle] as const));

/** The French label of an invoice status (the referential's wording), the code when it has none. */
export function libelleStatut(statut: string): string {
  return LIBELLES_STATUTS.get(statut) ?? statut;
}

const COULEURS: [RegExp, string][] = [
  [/REJET|REFUS|ERREUR|ABANDON|SUPPRIM/, 'error'],
  [/SUSPENDU|A_RECYCLER|A_COMPLETER|A_VALIDER|EN_ATTENTE|INTERPRETEE/, 'warning'],
  [/PAIEMENT|MANDATEE|COMPTABILIS|VALIDEE|SERVICE_FAIT|SIGNE/, 'success'],
];

/** A status as a DSFR badge coloured by what it asks of the reader (refused, waiting, done, on its way). */
export function badgeStatut(statut: string): Html {
  const couleur = COULEURS.find(([re]) => re.test(statut))?.[1] ?? 'info';
  return html`<span class="fr-badge fr-badge--sm fr-badge--${couleur} fr-badge--no-icon" title="${statut}">${libelleStatut(statut)}</span>`;
}

/** A DSFR table; `legende` is the table's caption (read by screen readers, shown above). */
export function tableau(legende: string, entetes: readonly string[], lignes: readonly (readonly Valeur[])[], options: { vide?: string; id?: string } = {}): Html {
  if (lignes.length === 0) return html`<p class="fr-text--sm"${options.id ? html` id="${options.id}"` : ''}>${options.vide ?? 'Aucun élément.'}</p>`;
  return html`<div class="fr-table fr-table--no-caption"${options.id ? html` id="${options.id}"` : ''}><div class="fr-table__wrapper"><div class="fr-table__container" tabindex="0"><div class="fr-table__content">
    <table>
      <caption>${legende}</caption>
      <thead><tr>${entetes.map((e) => html`<th scope="col">${e}</th>`)}</tr></thead>
      <tbody>${lignes.map((l) => html`<tr>${l.map((c) => html`<td>${c}</td>`)}</tr>`)}</tbody>
    </table>
  </div></div></div></div>`;
}

/** Label/value pairs (a fiche): empty values are shown as « — ». */
export function fiche(paires: readonly (readonly [string, Valeur])[]): Html {
  return html`<dl class="fr-grid-row fr-grid-row--gutters fr-mb-3w">
    ${paires.map(
      ([libelle, valeur]) =>
        html`<div class="fr-col-12 fr-col-md-6"><dt class="fr-text--bold fr-mb-0">${libelle}</dt><dd class="fr-ml-0">${valeur === null || valeur === undefined || valeur === '' ? '—' : valeur}</dd></div>`,
    )}
  </dl>`;
}

/** Previous/next links of a paged list; `lien(page)` builds the URL of a page (1-based). */
export function pagination(page: number, pages: number, lien: (page: number) => string): Html {
  if (pages <= 1) return html``;
  return html`<nav role="navigation" class="fr-pagination" aria-label="Pagination"><ul class="fr-pagination__list">
    <li>${page > 1 ? html`<a class="fr-pagination__link fr-pagination__link--prev fr-pagination__link--lg-label" href="${lien(page - 1)}">Page précédente</a>` : html`<a class="fr-pagination__link fr-pagination__link--prev fr-pagination__link--lg-label" aria-disabled="true" role="link">Page précédente</a>`}</li>
    <li><a class="fr-pagination__link" aria-current="page" title="Page ${page}">${page} / ${pages}</a></li>
    <li>${page < pages ? html`<a class="fr-pagination__link fr-pagination__link--next fr-pagination__link--lg-label" href="${lien(page + 1)}">Page suivante</a>` : html`<a class="fr-pagination__link fr-pagination__link--next fr-pagination__link--lg-label" aria-disabled="true" role="link">Page suivante</a>`}</li>
  </ul></nav>`;
}

/** An espace's title block: its name, and what a trainee does there. */
export function enTete(titre: string, description?: string): Html {
  return html`<h1>${titre}</h1>${description ? html`<p class="fr-text--lead">${description}</p>` : ''}`;
}
