import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { estSiretValide } from '../../src/domain/identifiants.js';
import type { Matelas } from '../../src/modules/control-plane/matelas.js';
import { estIbanValide } from '../../src/modules/structures/service.js';
import { buildTestApp, cproHeaders, cproPost, createSandbox, type TestSandbox } from '../helpers/app.js';
import { adminPost, expectRefus, matelasOf, structureOf } from '../helpers/organisation.js';

let app: FastifyInstance;
let sandbox: TestSandbox;
let matelas: Matelas;
let fournisseur: Record<string, string>;

const API = '/cpro/structures/v1';
const DATE_HEURE_MINUTE = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/;

beforeAll(async () => {
  app = await buildTestApp();
  sandbox = await createSandbox(app, { seed: 2024 });
  matelas = await matelasOf(app, sandbox);
  fournisseur = await cproHeaders(app, sandbox, 'Fournisseur');
});
afterAll(() => app.close());

describe('the supplier onboarding sequence of a public customer (chorus-api §6.1)', () => {
  it('rechercher → consulter → rechercher/services → consulter/service, with the Swagger names', async () => {
    const destinataire = structureOf(matelas, 'Destinataire avec service obligatoire');

    const recherche = await cproPost(app, fournisseur, `${API}/rechercher`, {
      structure: { identifiantStructure: destinataire.siret, typeIdentifiantStructure: 'SIRET' },
    });
    expect(recherche.statusCode).toBe(200);
    expect(recherche.json()).toEqual({
      codeRetour: 0,
      libelle: 'TRA_MSG_00.000',
      listeStructures: [
        {
          idStructureCPP: destinataire.idStructureCPP,
          identifiantStructure: destinataire.siret,
          designationStructure: 'REGION EXEMPLE',
          typeIdentifiantStructure: 'SIRET',
          statut: 'ACTIVE',
        },
      ],
      parametresRetour: { pageCourante: 1, pages: 1, nbResultatsParPage: 10, total: 1 },
    });
    const idStructureCPP = recherche.json().listeStructures[0].idStructureCPP;

    const fiche = await cproPost(app, fournisseur, `${API}/consulter`, { idStructureCPP, codeLangue: 'fr' });
    expect(fiche.statusCode).toBe(200);
    const body = fiche.json();
    expect(body).toMatchObject({ codeRetour: 0, libelle: 'TRA_MSG_00.000' });
    expect(Object.keys(body.adressePostaleDuSiege).sort()).toEqual(
      ['adresse', 'codePostal', 'complementAdresse1', 'complementAdresse2', 'fax', 'indicatifFax', 'indicatifTelephone', 'pays', 'telephone', 'ville'],
    );
    expect(body.adressePostaleDuSiege).toMatchObject({ ville: 'Bordeaux', codePostal: '33000', pays: 'FR' });
    expect(body.informationGenerales).toMatchObject({
      idStructureCPP,
      identifiantStructure: destinataire.siret,
      raisonSocialeStructure: 'REGION EXEMPLE',
      structurePriveePublique: 'PUBLIQUE',
      typeIdentifiantStructure: 'SIRET',
      estValideurDeleguee: false,
      listeStructureDupliquees: [],
    });
    expect(body.informationGenerales.dateExpirationMotPasseCompteTech).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(body.parametres).toEqual({
      codeServiceDoitEtreRenseigne: true,
      connexionEDI: false,
      estMoaUniquement: false,
      estValideurDelegue: false,
      gestionNumeroEJOuCodeService: false,
      getaMoa: false,
      nonDiffusibleInsee: false,
      numeroEJDoitEtreRenseigne: false,
      recevoirDonneesViaEDI: false,
      statutMiseEnPaiementNestPasRemonte: false,
    });

    const services = await cproPost(app, fournisseur, `${API}/rechercher/services`, {
      idStructure: idStructureCPP,
      parametresRechercherServicesStructure: { nbResultatsParPage: 10000 },
    });
    expect(services.statusCode).toBe(200);
    const liste = services.json().listeServices;
    expect(liste.map((s: { codeService: string }) => s.codeService)).toEqual(['FACTURES_PUBLIQUES', ...destinataire.services.slice(1).map((s) => s.codeService)]);
    for (const s of liste) {
      expect(Object.keys(s).sort()).toEqual(['codeService', 'dateDbtService', 'dateFinService', 'estActif', 'idService', 'libelleService', 'statutService']);
      expect(s).toMatchObject({ estActif: true, statutService: 'ACTIF' });
      expect(s.dateDbtService).toMatch(DATE_HEURE_MINUTE);
      expect(s.dateFinService).toBe('2050-12-31 00:00');
    }
    expect(services.json().parametresRetour).toEqual({ pageCourante: 1, pages: 1, nbResultatsParPage: 10000, total: 3 });

    const achats = liste.find((s: { libelleService: string }) => s.libelleService === 'Service achats');
    const service = await cproPost(app, fournisseur, `${API}/consulter/service`, { idStructure: idStructureCPP, idService: achats.idService });
    expect(service.statusCode).toBe(200);
    expect(service.json()).toMatchObject({
      codeRetour: 0,
      libelle: 'TRA_MSG_00.000',
      informationsGenerales: { codeService: achats.codeService, nomService: 'Service achats', descriptionService: null },
      parametres: { numeroEngagement: false, miseEnPaiement: true, dateFinValidite: '2050-12-31 00:00' },
      adressePostale: { ville: 'Bordeaux' },
    });

    // The supplier's own bank details, handed out by the matelas.
    const iban = matelas.coordonneesBancaires.filter((cb) => cb.entite === 'Fournisseur');
    expect(iban.map((cb) => cb.nom)).toEqual(['IBAN SANDBOX', 'IBAN AFFACTUREUR']);
    for (const cb of iban) expect(estIbanValide(cb.iban)).toBe(true);
  });

  it('reads the Go client’s idStructure, numbers sent as strings and nulls', async () => {
    const etat = structureOf(matelas, 'Destinataire Etat');
    const go = await cproPost(app, fournisseur, `${API}/consulter`, { idStructure: etat.idStructureCPP });
    expect(go.json().parametres.numeroEJDoitEtreRenseigne).toBe(true);
    const texte = await cproPost(app, fournisseur, `${API}/consulter`, { idStructureCPP: String(etat.idStructureCPP), codeLangue: null });
    expect(texte.statusCode).toBe(200);
    const services = await cproPost(app, fournisseur, `${API}/rechercher/services`, {
      idStructure: String(etat.idStructureCPP),
      parametresRechercherServicesStructure: { nbResultatsParPage: '2', triColonne: 'CodeService', triSens: 'Ascendant ' },
    });
    expect(services.json().listeServices.map((s: { codeService: string }) => s.codeService)).toEqual(
      [...etat.services.map((s) => s.codeService)].sort().slice(0, 2),
    );
  });

  it('ignores unknown fields, as real clients send extra ones', async () => {
    const res = await cproPost(app, fournisseur, `${API}/rechercher`, { structure: { identifiantStructure: matelas.structures[1].siret, inconnu: 1 }, idUtilisateurCourant: 0 });
    expect(res.json().parametresRetour.total).toBe(1);
  });
});

