import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleLuhn } from '../../src/domain/identifiants.js';
import { erreurs } from '../../src/errors/catalogue/index.js';
import { buildTestApp, createSandbox, cproHeaders, type TestSandbox } from '../helpers/app.js';
import { expectRefus, lireAnnuaire, matelas, structureDe, transverses, type StructureMatelas } from '../helpers/transverses.js';

let app: FastifyInstance;
let sandbox: TestSandbox;
let m: { structures: StructureMatelas[] };
const h: Record<string, Record<string, string>> = {};

const ENTITES = ['Fournisseur', 'Destinataire sans paramètre', 'Destinataire Etat', 'MOE', 'MOA'] as const;

beforeAll(async () => {
  app = await buildTestApp();
  sandbox = await createSandbox(app, { seed: 21 });
  m = await matelas(app, sandbox);
  for (const entite of ENTITES) h[entite] = await cproHeaders(app, sandbox, entite);
});
afterAll(() => app.close());

const ok = async (entite: string, path: string, body: unknown = {}) => {
  const res = await transverses(app, h[entite], path, body);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};

const publiques = () => m.structures.filter((s) => s.type === 'PUBLIQUE');

describe('recuperer/coordbanc/valides', () => {
  it("lists the Fournisseur's bank details by label", async () => {
    const fournisseur = structureDe(m, 'Fournisseur');
    const body = await ok('Fournisseur', 'recuperer/coordbanc/valides', { idStructure: fournisseur.idStructureCPP });
    expect(body).toMatchObject({ codeRetour: 0, libelle: 'TRA_MSG_00.000', pageCourante: 1, pages: 1, total: 2, nbResultatsParPage: 2 });
    expect(body.listeCoordonneeBancaire).toEqual([
      { idCoordonneeBancaire: expect.any(Number), nomCoordonneeBancaire: 'IBAN SANDBOX' },
      { idCoordonneeBancaire: expect.any(Number), nomCoordonneeBancaire: 'IBAN AFFACTUREUR' },
    ]);
    // Clients sending the id as a string get the same answer.
    expect(await ok('Fournisseur', 'recuperer/coordbanc/valides', { idStructure: String(fournisseur.idStructureCPP) })).toEqual(body);
  });

  it("refuses another structure's bank details, an unknown id and a missing one", async () => {
    const moe = structureDe(m, 'MOE');
    expectRefus(
      await transverses(app, h.Fournisseur, 'recuperer/coordbanc/valides', { idStructure: moe.idStructureCPP }),
      erreurs.COORDBANC_STRUCTURE_NON_RATTACHEE.codeRetour,
      'idStructure',
    );
    expectRefus(await transverses(app, h.Fournisseur, 'recuperer/coordbanc/valides', { idStructure: 1 }), erreurs.COORDBANC_STRUCTURE_NON_RATTACHEE.codeRetour);
    expectRefus(await transverses(app, h.Fournisseur, 'recuperer/coordbanc/valides', {}), erreurs.CHAMP_OBLIGATOIRE.codeRetour, 'idStructure');
  });
});

describe('recuperer/structures/actives/*', () => {
  const ids = async (entite: string, espace: string) =>
    (await ok(entite, `recuperer/structures/actives/${espace}`)).listeStructures.map((s: { idStructureCPP: number }) => s.idStructureCPP);

  it('gives the supplier its own private structure, with the wire shape', async () => {
    const fournisseur = structureDe(m, 'Fournisseur');
    const body = await ok('Fournisseur', 'recuperer/structures/actives/fournisseur');
    expect(body).toEqual({
      codeRetour: 0,
      libelle: 'TRA_MSG_00.000',
      listeStructures: [{ idStructureCPP: fournisseur.idStructureCPP, identifiant: fournisseur.siret, designationStructure: 'ATELIER DUPONT ET FILS' }],
      pageCourante: 1,
      pages: 1,
      nbResultatsParPage: 1,
      total: 1,
    });
    expect(await ids('Fournisseur', 'destinataire')).toEqual([]);
  });

  it('gives a recipient its public structure, and nothing as supplier', async () => {
    expect(await ids('Destinataire sans paramètre', 'destinataire')).toEqual([structureDe(m, 'Destinataire sans paramètre').idStructureCPP]);
    expect(await ids('Destinataire sans paramètre', 'fournisseur')).toEqual([]);
  });

  it('works invoicing: suppliers, MOE and MOA structures, not a public structure without MOA', async () => {
    expect(await ids('MOA', 'facturetravaux')).toEqual([structureDe(m, 'MOA').idStructureCPP]);
    expect(await ids('MOE', 'facturetravaux')).toEqual([structureDe(m, 'MOE').idStructureCPP]);
    expect(await ids('Fournisseur', 'facturetravaux')).toEqual([structureDe(m, 'Fournisseur').idStructureCPP]);
    expect(await ids('Destinataire Etat', 'facturetravaux')).toEqual([]);
  });
});

