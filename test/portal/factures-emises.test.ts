import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { abonnementsEspaces } from '../../src/db/schema/index.js';
import { PDFDocument } from 'pdf-lib';
import { admin, buildTestApp, createSandbox, type TestSandbox } from '../helpers/app.js';
import { acteurs, deposer, structure, traiter } from '../helpers/factures.js';
import { compteOf, matelasOf } from '../helpers/organisation.js';
import { Navigateur, portailDe, seConnecter } from '../helpers/portail.js';

let app: FastifyInstance;
let bac: TestSandbox;
let nav: Navigateur;
let fournisseurId: number;
let siretSansParametre: string;
let siretServiceObligatoire: string;

beforeAll(async () => {
  app = await buildTestApp();
  bac = await createSandbox(app, { nom: 'portail-factures-emises' });
  const gp = compteOf(await matelasOf(app, bac), 'Fournisseur', 'GP');
  nav = new Navigateur(app, portailDe(bac));
  await seConnecter(app, nav, bac.id, gp.login, gp.motDePasse);
  fournisseurId = structure(app, bac.id, 'Fournisseur').id;
  siretSansParametre = structure(app, bac.id, 'Destinataire sans paramètre').identifiant;
  siretServiceObligatoire = structure(app, bac.id, 'Destinataire avec service obligatoire').identifiant;
});
afterAll(async () => app.close());

let numero = 0;
function facture(extra: Record<string, string> = {}): Record<string, string> {
  numero += 1;
  return {
    cadre: 'A1_FACTURE_FOURNISSEUR',
    idFournisseur: String(fournisseurId),
    codeDestinataire: siretSansParametre,
    numeroFacture: `PORTAIL-${numero}`,
    dateFacture: '2026-11-20',
    designation1: 'Maintenance',
    quantite1: '2',
    prix1: '100',
    taux1: 'TVA2',
    designation2: 'Livres',
    quantite2: '3',
    prix2: '10,50',
    taux2: 'TVA4',
    ...extra,
  };
}

async function controle(idFacture: number) {
  const res = await app.inject({ method: 'GET', url: `/_sandbox/sandboxes/${bac.id}/factures/${idFacture}`, headers: admin });
  return res.json();
}

async function pdfMinimal(): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.addPage().drawText('Facture PDF 42');
  return Buffer.from(await doc.save());
}

