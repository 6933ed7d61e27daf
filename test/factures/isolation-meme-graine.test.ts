import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, buildTestApp, cproPost, createSandbox, type TestSandbox } from '../helpers/app.js';
import { acteurs, deposer, traiter, type Acteurs } from '../helpers/factures.js';
import { matelas, structureDe } from '../helpers/transverses.js';

/**
 * Two sandboxes created with the same seed hold the same structures, users and invoice ids: only the
 * sandbox scoping keeps them apart. Everything a user can read about sandbox A's invoice, through every
 * /cpro route and the control plane, must stay the same while sandbox B works on its own invoice with
 * the very same id (and the other way round).
 */
let app: FastifyInstance;
let a: TestSandbox;
let b: TestSandbox;
let ha: Acteurs;
let hb: Acteurs;
let id: number;
let ids: { fournisseur: number; destinataire: number };
const F = '/cpro/factures/v1';

beforeAll(async () => {
  app = await buildTestApp();
  a = await createSandbox(app, { seed: 51 });
  b = await createSandbox(app, { seed: 51 });
  ha = await acteurs(app, a);
  hb = await acteurs(app, b);
  id = await deposer(app, a, ha.fournisseur);
  const idB = await deposer(app, b, hb.fournisseur);
  // Same seed, same sequences: the same invoice id in both sandboxes.
  expect(idB).toBe(id);
  const m = await matelas(app, a);
  ids = { fournisseur: structureDe(m, 'Fournisseur').idStructureCPP, destinataire: structureDe(m, 'Destinataire sans paramètre').idStructureCPP };
});
afterAll(() => app.close());

/** Everything sandbox `s`'s users and admin can read about invoice `id`. */
async function toutCeQueLonLit(s: TestSandbox, h: Acteurs) {
  const lire = async (headers: Record<string, string>, url: string, body: unknown) => {
    const res = await cproPost(app, headers, url, body);
    return { statut: res.statusCode, corps: res.json() };
  };
  const cp = async (url: string) => (await app.inject({ url: `/_sandbox/sandboxes/${s.id}${url}`, headers: admin })).json();
  const logins = (await cp('/export')).tables.utilisateurs.filter((u: { type: string }) => u.type === 'PERSONNE').map((u: { login: string }) => u.login);
  return {
    consulterFournisseur: await lire(h.fournisseur, `${F}/consulter/fournisseur`, { identifiantFactureCPP: id }),
    consulterRecipiendaire: await lire(h.destinataire, `${F}/consulter/recipiendaire`, { identifiantFactureCPP: id }),
    historiqueFournisseur: await lire(h.fournisseur, `${F}/consulter/historique`, { idFacture: id }),
    historiqueDestinataire: await lire(h.destinataire, `${F}/consulter/historique`, { idFacture: id }),
    rechercherFournisseur: await lire(h.fournisseur, `${F}/rechercher/fournisseur`, {}),
    rechercherRecipiendaire: await lire(h.destinataire, `${F}/rechercher/recipiendaire`, {}),
    aTraiterRecipiendaire: await lire(h.destinataire, `${F}/rechercher/atraiter/recipiendaire`, {}),
    aTraiterFournisseur: await lire(h.fournisseur, `${F}/rechercher/atraiter/fournisseur`, {}),
    demandePaiement: await lire(h.fournisseur, `${F}/rechercher/demandePaiement`, {}),
    // The other /cpro APIs, read with the same ids.
    structures: await lire(h.fournisseur, '/cpro/structures/v1/rechercher', {}),
    structure: await lire(h.fournisseur, '/cpro/structures/v1/consulter', { idStructureCPP: ids.fournisseur }),
    services: await lire(h.fournisseur, '/cpro/structures/v1/rechercher/services', { idStructure: ids.destinataire }),
    espaces: await lire(h.fournisseur, '/cpro/structures/v1/rechercher/espaces', {}),
    coordonnees: await lire(h.fournisseur, '/cpro/transverses/v1/recuperer/coordbanc/valides', { idStructure: ids.fournisseur }),
    activesFournisseur: await lire(h.fournisseur, '/cpro/transverses/v1/recuperer/structures/actives/fournisseur', {}),
    activesDestinataire: await lire(h.fournisseur, '/cpro/transverses/v1/recuperer/structures/actives/destinataire', {}),
    destinataires: await lire(h.fournisseur, '/cpro/transverses/v1/rechercher/destinataire', { parametresRecherche: { nbResultatsParPage: 100 } }),
    servicesExecutants: await lire(h.fournisseur, '/cpro/transverses/v1/rechercher/serviceexecutant', { idDestinataireCPP: ids.destinataire }),
    structuresPourUtilisateur: await lire(h.fournisseur, '/cpro/transverses/v1/recuperer/structuresPourUtilisateur', {}),
    rattachements: await lire(h.fournisseur, '/cpro/utilisateurs/v1/monCompte/recuperer/rattachements', {}),
    engagements: await lire(h.destinataire, '/cpro/engagementsJuridiques/v1/rechercher', {}),
    vue: await cp(`/factures/${id}`),
    notifications: await Promise.all(logins.map((l: string) => cp(`/notifications?login=${encodeURIComponent(l)}`))),
  };
}

