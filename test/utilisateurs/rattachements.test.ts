import type { FastifyInstance } from 'fastify';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Matelas } from '../../src/modules/control-plane/matelas.js';
import { admin, buildTestApp, cproHeaders, cproPost, createSandbox, type TestSandbox } from '../helpers/app.js';
import { adminPost, compteOf, expectNoServerError, expectRefus, matelasOf, structureOf } from '../helpers/organisation.js';

let app: FastifyInstance;
let sandbox: TestSandbox;
let matelas: Matelas;

const MES_RATTACHEMENTS = '/cpro/utilisateurs/v1/monCompte/recuperer/rattachements';

beforeAll(async () => {
  app = await buildTestApp();
  sandbox = await createSandbox(app, { seed: 404 });
  matelas = await matelasOf(app, sandbox);
});
afterAll(() => app.close());

describe('monCompte/recuperer/rattachements', () => {
  it('lists the technical account’s structure in the Go client’s shape', async () => {
    const headers = await cproHeaders(app, sandbox, 'Destinataire Etat');
    const res = await cproPost(app, headers, MES_RATTACHEMENTS, { parametresRecherche: { nbResultatsParPage: 1, pageResultatDemandee: 1 } });
    expect(res.statusCode).toBe(200);
    const etat = structureOf(matelas, 'Destinataire Etat');
    expect(res.json()).toEqual({
      codeRetour: 0,
      libelle: 'TRA_MSG_00.000',
      listeStructureRattachement: [
        {
          designationStructure: 'DIRECTION REGIONALE EXEMPLE (ETAT)',
          idRattachementStructure: expect.any(Number),
          idStructure: etat.idStructureCPP,
          identifiantStructure: etat.siret,
          typeIdentifiantStructure: 'SIRET',
          roleUtilisateur: 'UTILISATEUR_SIMPLE',
          statutRattachementStructure: 'VALIDEE',
          statutUtilisateur: 'ACTIF',
          listeServicesRattache: [],
        },
      ],
      parametresRetour: { pageCourante: 1, pages: 1, nbResultatsParPage: 1, total: 1 },
    });
  });

  it('shows the services a technical account is attached to, with their dates', async () => {
    const f = structureOf(matelas, 'Fournisseur');
    const cree = await adminPost(app, sandbox, '/utilisateurs', {
      type: 'TECH',
      idStructureCPP: f.idStructureCPP,
      login: 'TECH_2_SERVICES@cpro.fr',
      motDePasse: 'MotDePasse!2',
      services: [f.services[0].codeService],
    });
    expect(cree.statusCode, cree.body).toBe(201);
    const headers = {
      authorization: (await cproHeaders(app, sandbox)).authorization,
      'cpro-account': Buffer.from('TECH_2_SERVICES@cpro.fr:MotDePasse!2').toString('base64'),
    };
    const res = await cproPost(app, headers, MES_RATTACHEMENTS, {});
    const [rattachement] = res.json().listeStructureRattachement;
    expect(rattachement).toMatchObject({ idStructure: f.idStructureCPP, statutRattachementStructure: 'VALIDEE' });
    expect(rattachement.listeServicesRattache).toEqual([
      {
        codeService: f.services[0].codeService,
        dateDbtService: expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/),
        dateFinService: '2050-12-31 00:00',
        estActif: true,
        idRattachementService: expect.any(Number),
        idService: f.services[0].idService,
        libelleService: 'Service facturation',
        statutRattachementService: 'VALIDEE',
        statutService: 'ACTIF',
      },
    ]);
    expect((await cproPost(app, headers, MES_RATTACHEMENTS, { parametresRecherche: { triColonne: 'Inconnue', triSens: 'Ascendant' } })).statusCode).toBe(200);
    expectRefus(await cproPost(app, headers, MES_RATTACHEMENTS, { parametresRecherche: { pageResultatDemandee: -1 } }), 400, 10002, 'parametresRecherche.pageResultatDemandee');
  });

  it('never answers a random body with a 500', async () => {
    const headers = { ...(await cproHeaders(app, sandbox)), 'content-type': 'application/json' };
    const parametres = fc.record({ nbResultatsParPage: fc.anything(), pageResultatDemandee: fc.anything(), triColonne: fc.anything(), triSens: fc.anything() }, { requiredKeys: [] });
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.anything(), fc.record({ parametresRecherche: parametres }, { requiredKeys: [] })), async (body) => {
        expectNoServerError(await app.inject({ method: 'POST', url: MES_RATTACHEMENTS, headers, payload: JSON.stringify(body) ?? 'null' }));
      }),
      { numRuns: 50 },
    );
  });
});