describe('rechercher: restreindreStructuresPrivees and filters', () => {
  it('shows public structures and only the caller’s private ones unless restreindreStructuresPrivees is false', async () => {
    const moe = structureOf(matelas, 'MOE');
    const defaut = await cproPost(app, fournisseur, `${API}/rechercher`, { structure: { identifiantStructure: moe.siret } });
    expect(defaut.json()).toMatchObject({ codeRetour: 20000, listeStructures: [], parametresRetour: { pageCourante: 1, pages: 0, total: 0 } });
    expect(defaut.json().libelle).toContain('TRA_MSG_00.015');
    const vrai = await cproPost(app, fournisseur, `${API}/rechercher`, { structure: { identifiantStructure: moe.siret }, restreindreStructuresPrivees: true });
    expect(vrai.json().parametresRetour.total).toBe(0);
    const tout = await cproPost(app, fournisseur, `${API}/rechercher`, { structure: { identifiantStructure: moe.siret }, restreindreStructuresPrivees: false });
    expect(tout.json().listeStructures.map((s: { idStructureCPP: number }) => s.idStructureCPP)).toEqual([moe.idStructureCPP]);

    const miennes = await cproPost(app, fournisseur, `${API}/rechercher`, { structure: { typeStructure: 'PRIVEE' } });
    expect(miennes.json().listeStructures.map((s: { designationStructure: string }) => s.designationStructure)).toEqual(['ATELIER DUPONT ET FILS']);
    const publiques = await cproPost(app, fournisseur, `${API}/rechercher`, { structure: { typeStructure: 'PUBLIQUE' }, parametres: { nbResultatsParPage: 100 } });
    expect(publiques.json().parametresRetour.total).toBe(matelas.structures.filter((s) => s.type === 'PUBLIQUE').length);
  });

  it('filters by raison sociale (case and accents ignored), town, postcode and MOA flag', async () => {
    const post = (structure: object) => cproPost(app, fournisseur, `${API}/rechercher`, { structure });
    expect((await post({ raisonSocialeStructure: 'région exemple' })).json().listeStructures[0].designationStructure).toBe('REGION EXEMPLE');
    expect((await post({ adresseVille: 'bordeaux', adresseCodePostal: '33' })).json().parametresRetour.total).toBe(1);
    expect((await post({ estMOA: 'true' })).json().listeStructures.map((s: { designationStructure: string }) => s.designationStructure)).toEqual([
      "OFFICE PUBLIC DE L'HABITAT EXEMPLE",
    ]);
    const partiel = matelas.structures[1].siret!.slice(0, 5);
    expect((await post({ identifiantStructure: partiel })).json().listeStructures[0].identifiantStructure.startsWith(partiel)).toBe(true);
  });

  it('every SIRET of the matelas passes the Luhn check and is found by its exact value', async () => {
    for (const s of matelas.structures) {
      expect(estSiretValide(s.siret!), s.entite).toBe(true);
      const res = await cproPost(app, fournisseur, `${API}/rechercher`, {
        structure: { identifiantStructure: s.siret, typeIdentifiantStructure: 'SIRET' },
        restreindreStructuresPrivees: false,
      });
      expect(res.json().listeStructures).toHaveLength(1);
    }
  });
});

