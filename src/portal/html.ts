/**
 * Typed HTML templates without a build step: `html` is a tagged template that escapes every value
 * it interpolates, unless the value is itself `Html` (a fragment built the same way, or `brut` for
 * markup the code writes itself). Arrays are joined, so `${lignes.map((l) => html`<tr>…</tr>`)}` works;
 * null, undefined and false render nothing. Anything a user typed can therefore only reach a page
 * escaped.
 */
export class Html {
  constructor(readonly texte: string) {}
  toString(): string {
    return this.texte;
  }
}

export type Valeur = Html | string | number | boolean | null | undefined | readonly Valeur[];

const ENTITES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function echapper(texte: string): string {
  return texte.replace(/[&<>"']/g, (c) => ENTITES[c]!);
}

function rendre(valeur: Valeur): string {
  if (valeur === null || valeur === undefined || valeur === false) return '';
  if (valeur instanceof Html) return valeur.texte;
  if (Array.isArray(valeur)) return valeur.map(rendre).join('');
  return echapper(String(valeur));
}

export function html(parties: TemplateStringsArray, ...valeurs: Valeur[]): Html {
  let texte = parties[0]!;
  for (let i = 0; i < valeurs.length; i++) texte += rendre(valeurs[i]!) + parties[i + 1]!;
  return new Html(texte);
}

/** Markup written by the code itself, never by a user. */
export const brut = (texte: string): Html => new Html(texte);
