import type { FastifyInstance } from 'fastify';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Matelas } from '../../src/modules/control-plane/matelas.js';
import { buildTestApp, cproHeaders, cproPost, createSandbox, type TestSandbox } from '../helpers/app.js';
import { adminPost, expectNoServerError, expectRefus, matelasOf, structureOf } from '../helpers/organisation.js';

let app: FastifyInstance;
let sandbox: TestSandbox;
let matelas: Matelas;
let fournisseur: Record<string, string>;

const RECHERCHER = '/cpro/engagementsJuridiques/v1/rechercher';

beforeAll(async () => {
  app = await buildTestApp();
  sandbox = await createSandbox(app, { seed: 12 });
  matelas = await matelasOf(app, sandbox);
  fournisseur = await cproHeaders(app, sandbox, 'Fournisseur');
});
afterAll(() => app.close());

describe('engagementsJuridiques/v1/rechercher', () => {
  it('finds an engagement as OCA checks it: own structure as a string, number, état COMMANDE', async () => {
    const f = structureOf(matelas, 'Fournisseur');
    const ej = matelas.engagements.find((e) => e.entite === 'Destinataire avec EJ obligatoire')!;
    const res = await cproPost(app, fournisseur, RECHERCHER, {
      structureReceptriceEngagementJuridique: String(f.idStructureCPP),
      numeroEngagementJuridique: ej.numero,
      etatCourantEngagementJuridique: 'COMMANDE',
    });
    expect(res.statusCode).toBe(200);
    const destinataire = structureOf(matelas, 'Destinataire avec EJ obligatoire');
    expect(res.json()).toEqual({
      codeRetour: 0,
      libelle: 'TRA_MSG_00.000',
      listeEngagementJuridique: [
        {
          idEngagementJuridique: ej.idEngagementJuridique,
          numeroEngagementJuridique: ej.numero,
          libelleEngagementJuridique: 'Marché de fournitures',
          etatCourantEngagementJuridique: 'COMMANDE',
          dateCreationEngagementJuridique: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
          montantHT: 50000,
          montantTTC: 60000,
          idStructure: destinataire.idStructureCPP,
          identifiantStructure: destinataire.siret,
          designationStructure: "DEPARTEMENT D'EXEMPLE",
          idService: null,
          codeService: null,
          idFournisseur: f.idStructureCPP,
          identifiantFournisseur: f.siret,
          designationFournisseur: 'ATELIER DUPONT ET FILS',
        },
      ],
      parametresRetour: { pageCourante: 1, pages: 1, nbResultatsParPage: 10, total: 1 },
    });
  });

  it('lists every engagement placed with the supplier, paginated, and nothing for an unknown number', async () => {
    const tous = await cproPost(app, fournisseur, RECHERCHER, { pagination: { nbResultatsParPage: 100 } });
    expect(tous.json().parametresRetour.total).toBe(matelas.engagements.filter((e) => e.fournisseur === 'Fournisseur').length);
    const page = await cproPost(app, fournisseur, RECHERCHER, { parametresRecherche: { nbResultatsParPage: 4, pageResultatDemandee: 2, triColonne: 'NumeroEngagementJuridique', triSens: 'Ascendant' } });
    expect(page.json().listeEngagementJuridique).toHaveLength(4);
    const inconnu = await cproPost(app, fournisseur, RECHERCHER, { numeroEngagementJuridique: 'EJ-QUI-N-EXISTE-PAS' });
    expect(inconnu.json()).toMatchObject({ codeRetour: 20000, listeEngagementJuridique: [], parametresRetour: { total: 0, pages: 0 } });
    const autreEtat = await cproPost(app, fournisseur, RECHERCHER, { etatCourantEngagementJuridique: 'SOLDE' });
    expect(autreEtat.json().codeRetour).toBe(20000);
  });

  it('a public structure sees the engagements it issued; a supplier never sees another one’s', async () => {
    const etat = structureOf(matelas, 'Destinataire Etat');
    const headers = await cproHeaders(app, sandbox, 'Destinataire Etat');
    const siens = await cproPost(app, headers, RECHERCHER, { structureReceptriceEngagementJuridique: etat.idStructureCPP });
    expect(siens.json().listeEngagementJuridique.map((e: { numeroEngagementJuridique: string }) => e.numeroEngagementJuridique).sort()).toEqual(
      matelas.engagements.filter((e) => e.entite === 'Destinataire Etat').map((e) => e.numero).sort(),
    );
    const moe = await cproHeaders(app, sandbox, 'MOE');
    expect((await cproPost(app, moe, RECHERCHER, {})).json().codeRetour).toBe(20000);
  });

  it('a trainer-added engagement is found, and stays in its sandbox', async () => {
    const d2 = structureOf(matelas, 'Destinataire 2');
    const f = structureOf(matelas, 'Fournisseur');
    const cree = await adminPost(app, sandbox, '/engagements', {
      idStructureCPP: d2.idStructureCPP,
      idFournisseur: f.idStructureCPP,
      numero: 'BC-2025-0042',
      codeService: d2.services[1].codeService,
      montantHT: 1000,
      tauxTva: 5.5,
    });
    expect(cree.statusCode, cree.body).toBe(201);
    expect(cree.json()).toMatchObject({ numero: 'BC-2025-0042', statut: 'COMMANDE', montantTTC: 1055, codeService: d2.services[1].codeService, fournisseur: 'Fournisseur' });
    const trouve = await cproPost(app, fournisseur, RECHERCHER, { numeroEngagementJuridique: 'BC-2025-0042' });
    expect(trouve.json().listeEngagementJuridique[0]).toMatchObject({ codeService: d2.services[1].codeService, idService: d2.services[1].idService });

    const autre = await createSandbox(app, { seed: 12 });
    const ailleurs = await cproPost(app, await cproHeaders(app, autre), RECHERCHER, { numeroEngagementJuridique: 'BC-2025-0042' });
    expect(ailleurs.json().codeRetour).toBe(20000);
  });

  it('refuses a number over 50 characters, an unknown or malformed structure', async () => {
    expectRefus(await cproPost(app, fournisseur, RECHERCHER, { numeroEngagementJuridique: 'X'.repeat(51) }), 400, 10002, 'numeroEngagementJuridique');
    expectRefus(await cproPost(app, fournisseur, RECHERCHER, { structureReceptriceEngagementJuridique: '1' }), 400, 20001, 'structureReceptriceEngagementJuridique');
    expectRefus(await cproPost(app, fournisseur, RECHERCHER, { structureReceptriceEngagementJuridique: 'abc' }), 400, 10002, 'structureReceptriceEngagementJuridique');
    expectRefus(await cproPost(app, fournisseur, RECHERCHER, { parametresRecherche: { pageResultatDemandee: -1 } }), 400, 10002, 'parametresRecherche.pageResultatDemandee');
  });

  it('never answers a random body with a 500', async () => {
    const headers = { ...fournisseur, 'content-type': 'application/json' };
    const ids = matelas.structures.map((s) => s.idStructureCPP);
    const valeur = fc.oneof(fc.anything(), fc.constantFrom(...ids), fc.constantFrom(...ids.map(String)), fc.constantFrom('COMMANDE', matelas.engagements[0].numero));
    const pagination = fc.record({ nbResultatsParPage: fc.anything(), pageResultatDemandee: fc.anything(), triColonne: fc.anything(), triSens: fc.anything() }, { requiredKeys: [] });
    const corps = fc.record(
      { structureReceptriceEngagementJuridique: valeur, numeroEngagementJuridique: valeur, etatCourantEngagementJuridique: valeur, parametresRecherche: pagination, pagination },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.anything(), corps), async (body) => {
        expectNoServerError(await app.inject({ method: 'POST', url: RECHERCHER, headers, payload: JSON.stringify(body) ?? 'null' }));
      }),
      { numRuns: 50 },
    );
  });
});