describe('refusals of the Structures API, with a catalogued code', () => {
  it('a SIRET with a wrong Luhn key, a non-numeric SIRET and a wrong identifier type', async () => {
    const siret = matelas.structures[1].siret!;
    const fausseCle = siret.slice(0, 13) + String((Number(siret[13]) + 1) % 10);
    expectRefus(await cproPost(app, fournisseur, `${API}/rechercher`, { structure: { identifiantStructure: fausseCle } }), 400, 20003, 'identifiantStructure');
    expectRefus(await cproPost(app, fournisseur, `${API}/rechercher`, { structure: { identifiantStructure: 'ABC', typeIdentifiantStructure: 'SIRET' } }), 400, 20003);
    expectRefus(
      await cproPost(app, fournisseur, `${API}/rechercher`, { structure: { identifiantStructure: siret, typeIdentifiantStructure: 'TVA_INTRACOMMUNAUTAIRE' } }),
      400,
      20007,
      'typeIdentifiantStructure',
    );
    expectRefus(await cproPost(app, fournisseur, `${API}/lister/rattachementsutilisateur`, { identifiantStructure: siret, typeIdentifiantStructure: 'XX' }), 400, 20007);
  });

  it('unknown ids, a private structure of someone else, missing ids and a service of another structure', async () => {
    expectRefus(await cproPost(app, fournisseur, `${API}/consulter`, { idStructureCPP: 1 }), 400, 20001, 'idStructureCPP');
    expectRefus(await cproPost(app, fournisseur, `${API}/consulter`, {}), 400, 10001, "'idStructureCPP'");
    expectRefus(await cproPost(app, fournisseur, `${API}/consulter`, { idStructureCPP: 'abc' }), 400, 10002, 'idStructureCPP');
    expectRefus(await cproPost(app, fournisseur, `${API}/rechercher/services`, {}), 400, 10001, "'idStructure'");
    expectRefus(await cproPost(app, fournisseur, `${API}/rechercher/services`, { idStructure: 42 }), 400, 20001);
    const moe = structureOf(matelas, 'MOE');
    expectRefus(await cproPost(app, fournisseur, `${API}/consulter`, { idStructureCPP: moe.idStructureCPP }), 400, 20008);
    expectRefus(await cproPost(app, fournisseur, `${API}/rechercher/services`, { idStructure: moe.idStructureCPP }), 400, 20008);
    const a = structureOf(matelas, 'Destinataire 2');
    const b = structureOf(matelas, 'Destinataire Etat');
    expectRefus(await cproPost(app, fournisseur, `${API}/consulter/service`, { idStructure: a.idStructureCPP, idService: b.services[1].idService }), 400, 20005);
    expectRefus(await cproPost(app, fournisseur, `${API}/consulter/service`, { idService: 1 }), 400, 20005);
    expectRefus(await cproPost(app, fournisseur, `${API}/consulter/service`, {}), 400, 10001, "'idService'");
  });

  it('an inactive structure is listed INACTIVE but cannot be consulted', async () => {
    const cree = await adminPost(app, sandbox, '/structures', { typeStructure: 'PUBLIQUE', raisonSociale: 'MAIRIE FERMEE', statut: 'INACTIF' });
    expect(cree.statusCode).toBe(201);
    const { idStructureCPP, siret } = cree.json().structure;
    const liste = await cproPost(app, fournisseur, `${API}/rechercher`, { structure: { identifiantStructure: siret } });
    expect(liste.json().listeStructures[0].statut).toBe('INACTIVE');
    const actives = await cproPost(app, fournisseur, `${API}/rechercher`, { structure: { identifiantStructure: siret, statutStructure: 'ACTIF' } });
    expect(actives.json().parametresRetour.total).toBe(0);
    expectRefus(await cproPost(app, fournisseur, `${API}/consulter`, { idStructureCPP }), 400, 20002);
    expectRefus(await cproPost(app, fournisseur, `${API}/rechercher/services`, { idStructure: idStructureCPP }), 400, 20002);
  });
});
