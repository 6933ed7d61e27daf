import type { FastifyInstance } from 'fastify';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { estSiretValide } from '../../src/domain/identifiants.js';
import { estIbanValide } from '../../src/modules/structures/service.js';
import { admin, buildTestApp, cproHeaders, cproPost, createSandbox, type TestSandbox } from '../helpers/app.js';
import { adminPost, compteOf, cproAccount, expectRefus, matelasOf, structureOf } from '../helpers/organisation.js';

let app: FastifyInstance;
beforeAll(async () => {
  app = await buildTestApp();
});
afterAll(() => app.close());

const csvOf = async (id: string) => app.inject({ url: `/_sandbox/sandboxes/${id}/matelas.csv`, headers: admin });

describe('matelas de données', () => {
  it('lists every entité of the qualification matelas, its accounts, engagements and IBANs', async () => {
    const sandbox = await createSandbox(app, { seed: 1 });
    const m = await matelasOf(app, sandbox);
    expect(m.structures.map((s) => s.entite)).toEqual([
      'Fournisseur',
      'Destinataire sans paramètre',
      'Destinataire avec EJ obligatoire',
      'Destinataire avec service obligatoire',
      'Destinataire avec EJ ou service obligatoire',
      'Destinataire Etat',
      'Destinataire 2',
      'MOE',
      'MOA',
      'Valideur',
      'Titulaire',
      'Sous-traitant',
      'Mandataire',
      'Cotraitant',
      'Sous-traitant de cotraitant',
      'Structure avec MOA',
    ]);
    // The groupement of the co-contracting stories (issue 11): the co-contractor names its mandataire.
    expect(structureOf(m, 'Cotraitant').mandataire).toBe('Mandataire');
    expect(structureOf(m, 'Titulaire').mandataire).toBeNull();
    expect(structureOf(m, 'Destinataire avec EJ ou service obligatoire').parametres.gestionNumeroEJOuCodeService).toBe(true);
    for (const s of m.structures) {
      expect(estSiretValide(s.siret!), s.entite).toBe(true);
      expect(m.comptes.filter((c) => c.entite === s.entite).map((c) => c.type).sort(), s.entite).toEqual(['GP', 'TECH', 'US']);
      if (s.type === 'PUBLIQUE') expect(s.services[0].codeService).toBe('FACTURES_PUBLIQUES');
    }
    expect(compteOf(m, 'Fournisseur', 'TECH').login).toBe(`TECH_1_${structureOf(m, 'Fournisseur').siret}@cpro.fr`);
    expect(m.engagements.filter((e) => e.fournisseur === 'Fournisseur').length).toBeGreaterThanOrEqual(12);
    for (const cb of m.coordonneesBancaires) expect(estIbanValide(cb.iban), cb.iban).toBe(true);
  });

  it('serves the CSV of the qualification portal: Entite;Libelle;Valeur', async () => {
    const sandbox = await createSandbox(app, { seed: 1 });
    const m = await matelasOf(app, sandbox);
    const res = await csvOf(sandbox.id);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toContain('.csv');
    const lignes = res.body.trimEnd().split('\r\n');
    expect(lignes[0]).toBe('Entite;Libelle;Valeur');
    const f = structureOf(m, 'Fournisseur');
    const tech = compteOf(m, 'Fournisseur', 'TECH');
    const gp = compteOf(m, 'Fournisseur', 'GP');
    const ej = m.engagements.find((e) => e.entite === 'Destinataire avec EJ obligatoire')!;
    expect(lignes).toEqual(
      expect.arrayContaining([
        `Fournisseur;SIRET Structure;${f.siret}`,
        `MOE;Code du service;${structureOf(m, 'MOE').services[0].codeService}`,
        `Fournisseur;Login compte GP;${gp.login}`,
        `Fournisseur;Mot de passe compte GP;${gp.motDePasse}`,
        `Fournisseur;Login compte technique;${tech.login}`,
        `Fournisseur;Mot de passe compte technique;${tech.motDePasse}`,
        `Destinataire avec EJ obligatoire;Numéro EJ;${ej.numero}`,
        'Fournisseur;Nom coordonnées bancaires;IBAN SANDBOX',
        `Fournisseur;IBAN;${m.coordonneesBancaires[0].iban}`,
      ]),
    );
    for (const ligne of lignes) expect(ligne.split(';')).toHaveLength(3);
  });

  it('same seed, same matelas (JSON and CSV); another seed, other SIRETs', async () => {
    const a = await createSandbox(app, { seed: 4242 });
    const b = await createSandbox(app, { seed: 4242 });
    const c = await createSandbox(app, { seed: 4243 });
    const [ma, mb, mc] = await Promise.all([matelasOf(app, a), matelasOf(app, b), matelasOf(app, c)]);
    expect(mb).toEqual(ma);
    expect(JSON.stringify(mb)).toBe(JSON.stringify(ma));
    expect((await csvOf(b.id)).body).toBe((await csvOf(a.id)).body);
    const sirets = (m: typeof ma) => m.structures.map((s) => s.siret);
    for (const siret of sirets(mc)) expect(sirets(ma)).not.toContain(siret);
  });

  it('is joined to the creation and reset answers, and the reset drops trainer additions', async () => {
    const created = await app.inject({ method: 'POST', url: '/_sandbox/sandboxes', headers: admin, payload: { seed: 8 } });
    expect(created.statusCode).toBe(201);
    const sandbox = created.json();
    const initial = await matelasOf(app, sandbox.id);
    expect(sandbox.matelas).toEqual(initial);
    expect((await app.inject({ url: `/_sandbox/sandboxes/${sandbox.id}`, headers: admin })).json().matelas).toBeUndefined();

    expect((await adminPost(app, sandbox.id, '/structures', { typeStructure: 'PRIVEE', raisonSociale: 'EN PLUS' })).statusCode).toBe(201);
    expect((await matelasOf(app, sandbox.id)).structures).toHaveLength(initial.structures.length + 1);
    const reset = await app.inject({ method: 'POST', url: `/_sandbox/sandboxes/${sandbox.id}/reset`, headers: admin });
    expect(reset.json().matelas).toEqual(initial);
  });

  it('answers 404 for an unknown sandbox and 401 without the admin token', async () => {
    expectRefus(await app.inject({ url: '/_sandbox/sandboxes/sbx_inconnu/matelas', headers: admin }), 404, 30001);
    expectRefus(await csvOf('sbx_inconnu'), 404, 30001);
    expectRefus(await app.inject({ url: '/_sandbox/sandboxes/sbx_inconnu/matelas' }), 401, 30003);
  });
});

