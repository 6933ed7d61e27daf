import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, cproHeaders, cproPost, createSandbox, type TestSandbox } from '../helpers/app.js';
import { acteurs, deposer, factureSaisie, structure, type Acteurs } from '../helpers/factures.js';
import { corpsType, fusion, SWAGGERS, type Schema } from '../helpers/swagger.js';

/**
 * Typed clients (generated from the Swagger, or Go/Java structs) send every field: empty strings,
 * zeros, `{}`, nulls. Each search and deposit must answer them exactly as it answers the minimal
 * body that leaves those fields out.
 */
let app: FastifyInstance;
let sandbox: TestSandbox;
let h: Acteurs;

const zeroPagination = { nbResultatsParPage: 0, pageResultatDemandee: 0, triColonne: '', triSens: '', nbResultatsMaximum: 0 };

function modele(api: keyof typeof SWAGGERS, chemin: string): Schema {
  const op = SWAGGERS[api].paths[chemin].post;
  const body = op.parameters?.find((p) => p.in === 'body')?.schema;
  if (!body) throw new Error(`no body model for ${chemin}`);
  return body;
}
const typeSwagger = (api: keyof typeof SWAGGERS, chemin: string, minimal: Record<string, unknown>) =>
  fusion(corpsType(api, modele(api, chemin)), minimal);

/** What the answer says, without what legitimately differs between two calls. */
function sansVolatil(body: Record<string, unknown>) {
  return JSON.parse(JSON.stringify(body), (k, v) => (k === 'dateHeureEtatCourant' ? undefined : v));
}

beforeAll(async () => {
  app = await buildTestApp();
  sandbox = await createSandbox(app);
  h = await acteurs(app, sandbox);
  for (let i = 0; i < 3; i += 1) await deposer(app, sandbox, h.fournisseur);
});
afterAll(() => app.close());

describe('a typed client’s body gives the same answer as the minimal one', () => {
  const cas: [string, () => Record<string, string>, string, () => unknown, () => unknown][] = [
    ['structures rechercher', () => h.fournisseur, '/cpro/structures/v1/rechercher', () => ({}), () => typeSwagger('structures', '/v1/rechercher', {})],
    [
      'structures rechercher/services',
      () => h.fournisseur,
      '/cpro/structures/v1/rechercher/services',
      () => ({ idStructure: structure(app, sandbox.id, 'Destinataire sans paramètre').id }),
      () => typeSwagger('structures', '/v1/rechercher/services', { idStructure: structure(app, sandbox.id, 'Destinataire sans paramètre').id }),
    ],
    [
      'structures lister/rattachementsutilisateur',
      () => h.fournisseur,
      '/cpro/structures/v1/lister/rattachementsutilisateur',
      () => ({ idStructure: structure(app, sandbox.id, 'Fournisseur').id }),
      () => typeSwagger('structures', '/v1/lister/rattachementsutilisateur', { idStructure: structure(app, sandbox.id, 'Fournisseur').id }),
    ],
    [
      'structures rechercher/espaces',
      () => h.fournisseur,
      '/cpro/structures/v1/rechercher/espaces',
      () => ({ structure: { idStructure: structure(app, sandbox.id, 'Fournisseur').id } }),
      () => typeSwagger('structures', '/v1/rechercher/espaces', { structure: { idStructure: structure(app, sandbox.id, 'Fournisseur').id } }),
    ],
    ['factures rechercher/fournisseur', () => h.fournisseur, '/cpro/factures/v1/rechercher/fournisseur', () => ({}), () => typeSwagger('factures', '/v1/rechercher/fournisseur', {})],
    ['factures rechercher/recipiendaire', () => h.destinataire, '/cpro/factures/v1/rechercher/recipiendaire', () => ({}), () => typeSwagger('factures', '/v1/rechercher/recipiendaire', {})],
    ['factures rechercher/demandePaiement', () => h.fournisseur, '/cpro/factures/v1/rechercher/demandePaiement', () => ({}), () => typeSwagger('factures', '/v1/rechercher/demandePaiement', {})],
    ['factures rechercher/atraiter/recipiendaire', () => h.destinataire, '/cpro/factures/v1/rechercher/atraiter/recipiendaire', () => ({}), () => typeSwagger('factures', '/v1/rechercher/atraiter/recipiendaire', {})],
    ['factures rechercher/atraiter/fournisseur', () => h.fournisseur, '/cpro/factures/v1/rechercher/atraiter/fournisseur', () => ({}), () => typeSwagger('factures', '/v1/rechercher/atraiter/fournisseur', {})],
    [
      'transverses rechercher/destinataire',
      () => h.fournisseur,
      '/cpro/transverses/v1/rechercher/destinataire',
      () => ({}),
      () => ({ identifiant: '', nomVilleCodePostal: ' ', typeStructure: '', parametresRecherche: zeroPagination }),
    ],
    [
      'transverses rechercher/serviceexecutant',
      () => h.fournisseur,
      '/cpro/transverses/v1/rechercher/serviceexecutant',
      () => ({ idDestinataireCPP: structure(app, sandbox.id, 'Destinataire sans paramètre').id }),
      () => ({
        idDestinataireCPP: structure(app, sandbox.id, 'Destinataire sans paramètre').id,
        codeServiceExecutant: '',
        nomServiceExecutant: '',
        actif: null,
        parametresRecherche: zeroPagination,
      }),
    ],
    [
      'engagements rechercher',
      () => h.fournisseur,
      '/cpro/engagementsJuridiques/v1/rechercher',
      () => ({}),
      () => ({ structureReceptriceEngagementJuridique: '', numeroEngagementJuridique: '', etatCourantEngagementJuridique: '', parametresRecherche: zeroPagination, pagination: null }),
    ],
    [
      'utilisateurs monCompte/recuperer/rattachements',
      () => h.fournisseur,
      '/cpro/utilisateurs/v1/monCompte/recuperer/rattachements',
      () => ({}),
      () => ({ parametresRecherche: zeroPagination }),
    ],
  ];

  it.each(cas)('%s', async (_nom, headers, url, minimal, type) => {
    const a = await cproPost(app, headers(), url, minimal());
    const b = await cproPost(app, headers(), url, type());
    expect(a.statusCode, a.body).toBe(200);
    expect(b.statusCode, b.body).toBe(200);
    expect(sansVolatil(b.json()), JSON.stringify(b.json()).slice(0, 300)).toEqual(sansVolatil(a.json()));
  });

  it('structures rechercher: blank enums and country are absent', async () => {
    const a = await cproPost(app, h.fournisseur, '/cpro/structures/v1/rechercher', { structure: {} });
    const b = await cproPost(app, h.fournisseur, '/cpro/structures/v1/rechercher', {
      structure: { typeStructure: '', statutStructure: ' ', adresseCodePays: '', typeIdentifiantStructure: '', estMOA: null },
    });
    expect(b.statusCode, b.body).toBe(200);
    expect(b.json().parametresRetour.total).toBeGreaterThan(0);
    expect(b.json()).toEqual(a.json());
  });

  it('invoice searches: amount bounds sent as 0 are no bound, both spellings of montantAPayer work', async () => {
    const tous = (await cproPost(app, h.fournisseur, '/cpro/factures/v1/rechercher/fournisseur', {})).json();
    const n = tous.parametresRetour.total;
    expect(n).toBeGreaterThanOrEqual(3);
    const zeros = await cproPost(app, h.fournisseur, '/cpro/factures/v1/rechercher/fournisseur', {
      montantHTMin: 0, montantHTMax: 0, montantTTCMin: 0, montantTTCMax: 0, montantApayerMin: 0, montantApayerMax: 0, montantAPayerMax: 0,
    });
    expect(zeros.json().parametresRetour.total).toBe(n);
    for (const champ of ['montantApayerMax', 'montantAPayerMax']) {
      const r = await cproPost(app, h.fournisseur, '/cpro/factures/v1/rechercher/fournisseur', { [champ]: 10 });
      expect(r.json().parametresRetour.total, champ).toBe(0);
    }
    const dp = await cproPost(app, h.fournisseur, '/cpro/factures/v1/rechercher/demandePaiement', { montantApayerMax: 10 });
    expect(dp.json().total).toBe(0);
  });
});

