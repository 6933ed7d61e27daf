import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { erreurs } from '../../src/errors/catalogue/index.js';
import { admin, buildTestApp, createSandbox, cproHeaders, token, type TestSandbox } from '../helpers/app.js';
import { expectRefus, lireAnnuaire, matelas, structureDe, transverses, TRANSVERSES } from '../helpers/transverses.js';

/**
 * Two sandboxes built from the same scenario and seed hold the same ids: what one trainee adds to
 * his sandbox must never show in the other's, even when asked by the very same id.
 */
let app: FastifyInstance;
let a: TestSandbox;
let b: TestSandbox;
let ha: Record<string, string>;
let hb: Record<string, string>;
let fournisseurId: number;
let mairie: { idStructureCPP: number; siret: string };

beforeAll(async () => {
  app = await buildTestApp();
  a = await createSandbox(app, { seed: 7, nom: 'classe-a' });
  b = await createSandbox(app, { seed: 7, nom: 'classe-b' });
  ha = await cproHeaders(app, a);
  hb = await cproHeaders(app, b);
  fournisseurId = structureDe(await matelas(app, a), 'Fournisseur').idStructureCPP;
  expect(structureDe(await matelas(app, b), 'Fournisseur').idStructureCPP).toBe(fournisseurId);

  const cb = await app.inject({
    method: 'POST',
    url: `/_sandbox/sandboxes/${a.id}/structures/${fournisseurId}/coordonneesBancaires`,
    headers: admin,
    payload: { nom: 'IBAN FORMATION' },
  });
  expect(cb.statusCode, cb.body).toBe(201);
  const st = await app.inject({
    method: 'POST',
    url: `/_sandbox/sandboxes/${a.id}/structures`,
    headers: admin,
    payload: { typeStructure: 'PUBLIQUE', raisonSociale: 'MAIRIE ISOLEE', categorie: 'COLLECTIVITE_TERRITORIALE', services: [{ libelle: 'Voirie' }] },
  });
  expect(st.statusCode, st.body).toBe(201);
  mairie = { idStructureCPP: st.json().structure.idStructureCPP, siret: st.json().structure.siret };
});
afterAll(() => app.close());

const noms = async (h: Record<string, string>) =>
  (await transverses(app, h, 'recuperer/coordbanc/valides', { idStructure: fournisseurId })).json().listeCoordonneeBancaire.map((c: { nomCoordonneeBancaire: string }) => c.nomCoordonneeBancaire);

describe('isolation between sandboxes', () => {
  it('bank details added to one sandbox stay there, asked by the same structure id', async () => {
    expect(await noms(ha)).toEqual(['IBAN SANDBOX', 'IBAN AFFACTUREUR', 'IBAN FORMATION']);
    expect(await noms(hb)).toEqual(['IBAN SANDBOX', 'IBAN AFFACTUREUR']);
  });

  it("a recipient created in one sandbox is absent from the other's search, services, directory and INSEE look-up", async () => {
    const chercher = (h: Record<string, string>) => transverses(app, h, 'rechercher/destinataire', { nomVilleCodePostal: 'isolee' });
    expect((await chercher(ha)).json().listeDestinataires).toHaveLength(1);
    expect((await chercher(hb)).json()).toMatchObject({ codeRetour: 20000, listeDestinataires: [] });

    expect((await transverses(app, ha, 'rechercher/serviceexecutant', { idDestinataireCPP: mairie.idStructureCPP })).statusCode).toBe(200);
    expectRefus(
      await transverses(app, hb, 'rechercher/serviceexecutant', { idDestinataireCPP: mairie.idStructureCPP }),
      erreurs.DESTINATAIRE_ANNUAIRE_INCONNU.codeRetour,
    );

    const annuaire = async (h: Record<string, string>) =>
      lireAnnuaire((await transverses(app, h, 'telecharger/annuaire/destinataire')).json().fichierResultat).lignes.flat();
    expect(await annuaire(ha)).toContain('MAIRIE ISOLEE');
    expect(await annuaire(hb)).not.toContain('MAIRIE ISOLEE');

    expect((await transverses(app, ha, 'consulter/information/siret', { siretStructure: mairie.siret })).json().raisonSociale).toBe('MAIRIE ISOLEE');
    expectRefus(await transverses(app, hb, 'consulter/information/siret', { siretStructure: mairie.siret }), erreurs.SIRET_INCONNU_INSEE.codeRetour);
  });

  it("one sandbox's token never reaches another sandbox's data", async () => {
    // Another seed, another matelas: A's token with C's technical account is an unknown account in A.
    const c = await createSandbox(app, { seed: 8, nom: 'classe-c' });
    const croises = { authorization: `Bearer ${await token(app, a)}`, 'cpro-account': (await cproHeaders(app, c))['cpro-account'] };
    expect((await app.inject({ method: 'GET', url: `${TRANSVERSES}/health-check`, headers: croises })).statusCode).toBe(401);
    expect((await transverses(app, croises, 'recuperer/coordbanc/valides', { idStructure: fournisseurId })).statusCode).toBe(401);
    // Same seed, same matelas (logins and passwords): the token alone picks the sandbox, here A.
    const memeMatelas = { authorization: `Bearer ${await token(app, a)}`, 'cpro-account': hb['cpro-account'] };
    expect(await noms(memeMatelas)).toEqual(['IBAN SANDBOX', 'IBAN AFFACTUREUR', 'IBAN FORMATION']);
  });
});