describe('recuperer/structuresPourUtilisateur', () => {
  it('lists the structures of the caller, optionally for one espace', async () => {
    const fournisseur = structureDe(m, 'Fournisseur');
    const attendu = [{ idStructure: fournisseur.idStructureCPP, identifiantStructure: fournisseur.siret, designationStructure: fournisseur.designation, typeIdentifiantStructure: 'SIRET' }];
    for (const espaceFo of [0, null, undefined, 1]) {
      expect((await ok('Fournisseur', 'recuperer/structuresPourUtilisateur', { espaceFo })).listeStructures).toEqual(attendu);
    }
    expect((await ok('Fournisseur', 'recuperer/structuresPourUtilisateur', { espaceFo: 99 })).listeStructures).toEqual([]);
  });
});

describe('rechercher/destinataire', () => {
  it('lists every active public structure and no private one', async () => {
    const body = await ok('Fournisseur', 'rechercher/destinataire', { parametresRecherche: { nbResultatsParPage: 100 } });
    expect(body.listeDestinataires.map((d: { idStructureCPP: number }) => d.idStructureCPP)).toEqual(publiques().map((s) => s.idStructureCPP));
    expect(body.parametresRetour).toEqual({ pageCourante: 1, pages: 1, nbResultatsParPage: 100, total: publiques().length });
  });

  it('filters by identifiant, by name, town or postcode, and by type', async () => {
    const etat = structureDe(m, 'Destinataire Etat');
    const parSiret = await ok('Fournisseur', 'rechercher/destinataire', { identifiant: etat.siret });
    expect(parSiret.listeDestinataires).toEqual([
      { idStructureCPP: etat.idStructureCPP, siret: etat.siret, nomDestinataire: etat.designation, adresseCodePostal: '75007', adresseVille: 'Paris' },
    ]);
    const commune = structureDe(m, 'Destinataire sans paramètre').idStructureCPP;
    for (const nomVilleCodePostal of ['lyon', '69003', 'saint exemple', 'COMMUNE lyon']) {
      const body = await ok('Fournisseur', 'rechercher/destinataire', { nomVilleCodePostal });
      expect(body.listeDestinataires.map((d: { idStructureCPP: number }) => d.idStructureCPP), nomVilleCodePostal).toEqual([commune]);
    }
    const prives = await ok('Fournisseur', 'rechercher/destinataire', { typeStructure: 'PRIVEE' });
    expect(prives).toMatchObject({ codeRetour: 20000, listeDestinataires: [], parametresRetour: { total: 0, pages: 0, pageCourante: 1 } });
  });

  it('pages and sorts', async () => {
    const page2 = await ok('Fournisseur', 'rechercher/destinataire', { parametresRecherche: { nbResultatsParPage: 2, pageResultatDemandee: 2 } });
    expect(page2.listeDestinataires).toHaveLength(2);
    expect(page2.parametresRetour).toEqual({ pageCourante: 2, pages: Math.ceil(publiques().length / 2), nbResultatsParPage: 2, total: publiques().length });
    const tries = await ok('Fournisseur', 'rechercher/destinataire', { parametresRecherche: { triColonne: 'NomDestinataire', triSens: 'Ascendant', nbResultatsParPage: 50 } });
    const noms = tries.listeDestinataires.map((d: { nomDestinataire: string }) => d.nomDestinataire);
    expect(noms).toEqual([...noms].sort((a, b) => a.localeCompare(b, 'fr')));
    expectRefus(await transverses(app, h.Fournisseur, 'rechercher/destinataire', { parametresRecherche: { pageResultatDemandee: -1 } }), erreurs.CHAMP_INVALIDE.codeRetour, 'pageResultatDemandee');
  });
});

describe('rechercher/serviceexecutant', () => {
  it("lists a recipient's services, filtered by code, name and state", async () => {
    const dest = structureDe(m, 'Destinataire sans paramètre');
    const body = await ok('Fournisseur', 'rechercher/serviceexecutant', { idDestinataireCPP: dest.idStructureCPP });
    expect(body.listeServices).toEqual(
      dest.services.map((s) => ({ idServicesCPP: s.idService, codeServiceExecutant: s.codeService, nomServiceExecutant: s.libelle })),
    );
    expect(body.listeServices).toContainEqual(expect.objectContaining({ codeServiceExecutant: 'FACTURES_PUBLIQUES' }));
    const technique = await ok('Fournisseur', 'rechercher/serviceexecutant', { idDestinataireCPP: dest.idStructureCPP, nomServiceExecutant: 'technique', actif: true });
    expect(technique.listeServices.map((s: { nomServiceExecutant: string }) => s.nomServiceExecutant)).toEqual(['Service technique']);
    const parCode = await ok('Fournisseur', 'rechercher/serviceexecutant', { idDestinataireCPP: dest.idStructureCPP, codeServiceExecutant: 'factures_pub' });
    expect(parCode.listeServices).toHaveLength(1);
    expect(await ok('Fournisseur', 'rechercher/serviceexecutant', { idDestinataireCPP: dest.idStructureCPP, actif: 'false' })).toMatchObject({ codeRetour: 20000, listeServices: [] });
  });

  it('refuses a private structure, an unknown id and a missing one', async () => {
    const code = erreurs.DESTINATAIRE_ANNUAIRE_INCONNU.codeRetour;
    expectRefus(await transverses(app, h.Fournisseur, 'rechercher/serviceexecutant', { idDestinataireCPP: structureDe(m, 'Fournisseur').idStructureCPP }), code, 'idDestinataireCPP');
    expectRefus(await transverses(app, h.Fournisseur, 'rechercher/serviceexecutant', { idDestinataireCPP: 42 }), code);
    expectRefus(await transverses(app, h.Fournisseur, 'rechercher/serviceexecutant', {}), erreurs.CHAMP_OBLIGATOIRE.codeRetour, 'idDestinataireCPP');
  });
});