describe('the rattachement workflow (control plane)', () => {
  async function nouvelUtilisateur(login: string) {
    const res = await adminPost(app, sandbox, '/utilisateurs', { type: 'US', login, nom: 'Martin', prenom: 'Léa' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ entite: null, idStructureCPP: null, type: 'US', login });
    return res.json();
  }

  it('a request waits for the gestionnaire, who validates it: services and espaces follow', async () => {
    const moa = structureOf(matelas, 'MOA');
    const user = await nouvelUtilisateur('lea.martin@exemple.fr');
    const demande = await adminPost(app, sandbox, '/rattachements', {
      login: user.login,
      idStructureCPP: moa.idStructureCPP,
      services: [moa.services[1].codeService],
      commentaire: 'Nouvelle comptable',
    });
    expect(demande.statusCode, demande.body).toBe(201);
    expect(demande.json()).toMatchObject({
      entite: 'MOA',
      role: 'UTILISATEUR_SIMPLE',
      statut: 'EN_COURS_DE_VALIDATION',
      commentaire: 'Nouvelle comptable',
      services: [{ codeService: moa.services[1].codeService, statut: 'EN_COURS_DE_VALIDATION' }],
    });
    const id = demande.json().idRattachement;
    expectRefus(await adminPost(app, sandbox, '/rattachements', { login: user.login, idStructureCPP: moa.idStructureCPP }), 400, 20011);

    // Only a gestionnaire of that structure may decide: not a simple user, nor another structure's GP.
    const us = compteOf(matelas, 'MOA', 'US');
    expectRefus(await adminPost(app, sandbox, `/rattachements/${id}/valider`, { gestionnaire: us.login }), 400, 20013);
    const autreGp = compteOf(matelas, 'Fournisseur', 'GP');
    expectRefus(await adminPost(app, sandbox, `/rattachements/${id}/valider`, { gestionnaire: autreGp.login }), 400, 20013);

    const gp = compteOf(matelas, 'MOA', 'GP');
    const valide = await adminPost(app, sandbox, `/rattachements/${id}/valider`, { gestionnaire: gp.login, role: 'GS' });
    expect(valide.statusCode, valide.body).toBe(201);
    expect(valide.json()).toMatchObject({ statut: 'VALIDEE', role: 'GESTIONNAIRE_SECONDAIRE', services: [{ statut: 'VALIDEE' }] });
    expectRefus(await adminPost(app, sandbox, `/rattachements/${id}/refuser`, { gestionnaire: gp.login }), 400, 20012);

    const apres = await matelasOf(app, sandbox);
    expect(apres.comptes.find((c) => c.login === user.login)).toMatchObject({ entite: 'MOA', type: 'GS', statutRattachement: 'VALIDEE' });

    // The MOA's technical account now sees the granted service in the gestionnaire's form.
    const headers = await cproHeaders(app, sandbox, 'MOA');
    const liste = await cproPost(app, headers, '/cpro/structures/v1/lister/rattachementsutilisateur', {
      idStructure: moa.idStructureCPP,
      adresseEmailConnexionUtilisateur: user.login,
    });
    expect(liste.json()).toMatchObject({
      codeRetour: 0,
      premierService: false,
      listeServices: [{ codeService: moa.services[1].codeService, idRattachement: expect.any(Number), statutRattachement: 'VALIDEE', commentaire: null }],
    });
    const espaces = await cproPost(app, headers, '/cpro/structures/v1/rechercher/espaces', { structure: { idStructure: moa.idStructureCPP } });
    expect(espaces.json().listeEspace.some((e: { codeEspace: number }) => e.codeEspace === 8)).toBe(true);

    // A new gestionnaire secondaire may decide the next requests.
    const suivant = await nouvelUtilisateur('paul.durand@exemple.fr');
    const d2 = await adminPost(app, sandbox, '/rattachements', { login: suivant.login, idStructureCPP: moa.idStructureCPP });
    expect((await adminPost(app, sandbox, `/rattachements/${d2.json().idRattachement}/valider`, { gestionnaire: user.login })).statusCode).toBe(201);
  });

  it('a refused request may be asked again', async () => {
    const d2 = structureOf(matelas, 'Destinataire 2');
    const user = await nouvelUtilisateur('refuse@exemple.fr');
    const gp = compteOf(matelas, 'Destinataire 2', 'GP');
    const demande = await adminPost(app, sandbox, '/rattachements', { login: user.login, idStructureCPP: d2.idStructureCPP, services: [d2.services[0].codeService] });
    const id = demande.json().idRattachement;
    const refus = await adminPost(app, sandbox, `/rattachements/${id}/refuser`, { gestionnaire: gp.login, commentaire: 'Inconnu du service' });
    expect(refus.statusCode).toBe(201);
    expect(refus.json()).toMatchObject({ statut: 'REFUSEE', commentaire: 'Inconnu du service', services: [{ statut: 'REFUSEE' }] });
    const encore = await adminPost(app, sandbox, '/rattachements', { login: user.login, idStructureCPP: d2.idStructureCPP, services: [d2.services[1].codeService] });
    expect(encore.statusCode, encore.body).toBe(201);
    expect(encore.json()).toMatchObject({ idRattachement: id, statut: 'EN_COURS_DE_VALIDATION' });
    expect(encore.json().services.map((s: { statut: string }) => s.statut)).toEqual(['EN_COURS_DE_VALIDATION', 'EN_COURS_DE_VALIDATION']);
  });

  it('refuses unknown logins, structures, services and rattachements', async () => {
    const d2 = structureOf(matelas, 'Destinataire 2');
    const gp = compteOf(matelas, 'Destinataire 2', 'GP');
    expectRefus(await adminPost(app, sandbox, '/rattachements', { login: 'personne@exemple.fr', idStructureCPP: d2.idStructureCPP }), 400, 20009);
    await nouvelUtilisateur('x@exemple.fr');
    expectRefus(await adminPost(app, sandbox, '/rattachements', { login: 'x@exemple.fr', idStructureCPP: 12 }), 400, 20001);
    expectRefus(await adminPost(app, sandbox, '/rattachements', { login: 'x@exemple.fr', idStructureCPP: d2.idStructureCPP, services: ['NOPE'] }), 400, 20005);
    expectRefus(await adminPost(app, sandbox, '/rattachements/999999/valider', { gestionnaire: gp.login }), 404, 30006);
    expectRefus(await adminPost(app, sandbox, '/rattachements/abc/valider', { gestionnaire: gp.login }), 400);
    expectRefus(await adminPost(app, 'sbx_inconnu', '/rattachements', { login: 'x@exemple.fr', idStructureCPP: 1 }), 404, 30001);
  });

  it('never answers a random body with a 500', async () => {
    const d2 = structureOf(matelas, 'Destinataire 2');
    const gp = compteOf(matelas, 'Destinataire 2', 'GP');
    const texte = fc.oneof(fc.anything(), fc.constantFrom(gp.login, 'x@exemple.fr', d2.services[0].codeService));
    const demande = fc.record({ login: texte, idStructureCPP: fc.oneof(fc.anything(), fc.constant(d2.idStructureCPP)), services: fc.oneof(fc.anything(), fc.array(texte)), commentaire: texte }, { requiredKeys: [] });
    const decision = fc.record({ gestionnaire: texte, role: fc.oneof(fc.anything(), fc.constantFrom('GS', 'US')), commentaire: texte }, { requiredKeys: [] });
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.anything(), demande), fc.oneof(fc.anything(), decision), fc.integer({ min: 0, max: 60 }), async (a, b, id) => {
        const r1 = await app.inject({ method: 'POST', url: `/_sandbox/sandboxes/${sandbox.id}/rattachements`, headers: { ...admin, 'content-type': 'application/json' }, payload: JSON.stringify(a) ?? 'null' });
        expect(r1.statusCode).toBeLessThan(500);
        for (const action of ['valider', 'refuser']) {
          const r2 = await app.inject({ method: 'POST', url: `/_sandbox/sandboxes/${sandbox.id}/rattachements/${id}/${action}`, headers: { ...admin, 'content-type': 'application/json' }, payload: JSON.stringify(b) ?? 'null' });
          expect(r2.statusCode).toBeLessThan(500);
          expect(r2.json()).toHaveProperty(r2.statusCode === 201 ? 'idRattachement' : 'codeRetour');
        }
      }),
      { numRuns: 50 },
    );
  });
});
