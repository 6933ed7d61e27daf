import { and, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { structures } from '../../src/db/schema/index.js';
import { validerXmlEspd } from '../../src/modules/dume/espd.js';
import { admin, buildTestApp, createSandbox, token, type TestSandbox } from '../helpers/app.js';
import { textePdf } from './pdf-texte.js';

/**
 * The DUME half-day of the course, told end to end through the API (`/dume/…`) and the control
 * plane standing in for the portal. Expectations come from the reference (chorus-domain §15,
 * complements §3) and the matelas scenario, not from the code.
 */

let app: FastifyInstance;
let sandbox: TestSandbox;
let bearer: Record<string, string>;

const structure = (sandboxId: string, entite: string) =>
  app.db.select().from(structures).where(and(eq(structures.sandboxId, sandboxId), eq(structures.entite, entite))).get()!;

const dume = (api: 'dumeA' | 'dumeOE' | 'donnees', body: Record<string, unknown>, headers = bearer) =>
  app.inject({ method: 'POST', url: `/dume/${api}`, headers, payload: body });

const cp = (method: 'GET' | 'POST', url: string, payload?: Record<string, unknown>) =>
  app.inject({ method, url: `/_sandbox/sandboxes/${sandbox.id}${url}`, headers: admin, ...(payload ? { payload } : {}) });

const b64 = (s: string) => Buffer.from(s, 'base64');

beforeAll(async () => {
  app = await buildTestApp();
  sandbox = await createSandbox(app, { scenario: 'matelas', seed: 17 });
  bearer = { authorization: `Bearer ${await token(app, sandbox)}` };
});
afterAll(async () => app.close());

describe('the matelas holds a buyer’s DUME A, so the merge exercise works out of the box', () => {
  it('dumeA rechercherDumes by consultation finds it, with the buyer of the matelas', async () => {
    const res = await dume('dumeA', { operation: 'rechercherDumes', idConsultation: 'CONS-2026-TOITURE' });
    expect(res.statusCode).toBe(200);
    const { listeDumes, nombreResultats } = res.json();
    expect(nombreResultats).toBe(1);
    expect(listeDumes[0]).toMatchObject({ typeDume: 'DUME_A', raisonSociale: 'COMMUNE DE SAINT-EXEMPLE', idConsultation: 'CONS-2026-TOITURE' });
    expect(listeDumes[0].idDume).toMatch(/^[a-z0-9]{8}$/);
  });
});

describe('exercise 1: a buyer creates a DUME A', () => {
  it('full, with chosen selection criteria, then exports its XML (a valid ESPD Request)', async () => {
    const acheteur = structure(sandbox.id, 'Destinataire sans paramètre');
    const res = await cp('POST', `/structures/${acheteur.id}/dumes/acheteur`, {
      acheteur: { idConsultation: 'CONS-EXO-1', referenceMarche: 'AO-2026-04', objetMarche: 'Entretien des espaces verts', typeProcedure: 'OUVERTE', natureMarche: 'SERVICES', numeroAvisJOUE: '2026/S 045-123456' },
      criteresSelection: ['gen-year-to', 'service-perform', 'qualification'],
    });
    expect(res.statusCode).toBe(201);
    const { idDume, metadonnees, contenu } = res.json();
    expect(metadonnees).toMatchObject({ siret: acheteur.identifiant, raisonSociale: 'COMMUNE DE SAINT-EXEMPLE', typeDume: 'DUME_A' });
    expect(contenu.criteresExclusion.length).toBeGreaterThanOrEqual(20);
    const xml = await dume('dumeA', { operation: 'recupererDumeFormate', idDume, format: 2 });
    expect(xml.statusCode).toBe(200);
    const texte = b64(xml.json().dume).toString('utf8');
    expect(validerXmlEspd(texte)).toBeNull();
    expect(texte).toContain('2026/S 045-123456');
  });
  it('simplified: only chiffre d’affaires and effectifs', async () => {
    const acheteur = structure(sandbox.id, 'Destinataire sans paramètre');
    const res = await cp('POST', `/structures/${acheteur.id}/dumes/acheteur`, {
      acheteur: { referenceMarche: 'MAPA-2026-09', objetMarche: 'Fournitures de bureau', typeProcedure: 'ADAPTEE' },
      simplifie: true,
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().contenu.criteresSelection).toEqual(['gen-year-to', 'year-manpower']);
    const pdf = await dume('dumeA', { operation: 'recupererDumeFormate', idDume: res.json().idDume, format: 1 });
    expect(textePdf(b64(pdf.json().dume))).toContain('DUME simplifié');
  });
});

describe('exercises 2–5: a company’s DUME type, the merge, the groupement, the export', () => {
  let siret: string;
  let idType: string;
  let idFusion: string;

  it('the company’s published and unpublished data', async () => {
    siret = structure(sandbox.id, 'Fournisseur').identifiant;
    const publiees = (await dume('donnees', { operation: 'recupererDonneesOE', siretOE: siret, typeDonnees: 1 })).json().donneesOE;
    expect(publiees).toMatchObject({ siret, raisonSociale: 'ATELIER DUPONT ET FILS', ville: 'Nantes', chiffreAffaires: null });
    const toutes = (await dume('donnees', { operation: 'recupererDonneesOE', siretOE: siret, typeDonnees: 2 })).json().donneesOE;
    expect(toutes.chiffreAffaires).toBeGreaterThan(0);
    expect(toutes.effectifs).toBeGreaterThan(0);
  });

  it('creates its DUME type from its SIRET, completes it, finds it again, views it as PDF', async () => {
    const cree = await cp('POST', '/dumes/operateur', { siretOE: siret, typeDonnees: 2, dumeType: true });
    expect(cree.statusCode).toBe(201);
    idType = cree.json().idDume;
    expect(cree.json().contenu.entreprise.raisonSociale).toBe('ATELIER DUPONT ET FILS');
    const complete = await cp('POST', `/dumes/${idType}/reponses`, {
      selection: { 'work-perform': 'Couverture de trois écoles (2023–2025)', 'indem-insu': 2000000 },
    });
    expect(complete.statusCode).toBe(200);

    const trouves = (await dume('dumeOE', { operation: 'rechercherDumes', siretOE: siret })).json().listeDumes;
    expect(trouves.map((d: { idDume: string }) => d.idDume)).toContain(idType);
    expect(trouves.find((d: { idDume: string }) => d.idDume === idType).dumeType).toBe(true);

    const pdf = await dume('dumeOE', { operation: 'recupererDumeFormate', idDume: idType, format: 1 });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.json().nomFichier).toMatch(/\.pdf$/);
    const texte = textePdf(b64(pdf.json().dume));
    expect(texte).toContain('ATELIER DUPONT ET FILS');
    expect(texte).toContain('DUME type réutilisable');
  });

  it('merges the buyer’s DUME A of the matelas with its data: the buyer’s criteria, its own answers', async () => {
    const a = (await dume('dumeA', { operation: 'rechercherDumes', idConsultation: 'CONS-2026-TOITURE' })).json().listeDumes[0];
    const res = await dume('dumeOE', { operation: 'FusionnerDumeAvecDonneesEntreprise', idDume: a.idDume, siretOE: siret, typeDonnees: 2 });
    expect(res.statusCode).toBe(200);
    idFusion = res.json().idDume;
    expect(idFusion).not.toBe(a.idDume);
    const xml = b64(res.json().dume).toString('utf8');
    expect(validerXmlEspd(xml)).toBeNull();
    expect(xml).toContain('Couverture de trois écoles');
    expect(xml).toContain('ATELIER DUPONT ET FILS');
    // The buyer's DUME A is referenced by the answer.
    expect(xml).toContain(`>${a.idDume}</cbc:ID><cbc:DocumentTypeCode`);
    const lu = (await cp('GET', `/dumes/${idFusion}`)).json();
    expect(lu.metadonnees).toMatchObject({ idDumeA: a.idDume, idConsultation: 'CONS-2026-TOITURE', typeDume: 'DUME_OE' });
  });

  it('the same merge from the DUME A’s XML instead of its identifier', async () => {
    const a = (await dume('dumeA', { operation: 'rechercherDumes', idConsultation: 'CONS-2026-TOITURE' })).json().listeDumes[0];
    const xmlA = (await dume('dumeA', { operation: 'recupererDumeFormate', idDume: a.idDume, format: 2 })).json().dume;
    const res = await dume('dumeOE', { operation: 'FusionnerDumeAvecDonnesEntreprise', dumeA: xmlA, siretOE: siret });
    expect(res.statusCode).toBe(200);
    expect(b64(res.json().dume).toString('utf8')).toContain('CONS-2026-TOITURE');
  });

  it('declares a groupement: itself mandataire, a member and a sub-contractor, each with its DUME', async () => {
    const moe = structure(sandbox.id, 'MOE');
    const moa = structure(sandbox.id, 'MOA');
    const membre = (await cp('POST', '/dumes/operateur', { siretOE: moe.identifiant })).json().idDume;
    const sousTraitant = (await cp('POST', '/dumes/operateur', { siretOE: moa.identifiant })).json().idDume;
    const res = await cp('POST', `/dumes/${idFusion}/groupement`, {
      role: 'MANDATAIRE',
      nom: 'Groupement Toiture Saint-Exemple',
      membres: [
        { identifiantDume: membre, role: 'MEMBRE_GROUPEMENT' },
        { identifiantDume: sousTraitant, role: 'SOUS_TRAITANT' },
      ],
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().contenu.groupement.membres[0]).toMatchObject({ siret: moe.identifiant, raisonSociale: moe.raisonSociale });

    const xml = await cp('GET', `/dumes/${idFusion}/export?format=xml`);
    expect(xml.statusCode).toBe(200);
    expect(xml.headers['content-type']).toMatch(/application\/xml/);
    expect(validerXmlEspd(xml.body)).toBeNull();
    expect(xml.body).toMatch(/<cbc:RoleCode[^>]*>group-lead</);
    expect(xml.body).toContain('Groupement Toiture Saint-Exemple');
    expect(xml.body).toContain(`>${membre}</cbc:ID><cbc:DocumentDescription>group-mem`);
    expect(xml.body).toContain(`>${sousTraitant}</cbc:ID><cbc:DocumentDescription>subcont`);

    const pdf = await cp('GET', `/dumes/${idFusion}/export?format=pdf`);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(textePdf(pdf.rawPayload)).toContain('Rôle : Mandataire du groupement');
  });

  it('saves a DUME OE edited in its own software (enregistrerDume): the XML round-trips, a draft is replaced in place', async () => {
    const xml = b64((await dume('dumeOE', { operation: 'recupererDumeFormate', idDume: idFusion, format: 2 })).json().dume).toString('utf8');
    const modifie = xml.replace('Couverture de trois écoles', 'Couverture de quatre écoles');
    const remplace = await dume('dumeOE', { operation: 'enregistrerDume', idDume: idFusion, Dume: Buffer.from(modifie).toString('base64') });
    expect(remplace.statusCode, remplace.body).toBe(200);
    expect(remplace.json().idDume).toBe(idFusion);
    const lu = (await cp('GET', `/dumes/${idFusion}`)).json().contenu;
    expect(lu.reponsesSelection['work-perform']).toBe('Couverture de quatre écoles (2023–2025)');
    expect(lu.role).toBe('MANDATAIRE');
    expect(lu.groupement.membres).toHaveLength(2);
    expect(lu.dumeAcheteur.acheteur.idConsultation).toBe('CONS-2026-TOITURE');

    const nouveau = await dume('dumeOE', { operation: 'enregistrerDume', Dume: Buffer.from(modifie).toString('base64') });
    expect(nouveau.json().idDume).not.toBe(idFusion);
    const xmlA = (await dume('dumeA', { operation: 'rechercherDumes', idConsultation: 'CONS-2026-TOITURE' })).json().listeDumes[0].idDume;
    const pasOE = await dume('dumeOE', { operation: 'enregistrerDume', Dume: (await dume('dumeA', { operation: 'recupererDumeFormate', idDume: xmlA, format: 2 })).json().dume });
    expect(pasOE.statusCode).toBe(400);
    expect(pasOE.json()).toMatchObject({ codeRetour: 20508, libelle: expect.stringContaining('DUME acheteur') });
  });

  it('a groupement with two mandataires is refused', async () => {
    const autre = (await cp('POST', '/dumes/operateur', { siretOE: siret })).json().idDume;
    const res = await cp('POST', `/dumes/${autre}/groupement`, { role: 'MANDATAIRE', membres: [{ identifiantDume: idFusion, role: 'MANDATAIRE' }] });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ codeRetour: 20512 });
  });

  it('the buyer downloads the DUME OEs answering its DUME A, each with XML and PDF', async () => {
    const a = (await dume('dumeA', { operation: 'rechercherDumes', idConsultation: 'CONS-2026-TOITURE' })).json().listeDumes[0];
    const res = await dume('dumeA', { operation: 'telechargerDumeAvecPJ', idDume: a.idDume });
    expect(res.statusCode).toBe(200);
    const ids = res.json().dumesOE.map((d: { metadonnees: { idDume: string } }) => d.metadonnees.idDume);
    expect(ids).toContain(idFusion);
    expect(b64(res.json().dumesOE[0].pdf).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('a blank model from recupererModelDume is a valid ESPD Response', async () => {
    const res = await dume('dumeOE', { operation: 'recupererModelDume' });
    expect(res.statusCode).toBe(200);
    expect(validerXmlEspd(b64(res.json().dume).toString('utf8'))).toBeNull();
  });
});

describe('bad input: 400 naming the problem, never a 500', () => {
  const refus = async (api: 'dumeA' | 'dumeOE' | 'donnees', body: Record<string, unknown>) => {
    const res = await dume(api, body);
    expect(res.statusCode, res.body).toBe(400);
    return res.json() as { codeRetour: number; libelle: string };
  };
  const xml64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
  const fusion = (champs: Record<string, unknown>) => ({ operation: 'FusionnerDumeAvecDonneesEntreprise', siretOE: structure(sandbox.id, 'Fournisseur').identifiant, ...champs });

  it('both an identifier and an XML', async () => {
    expect(await refus('dumeOE', fusion({ idDume: 'abcdefgh', dumeA: xml64('<a/>') }))).toMatchObject({ codeRetour: 20501 });
  });
  it('neither', async () => {
    expect((await refus('dumeOE', fusion({}))).codeRetour).toBe(20502);
  });
  it('an unknown identifier', async () => {
    expect(await refus('dumeOE', fusion({ idDume: 'zzzzzzzz' }))).toMatchObject({ codeRetour: 20503, libelle: expect.stringContaining('zzzzzzzz') });
    expect((await refus('dumeA', { operation: 'recupererDumeFormate', idDume: 'zzzzzzzz', format: 1 })).codeRetour).toBe(20503);
  });
  it('an XML that is not ESPD, or breaks its schema', async () => {
    expect((await refus('dumeOE', fusion({ dumeA: xml64('<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"/>') }))).codeRetour).toBe(20508);
    const casse = `<QualificationApplicationRequest xmlns="urn:oasis:names:specification:ubl:schema:xsd:QualificationApplicationRequest-2"><Intrus/></QualificationApplicationRequest>`;
    expect(await refus('dumeOE', fusion({ dumeA: xml64(casse) }))).toMatchObject({ codeRetour: 20509, libelle: expect.stringContaining('Intrus') });
    expect((await refus('dumeOE', fusion({ dumeA: xml64('<pas<du xml') }))).codeRetour).toBe(20507);
    expect((await refus('dumeOE', fusion({ dumeA: '%%% pas du base64 %%%' }))).codeRetour).toBe(20504);
  });
  it('an XML bomb or an external entity', async () => {
    const niveaux = Array.from({ length: 9 }, (_, i) => `<!ENTITY e${i + 1} "${`&e${i};`.repeat(10)}">`).join('');
    const bombe = `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY e0 "ha">${niveaux}]><r>&e9;</r>`;
    expect((await refus('dumeOE', fusion({ dumeA: xml64(bombe) }))).codeRetour).toBe(20506);
    const xxe = `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>`;
    expect((await refus('dumeOE', fusion({ dumeA: xml64(xxe) }))).codeRetour).toBe(20506);
  });
  it('an XML over 1 MiB, refused before it is decoded', async () => {
    expect((await refus('dumeOE', fusion({ dumeA: 'QUFB'.repeat(400_000) }))).codeRetour).toBe(20505);
  });
  it('an unknown operation, a wrong format, an unknown SIRET, a bad idPlateforme', async () => {
    expect((await refus('dumeA', { operation: 'supprimerTout' })).libelle).toContain('operation');
    expect((await refus('dumeA', { operation: 'recupererDumeFormate', idDume: 'abcdefgh', format: 7 })).libelle).toContain('format');
    expect((await refus('donnees', { operation: 'recupererDonneesOE', siretOE: '00000000000000' })).codeRetour).toBe(20514);
    expect((await refus('dumeA', { operation: 'rechercherDumes', typeIdPlateforme: 1, idPlateforme: '123' })).libelle).toContain('idPlateforme');
  });
});

describe('authentication and isolation', () => {
  it('DUME calls go to the sandbox’s request journal', async () => {
    await dume('dumeA', { operation: 'healthCheck' });
    const j = (await cp('GET', '/journal?path=/dume/*')).json();
    expect(j.total).toBeGreaterThan(0);
  });

  it('no PISTE token: 401', async () => {
    const res = await dume('dumeA', { operation: 'healthCheck' }, {});
    expect(res.statusCode).toBe(401);
  });

  it('two sandboxes never see each other’s DUMEs, even built from the same scenario and seed', async () => {
    const autre = await createSandbox(app, { scenario: 'matelas', seed: 17 });
    const autreBearer = { authorization: `Bearer ${await token(app, autre)}` };
    const siret = structure(sandbox.id, 'Fournisseur').identifiant;
    const ici = (await cp('POST', '/dumes/operateur', { siretOE: siret })).json().idDume;
    // The same identifier sequence: the other sandbox has not reached this number, so it is unknown there.
    const la = await dume('dumeA', { operation: 'recupererDumeFormate', idDume: ici, format: 2 }, autreBearer);
    expect(la.statusCode).toBe(400);
    expect(la.json().codeRetour).toBe(20503);
    const listeLa = (await dume('dumeOE', { operation: 'rechercherDumes', siretOE: siret }, autreBearer)).json();
    expect(listeLa.nombreResultats).toBe(0);
    const listeIci = (await dume('dumeOE', { operation: 'rechercherDumes', siretOE: siret })).json();
    expect(listeIci.nombreResultats).toBeGreaterThan(0);
    const cpLa = await app.inject({ method: 'GET', url: `/_sandbox/sandboxes/${autre.id}/dumes?type=DUME_OE`, headers: admin });
    expect(cpLa.json().dumes).toEqual([]);
  });
});
