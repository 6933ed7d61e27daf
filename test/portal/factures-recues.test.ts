import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contextOf, getSandbox } from '../../src/modules/control-plane/service.js';
import { findRattachementDe, insertRattachementService } from '../../src/modules/utilisateurs/repository.js';
import { and, eq } from 'drizzle-orm';
import { nextId } from '../../src/db/sequences.js';
import { abonnementsEspaces } from '../../src/db/schema/index.js';
import { admin, buildTestApp, cproPost, createSandbox, type TestSandbox } from '../helpers/app.js';
import { acteurs, deposer, structure, type Acteurs } from '../helpers/factures.js';
import { compteOf, matelasOf } from '../helpers/organisation.js';
import { Navigateur, portailDe, seConnecter } from '../helpers/portail.js';

let app: FastifyInstance;
let bac: TestSandbox;
let h: Acteurs;
let gp: { login: string; motDePasse: string };

beforeAll(async () => {
  app = await buildTestApp();
  bac = await createSandbox(app, { nom: 'portail-factures-recues' });
  h = await acteurs(app, bac);
  gp = compteOf(await matelasOf(app, bac), 'Destinataire sans paramètre', 'GP');
});
afterAll(async () => app.close());

async function connecte(sandbox: TestSandbox, compte: { login: string; motDePasse: string }) {
  const nav = new Navigateur(app, portailDe(sandbox));
  await seConnecter(app, nav, sandbox.id, compte.login, compte.motDePasse);
  return nav;
}

async function statutDe(sandbox: TestSandbox, id: number): Promise<string> {
  const res = await app.inject({ url: `/_sandbox/sandboxes/${sandbox.id}/factures/${id}`, headers: admin });
  return res.json().facture.statut as string;
}

/** The values of the radio buttons « Nouveau statut » of the processing form. */
function statutsProposes(corps: string): string[] {
  return [...corps.matchAll(/name="nouveauStatut" value="([A-Z_]+)"/g)].map((m) => m[1]!);
}

