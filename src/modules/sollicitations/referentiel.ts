import { formatDateHeureMinute } from '../../sandbox/dates.js';
import { paginer, type Pagination } from '../structures/pagination.js';
import { CATEGORIES, DATE_REFERENTIEL, SOUS_CATEGORIES, type SousCategorie } from './categories.js';
import type { TRI_CATEGORIES, TRI_SOUS_CATEGORIES } from './schemas.js';

const contient = (valeur: string, filtre?: string) => !filtre || valeur.toLowerCase().includes(filtre.trim().toLowerCase());

/** rechercher/categorieSollicitation: code exact, libellé contenu, actif or not; one page. */
export function rechercherCategories(input: { codeCategorie?: string; libelleCategorie?: string; estActif?: boolean; pagination?: Pagination<(typeof TRI_CATEGORIES)[number]> }) {
  const rows = CATEGORIES.filter(
    (c) =>
      (!input.codeCategorie || c.codeCategorie === input.codeCategorie.trim().toUpperCase()) &&
      contient(c.libelleCategorie, input.libelleCategorie) &&
      (input.estActif === undefined || c.estActif === input.estActif),
  );
  const page = paginer(rows, input.pagination, { codeCategorie: (c) => c.codeCategorie, libelleCategorie: (c) => c.libelleCategorie, idTechniqueCategorie: (c) => c.idTechniqueCategorie }, 'pagination');
  return {
    listeCategories: page.liste.map((c) => ({ codeCategorie: c.codeCategorie, libelleCategorie: c.libelleCategorie, idTechniqueCategorie: c.idTechniqueCategorie })),
    parametresRetour: page.parametresRetour,
  };
}

/**
 * rechercher/sousCategorieSollicitation: the matching sous-catégories, paged, then grouped under
 * their catégorie (`listeSousCategories[].categorie` holds the one parent, `ssCategorie` its rows).
 */
export function rechercherSousCategories(input: {
  code?: string;
  libelle?: string;
  estActif?: boolean;
  idTechniqueCategorie?: number;
  pagination?: Pagination<(typeof TRI_SOUS_CATEGORIES)[number]>;
}) {
  const rows = SOUS_CATEGORIES.filter(
    (s) =>
      (!input.code || s.code === input.code.trim().toUpperCase()) &&
      contient(s.libelle, input.libelle) &&
      (input.estActif === undefined || s.estActif === input.estActif) &&
      (input.idTechniqueCategorie === undefined || s.idTechniqueCategorie === input.idTechniqueCategorie),
  );
  const page = paginer(rows, input.pagination, { code: (s) => s.code, libelle: (s) => s.libelle, idTechniqueCategorie: (s) => s.idTechniqueCategorie }, 'pagination');
  const groupes = new Map<number, SousCategorie[]>();
  for (const s of page.liste) groupes.set(s.idTechniqueCategorie, [...(groupes.get(s.idTechniqueCategorie) ?? []), s]);
  const date = formatDateHeureMinute(DATE_REFERENTIEL);
  return {
    listeSousCategories: [...groupes].map(([id, liste]) => {
      const c = CATEGORIES.find((x) => x.idTechniqueCategorie === id)!;
      return {
        categorie: [{ codeCategorie: c.codeCategorie, libelleCategorie: c.libelleCategorie, idTechniqueCategorie: c.idTechniqueCategorie }],
        ssCategorie: liste.map((s) => ({ code: s.code, libelle: s.libelle, estActif: s.estActif, idTechniqueCategorie: s.idTechniqueCategorie, dateCreation: date, dateDerniereModification: date })),
      };
    }),
    parametresRetour: page.parametresRetour,
  };
}