function multipart(champs: Record<string, string>, fichier?: { nom: string; type: string; contenu: Buffer }) {
  const limite = '----portail' + Math.random().toString(16).slice(2);
  const parties: Buffer[] = [];
  for (const [k, v] of Object.entries(champs)) parties.push(Buffer.from(`--${limite}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  if (fichier) {
    parties.push(Buffer.from(`--${limite}\r\nContent-Disposition: form-data; name="fichier"; filename="${fichier.nom}"\r\nContent-Type: ${fichier.type}\r\n\r\n`), fichier.contenu, Buffer.from('\r\n'));
  }
  parties.push(Buffer.from(`--${limite}--\r\n`));
  return { corps: Buffer.concat(parties), type: `multipart/form-data; boundary=${limite}` };
}

/** The session cookie the helper browser keeps (its getter is private to the helper's type only). */
const cookieDe = (n: Navigateur) => (n as unknown as { cookie: string }).cookie;

async function postMultipart(chemin: string, champs: Record<string, string>, fichier?: { nom: string; type: string; contenu: Buffer }) {
  const page = await nav.get('/factures-emises/depot-pdf');
  const jeton = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
  const cookie = cookieDe(nav);
  const m = multipart({ _csrf: jeton, ...champs }, fichier);
  return app.inject({ method: 'POST', url: `${portailDe(bac)}${chemin}`, headers: { cookie, 'content-type': m.type }, payload: m.corps });
}

describe('portail : factures émises', () => {
  it('la saisie calcule les totaux par taux, enregistre un brouillon invisible du destinataire, puis l’envoie', async () => {
    await nav.get('/factures-emises/saisie');
    const calcul = await nav.post('/factures-emises/saisie', { ...facture(), etape: 'calculer' });
    expect(calcul.statusCode).toBe(200);
    // 2 × 100 € at 20 % and 3 × 10,50 € at 5,5 %: 231,50 € HT, 40 + 1,73 € TVA, 273,23 € TTC.
    expect(calcul.body).toMatch(/id="total-ht">231,50\s€/);
    expect(calcul.body).toMatch(/id="total-ttc">273,23\s€/);

    const f = facture();
    const brouillon = await nav.post('/factures-emises/saisie', { ...f, etape: 'enregistrer' });
    expect(brouillon.statusCode).toBe(303);
    const id = Number(/factures-emises\/(\d+)$/.exec(String(brouillon.headers.location))![1]);
    const page = await nav.suivre(brouillon);
    expect(page.body).toContain('Brouillon de la facture');
    expect(page.body).toContain('Valider et envoyer');
    expect((await controle(id)).facture.statut).toBe('BROUILLON');
    // The recipient does not see a draft.
    const { destinataire } = await acteurs(app, bac);
    const recues = await app.inject({ method: 'POST', url: '/cpro/factures/v1/rechercher/recipiendaire', headers: { ...destinataire, 'content-type': 'application/json' }, payload: { numeroFacture: f.numeroFacture } });
    expect(JSON.stringify(recues.json())).not.toContain(f.numeroFacture);

    const envoi = await nav.post(`/factures-emises/${id}/envoyer`);
    expect(envoi.statusCode).toBe(303);
    expect((await controle(id)).facture.statut).toBe('MISE_A_DISPOSITION');
    const fiche = await nav.suivre(envoi);
    expect(fiche.body).toContain('Date d’échéance');
    expect(fiche.body).toContain('Mise à disposition');
  });

  it('une pièce jointe s’ajoute à un brouillon et part avec lui ; plus après l’envoi', async () => {
    await nav.get('/factures-emises/saisie');
    const r = await nav.post('/factures-emises/saisie', { ...facture(), etape: 'enregistrer' });
    const id = Number(/(\d+)$/.exec(String(r.headers.location))![1]);
    const ajout = await postMultipart(`/factures-emises/${id}/pieces-jointes`, { typePieceJointe: 'DEVIS' }, { nom: 'devis.pdf', type: 'application/pdf', contenu: await pdfMinimal() });
    expect(ajout.statusCode, ajout.body).toBe(303);
    const fiche = await nav.get(`/factures-emises/${id}`);
    expect(fiche.body).toMatch(/devis\.pdf<\/td><td>Devis/);
    const sansFichier = await postMultipart(`/factures-emises/${id}/pieces-jointes`, { typePieceJointe: 'DEVIS' });
    expect(sansFichier.statusCode).toBe(400);
    expect(sansFichier.body).toContain('id="champ-fichier-erreur"');
    await nav.get(`/factures-emises/${id}`);
    expect((await nav.post(`/factures-emises/${id}/envoyer`)).statusCode).toBe(303);
    const apres = await postMultipart(`/factures-emises/${id}/pieces-jointes`, {}, { nom: 'autre.pdf', type: 'application/pdf', contenu: await pdfMinimal() });
    expect(apres.statusCode).toBe(400);
    expect(apres.body).toContain('pas un brouillon');
  });

  it('un brouillon supprimé ne bloque plus son numéro', async () => {
    const f = facture();
    await nav.get('/factures-emises/saisie');
    const r = await nav.post('/factures-emises/saisie', { ...f, etape: 'enregistrer' });
    const id = Number(/(\d+)$/.exec(String(r.headers.location))![1]);
    await nav.get(`/factures-emises/${id}`);
    expect((await nav.post(`/factures-emises/${id}/supprimer`)).statusCode).toBe(303);
    expect((await controle(id)).facture.statut).toBe('SUPPRIMEE');
    await nav.get('/factures-emises/saisie');
    expect((await nav.post('/factures-emises/saisie', { ...f, etape: 'envoyer' })).statusCode).toBe(303);
  });

  it('une saisie fautive est refusée à côté du champ, avec le libellé de soumettre, et les valeurs gardées', async () => {
    await nav.get('/factures-emises/saisie');
    const sansDestinataire = await nav.post('/factures-emises/saisie', { ...facture({ codeDestinataire: '' }), etape: 'envoyer' });
    expect(sansDestinataire.statusCode).toBe(400);
    expect(sansDestinataire.body).toMatch(/id="champ-codeDestinataire-erreur">[^<]*destinataire/i);
    expect(sansDestinataire.body).toContain('value="Maintenance"');

    const sansService = await nav.post('/factures-emises/saisie', { ...facture({ codeDestinataire: siretServiceObligatoire }), etape: 'envoyer' });
    expect(sansService.statusCode).toBe(400);
    expect(sansService.body).toMatch(/id="champ-codeServiceExecutant-erreur">[^<]*service/i);
    expect(sansService.body).toContain('le code service est obligatoire'); // the recipient's obligations are shown

    const mauvaisMontant = await nav.post('/factures-emises/saisie', { ...facture({ prix2: 'douze' }), etape: 'envoyer' });
    expect(mauvaisMontant.statusCode).toBe(400);
    expect(mauvaisMontant.body).toContain('id="champ-prix2-erreur"');
    expect(mauvaisMontant.body).toContain('value="douze"');
  });

  it('la recherche dans l’annuaire montre les destinataires et leurs obligations', async () => {
    await nav.get('/factures-emises/saisie');
    const res = await nav.post('/factures-emises/saisie', { ...facture(), recherche: siretServiceObligatoire, etape: 'rechercher' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(siretServiceObligatoire);
    expect(res.body).toContain('Code service obligatoire');
  });

  it('une facture suspendue se voit à la connexion, s’acquitte, se complète ; la mise en paiement montre l’échéance', async () => {
    const { fournisseur, destinataire } = await acteurs(app, bac);
    const id = await deposer(app, bac, fournisseur);
    expect((await traiter(app, destinataire, id, 'SUSPENDUE', { motif: 'Bon de livraison manquant' })).statusCode).toBe(200);
    const accueil = await nav.get('/');
    expect(accueil.body).toContain('à acquitter');
    const liste = await nav.get('/factures-emises/acquittements');
    expect(liste.body).toContain('Bon de livraison manquant');
    expect((await nav.post(`/factures-emises/acquittements/${id}`)).statusCode).toBe(303);
    expect((await nav.get('/factures-emises/acquittements')).body).not.toContain(`acquittements/${id}"`);

    const completer = await postMultipart(`/factures-emises/${id}/completer`, { commentaire: 'Bon de livraison joint', typePieceJointe: 'BON_LIVRAISON' }, { nom: 'bl.pdf', type: 'application/pdf', contenu: await pdfMinimal() });
    expect(completer.statusCode, completer.body).toBe(303);
    expect((await controle(id)).facture.statut).toBe('COMPLETEE');

    expect((await traiter(app, destinataire, id, 'MISE_EN_PAIEMENT')).statusCode).toBe(200);
    const fiche = await nav.get(`/factures-emises/${id}`);
    expect(fiche.body).toContain('Mise en paiement');
    expect(fiche.body).toContain('Date d’échéance');
    expect(fiche.body).toContain('Date de mise en paiement');
    const pdf = await nav.get(`/factures-emises/${id}/facture.pdf`);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const certificat = await nav.get(`/factures-emises/${id}/certificat-depot.pdf`);
    expect(certificat.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('un PDF déposé est pré-rempli, complété puis envoyé ; un fichier qui n’est pas un PDF est refusé', async () => {
    const refus = await postMultipart('/factures-emises/depot-pdf', {}, { nom: 'texte.pdf', type: 'application/pdf', contenu: Buffer.from('pas un pdf') });
    expect(refus.statusCode).toBe(400);
    expect(refus.body).toContain('id="champ-fichier-erreur"');
    const vide = await postMultipart('/factures-emises/depot-pdf', {});
    expect(vide.statusCode).toBe(400);

    const depot = await postMultipart('/factures-emises/depot-pdf', {}, { nom: 'facture-42.pdf', type: 'application/pdf', contenu: await pdfMinimal() });
    expect(depot.statusCode, depot.body).toBe(303);
    const id = Number(/depot-pdf\/(\d+)$/.exec(String(depot.headers.location))![1]);
    expect((await controle(id)).facture.statut).toBe('INTERPRETEE_OCR');
    const form = await nav.get(`/factures-emises/depot-pdf/${id}`);
    expect(form.body).toContain('facture-42.pdf');
    // Another structure's user can neither read nor complete it.
    const autre = compteOf(await matelasOf(app, bac), 'Destinataire 2', 'GP');
    const autreNav = new Navigateur(app, portailDe(bac));
    await seConnecter(app, autreNav, bac.id, autre.login, autre.motDePasse);
    const lu = await autreNav.get(`/factures-emises/depot-pdf/${id}`);
    expect([400, 403, 404]).toContain(lu.statusCode);
    expect(lu.body).not.toContain('facture-42.pdf');
    expect([400, 403, 404]).toContain((await autreNav.post(`/factures-emises/depot-pdf/${id}`, { ...facture(), etape: 'envoyer' })).statusCode);
    expect((await controle(id)).facture.statut).toBe('INTERPRETEE_OCR');
    const envoi = await nav.post(`/factures-emises/depot-pdf/${id}`, { ...facture(), etape: 'envoyer' });
    expect(envoi.statusCode, envoi.body).toBe(303);
    expect((await controle(id)).facture.statut).toBe('MISE_A_DISPOSITION');
  });

  it('une facture rejetée se recherche par statut et son rejet s’acquitte depuis sa fiche', async () => {
    const { fournisseur, destinataire } = await acteurs(app, bac);
    const id = await deposer(app, bac, fournisseur);
    await traiter(app, destinataire, id, 'REJETEE', { motif: 'Montant erroné' });
    const liste = await nav.get('/factures-emises?statut=REJETEE');
    expect(liste.body).toContain(`/factures-emises/${id}"`);
    await nav.get(`/factures-emises/${id}`);
    const r = await nav.post(`/factures-emises/${id}/acquitter`);
    expect(r.statusCode).toBe(303);
    expect((await nav.suivre(r)).body).toContain('Rejet acquitté');
  });

  it('une facture à recycler se réachemine depuis sa fiche ; un mauvais SIRET est refusé à côté du champ', async () => {
    const { fournisseur, destinataire } = await acteurs(app, bac);
    const id = await deposer(app, bac, fournisseur);
    expect((await traiter(app, destinataire, id, 'A_RECYCLER', { motif: 'Mauvais service' })).statusCode).toBe(200);
    const fiche = await nav.get(`/factures-emises/${id}`);
    expect(fiche.body).toContain('Recycler la facture');
    const faux = await nav.post(`/factures-emises/${id}/recycler`, { codeDestinataire: '00000000000000', codeServiceExecutant: '', numeroEngagement: '' });
    expect(faux.statusCode).toBe(400);
    expect(faux.body).toContain('value="00000000000000"');
    expect(faux.body).toContain('id="champ-codeDestinataire-erreur"');
    const ok = await nav.post(`/factures-emises/${id}/recycler`, { codeDestinataire: siretSansParametre, codeServiceExecutant: '', numeroEngagement: '' });
    expect(ok.statusCode).toBe(303);
    expect((await controle(id)).facture.statut).toBe('MISE_A_DISPOSITION');
  });

  it('la facture d’une autre structure est refusée par son identifiant, sans ses données', async () => {
    const { fournisseur } = await acteurs(app, bac);
    const id = await deposer(app, bac, fournisseur, 'Destinataire 2');
    // The recipient's user logs in and tries the supplier's pages with the invoice id.
    const gpDest = compteOf(await matelasOf(app, bac), 'Destinataire 2', 'GP');
    const autreNav = new Navigateur(app, portailDe(bac));
    await seConnecter(app, autreNav, bac.id, gpDest.login, gpDest.motDePasse);
    for (const chemin of [`/factures-emises/${id}`, `/factures-emises/${id}/facture.pdf`, `/factures-emises/${id}/certificat-depot.pdf`]) {
      const res = await autreNav.get(chemin);
      expect([400, 403, 404]).toContain(res.statusCode);
      expect(res.body).not.toContain('Maintenance');
    }
    const acquit = await autreNav.post(`/factures-emises/${id}/acquitter`);
    expect(acquit.statusCode).toBeGreaterThanOrEqual(400);
    expect(acquit.statusCode).toBeLessThan(500);
    expect((await autreNav.get('/factures-emises/abc')).statusCode).toBe(404);
  });

  it('les bacs à sable sont isolés : la session d’un bac ne lit pas les factures d’un autre', async () => {
    const { fournisseur } = await acteurs(app, bac);
    const id = await deposer(app, bac, fournisseur);
    const autre = await createSandbox(app, { nom: 'portail-factures-emises-2' });
    const autreNav = new Navigateur(app, portailDe(autre));
    const gp = compteOf(await matelasOf(app, autre), 'Fournisseur', 'GP');
    await seConnecter(app, autreNav, autre.id, gp.login, gp.motDePasse);
    const lu = await autreNav.get(`/factures-emises/${id}`);
    expect([400, 403, 404]).toContain(lu.statusCode);
    // The first sandbox's session cookie opens nothing in the other one.
    const intrus = await app.inject({ method: 'GET', url: `${portailDe(autre)}/factures-emises`, headers: { cookie: cookieDe(nav) } });
    expect(intrus.statusCode).toBe(303);
  });

  it('un formulaire multipart sans jeton CSRF est refusé', async () => {
    const m = multipart({}, { nom: 'f.pdf', type: 'application/pdf', contenu: await pdfMinimal() });
    const res = await app.inject({ method: 'POST', url: `${portailDe(bac)}/factures-emises/depot-pdf`, headers: { cookie: cookieDe(nav), 'content-type': m.type }, payload: m.corps });
    expect(res.statusCode).toBe(403);
  });

  it('sans abonnement à l’espace « Factures émises », ses pages sont refusées (403), saisie comprise', async () => {
    const bac2 = await createSandbox(app, { nom: 'portail-emises-abonnement' });
    const us = compteOf(await matelasOf(app, bac2), 'Fournisseur', 'US');
    app.db
      .update(abonnementsEspaces)
      .set({ etat: 'SUPPRIME' })
      .where(and(eq(abonnementsEspaces.sandboxId, bac2.id), eq(abonnementsEspaces.utilisateurId, us.idUtilisateur), eq(abonnementsEspaces.codeEspace, 1)))
      .run();
    const n = new Navigateur(app, portailDe(bac2));
    await seConnecter(app, n, bac2.id, us.login, us.motDePasse);
    for (const chemin of ['/factures-emises', '/factures-emises/saisie']) {
      const res = await n.get(chemin);
      expect(res.statusCode).toBe(403);
      expect(res.body).toContain('Vous n’êtes pas abonné à l’espace « Factures émises »');
    }
  });
});

describe('portail : factures de sous-traitant et de cotraitant (A9, A12), brouillon modifié', () => {
  it('A9 : le formulaire demande le valideur, refuse à côté du champ un valideur absent ou inconnu, puis met la facture à disposition du titulaire', async () => {
    const st = compteOf(await matelasOf(app, bac), 'Sous-traitant', 'GP');
    const nav2 = new Navigateur(app, portailDe(bac));
    await seConnecter(app, nav2, bac.id, st.login, st.motDePasse);
    const titulaire = structure(app, bac.id, 'Titulaire');
    const base = { ...facture({ numeroFacture: 'ST-PORTAIL-1' }), idFournisseur: String(structure(app, bac.id, 'Sous-traitant').id), cadre: 'A9_FACTURE_SOUSTRAITANT', prix1: '400' };

    const a1 = await nav2.get('/factures-emises/saisie');
    expect(a1.body).toContain('Dépôt par un sous-traitant d');
    expect(a1.body).toContain('Dépôt par un cotraitant d');
    expect(a1.body).not.toContain('id="champ-codeStructureValideur"');
    const cadre = await nav2.post('/factures-emises/saisie', { ...base, etape: 'cadre' });
    expect(cadre.statusCode).toBe(200);
    expect(cadre.body).toContain('SIRET du valideur (titulaire)');
    const cherche = await nav2.post('/factures-emises/saisie', { ...base, codeStructureValideur: titulaire.identifiant, etape: 'valideur' });
    expect(cherche.body).toMatch(/id="valideur-trouve"[\s\S]*?TITULAIRE[\s\S]*?Cette entreprise validera la facture/);
    // « Rechercher le valideur » by a word of his name lists the matching companies, each with « Choisir ».
    const motDuNom = titulaire.raisonSociale.split(/\s+/).find((m) => m.length > 3)!;
    const parNom = await nav2.post('/factures-emises/saisie', { ...base, rechercheValideur: motDuNom, etape: 'valideur' });
    expect(parNom.statusCode).toBe(200);
    expect(parNom.body).toMatch(new RegExp(`id="resultats-valideurs"[\\s\\S]*?${titulaire.identifiant}[\\s\\S]*?name="choisirValideur" value="${titulaire.identifiant}"`));
    expect(parNom.body).toContain(`value="${motDuNom}"`);
    expect(/id="resultats-valideurs"[\s\S]*?<\/table>/.exec(parNom.body)![0]).not.toContain(siretSansParametre);
    const rien = await nav2.post('/factures-emises/saisie', { ...base, rechercheValideur: 'zzzz introuvable', etape: 'valideur' });
    expect(rien.body).toContain('Aucune entreprise active ne correspond à cette recherche.');
    const choisi = await nav2.post('/factures-emises/saisie', { ...base, rechercheValideur: motDuNom, choisirValideur: titulaire.identifiant });
    expect(choisi.statusCode).toBe(200);
    expect(choisi.body).toMatch(new RegExp(`id="champ-codeStructureValideur"[^>]*value="${titulaire.identifiant}"`));
    expect(choisi.body).toMatch(/id="valideur-trouve"[\s\S]*?Cette entreprise validera la facture/);
    expect(choisi.body).toContain('value="ST-PORTAIL-1"');

    const sansValideur = await nav2.post('/factures-emises/saisie', { ...base, etape: 'envoyer' });
    expect(sansValideur.statusCode).toBe(400);
    expect(sansValideur.body).toMatch(/id="champ-codeStructureValideur-erreur">[^<]*Le valideur est obligatoire[^<]*code 20401/);
    expect(sansValideur.body).toContain('value="ST-PORTAIL-1"');
    const inconnu = await nav2.post('/factures-emises/saisie', { ...base, codeStructureValideur: '12345678900000', etape: 'envoyer' });
    expect(inconnu.statusCode).toBe(400);
    expect(inconnu.body).toMatch(/id="champ-codeStructureValideur-erreur">[^<]*Le valideur n(&#39;|')existe pas[^<]*code 20402/);
    expect(inconnu.body).toContain('value="12345678900000"');

    const envoi = await nav2.post('/factures-emises/saisie', { ...base, codeStructureValideur: titulaire.identifiant, etape: 'envoyer' });
    expect(envoi.statusCode, envoi.body).toBe(303);
    const id = Number(/(\d+)$/.exec(String(envoi.headers.location))![1]);
    expect((await controle(id)).facture.statut).toBe('A_VALIDER_1');
    expect((await nav2.suivre(envoi)).body).toContain('mise à disposition de son valideur');
  });

  it('A12 : le cotraitant désigne le mandataire ; un SIRET de structure publique est refusé à côté du champ', async () => {
    const co = compteOf(await matelasOf(app, bac), 'Cotraitant', 'GP');
    const nav3 = new Navigateur(app, portailDe(bac));
    await seConnecter(app, nav3, bac.id, co.login, co.motDePasse);
    const base = { ...facture({ numeroFacture: 'CO-PORTAIL-1' }), idFournisseur: String(structure(app, bac.id, 'Cotraitant').id), cadre: 'A12_FACTURE_COTRAITANT' };
    await nav3.get('/factures-emises/saisie?cadre=A12_FACTURE_COTRAITANT');
    expect(nav3.dernier!.body).toContain('SIRET du valideur (mandataire)');
    const public_ = await nav3.post('/factures-emises/saisie', { ...base, codeStructureValideur: siretSansParametre, etape: 'envoyer' });
    expect(public_.statusCode).toBe(400);
    expect(public_.body).toMatch(/id="champ-codeStructureValideur-erreur">[^<]*code 20404/);
    const ok = await nav3.post('/factures-emises/saisie', { ...base, codeStructureValideur: structure(app, bac.id, 'Mandataire').identifiant, etape: 'envoyer' });
    expect(ok.statusCode, ok.body).toBe(303);
    expect((await controle(Number(/(\d+)$/.exec(String(ok.headers.location))![1]))).facture.statut).toBe('A_VALIDER_1');
  });

  it('« Modifier le brouillon » ouvre le formulaire pré-rempli, refuse une saisie fautive en gardant la frappe, enregistre puis envoie', async () => {
    await nav.get('/factures-emises/saisie');
    const r = await nav.post('/factures-emises/saisie', { ...facture({ numeroFacture: 'MODIF-1' }), etape: 'enregistrer' });
    const id = Number(/(\d+)$/.exec(String(r.headers.location))![1]);
    const fiche = await nav.get(`/factures-emises/${id}`);
    expect(fiche.body).toContain(`href="${portailDe(bac)}/factures-emises/${id}/modifier"`);
    const form = await nav.get(`/factures-emises/${id}/modifier`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('value="MODIF-1"');
    expect(form.body).toContain('value="Livres"');
    expect(form.body).toContain('value="10,5"');
    expect(form.body).toContain(`value="${siretSansParametre}"`);

    const champs = { ...facture({ numeroFacture: 'MODIF-1B' }), designation2: '', quantite2: '', prix2: '' };
    const fautif = await nav.post(`/factures-emises/${id}/modifier`, { ...champs, codeDestinataire: siretServiceObligatoire, etape: 'enregistrer' });
    expect(fautif.statusCode).toBe(400);
    expect(fautif.body).toContain('id="champ-codeServiceExecutant-erreur"');
    expect(fautif.body).toContain('value="MODIF-1B"');
    expect((await controle(id)).facture.numeroFacture).toBe('MODIF-1');

    const enregistre = await nav.post(`/factures-emises/${id}/modifier`, { ...champs, etape: 'enregistrer' });
    expect(enregistre.statusCode, enregistre.body).toBe(303);
    expect((await nav.suivre(enregistre)).body).toContain('Brouillon de la facture MODIF-1B modifié');
    const apres = (await controle(id)).facture;
    expect(apres).toMatchObject({ statut: 'BROUILLON', numeroFacture: 'MODIF-1B' });
    // One line left: 2 × 100 € HT.
    expect((await nav.get(`/factures-emises/${id}`)).body).toMatch(/Montant HT<\/dt><dd class="fr-ml-0">200,00/);

    await nav.get(`/factures-emises/${id}/modifier`);
    const envoi = await nav.post(`/factures-emises/${id}/modifier`, { ...champs, etape: 'envoyer' });
    expect(envoi.statusCode).toBe(303);
    expect((await controle(id)).facture.statut).toBe('MISE_A_DISPOSITION');
    // No draft any more: the form is refused.
    expect((await nav.get(`/factures-emises/${id}/modifier`)).statusCode).toBe(400);
  });

  it('le brouillon d’une autre structure ne s’ouvre ni ne se modifie par son id', async () => {
    await nav.get('/factures-emises/saisie');
    const r = await nav.post('/factures-emises/saisie', { ...facture(), etape: 'enregistrer' });
    const id = Number(/(\d+)$/.exec(String(r.headers.location))![1]);
    const st = compteOf(await matelasOf(app, bac), 'Sous-traitant', 'GP');
    const autre = new Navigateur(app, portailDe(bac));
    await seConnecter(app, autre, bac.id, st.login, st.motDePasse);
    const page = await autre.get(`/factures-emises/${id}/modifier`);
    expect([400, 403, 404]).toContain(page.statusCode);
    expect(page.body).not.toContain('Maintenance');
    await autre.get('/factures-emises/saisie');
    const post = await autre.post(`/factures-emises/${id}/modifier`, { ...facture(), etape: 'envoyer' });
    expect([400, 403, 404]).toContain(post.statusCode);
    expect((await controle(id)).facture.statut).toBe('BROUILLON');
  });
});

describe('portail : la fenêtre des acquittements à la connexion', () => {
  it('« Acquitter » depuis « Factures à acquitter » y revient ; un retour hors des pages connues du portail (URL externe) est ignoré', async () => {
    const { destinataire, fournisseur } = await acteurs(app, bac);
    const ids = [await deposer(app, bac, fournisseur), await deposer(app, bac, fournisseur), await deposer(app, bac, fournisseur)];
    for (const id of ids) expect((await traiter(app, destinataire, id, 'SUSPENDUE', { motif: 'Pièce manquante' })).statusCode).toBe(200);
    const gp = compteOf(await matelasOf(app, bac), 'Fournisseur', 'GP');
    const n = new Navigateur(app, portailDe(bac));
    await seConnecter(app, n, bac.id, gp.login, gp.motDePasse);
    const liste = await n.get('/factures-emises/acquittements');
    expect(liste.body).toMatch(new RegExp(`action="${portailDe(bac)}/factures-emises/acquittements/${ids[0]}"><input[^>]*name="_csrf"[^>]*><input type="hidden" name="retour" value="/factures-emises/acquittements">`));
    const depuisListe = await n.post(`/factures-emises/acquittements/${ids[0]}`, { retour: '/factures-emises/acquittements' });
    expect(depuisListe.headers.location).toBe(`${portailDe(bac)}/factures-emises/acquittements`);
    expect((await n.suivre(depuisListe)).body).toContain('Suspension acquittée.');
    for (const [i, retour] of [
      [1, 'https://exemple.invalid/piege'],
      [2, '//exemple.invalid/piege'],
    ] as const) {
      const r = await n.post(`/factures-emises/acquittements/${ids[i]}`, { retour });
      expect(r.statusCode).toBe(303);
      expect(r.headers.location).toBe(`${portailDe(bac)}/factures-emises/acquittements`);
    }
    // No field at all (an old form): the list too.
    const sans = await n.post(`/factures-emises/acquittements/${ids[0]}`);
    expect(sans.headers.location).toBe(`${portailDe(bac)}/factures-emises/acquittements`);
  });

  it('la première page après la connexion ouvre une fenêtre modale DSFR des factures à acquitter, une seule fois ; l’alerte de l’accueil reste', async () => {
    const { destinataire, fournisseur } = await acteurs(app, bac);
    const id = await deposer(app, bac, fournisseur);
    expect((await traiter(app, destinataire, id, 'SUSPENDUE', { motif: 'Attestation manquante' })).statusCode).toBe(200);
    const gp = compteOf(await matelasOf(app, bac), 'Fournisseur', 'GP');
    const n = new Navigateur(app, portailDe(bac));
    const accueil = await seConnecter(app, n, bac.id, gp.login, gp.motDePasse);
    expect(accueil.statusCode).toBe(200);
    expect(accueil.body).toMatch(/<dialog aria-labelledby="modale-acquittements-titre" id="modale-acquittements" class="fr-modal" role="dialog" data-ouvrir-au-chargement>/);
    expect(accueil.body).toContain('Attestation manquante');
    expect(accueil.body).toContain(`action="${portailDe(bac)}/factures-emises/acquittements/${id}"`);
    expect(accueil.body).toContain('Plus tard');
    // Opened by the portal's script file, no inline script.
    expect(accueil.body).toContain('<script type="module" src="/portail/scripts/ouvrir-modale.js"></script>');
    expect(accueil.body).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(accueil.body).toContain('id="alerte-acquittements"');
    const script = await app.inject({ url: '/portail/scripts/ouvrir-modale.js' });
    expect(script.statusCode).toBe(200);
    expect(script.headers['content-type']).toContain('javascript');
    expect(script.body).toContain('modal.disclose()');

    // Once per login: the next pages keep the alert only.
    const encore = await n.get('/');
    expect(encore.body).not.toContain('<dialog');
    expect(encore.body).toContain('id="alerte-acquittements"');

    // Acknowledged from the modal's form: back to the home page with a success message; the next login has one fewer.
    expect(accueil.body).toMatch(new RegExp(`action="${portailDe(bac)}/factures-emises/acquittements/${id}"><input[^>]*name="_csrf"[^>]*><input type="hidden" name="retour" value="/">`));
    const acquit = await n.post(`/factures-emises/acquittements/${id}`, { retour: '/' });
    expect(acquit.statusCode).toBe(303);
    expect(acquit.headers.location).toBe(`${portailDe(bac)}/`);
    const retour = await n.suivre(acquit);
    expect(retour.body).toContain('<h1>Bonjour');
    expect(retour.body).toContain('Suspension acquittée.');
    const n2 = new Navigateur(app, portailDe(bac));
    const apres = await seConnecter(app, n2, bac.id, gp.login, gp.motDePasse);
    expect(apres.body).not.toContain('Attestation manquante');
  });
});