describe('telecharger/annuaire/destinataire', () => {
  it('is a ZIP holding a CSV of the public recipients and their services', async () => {
    const body = await ok('Fournisseur', 'telecharger/annuaire/destinataire');
    expect(body).toMatchObject({ codeRetour: 0, libelle: 'GCU_MSG_01_000' });
    expect(body.fichierResultat.startsWith('UEsDB')).toBe(true);
    const { nom, lignes } = lireAnnuaire(body.fichierResultat);
    expect(nom).toMatch(/^annuaire_destinataires_\d{8}\.csv$/);
    const [entete, ...rows] = lignes;
    const col = (n: string) => entete.indexOf(n);
    for (const c of ['Identifiant', 'Raison sociale', 'Adresse', 'Code postal', 'Ville', 'Code service', 'Libelle service', 'EJ obligatoire', 'Service obligatoire']) {
      expect(entete).toContain(c);
    }
    for (const s of publiques()) {
      const siennes = rows.filter((r) => r[col('Identifiant')] === s.identifiant);
      expect(siennes.map((r) => r[col('Code service')]).sort()).toEqual(s.services.map((x) => x.codeService).sort());
      expect(siennes.every((r) => r[col('Raison sociale')] === s.designation)).toBe(true);
    }
    const prives = m.structures.filter((s) => s.type === 'PRIVEE').map((s) => s.identifiant);
    expect(rows.some((r) => prives.includes(r[col('Identifiant')]))).toBe(false);
    const ej = rows.find((r) => r[col('Identifiant')] === structureDe(m, 'Destinataire avec EJ obligatoire').identifiant)!;
    expect([ej[col('EJ obligatoire')], ej[col('Service obligatoire')]]).toEqual(['OUI', 'NON']);
    const lyon = rows.find((r) => r[col('Ville')] === 'Lyon')!;
    expect(lyon[col('Code postal')]).toBe('69003');
  });
});

describe('consulter/information/siret', () => {
  it("answers INSEE-like data from the sandbox's structure", async () => {
    const f = structureDe(m, 'Fournisseur');
    const body = await ok('Destinataire Etat', 'consulter/information/siret', { siretStructure: f.siret });
    expect(body).toMatchObject({
      codeRetour: 0,
      libelle: 'TRA_MSG_00.000',
      siret: f.siret,
      siren: f.siret!.slice(0, 9),
      numeroInterneClassement: f.siret!.slice(9),
      raisonSociale: 'ATELIER DUPONT ET FILS',
      estActif: true,
      adresse: '12 rue des Artisans 44000 Nantes',
      nonDiffusibleInsee: false,
    });
    const espaces = f.siret!.replace(/^(\d{3})(\d{3})(\d{3})/, '$1 $2 $3 ');
    expect((await ok('Fournisseur', 'consulter/information/siret', { siretStructure: espaces })).siret).toBe(f.siret);
  });

  it('refuses a wrong control key, an unknown SIRET and a missing one', async () => {
    const f = structureDe(m, 'Fournisseur').siret!;
    const mauvaiseCle = f.slice(0, 13) + String((Number(f[13]) + 1) % 10);
    expectRefus(await transverses(app, h.Fournisseur, 'consulter/information/siret', { siretStructure: mauvaiseCle }), erreurs.SIRET_CLE_INVALIDE.codeRetour, 'siretStructure');
    expectRefus(await transverses(app, h.Fournisseur, 'consulter/information/siret', { siretStructure: 'ABC' }), erreurs.SIRET_CLE_INVALIDE.codeRetour);
    const inconnu = '1234567890123' + cleLuhn('1234567890123');
    expectRefus(await transverses(app, h.Fournisseur, 'consulter/information/siret', { siretStructure: inconnu }), erreurs.SIRET_INCONNU_INSEE.codeRetour, 'siretStructure');
    expectRefus(await transverses(app, h.Fournisseur, 'consulter/information/siret', {}), erreurs.CHAMP_OBLIGATOIRE.codeRetour, 'siretStructure');
  });
});