async function journal(s: TestSandbox) {
  return (await app.inject({ url: `/_sandbox/sandboxes/${s.id}/journal?taille=200`, headers: admin })).json();
}

describe('deux bacs à sable de même graine, même identifiant de facture', () => {
  it('B suspend, fait compléter, recycle, télécharge et traite son rejet : rien ne change dans A (lectures, journal, notifications)', async () => {
    const avant = await toutCeQueLonLit(a, ha);
    const journalA = (await journal(a)).total;
    expect(avant.historiqueFournisseur.corps.statutCourantCode).toBe('MISE_A_DISPOSITION');

    // Sandbox B, on its invoice with the same id: every write of the invoice routes.
    expect((await traiter(app, hb.destinataire, id, 'SUSPENDUE', { motif: 'pièce' })).json().codeRetour).toBe(0);
    expect((await cproPost(app, hb.fournisseur, `${F}/completer`, { identifiantFactureCPP: id, commentaire: 'la voici' })).json().codeRetour).toBe(0);
    expect((await traiter(app, hb.destinataire, id, 'A_RECYCLER', { motif: 'autre service' })).json().codeRetour).toBe(0);
    expect((await cproPost(app, hb.fournisseur, `${F}/recycler`, { identifiantFactureCPP: id, commentaire: 'même destinataire' })).json().codeRetour).toBe(0);
    expect((await cproPost(app, hb.destinataire, `${F}/telecharger/groupe`, { format: 'PDF', listeFacture: [{ idFacture: id }] })).json().codeRetour).toBe(0);
    expect((await traiter(app, hb.destinataire, id, 'REJETEE', { motif: 'doublon' })).json().codeRetour).toBe(0);
    expect((await cproPost(app, hb.fournisseur, `${F}/traiterRejet`, { listeDemandePaiement: [{ idDemandePaiement: id }] })).json().codeRetour).toBe(0);
    const pj = await cproPost(app, hb.fournisseur, '/cpro/transverses/v1/ajouter/fichier', {
      pieceJointeFichier: Buffer.from('x').toString('base64'), pieceJointeNom: 'b.txt', pieceJointeTypeMime: 'text/plain', pieceJointeExtension: 'TXT',
    });
    expect(pj.json().codeRetour).toBe(0);
    // And B's trainer adds bank details and a recipient with a service (the same ids as in A follow).
    const cb = await app.inject({ method: 'POST', url: `/_sandbox/sandboxes/${b.id}/structures/${ids.fournisseur}/coordonneesBancaires`, headers: admin, payload: { nom: 'IBAN DE B' } });
    expect(cb.statusCode, cb.body).toBe(201);
    const st = await app.inject({
      method: 'POST',
      url: `/_sandbox/sandboxes/${b.id}/structures`,
      headers: admin,
      payload: { typeStructure: 'PUBLIQUE', raisonSociale: 'MAIRIE DE B', categorie: 'COLLECTIVITE_TERRITORIALE', services: [{ libelle: 'Voirie' }] },
    });
    expect(st.statusCode, st.body).toBe(201);

    // Nothing was written into A: no journal entry, and every reading is identical.
    expect((await journal(a)).total).toBe(journalA);
    const apres = await toutCeQueLonLit(a, ha);
    expect(apres).toEqual(avant);
    for (const lecture of ['structures', 'structure', 'services', 'coordonnees', 'destinataires', 'rattachements'] as const) expect(avant[lecture].statut, lecture).toBe(200);
    // B's own history did record its moves (the writes above really happened).
    const histoB = (await cproPost(app, hb.fournisseur, `${F}/consulter/historique`, { idFacture: id })).json();
    expect(histoB.statutCourantCode).toBe('REJETEE');
    expect(histoB.historiquesDesStatuts.totalHistoStatut).toBe(8);
    expect(apres.historiqueFournisseur.corps.historiquesDesStatuts.totalHistoStatut).toBe(3);
  });

  it('et réciproquement : A traite sa facture, B ne voit rien changer', async () => {
    const avant = await toutCeQueLonLit(b, hb);
    expect((await traiter(app, ha.destinataire, id, 'SERVICE_FAIT')).json().codeRetour).toBe(0);
    expect((await traiter(app, ha.destinataire, id, 'MANDATEE', { numeroDPMandat: 'M-A' })).json().codeRetour).toBe(0);
    expect(await toutCeQueLonLit(b, hb)).toEqual(avant);
    expect((await cproPost(app, ha.fournisseur, `${F}/consulter/historique`, { idFacture: id })).json().statutCourantCode).toBe('MANDATEE');
  });

  it('le délai de paiement et l’horloge de A ignorent ceux de B', async () => {
    const vueA = (await app.inject({ url: `/_sandbox/sandboxes/${a.id}/factures/${id}`, headers: admin })).json();
    await app.inject({ method: 'PUT', url: `/_sandbox/sandboxes/${b.id}/clock`, headers: admin, payload: { mode: 'offset', date: '2031-01-01' } });
    expect((await app.inject({ url: `/_sandbox/sandboxes/${a.id}/factures/${id}`, headers: admin })).json().delaiPaiement).toEqual(vueA.delaiPaiement);
  });
});