describe('deposits with a typed client’s body', () => {
  it('soumettre: every Swagger field present with its zero value is the same deposit', async () => {
    const minimal = factureSaisie(app, sandbox.id);
    const type = typeSwagger('factures', '/v1/soumettre', minimal) as Record<string, unknown>;
    const res = await cproPost(app, h.fournisseur, '/cpro/factures/v1/soumettre', type);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().statutFacture).toBe('DEPOSEE');
  });

  it.each([
    ['{}', {}],
    ['[]', []],
    ['null', null],
    ['[{}]', [{}]],
    ['empty id and designation', { pieceJointePrincipaleId: 0, pieceJointePrincipaleDesignation: '' }],
    ['list of an empty item', [{ pieceJointePrincipaleId: '', pieceJointePrincipaleDesignation: null }]],
  ])('SAISIE_API with pieceJointePrincipale %s has no main attachment', async (_nom, pj) => {
    const res = await cproPost(app, h.fournisseur, '/cpro/factures/v1/soumettre', { ...factureSaisie(app, sandbox.id), pieceJointePrincipale: pj });
    expect(res.statusCode, res.body).toBe(200);
  });

  it('an empty pieceJointePrincipale still fails the PDF modes', async () => {
    const res = await cproPost(app, h.fournisseur, '/cpro/factures/v1/soumettre', {
      ...factureSaisie(app, sandbox.id),
      modeDepot: 'DEPOT_PDF_API',
      pieceJointePrincipale: { pieceJointePrincipaleId: 0, pieceJointePrincipaleDesignation: '' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().libelle).toContain('pieceJointePrincipale');
  });

  it('ajouter/fichier and deposer/pdf with extra zero fields still work', async () => {
    const pdf = Buffer.from('%PDF-1.4\n%%EOF\n').toString('base64');
    const a = await cproPost(app, await cproHeaders(app, sandbox), '/cpro/transverses/v1/ajouter/fichier', {
      idUtilisateurCourant: 0, pieceJointeFichier: pdf, pieceJointeNom: 'f.pdf', pieceJointeTypeMime: 'application/pdf', pieceJointeExtension: 'PDF',
    });
    expect(a.statusCode, a.body).toBe(200);
    const d = await cproPost(app, h.fournisseur, '/cpro/factures/v1/deposer/pdf', typeSwagger('factures', '/v1/deposer/pdf', {
      fichierFacture: pdf, nomFichier: 'f.pdf', formatDepot: 'PDF_NON_SIGNE',
    }));
    expect(d.statusCode, d.body).toBe(200);
  });
});
