import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, createSandbox, type TestSandbox } from '../helpers/app.js';
import { compteOf, matelasOf, structureOf } from '../helpers/organisation.js';
import { Navigateur, portailDe, seConnecter } from '../helpers/portail.js';
import type { Matelas } from '../../src/modules/control-plane/matelas.js';

let app: FastifyInstance;
let bac: TestSandbox;
let matelas: Matelas;

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

/** Posts a multipart form (fields and one file) with the navigator's cookies and CSRF token, as a browser does. */
async function postMultipart(nav: Navigateur, chemin: string, champs: Record<string, string>, fichier?: { nom: string; contenu: Buffer; type?: string }, csrf?: string): Promise<LightMyRequestResponse> {
  const interne = nav as unknown as { cookies: Map<string, string>; csrf: string; retenir(r: LightMyRequestResponse): LightMyRequestResponse };
  const limite = '----portail-test-limite';
  const parties: Buffer[] = [];
  for (const [k, v] of Object.entries({ _csrf: csrf ?? interne.csrf, ...champs })) {
    parties.push(Buffer.from(`--${limite}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  }
  if (fichier) {
    parties.push(Buffer.from(`--${limite}\r\nContent-Disposition: form-data; name="fichier"; filename="${fichier.nom}"\r\nContent-Type: ${fichier.type ?? 'application/pdf'}\r\n\r\n`), fichier.contenu, Buffer.from('\r\n'));
  }
  parties.push(Buffer.from(`--${limite}--\r\n`));
  const res = await app.inject({
    method: 'POST',
    url: `${nav.base}${chemin}`,
    headers: { cookie: [...interne.cookies].map(([k, v]) => `${k}=${v}`).join('; '), 'content-type': `multipart/form-data; boundary=${limite}` },
    payload: Buffer.concat(parties),
  });
  return interne.retenir(res);
}

async function connecte(entite: string, sandbox = bac, m = matelas): Promise<Navigateur> {
  const compte = compteOf(m, entite, 'GP');
  const nav = new Navigateur(app, portailDe(sandbox));
  await seConnecter(app, nav, sandbox.id, compte.login, compte.motDePasse);
  return nav;
}

const aujourdhui = () => new Date().toISOString().slice(0, 10);

function champsInitiaux(m: Matelas, numero: string, autres: Record<string, string> = {}): Record<string, string> {
  return {
    idFournisseur: String(structureOf(m, 'Titulaire').idStructureCPP),
    siretMoe: structureOf(m, 'MOE').identifiant,
    idMoa: String(structureOf(m, 'MOA').idStructureCPP),
    siretDestinataire: structureOf(m, 'Destinataire sans paramètre').identifiant,
    numeroMarche: 'MARCHE-PORTAIL-1',
    cadre: 'A4_PROJET_DECOMPTE_MENSUEL_FOURNISSEUR',
    numero,
    dateFacture: aujourdhui(),
    montantHt: '10 000,00',
    montantTva: '2000',
    montantTtc: '12000',
    ...autres,
  };
}

/** The « Pièces à traiter » table of the Synthèse. */
const aTraiter = (page: string) => page.slice(page.indexOf('id="a-traiter"'), page.indexOf('Mes pièces</h2>'));

/** The id in `/factures-travaux/pieces/<id>` of a redirect. */
const idDe = (res: LightMyRequestResponse) => Number(/\/pieces\/(\d+)$/.exec(String(res.headers.location))?.[1]);

beforeAll(async () => {
  app = await buildTestApp();
  bac = await createSandbox(app, { nom: 'portail-travaux' });
  matelas = await matelasOf(app, bac);
});
afterAll(async () => app.close());

describe('portail : Factures de travaux', () => {
  it('la synthèse montre au MOE le projet de décompte mensuel qui l’attend, et ses pièces par rôle', async () => {
    const nav = await connecte('MOE');
    const res = await nav.get('/factures-travaux');
    expect(res.statusCode).toBe(200);
    const aTraiter = res.body.slice(res.body.indexOf('id="a-traiter"'), res.body.indexOf('Mes pièces</h2>'));
    expect(aTraiter).toContain('MAT-TRX-001');
    expect(aTraiter).toContain('Projet de décompte mensuel du titulaire (A4)');
    expect(aTraiter).not.toContain('MAT-TRX-003'); // the décompte général waits for the titulaire, not the MOE
    const moa = await nav.get('/factures-travaux?role=MOA');
    expect(moa.body).toContain('Aucune pièce de travaux.');
  });

  it('le dossier montre ses pièces dans l’ordre avec leur nom du glossaire, leur statut et leurs montants', async () => {
    const dossier = matelas.dossiersTravaux.find((d) => d.pieces.some((p) => p.numeroFactureTravaux === 'MAT-TRX-003'))!;
    const nav = await connecte('Fournisseur');
    const res = await nav.get(`/factures-travaux/dossiers/${dossier.idDossierFacturation}`);
    expect(res.statusCode).toBe(200);
    const table = res.body.slice(res.body.indexOf('id="pieces-dossier"'));
    const i7 = table.indexOf('Projet de décompte final du titulaire (A7)');
    const i17 = table.indexOf('Projet de décompte général de la maîtrise d’œuvre (A17)');
    const i20 = table.indexOf('Décompte général de la maîtrise d’ouvrage (A20)');
    expect(i7).toBeGreaterThan(0);
    expect(i17).toBeGreaterThan(i7);
    expect(i20).toBeGreaterThan(i17);
    expect(table).toMatch(/180\s000,00\s€/);
    // The titulaire signs the DG: the piece offers « déposer la pièce de facturation suivante » with the DGD only.
    const a20 = dossier.pieces.find((p) => p.cadreFacturation.startsWith('A20'))!;
    const piece = await nav.get(`/factures-travaux/pieces/${a20.idFactureTravaux}`);
    expect(piece.body).toContain('Déposer la pièce de facturation suivante');
    const suite = await nav.get(`/factures-travaux/deposer?suivante=${a20.idFactureTravaux}`);
    expect(suite.body).toContain('Décompte général et définitif (DGD) signé par le titulaire (A8)');
    expect(suite.body).not.toContain('value="A4_PROJET');
  });

  it('un dépôt incomplet est refusé à côté de chaque champ et garde ce qui a été saisi ; des montants incohérents sont refusés par le service', async () => {
    const nav = await connecte('Titulaire');
    expect((await nav.get('/factures-travaux/deposer')).statusCode).toBe(200);
    const vide = await postMultipart(nav, '/factures-travaux/deposer', { ...champsInitiaux(matelas, ''), montantHt: 'douze' });
    expect(vide.statusCode).toBe(400);
    expect(vide.body).toContain('id="champ-numero-erreur"');
    expect(vide.body).toContain('Le montant HT est un nombre');
    expect(vide.body).toContain('value="douze"');
    expect(vide.body).toContain('id="champ-fichier-erreur"');
    expect(vide.body).toContain(`value="${structureOf(matelas, 'MOE').identifiant}"`);

    const pasPdf = await postMultipart(nav, '/factures-travaux/deposer', champsInitiaux(matelas, 'TIT-PAS-PDF'), { nom: 'note.txt', contenu: Buffer.from('bonjour'), type: 'text/plain' });
    expect(pasPdf.statusCode).toBe(400);
    expect(pasPdf.body).toMatch(/id="champ-fichier-erreur">[^<]*PDF/);

    const incoherent = await postMultipart(nav, '/factures-travaux/deposer', champsInitiaux(matelas, 'TIT-INCOH', { montantTtc: '12500' }), { nom: 'pdm.pdf', contenu: PDF });
    expect(incoherent.statusCode).toBe(400);
    expect(incoherent.body).toMatch(/id="champ-montantTtc-erreur">[^<]*incohérents/);
    expect(incoherent.body).toContain('value="TIT-INCOH"');

    const moeInconnue = await postMultipart(nav, '/factures-travaux/deposer', champsInitiaux(matelas, 'TIT-MOE', { siretMoe: '00000000000000' }), { nom: 'pdm.pdf', contenu: PDF });
    expect(moeInconnue.statusCode).toBe(400);
    expect(moeInconnue.body).toContain('id="champ-siretMoe-erreur"');

    const sansCsrf = await postMultipart(nav, '/factures-travaux/deposer', champsInitiaux(matelas, 'TIT-CSRF'), { nom: 'pdm.pdf', contenu: PDF }, 'jeton-forge');
    expect(sansCsrf.statusCode).toBe(403);
    expect((await nav.get('/factures-travaux')).body).not.toContain('TIT-CSRF');
  });

  it('titulaire, MOE et MOA font avancer un dossier ; « Erreur de montant » est refusée avec son explication', async () => {
    const titulaire = await connecte('Titulaire');
    await titulaire.get('/factures-travaux/deposer');
    const depot = await postMultipart(titulaire, '/factures-travaux/deposer', champsInitiaux(matelas, 'TIT-2026-01'), { nom: 'pdm.pdf', contenu: PDF });
    expect(depot.statusCode).toBe(303);
    const idA4 = idDe(depot);
    const vue = await titulaire.suivre(depot);
    expect(vue.body).toContain('La pièce n° TIT-2026-01 est déposée');
    expect(vue.body).toContain('Projet de décompte mensuel du titulaire (A4) n° TIT-2026-01');
    expect(vue.body).toContain('Cette pièce n’attend aucune action de votre part.');

    const moe = await connecte('MOE');
    const pieceMoe = await moe.get(`/factures-travaux/pieces/${idA4}`);
    expect(pieceMoe.body).toContain('Prendre en compte');
    expect(pieceMoe.body).toContain('Erreur de montant');
    const montant = await moe.post(`/factures-travaux/pieces/${idA4}/refuser`, { motif: 'ERREUR_MONTANT', commentaireRefus: 'Montant trop élevé' });
    expect(montant.statusCode).toBe(400);
    expect(montant.body).toMatch(/id="champ-motif-erreur">[^<]*ne peut pas être refusée pour une erreur de montant/);
    expect(montant.body).toContain('Montant trop élevé');
    expect((await moe.post(`/factures-travaux/pieces/${idA4}/refuser`, {})).statusCode).toBe(400);
    expect((await moe.post(`/factures-travaux/pieces/${idA4}/demander-complement`, { commentaireComplement: '' })).body).toContain('id="champ-commentaireComplement-erreur"');

    expect((await moe.post(`/factures-travaux/pieces/${idA4}/prendre-en-compte`)).statusCode).toBe(303);
    const priseEnCompte = await moe.suivre();
    expect(priseEnCompte.body).toContain('La pièce est prise en compte.');
    expect(priseEnCompte.body).toContain('Déposer la pièce de facturation suivante');
    // A second « prendre en compte » is refused by the service, beside the form.
    const deux = await moe.post(`/factures-travaux/pieces/${idA4}/prendre-en-compte`);
    expect(deux.statusCode).toBe(400);

    const formulaire = await moe.get(`/factures-travaux/deposer?suivante=${idA4}`);
    expect(formulaire.body).toContain('État d’acompte de la maîtrise d’œuvre (A15)');
    const ea = await postMultipart(moe, `/factures-travaux/deposer?suivante=${idA4}`, { suivante: String(idA4), cadre: 'A15_ETAT_ACOMPTE_MOE', numero: 'TIT-2026-01-EA', dateFacture: aujourdhui(), montantHt: '9500', montantTva: '1900', montantTtc: '11400' }, { nom: 'ea.pdf', contenu: PDF });
    expect(ea.statusCode).toBe(303);
    const idA15 = idDe(ea);

    const moa = await connecte('MOA');
    const synthese = await moa.get('/factures-travaux');
    expect(synthese.body.slice(synthese.body.indexOf('id="a-traiter"'))).toContain('TIT-2026-01-EA');
    const pieceMoa = await moa.get(`/factures-travaux/pieces/${idA15}`);
    expect(pieceMoa.body).toMatch(/11\s400,00\s€/);
    expect((await moa.post(`/factures-travaux/pieces/${idA15}/prendre-en-compte`)).statusCode).toBe(303);
    const eav = await postMultipart(moa, `/factures-travaux/deposer?suivante=${idA15}`, { suivante: String(idA15), cadre: 'A19_ETAT_ACOMPTE_VALIDE_MOA', numero: 'TIT-2026-01-EAV', dateFacture: aujourdhui(), montantHt: '9500', montantTva: '1900', montantTtc: '11400' }, { nom: 'eav.pdf', contenu: PDF });
    expect(eav.statusCode).toBe(303);

    const dossier = await titulaire.get(`/factures-travaux/pieces/${idA4}`);
    const idDossier = /\/dossiers\/(\d+)/.exec(dossier.body)![1];
    const vueDossier = await titulaire.get(`/factures-travaux/dossiers/${idDossier}`);
    expect(vueDossier.body).toContain('État d’acompte validé par la maîtrise d’ouvrage (A19)');
    expect(vueDossier.body.indexOf('TIT-2026-01-EA<')).toBeGreaterThan(vueDossier.body.indexOf('TIT-2026-01<'));
  });

  it('la MOE d’un autre marché ne peut ouvrir ni le dossier ni la pièce par leur identifiant', async () => {
    // The Titulaire opens a contract whose MOE is the Valideur's structure.
    const titulaire = await connecte('Titulaire');
    await titulaire.get('/factures-travaux/deposer');
    const depot = await postMultipart(titulaire, '/factures-travaux/deposer', champsInitiaux(matelas, 'TIT-AUTRE', { siretMoe: structureOf(matelas, 'Valideur').identifiant }), { nom: 'pdm.pdf', contenu: PDF });
    expect(depot.statusCode).toBe(303);
    const autreMoe = await connecte('Valideur');
    expect((await autreMoe.get('/factures-travaux')).body).toContain('TIT-AUTRE');

    const dossier = matelas.dossiersTravaux.find((d) => d.pieces.some((p) => p.numeroFactureTravaux === 'MAT-TRX-001'))!;
    const refus = await autreMoe.get(`/factures-travaux/dossiers/${dossier.idDossierFacturation}`);
    expect([400, 403, 404]).toContain(refus.statusCode);
    expect(refus.body).not.toContain('MAT-TRX-001');
    expect(refus.body).toContain('ni titulaire, ni maîtrise');
    const piece = await autreMoe.get(`/factures-travaux/pieces/${dossier.pieces[0]!.idFactureTravaux}`);
    expect([400, 403, 404]).toContain(piece.statusCode);
    expect(piece.body).not.toContain('MAT-TRX-001');
    const action = await autreMoe.post(`/factures-travaux/pieces/${dossier.pieces[0]!.idFactureTravaux}/prendre-en-compte`);
    expect([400, 403, 404]).toContain(action.statusCode);
    expect((await autreMoe.get('/factures-travaux/dossiers/abc')).statusCode).toBe(400);
    expect((await autreMoe.get('/factures-travaux/pieces/999999')).statusCode).toBe(400);
  });

  it('le PDF déposé se télécharge depuis la pièce et le dossier, octet pour octet ; pas par la MOE d’un autre marché', async () => {
    const titulaire = await connecte('Titulaire');
    await titulaire.get('/factures-travaux/deposer');
    const octets = Buffer.concat([PDF, Buffer.from(`% décompte ${Date.now()}\n`)]);
    const id = idDe(await postMultipart(titulaire, '/factures-travaux/deposer', champsInitiaux(matelas, 'TIT-PDF'), { nom: 'décompte n°1.pdf', contenu: octets }));
    const vue = await titulaire.get(`/factures-travaux/pieces/${id}`);
    expect(vue.body).toContain(`href="${titulaire.base}/factures-travaux/pieces/${id}/pdf"`);
    const idDossier = Number(/\/factures-travaux\/dossiers\/(\d+)/.exec(vue.body)?.[1]);
    const dossier = await titulaire.get(`/factures-travaux/dossiers/${idDossier}`);
    expect(dossier.body.slice(dossier.body.indexOf('id="pieces-dossier"'))).toContain(`/factures-travaux/pieces/${id}/pdf`);

    const pdf = await titulaire.get(`/factures-travaux/pieces/${id}/pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toContain('application/pdf');
    expect(pdf.headers['content-disposition']).toBe(`attachment; filename="d_compte n_1.pdf"; filename*=UTF-8''d%C3%A9compte%20n%C2%B01.pdf`);
    expect(pdf.rawPayload.equals(octets)).toBe(true);
    // The MOE and the MOA of the dossier read it too.
    expect((await (await connecte('MOE')).get(`/factures-travaux/pieces/${id}/pdf`)).rawPayload.equals(octets)).toBe(true);
    expect((await (await connecte('MOA')).get(`/factures-travaux/pieces/${id}/pdf`)).rawPayload.equals(octets)).toBe(true);
    // So does the dossier's service financier.
    expect((await (await connecte('Destinataire sans paramètre')).get(`/factures-travaux/pieces/${id}/pdf`)).rawPayload.equals(octets)).toBe(true);

    // A MOE of another contract (the Valideur's structure) gets the refusal page, never the bytes.
    const autre = await connecte('Valideur');
    const refus = await autre.get(`/factures-travaux/pieces/${id}/pdf`);
    expect([400, 403, 404]).toContain(refus.statusCode);
    expect(refus.headers['content-type']).toContain('text/html');
    expect(refus.body).not.toContain('%PDF');
    expect(refus.body).toContain('ni titulaire, ni maîtrise');
    expect((await autre.get('/factures-travaux/pieces/abc/pdf')).statusCode).toBe(400);
    expect((await autre.get('/factures-travaux/pieces/999999/pdf')).statusCode).toBe(400);
  });

  it('un bac à sable ne voit pas les dossiers d’un autre, même jumeau', async () => {
    const titulaire = await connecte('Titulaire');
    await titulaire.get('/factures-travaux/deposer');
    const depot = await postMultipart(titulaire, '/factures-travaux/deposer', champsInitiaux(matelas, 'TIT-ISOLE'), { nom: 'pdm.pdf', contenu: PDF });
    const id = idDe(depot);
    const jumeau = await createSandbox(app, { nom: 'portail-travaux-jumeau', seed: bac.seed });
    const m2 = await matelasOf(app, jumeau);
    const ailleurs = await connecte('Titulaire', jumeau, m2);
    expect((await ailleurs.get('/factures-travaux')).body).not.toContain('TIT-ISOLE');
    const res = await ailleurs.get(`/factures-travaux/pieces/${id}`);
    expect(res.statusCode).toBe(400);
    expect(res.body).not.toContain('TIT-ISOLE');
  });

  it('la MOE demande à compléter ; le titulaire complète et la pièce revient à la MOE', async () => {
    const titulaire = await connecte('Titulaire');
    await titulaire.get('/factures-travaux/deposer');
    const id = idDe(await postMultipart(titulaire, '/factures-travaux/deposer', champsInitiaux(matelas, 'TIT-COMPL'), { nom: 'pdm.pdf', contenu: PDF }));
    const moe = await connecte('MOE');
    await moe.get(`/factures-travaux/pieces/${id}`);
    const demande = await moe.post(`/factures-travaux/pieces/${id}/demander-complement`, { commentaireComplement: 'Joindre le métré du lot 2' });
    expect(demande.statusCode).toBe(303);
    expect((await moe.suivre(demande)).body).toContain('Le complément est demandé au déposant.');

    // The titulaire finds it among his « Pièces à traiter », with what is expected of him; the MOE no longer does.
    const aCompleter = aTraiter((await titulaire.get('/factures-travaux')).body);
    expect(aCompleter).toContain('TIT-COMPL');
    expect(aCompleter).toContain('Titulaire (fournisseur) — À compléter');
    expect(aTraiter((await moe.get('/factures-travaux')).body)).not.toContain('TIT-COMPL');

    const vue = await titulaire.get(`/factures-travaux/pieces/${id}`);
    expect(vue.body).toContain('Joindre le métré du lot 2');
    expect(vue.body).toContain('Titulaire (fournisseur) — À compléter');
    expect(vue.body).toContain('Compléter la pièce');
    const complete = await titulaire.post(`/factures-travaux/pieces/${id}/completer`, { commentaireCompleter: 'Métré joint' });
    expect(complete.statusCode).toBe(303);
    expect((await titulaire.suivre(complete)).body).toContain('Cette pièce n’attend aucune action de votre part.');
    expect(aTraiter((await titulaire.get('/factures-travaux')).body)).not.toContain('TIT-COMPL');
    expect((await moe.get(`/factures-travaux/pieces/${id}`)).body).toContain('Prendre en compte');
  });

  it('un fichier au-delà de 10 Mo est refusé sans erreur du serveur', async () => {
    const titulaire = await connecte('Titulaire');
    await titulaire.get('/factures-travaux/deposer');
    const gros = Buffer.concat([PDF, Buffer.alloc(10 * 1024 * 1024 + 10, 32)]);
    const res = await postMultipart(titulaire, '/factures-travaux/deposer', champsInitiaux(matelas, 'TIT-GROS'), { nom: 'gros.pdf', contenu: gros });
    expect(res.statusCode).toBeGreaterThanOrEqual(400);
    expect(res.statusCode).toBeLessThan(500);
    expect((await titulaire.get('/factures-travaux')).body).not.toContain('TIT-GROS');
  });

  it('un utilisateur qui n’est pas abonné à l’espace « Factures de travaux » est refusé', async () => {
    const autre = await createSandbox(app, { nom: 'portail-travaux-abonnement' });
    const m = await matelasOf(app, autre);
    const us = compteOf(m, 'MOE', 'US');
    app.db.$client
      .prepare("UPDATE abonnements_espaces SET etat = 'SUPPRIME' WHERE sandbox_id = ? AND code_espace = 3 AND utilisateur_id = (SELECT id FROM utilisateurs WHERE sandbox_id = ? AND login = ?)")
      .run(autre.id, autre.id, us.login);
    const nav = new Navigateur(app, portailDe(autre));
    await seConnecter(app, nav, autre.id, us.login, us.motDePasse);
    const res = await nav.get('/factures-travaux');
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('Vous n’êtes pas abonné à l’espace « Factures de travaux »');
    expect(res.body).not.toContain('MAT-TRX-001');
    expect((await nav.get('/sollicitations-emises')).statusCode).toBe(200);
  });

  it('une pièce adressée à la mauvaise MOE : celle-ci demande le recyclage, le titulaire corrige la MOE et la pièce arrive à la bonne', async () => {
    const titulaire = await connecte('Titulaire');
    await titulaire.get('/factures-travaux/deposer');
    const id = idDe(await postMultipart(titulaire, '/factures-travaux/deposer', champsInitiaux(matelas, 'TIT-RECY', { siretMoe: structureOf(matelas, 'Valideur').identifiant }), { nom: 'pdm.pdf', contenu: PDF }));
    const mauvaise = await connecte('Valideur');
    expect((await mauvaise.get(`/factures-travaux/pieces/${id}`)).body).toContain('Demander le recyclage');
    const sansMotif = await mauvaise.post(`/factures-travaux/pieces/${id}/demander-recyclage`, { commentaireRecyclage: '' });
    expect(sansMotif.statusCode).toBe(400);
    expect(sansMotif.body).toContain('id="champ-commentaireRecyclage-erreur"');
    expect((await mauvaise.post(`/factures-travaux/pieces/${id}/demander-recyclage`, { commentaireRecyclage: 'Nous ne sommes pas la MOE de ce marché' })).statusCode).toBe(303);

    const aRecycler = aTraiter((await titulaire.get('/factures-travaux')).body);
    expect(aRecycler).toContain('TIT-RECY');
    expect(aRecycler).toContain('Titulaire (fournisseur) — À recycler');
    expect(aTraiter((await mauvaise.get('/factures-travaux')).body)).not.toContain('TIT-RECY');

    const vue = await titulaire.get(`/factures-travaux/pieces/${id}`);
    expect(vue.body).toContain('Recycler : corriger le destinataire de la pièce');
    const inconnue = await titulaire.post(`/factures-travaux/pieces/${id}/recycler`, { siretMoe: '00000000000000' });
    expect(inconnue.statusCode).toBe(400);
    expect(inconnue.body).toContain('id="champ-siretMoe-erreur"');
    expect(inconnue.body).toContain('value="00000000000000"');
    const recycle = await titulaire.post(`/factures-travaux/pieces/${id}/recycler`, { siretMoe: structureOf(matelas, 'MOE').identifiant, commentaireRecyclage: 'Bonne MOE' });
    expect(recycle.statusCode).toBe(303);
    expect((await titulaire.suivre(recycle)).body).toContain('La pièce est recyclée');
    const moe = await connecte('MOE');
    const synthese = await moe.get('/factures-travaux');
    expect(synthese.body.slice(synthese.body.indexOf('id="a-traiter"'), synthese.body.indexOf('Mes pièces</h2>'))).toContain('TIT-RECY');
  });
});
