import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, createSandbox } from '../helpers/app.js';
import { cproHeaders } from '../helpers/app.js';
import { transverses } from '../helpers/transverses.js';

/**
 * The two look-ups of chorus-api §3.3: `listeCategories` {codeCategorie, libelleCategorie,
 * idTechniqueCategorie} and `listeSousCategories` {categorie, ssCategorie[] {code, libelle, estActif,
 * idTechniqueCategorie, dateCreation, dateDerniereModification}}, both with `parametresRetour`
 * (§2.5: pageCourante, pages, nbResultatsParPage, total; nothing found = 20000 TRA_MSG_00.015).
 */
let app: FastifyInstance;
let h: Record<string, string>;

beforeAll(async () => {
  app = await buildTestApp();
  const s = await createSandbox(app, { seed: 5 });
  h = await cproHeaders(app, s, 'Fournisseur');
});
afterAll(() => app.close());

describe('rechercher/categorieSollicitation', () => {
  it('répond les champs de la référence, paginés', async () => {
    const res = await transverses(app, h, 'rechercher/categorieSollicitation', { pagination: { nbResultatsParPage: 2, pageResultatDemandee: 1 } });
    expect(res.statusCode, res.body).toBe(200);
    const b = res.json();
    expect(b.codeRetour).toBe(0);
    expect(b.listeCategories).toHaveLength(2);
    expect(Object.keys(b.listeCategories[0]).sort()).toEqual(['codeCategorie', 'idTechniqueCategorie', 'libelleCategorie']);
    expect(b.parametresRetour.pageCourante).toBe(1);
    expect(b.parametresRetour.nbResultatsParPage).toBe(2);
    expect(b.parametresRetour.pages).toBe(Math.ceil(b.parametresRetour.total / 2));
  });

  it('filtre par code ; un code inconnu ne trouve rien (20000)', async () => {
    const tous = (await transverses(app, h, 'rechercher/categorieSollicitation', {})).json().listeCategories;
    const un = (await transverses(app, h, 'rechercher/categorieSollicitation', { codeCategorie: tous[0].codeCategorie })).json();
    expect(un.listeCategories).toEqual([tous[0]]);
    const rien = (await transverses(app, h, 'rechercher/categorieSollicitation', { codeCategorie: 'N_EXISTE_PAS' })).json();
    expect(rien).toMatchObject({ codeRetour: 20000, listeCategories: [], parametresRetour: { pageCourante: 1, pages: 0, total: 0 } });
  });
});

describe('rechercher/sousCategorieSollicitation', () => {
  it('groupe les sous-catégories sous leur catégorie, avec des dates YYYY-MM-DD HH:MM', async () => {
    const categories = (await transverses(app, h, 'rechercher/categorieSollicitation', {})).json().listeCategories;
    const c = categories[0];
    const res = await transverses(app, h, 'rechercher/sousCategorieSollicitation', { idTechniqueCategorie: c.idTechniqueCategorie });
    expect(res.statusCode, res.body).toBe(200);
    const b = res.json();
    expect(b.listeSousCategories).toHaveLength(1);
    expect(b.listeSousCategories[0].categorie).toEqual([c]);
    for (const sc of b.listeSousCategories[0].ssCategorie) {
      expect(sc.idTechniqueCategorie).toBe(c.idTechniqueCategorie);
      expect(typeof sc.estActif).toBe('boolean');
      expect(sc.dateCreation).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
      expect(sc.dateDerniereModification).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    }
    expect(b.parametresRetour.total).toBe(b.listeSousCategories[0].ssCategorie.length);
  });

  it('une page négative est un 400 nommant le champ', async () => {
    const res = await transverses(app, h, 'rechercher/sousCategorieSollicitation', { pagination: { pageResultatDemandee: -1 } });
    expect(res.statusCode).toBe(400);
    expect(res.json().libelle).toContain('pagination.pageResultatDemandee');
  });
});