describe('portail : Factures reçues', () => {
  it('la facture mise à disposition est dans « À traiter » et sa fiche montre fournisseur, montants en euros, historique et délai', async () => {
    const id = await deposer(app, bac, h.fournisseur);
    const nav = await connecte(bac, gp);
    const liste = await nav.get('/factures-recues');
    expect(liste.statusCode).toBe(200);
    const aTraiter = liste.body.slice(liste.body.indexOf('id="a-traiter"'), liste.body.indexOf('id="rechercher"'));
    expect(aTraiter).toContain(`/factures-recues/${id}"`);
    expect(liste.body).toContain('aria-current="page">Factures reçues');

    const fiche = await nav.get(`/factures-recues/${id}`);
    expect(fiche.statusCode).toBe(200);
    expect(fiche.body).toContain(structure(app, bac.id, 'Fournisseur').raisonSociale);
    expect(fiche.body).toMatch(/180,00\s€/); // 150 € HT + 20 % TVA
    expect(fiche.body).toContain('Mise à disposition');
    expect(fiche.body).toContain('Délai global de paiement : 30 jours');
    expect(fiche.body).toContain('Date d’échéance');
    const pdf = await nav.get(`/factures-recues/${id}/pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toContain('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('les choix proposés sont ceux du tableau §7.2 depuis MISE_A_DISPOSITION', async () => {
    const id = await deposer(app, bac, h.fournisseur);
    const nav = await connecte(bac, gp);
    const fiche = await nav.get(`/factures-recues/${id}`);
    // §7.2 rows 5–9: à recycler, suspendre, rejeter, then the optional processing statuses and the payment.
    expect(statutsProposes(fiche.body).sort()).toEqual(
      ['A_RECYCLER', 'SUSPENDUE', 'REJETEE', 'SERVICE_FAIT', 'MANDATEE', 'MISE_A_DISPOSITION_COMPTABLE', 'COMPTABILISEE', 'MISE_EN_PAIEMENT'].sort(),
    );
  });

  it('un rejet sans motif est refusé à côté du champ et rien ne change ; avec motif il est appliqué', async () => {
    const id = await deposer(app, bac, h.fournisseur);
    const nav = await connecte(bac, gp);
    await nav.get(`/factures-recues/${id}`);
    const refus = await nav.post(`/factures-recues/${id}/traiter`, { nouveauStatut: 'REJETEE', codeMotif: '', commentaire: 'Montant faux' });
    expect(refus.statusCode).toBe(400);
    expect(refus.body).toContain('id="champ-codeMotif-erreur"');
    expect(refus.body).toContain('Le motif est obligatoire pour ce statut');
    expect(refus.body).toContain('Montant faux'); // what was typed is kept
    expect(refus.body).toMatch(/value="REJETEE" checked/);
    expect(await statutDe(bac, id)).toBe('MISE_A_DISPOSITION');

    const sansMandat = await nav.post(`/factures-recues/${id}/traiter`, { nouveauStatut: 'MANDATEE', numeroDPMandat: '' });
    expect(sansMandat.statusCode).toBe(400);
    expect(sansMandat.body).toContain('id="champ-numeroDPMandat-erreur"');
    expect(await statutDe(bac, id)).toBe('MISE_A_DISPOSITION');

    const sansChoix = await nav.post(`/factures-recues/${id}/traiter`, {});
    expect(sansChoix.statusCode).toBe(400);
    expect(sansChoix.body).toContain('Choisissez le traitement à appliquer');

    const ok = await nav.post(`/factures-recues/${id}/traiter`, { nouveauStatut: 'REJETEE', codeMotif: 'MONTANT_ERR' });
    expect(ok.statusCode, ok.body).toBe(303);
    expect(await statutDe(bac, id)).toBe('REJETEE');
    const apres = await nav.suivre(ok);
    expect(apres.body).toContain('est passée au statut « Rejetée »');
    expect(statutsProposes(apres.body)).toEqual([]);
  });

  it('suspendre, puis service fait, mandater avec son numéro et mettre en paiement', async () => {
    const id = await deposer(app, bac, h.fournisseur);
    const nav = await connecte(bac, gp);
    await nav.get(`/factures-recues/${id}`);
    expect((await nav.post(`/factures-recues/${id}/traiter`, { nouveauStatut: 'SUSPENDUE', codeMotif: 'JUSTIF_ABS' })).statusCode).toBe(303);
    const suspendue = await nav.suivre();
    expect(suspendue.body).toContain('le délai est interrompu');
    // The supplier completes through the API.
    const c = await cproPost(app, h.fournisseur, '/cpro/factures/v1/completer', { identifiantFactureCPP: id, commentaire: 'Bon de livraison joint' });
    expect(c.statusCode, c.body).toBe(200);
    await nav.get(`/factures-recues/${id}`);
    expect((await nav.post(`/factures-recues/${id}/traiter`, { nouveauStatut: 'SERVICE_FAIT' })).statusCode).toBe(303);
    await nav.suivre();
    expect((await nav.post(`/factures-recues/${id}/traiter`, { nouveauStatut: 'MANDATEE', numeroDPMandat: 'M-2026-001' })).statusCode).toBe(303);
    const mandatee = await nav.suivre();
    expect(mandatee.body).toContain('M-2026-001');
    expect((await nav.post(`/factures-recues/${id}/traiter`, { nouveauStatut: 'MISE_EN_PAIEMENT' })).statusCode).toBe(303);
    const payee = await nav.suivre();
    expect(payee.body).toContain('mise en paiement le');
    expect(await statutDe(bac, id)).toBe('MISE_EN_PAIEMENT');
  });

  it('le destinataire d’une autre structure ne peut ni ouvrir ni traiter la facture par son numéro', async () => {
    const id = await deposer(app, bac, h.fournisseur);
    const autre = compteOf(await matelasOf(app, bac), 'Destinataire 2', 'GP');
    const nav = await connecte(bac, autre);
    const fiche = await nav.get(`/factures-recues/${id}`);
    expect(fiche.statusCode).toBeGreaterThanOrEqual(400);
    expect(fiche.statusCode).toBeLessThan(500);
    expect(fiche.body).not.toContain('180,00');
    expect(fiche.body).not.toContain(structure(app, bac.id, 'Fournisseur').raisonSociale);
    const pdf = await nav.get(`/factures-recues/${id}/pdf`);
    expect(pdf.statusCode).toBeGreaterThanOrEqual(400);
    expect(pdf.statusCode).toBeLessThan(500);
    await nav.get('/factures-recues');
    const traiter = await nav.post(`/factures-recues/${id}/traiter`, { nouveauStatut: 'REJETEE', codeMotif: 'MONTANT_ERR' });
    expect(traiter.statusCode).toBeGreaterThanOrEqual(400);
    expect(traiter.statusCode).toBeLessThan(500);
    expect(await statutDe(bac, id)).toBe('MISE_A_DISPOSITION');
    expect((await nav.get('/factures-recues/abc')).statusCode).toBe(404);
  });

  it('un utilisateur rattaché à un seul service ne voit que les factures de ce service', async () => {
    const bac2 = await createSandbox(app, { nom: 'portail-recues-service' });
    const h2 = await acteurs(app, bac2);
    const de = structure(app, bac2.id, 'Destinataire sans paramètre');
    expect(de.services.length).toBeGreaterThan(1);
    const [s1, s2] = de.services;
    const duService = await deposer(app, bac2, h2.fournisseur, undefined, { destinataire: { codeDestinataire: de.identifiant, codeServiceExecutant: s1!.code } });
    const autreService = await deposer(app, bac2, h2.fournisseur, undefined, { destinataire: { codeDestinataire: de.identifiant, codeServiceExecutant: s2!.code } });
    const us = compteOf(await matelasOf(app, bac2), 'Destinataire sans paramètre', 'US');
    const ctx = contextOf(app.db, getSandbox(app.db, bac2.id));
    const r = findRattachementDe(ctx, us.idUtilisateur, de.id)!;
    insertRattachementService(ctx, { id: nextId(ctx.db, ctx.sandboxId, 'rattachementService'), rattachementId: r.id, utilisateurId: us.idUtilisateur, serviceId: s1!.id, statut: 'VALIDEE', dateDebut: new Date().toISOString() });
    const nav = await connecte(bac2, us);
    const liste = await nav.get('/factures-recues');
    expect(liste.body).toContain(`/factures-recues/${duService}"`);
    expect(liste.body).not.toContain(`/factures-recues/${autreService}"`);
    expect((await nav.get(`/factures-recues/${autreService}`)).statusCode).toBeGreaterThanOrEqual(400);
    expect((await nav.get(`/factures-recues/${duService}`)).statusCode).toBe(200);
  });

  it('la recherche filtre par numéro, statut et dates et refuse une date mal formée à côté du champ', async () => {
    const id = await deposer(app, bac, h.fournisseur);
    const nav = await connecte(bac, gp);
    const fiche = await nav.get(`/factures-recues/${id}`);
    const numero = /<h1>Facture ([^ <]+)/.exec(fiche.body)![1]!;
    const parNumero = await nav.get(`/factures-recues?numeroFacture=${encodeURIComponent(numero)}`);
    const resultats = parNumero.body.slice(parNumero.body.indexOf('id="resultats"'));
    expect(resultats).toContain('1 facture trouvée');
    expect(resultats).toContain(`/factures-recues/${id}"`);
    const parStatut = await nav.get('/factures-recues?statut=MISE_EN_PAIEMENT');
    expect(parStatut.body.slice(parStatut.body.indexOf('id="resultats"'))).not.toContain(`/factures-recues/${id}"`);
    const parFournisseur = await nav.get(`/factures-recues?fournisseur=${structure(app, bac.id, 'Fournisseur').identifiant}&numeroFacture=${encodeURIComponent(numero)}`);
    expect(parFournisseur.body).toContain('1 facture trouvée');
    const mauvaiseDate = await nav.get('/factures-recues?dateDepotDu=hier');
    expect(mauvaiseDate.statusCode).toBe(400);
    expect(mauvaiseDate.body).toContain('id="champ-dateDepotDu-erreur"');
    expect(mauvaiseDate.body).toContain('value="hier"');
  });

  it('isolation : le portail d’un autre bac à sable ne montre pas la facture, et sa session n’ouvre pas ce bac', async () => {
    const id = await deposer(app, bac, h.fournisseur);
    const numero = (await app.inject({ url: `/_sandbox/sandboxes/${bac.id}/factures/${id}`, headers: admin })).json().facture.numeroFacture as string;
    const bac2 = await createSandbox(app, { nom: 'portail-recues-isolation' });
    const gp2 = compteOf(await matelasOf(app, bac2), 'Destinataire sans paramètre', 'GP');
    const nav = await connecte(bac2, gp2);
    const res = await nav.get(`/factures-recues/${id}`);
    expect(res.statusCode).toBeLessThan(500);
    expect(res.body).not.toContain(numero);
    expect((await nav.get(`/factures-recues?numeroFacture=${encodeURIComponent(numero)}`)).body).toContain('0 facture trouvée');
    // The session of bac2 is not one of bac: its portal asks to log in.
    const intrus = new Navigateur(app, portailDe(bac));
    (intrus as unknown as { cookies: Map<string, string> }).cookies = (nav as unknown as { cookies: Map<string, string> }).cookies;
    const r = await intrus.get(`/factures-recues/${id}`);
    expect(r.statusCode).toBe(303);
    expect(r.headers.location).toBe(`${portailDe(bac)}/connexion`);
  });
  it('un formulaire sans jeton CSRF est refusé (403) et la facture ne change pas', async () => {
    const id = await deposer(app, bac, h.fournisseur);
    const nav = await connecte(bac, gp);
    await nav.get(`/factures-recues/${id}`);
    const res = await nav.post(`/factures-recues/${id}/traiter`, { _csrf: 'faux', nouveauStatut: 'SERVICE_FAIT' });
    expect(res.statusCode).toBe(403);
    expect(await statutDe(bac, id)).toBe('MISE_A_DISPOSITION');
  });

  it('la recherche se pagine par 20 et garde ses critères d’une page à l’autre', async () => {
    const bac2 = await createSandbox(app, { nom: 'portail-recues-pages' });
    const h2 = await acteurs(app, bac2);
    for (let i = 0; i < 21; i++) await deposer(app, bac2, h2.fournisseur);
    const nav = await connecte(bac2, compteOf(await matelasOf(app, bac2), 'Destinataire sans paramètre', 'GP'));
    const p1 = await nav.get('/factures-recues?statut=MISE_A_DISPOSITION');
    const total = Number(/(\d+) factures trouvées/.exec(p1.body)![1]);
    expect(total).toBeGreaterThanOrEqual(21);
    expect(p1.body).toContain('page 1 sur 2');
    expect(p1.body).toContain('statut=MISE_A_DISPOSITION&amp;page=2');
    const p2 = await nav.get('/factures-recues?statut=MISE_A_DISPOSITION&page=2');
    expect(p2.body).toContain('page 2 sur 2');
    const lignesP2 = p2.body.slice(p2.body.indexOf('id="liste-factures"')).match(/<tr><td>/g)?.length ?? 0;
    expect(lignesP2).toBe(total - 20);
  });

  it('sans abonnement à l’espace « Factures reçues », la page est refusée (403)', async () => {
    const bac2 = await createSandbox(app, { nom: 'portail-recues-abonnement' });
    const us = compteOf(await matelasOf(app, bac2), 'Destinataire sans paramètre', 'US');
    app.db
      .update(abonnementsEspaces)
      .set({ etat: 'SUPPRIME' })
      .where(and(eq(abonnementsEspaces.sandboxId, bac2.id), eq(abonnementsEspaces.utilisateurId, us.idUtilisateur), eq(abonnementsEspaces.codeEspace, 2)))
      .run();
    const nav = await connecte(bac2, us);
    const res = await nav.get('/factures-recues');
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('Vous n’êtes pas abonné à l’espace « Factures reçues »');
    expect(res.body).not.toContain('href="/portail/' + bac2.id + '/factures-recues"');
  });
});