describe('trainer additions', () => {
  let sandbox: TestSandbox;
  beforeAll(async () => {
    sandbox = await createSandbox(app, { seed: 99 });
  });

  it('a public structure with services, a GP and a technical account, found by rechercher and usable at once', async () => {
    const res = await adminPost(app, sandbox, '/structures', {
      entite: 'Mairie de formation',
      typeStructure: 'PUBLIQUE',
      raisonSociale: 'MAIRIE DE FORMATION',
      categorie: 'COLLECTIVITE_TERRITORIALE',
      adresse: { adresse: '2 rue de la Paix', codePostal: '75002', ville: 'Paris' },
      parametres: { codeServiceDoitEtreRenseigne: true, numeroEJDoitEtreRenseigne: true },
      services: [{ libelle: 'Voirie', numeroEngagementObligatoire: true }],
      gestionnaire: { nom: 'Durand', prenom: 'Anne' },
      compteTechnique: true,
    });
    expect(res.statusCode, res.body).toBe(201);
    const { structure, comptes } = res.json();
    expect(estSiretValide(structure.siret)).toBe(true);
    expect(structure).toMatchObject({ entite: 'Mairie de formation', type: 'PUBLIQUE', parametres: { codeServiceDoitEtreRenseigne: true, numeroEJDoitEtreRenseigne: true } });
    expect(structure.services.map((s: { codeService: string }) => s.codeService)).toEqual(['FACTURES_PUBLIQUES', `SERVICE_PUBLIQUE_1_${structure.siret}`]);
    expect(comptes.map((c: { type: string }) => c.type)).toEqual(['GP', 'TECH']);

    const fournisseur = await cproHeaders(app, sandbox, 'Fournisseur');
    const trouve = await cproPost(app, fournisseur, '/cpro/structures/v1/rechercher', { structure: { identifiantStructure: structure.siret, typeIdentifiantStructure: 'SIRET' } });
    expect(trouve.json().listeStructures).toEqual([expect.objectContaining({ idStructureCPP: structure.idStructureCPP, designationStructure: 'MAIRIE DE FORMATION' })]);
    const service = await cproPost(app, fournisseur, '/cpro/structures/v1/consulter/service', { idService: structure.services[1].idService });
    expect(service.json().parametres.numeroEngagement).toBe(true);

    const tech = comptes[1];
    const propre = await cproPost(
      app,
      { authorization: fournisseur.authorization, 'cpro-account': cproAccount(tech.login, tech.motDePasse) },
      '/cpro/utilisateurs/v1/monCompte/recuperer/rattachements',
    );
    expect(propre.json().listeStructureRattachement[0].idStructure).toBe(structure.idStructureCPP);
    const csv = (await csvOf(sandbox.id)).body;
    expect(csv).toContain(`Mairie de formation;Login compte GP;${comptes[0].login}`);
  });

  it('a private structure with a given SIRET, a service, bank details and accounts', async () => {
    const res = await adminPost(app, sandbox, '/structures', { typeStructure: 'PRIVEE', raisonSociale: 'SARL PLOMBERIE', identifiant: '73282932000074' });
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json().structure.idStructureCPP;
    const service = await adminPost(app, sandbox, `/structures/${id}/services`, { codeService: 'CHANTIERS', libelle: 'Chantiers' });
    expect(service.json()).toMatchObject({ codeService: 'CHANTIERS', libelle: 'Chantiers', estActif: true });
    const iban = await adminPost(app, sandbox, `/structures/${id}/coordonneesBancaires`, { nom: 'COMPTE PRO', iban: 'FR76 3000 6000 0112 3456 7890 189' });
    expect(iban.statusCode, iban.body).toBe(201);
    expect(iban.json()).toMatchObject({ entite: 'SARL PLOMBERIE', nom: 'COMPTE PRO', iban: 'FR7630006000011234567890189', titulaire: 'SARL PLOMBERIE' });
    const genere = await adminPost(app, sandbox, `/structures/${id}/coordonneesBancaires`, { nom: 'AFFACTUREUR', affactureur: true });
    expect(estIbanValide(genere.json().iban)).toBe(true);
    const us = await adminPost(app, sandbox, '/utilisateurs', { type: 'US', idStructureCPP: id, services: ['CHANTIERS'] });
    expect(us.json()).toMatchObject({ type: 'US', entite: 'SARL PLOMBERIE', statutRattachement: 'VALIDEE', login: 'USER_PRIVE_1_73282932000074@cpro.fr' });
    const tech = await adminPost(app, sandbox, '/utilisateurs', { type: 'TECH', idStructureCPP: id });
    expect(tech.json().login).toBe('TECH_1_73282932000074@cpro.fr');
  });

  it('refuses what Chorus Pro would refuse, naming the field', async () => {
    const m = await matelasOf(app, sandbox);
    const f = structureOf(m, 'Fournisseur');
    expectRefus(await adminPost(app, sandbox, '/structures', { typeStructure: 'PRIVEE', raisonSociale: 'X', identifiant: '73282932000075' }), 400, 20003, 'clé');
    expectRefus(await adminPost(app, sandbox, '/structures', { typeStructure: 'PRIVEE', raisonSociale: 'X', identifiant: f.siret }), 400, 20004);
    expectRefus(await adminPost(app, sandbox, '/structures', { typeStructure: 'PRIVEE', raisonSociale: 'X', typeIdentifiant: 'HORS_UE' }), 400, 10001, 'identifiant');
    expectRefus(await adminPost(app, sandbox, '/structures', { raisonSociale: 'X' }), 400, undefined, 'typeStructure');
    expectRefus(await adminPost(app, sandbox, `/structures/${f.idStructureCPP}/services`, { codeService: f.services[0].codeService, libelle: 'Doublon' }), 400, 20006);
    expectRefus(await adminPost(app, sandbox, `/structures/${f.idStructureCPP}/coordonneesBancaires`, { nom: 'X', iban: 'FR7630006000011234567890188' }), 400, 20016);
    expectRefus(await adminPost(app, sandbox, '/utilisateurs', { type: 'GP', idStructureCPP: f.idStructureCPP }), 400, 20017);
    expectRefus(await adminPost(app, sandbox, '/utilisateurs', { type: 'US', login: compteOf(m, 'Fournisseur', 'GP').login }), 400, 20010);
    expectRefus(await adminPost(app, sandbox, '/utilisateurs', { type: 'TECH' }), 400, 10001, 'idStructureCPP');
    expectRefus(await adminPost(app, sandbox, '/utilisateurs', { type: 'US', idStructureCPP: f.idStructureCPP, services: ['NOPE'] }), 400, 20005);
    expectRefus(await adminPost(app, sandbox, '/engagements', { idStructureCPP: f.idStructureCPP }), 400, 20015);
    const ej = m.engagements[0];
    expectRefus(await adminPost(app, sandbox, '/engagements', { idStructureCPP: ej.idStructureCPP, numero: ej.numero }), 400, 20014);
    expectRefus(await adminPost(app, sandbox, '/engagements', { idStructureCPP: ej.idStructureCPP, idFournisseur: 3 }), 400, 20001, 'idFournisseur');
    expectRefus(await adminPost(app, sandbox, '/engagements', { idStructureCPP: 3 }), 400, 20001);
  });

  it('answers 404 for an unknown sandbox or structure in the path', async () => {
    expectRefus(await adminPost(app, sandbox, '/structures/123/services', { libelle: 'X' }), 404, 30005);
    expectRefus(await adminPost(app, sandbox, '/structures/123/coordonneesBancaires', { nom: 'X' }), 404, 30005);
    for (const path of ['/structures', '/utilisateurs', '/engagements', '/rattachements', '/structures/1/services']) {
      expectRefus(await adminPost(app, 'sbx_inconnu', path, {}), 404, 30001);
    }
  });

  it('never answers a random body with a 500', async () => {
    const m = await matelasOf(app, sandbox);
    const f = structureOf(m, 'Fournisseur');
    const publique = structureOf(m, 'Destinataire 2');
    const ids = fc.oneof(fc.anything(), fc.constantFrom(f.idStructureCPP, publique.idStructureCPP, 1));
    const texte = fc.oneof(fc.anything(), fc.string(), fc.constantFrom('PUBLIQUE', 'PRIVEE', 'SIRET', 'GP', 'US', 'TECH', f.services[0].codeService));
    const corps: Record<string, fc.Arbitrary<unknown>> = {
      '/structures': fc.record(
        { typeStructure: texte, raisonSociale: texte, identifiant: texte, typeIdentifiant: texte, parametres: fc.anything(), services: fc.anything(), gestionnaire: fc.anything(), compteTechnique: fc.anything(), statut: texte },
        { requiredKeys: [] },
      ),
      [`/structures/${publique.idStructureCPP}/services`]: fc.record({ codeService: texte, libelle: texte, estActif: fc.anything() }, { requiredKeys: [] }),
      [`/structures/${f.idStructureCPP}/coordonneesBancaires`]: fc.record({ nom: texte, iban: texte, bic: texte, affactureur: fc.anything() }, { requiredKeys: [] }),
      '/utilisateurs': fc.record({ type: texte, idStructureCPP: ids, login: texte, motDePasse: texte, services: fc.anything() }, { requiredKeys: [] }),
      '/engagements': fc.record({ idStructureCPP: ids, idFournisseur: ids, numero: texte, codeService: texte, montantHT: fc.anything(), tauxTva: fc.anything() }, { requiredKeys: [] }),
    };
    for (const [path, arbitrary] of Object.entries(corps)) {
      await fc.assert(
        fc.asyncProperty(fc.oneof(fc.anything(), arbitrary), async (body) => {
          const res = await app.inject({
            method: 'POST',
            url: `/_sandbox/sandboxes/${sandbox.id}${path}`,
            headers: { ...admin, 'content-type': 'application/json' },
            payload: JSON.stringify(body) ?? 'null',
          });
          expect(res.statusCode, `${path} ${res.body}`).toBeLessThan(500);
          if (res.statusCode !== 201) expect(Object.keys(res.json()).sort()).toEqual(['codeRetour', 'libelle']);
        }),
        { numRuns: 50 },
      );
    }
  });
});
