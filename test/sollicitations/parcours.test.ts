import type { FastifyInstance } from 'fastify';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, cproHeaders, createSandbox, type TestSandbox } from '../helpers/app.js';
import { acteurs, deposer, type Acteurs } from '../helpers/factures.js';
import { transverses } from '../helpers/transverses.js';
import { comptes, cp, ok, personnes, type Compte } from './helpers.js';

/**
 * The story of chorus-domain §12: a supplier questions the public recipient about an invoice, the
 * recipient asks for a complement, the supplier completes, the recipient answers, the supplier
 * closes. Each side is told by a notification (§13); the attachments download through
 * telecharger/pieceJointe with objetPieceJointe SOLLICITATION (chorus-api §3.3, §4.15).
 */
let app: FastifyInstance;
let s: TestSandbox;
let h: Acteurs;
let c: Compte[];
const b64 = (t: string) => Buffer.from(t).toString('base64');

beforeAll(async () => {
  app = await buildTestApp();
  s = await createSandbox(app, { seed: 13 });
  h = await acteurs(app, s);
  c = await comptes(app, s);
});
afterAll(() => app.close());

/** The pair (catégorie, first sous-catégorie) whose catégorie label is `libelle`, as the look-ups give it. */
async function categorie(libelle: string) {
  const cat = (await transverses(app, h.fournisseur, 'rechercher/categorieSollicitation', { libelleCategorie: libelle })).json().listeCategories[0];
  const sous = (await transverses(app, h.fournisseur, 'rechercher/sousCategorieSollicitation', { idTechniqueCategorie: cat.idTechniqueCategorie })).json();
  return { codeCategorie: cat.codeCategorie as string, codeSousCategorie: sous.listeSousCategories[0].ssCategorie[0].code as string };
}

const inbox = async (login: string) => (await ok(await cp(app, 'GET', `/sandboxes/${s.id}/notifications?login=${encodeURIComponent(login)}`))).notifications as { type: string; idSollicitation: number | null }[];
const agir = (id: number, body: Record<string, unknown>) => cp(app, 'POST', `/sandboxes/${s.id}/sollicitations/${id}/actions`, body);

describe('sollicitation sur une facture', () => {
  it('fournisseur → destinataire : complément demandé, complété, répondu, clôturé', async () => {
    const idFacture = await deposer(app, s, h.fournisseur);
    const [fournisseur, autreFournisseur] = personnes(c, 'Fournisseur');
    const [destinataire] = personnes(c, 'Destinataire sans paramètre');
    const cat = await categorie('Facture');

    const creee = await ok(
      await cp(app, 'POST', `/sandboxes/${s.id}/sollicitations`, {
        login: fournisseur!.login,
        ...cat,
        titre: 'Date de paiement ?',
        texte: 'Quand la facture sera-t-elle payée ?',
        objet: { type: 'FACTURE', id: idFacture },
        piecesJointes: [{ nom: 'bon-de-commande.txt', contenu: b64('BC-42') }],
      }),
      201,
    );
    expect(creee).toMatchObject({
      statut: 'A_TRAITER',
      objet: { type: 'FACTURE', id: idFacture },
      emetteur: { login: fournisseur!.login, idStructure: fournisseur!.idStructure },
      destinataire: { type: 'STRUCTURE', idStructure: destinataire!.idStructure },
    });
    const id = creee.idSollicitation;
    // The recipient's people hear of it; the issuer's side does not.
    expect((await inbox(destinataire!.login)).filter((n) => n.idSollicitation === id).map((n) => n.type)).toEqual(['SOLLICITATION_RECUE']);
    expect((await inbox(fournisseur!.login)).filter((n) => n.idSollicitation === id)).toEqual([]);

    expect((await ok(await agir(id, { login: destinataire!.login, action: 'DEMANDER_COMPLEMENT', texte: 'Merci de joindre le bon de livraison.' }))).statut).toBe('COMPLEMENT_DEMANDE');
    expect((await inbox(fournisseur!.login)).filter((n) => n.idSollicitation === id).map((n) => n.type)).toEqual(['SOLLICITATION_COMPLEMENT_DEMANDE']);

    // Only the issuer completes: the other supplier user and the recipient are refused, nothing changes.
    for (const login of [autreFournisseur!.login, destinataire!.login]) {
      const refus = await agir(id, { login, action: 'COMPLETER', texte: 'x' });
      expect(refus.statusCode, refus.body).toBe(400);
      expect(refus.json().libelle).toContain(login);
    }
    expect((await ok(await agir(id, { login: fournisseur!.login, action: 'COMPLETER', texte: 'Voici le bon de livraison.', piecesJointes: [{ nom: 'bl.txt', contenu: b64('BL-7') }] }))).statut).toBe('COMPLETEE');
    const repondue = await ok(await agir(id, { login: destinataire!.login, action: 'REPONDRE', texte: 'Paiement prévu sous 30 jours.' }));
    expect(repondue.statut).toBe('REPONDUE');
    expect((await ok(await agir(id, { login: fournisseur!.login, action: 'CLOTURER' }))).statut).toBe('CLOTUREE');

    // A closed sollicitation takes no more action: 400, thread unchanged.
    const tard = await agir(id, { login: fournisseur!.login, action: 'RENVOYER', texte: 'Encore une question' });
    expect(tard.statusCode, tard.body).toBe(400);
    const lue = await ok(await cp(app, 'GET', `/sandboxes/${s.id}/sollicitations/${id}`));
    expect(lue.statut).toBe('CLOTUREE');
    expect(lue.messages.map((m: { action: string }) => m.action)).toEqual(['CREER', 'DEMANDER_COMPLEMENT', 'COMPLETER', 'REPONDRE', 'CLOTURER']);
    expect(lue.messages[3].texte).toBe('Paiement prévu sous 30 jours.');

    // Both parties' technical accounts download the thread's two attachments (a ZIP); a third structure cannot.
    for (const headers of [h.fournisseur, h.destinataire]) {
      const res = await transverses(app, headers, 'telecharger/pieceJointe', { objetPieceJointe: 'SOLLICITATION', sollicitation: { idSollicitation: id, pieceJointeSollicitation: 'OUI' } });
      expect(res.statusCode, res.body).toBe(200);
      const zip = unzipSync(Buffer.from(res.json().pieceJointe, 'base64'));
      expect(Object.values(zip).map((f) => strFromU8(f)).sort()).toEqual(['BC-42', 'BL-7']);
    }
    const autre = await transverses(app, await cproHeaders(app, s, 'Destinataire 2'), 'telecharger/pieceJointe', { objetPieceJointe: 'SOLLICITATION', sollicitation: { idSollicitation: id } });
    expect(autre.statusCode).toBeGreaterThanOrEqual(400);

    // The lists: sent by the supplier, received by the recipient.
    const emises = await ok(await cp(app, 'GET', `/sandboxes/${s.id}/sollicitations?login=${encodeURIComponent(fournisseur!.login)}&role=EMISES`));
    expect(emises.sollicitations.map((x: { idSollicitation: number }) => x.idSollicitation)).toContain(id);
    const recues = await ok(await cp(app, 'GET', `/sandboxes/${s.id}/sollicitations?login=${encodeURIComponent(destinataire!.login)}&role=RECUES&statut=CLOTUREE`));
    expect(recues.sollicitations.map((x: { idSollicitation: number }) => x.idSollicitation)).toEqual([id]);
  });
});

describe('sollicitation au support Chorus Pro', () => {
  it('le support simulé répond quand l’horloge du bac à sable a avancé', async () => {
    await ok(await cp(app, 'PUT', `/sandboxes/${s.id}/clock`, { mode: 'frozen', date: '2026-03-02T09:00:00Z' }));
    await ok(await cp(app, 'PUT', `/sandboxes/${s.id}/support/behaviour`, { mode: 'REPONDRE', apresHeures: 24 }));
    const [fournisseur] = personnes(c, 'Fournisseur');
    const x = await ok(
      await cp(app, 'POST', `/sandboxes/${s.id}/sollicitations`, { login: fournisseur!.login, ...(await categorie('Structure')), titre: 'Nouveau gestionnaire', texte: 'Notre gestionnaire principal est parti.' }),
      201,
    );
    expect(x.destinataire).toEqual({ type: 'SUPPORT', idStructure: null, idService: null });
    await ok(await cp(app, 'POST', `/sandboxes/${s.id}/clock/advance`, { hours: 23 }));
    expect((await ok(await cp(app, 'GET', `/sandboxes/${s.id}/sollicitations/${x.idSollicitation}`))).statut).toBe('A_TRAITER');
    await ok(await cp(app, 'POST', `/sandboxes/${s.id}/clock/advance`, { hours: 2 }));
    const lue = await ok(await cp(app, 'GET', `/sandboxes/${s.id}/sollicitations/${x.idSollicitation}`));
    expect(lue.statut).toBe('REPONDUE');
    expect(lue.messages[1]).toMatchObject({ action: 'REPONDRE', auteur: 'Support Chorus Pro', loginAuteur: null });
    expect(lue.messages[1].date).toBe('2026-03-03T09:00:00.000Z');
    expect((await inbox(fournisseur!.login)).filter((n) => n.idSollicitation === x.idSollicitation).map((n) => n.type)).toEqual(['SOLLICITATION_REPONDUE']);
  });
});

describe('renvoi, transfert au support, structure simulée', () => {
  it('une réponse insatisfaisante est renvoyée, puis la structure transfère au support qui répond', async () => {
    const idFacture = await deposer(app, s, h.fournisseur);
    const [fournisseur] = personnes(c, 'Fournisseur');
    const [destinataire] = personnes(c, 'Destinataire sans paramètre');
    const x = await ok(
      await cp(app, 'POST', `/sandboxes/${s.id}/sollicitations`, { login: fournisseur!.login, ...(await categorie('Facture')), titre: 'Montant', texte: '?', objet: { type: 'FACTURE', id: idFacture } }),
      201,
    );
    const id = x.idSollicitation;
    await ok(await agir(id, { login: destinataire!.login, action: 'REPONDRE', texte: 'Voir le service comptable.' }));
    expect((await ok(await agir(id, { login: fournisseur!.login, action: 'RENVOYER', texte: 'Ce n’est pas une réponse.' }))).statut).toBe('RENVOYEE');
    // The support cannot act on what a structure still holds.
    expect((await agir(id, { support: true, action: 'REPONDRE', texte: 'x' })).statusCode).toBe(400);
    const transferee = await ok(await agir(id, { login: destinataire!.login, action: 'TRANSFERER_SUPPORT' }));
    expect(transferee).toMatchObject({ statut: 'TRANSFEREE_SUPPORT', destinataire: { type: 'SUPPORT' } });
    expect((await ok(await agir(id, { support: true, action: 'REPONDRE', texte: 'Réponse du support.' }))).statut).toBe('REPONDUE');
  });

  it('une structure jouée par le bac à sable demande un complément, puis répond au complément', async () => {
    await ok(await cp(app, 'PUT', `/sandboxes/${s.id}/clock`, { mode: 'frozen', date: '2026-04-01T09:00:00Z' }));
    const [fournisseur] = personnes(c, 'Fournisseur');
    const [destinataire] = personnes(c, 'Destinataire sans paramètre');
    await ok(await cp(app, 'PUT', `/sandboxes/${s.id}/structures/${destinataire!.idStructure}/behaviour/sollicitations`, { mode: 'DEMANDER_COMPLEMENT', apresHeures: 2 }));
    const idFacture = await deposer(app, s, h.fournisseur);
    const x = await ok(
      await cp(app, 'POST', `/sandboxes/${s.id}/sollicitations`, { login: fournisseur!.login, ...(await categorie('Facture')), titre: 'Délai', texte: '?', objet: { type: 'FACTURE', id: idFacture } }),
      201,
    );
    await ok(await cp(app, 'POST', `/sandboxes/${s.id}/clock/advance`, { hours: 2 }));
    expect((await ok(await cp(app, 'GET', `/sandboxes/${s.id}/sollicitations/${x.idSollicitation}`))).statut).toBe('COMPLEMENT_DEMANDE');
    await ok(await agir(x.idSollicitation, { login: fournisseur!.login, action: 'COMPLETER', texte: 'Précisions.' }));
    await ok(await cp(app, 'POST', `/sandboxes/${s.id}/clock/advance`, { hours: 2 }));
    expect((await ok(await cp(app, 'GET', `/sandboxes/${s.id}/sollicitations/${x.idSollicitation}`))).statut).toBe('REPONDUE');
    await ok(await cp(app, 'PUT', `/sandboxes/${s.id}/structures/${destinataire!.idStructure}/behaviour/sollicitations`, { mode: 'MANUEL', apresHeures: 0 }));
  });
});

describe('mauvaises entrées : 400, rien de changé', () => {
  it('catégorie inconnue, pièce jointe trop lourde, utilisateur étranger', async () => {
    const [fournisseur] = personnes(c, 'Fournisseur');
    const avant = (await ok(await cp(app, 'GET', `/sandboxes/${s.id}/sollicitations`))).sollicitations.length;
    const base = { login: fournisseur!.login, titre: 't', texte: 'x' };
    const inconnue = await cp(app, 'POST', `/sandboxes/${s.id}/sollicitations`, { ...base, codeCategorie: 'INCONNUE', codeSousCategorie: 'X' });
    expect(inconnue.statusCode).toBe(400);
    expect(inconnue.json().libelle).toContain('codeCategorie');
    const lourde = await cp(app, 'POST', `/sandboxes/${s.id}/sollicitations`, {
      ...base,
      ...(await categorie('Structure')),
      piecesJointes: [{ nom: 'gros.pdf', contenu: Buffer.alloc(10 * 1024 * 1024 + 1).toString('base64') }],
    });
    expect(lourde.statusCode, lourde.body).toBe(400);
    expect(Object.keys(lourde.json()).sort()).toEqual(['codeRetour', 'libelle']);
    const technique = c.find((x) => x.type === 'TECHNIQUE')!;
    const parApi = await cp(app, 'POST', `/sandboxes/${s.id}/sollicitations`, { ...base, login: technique.login, ...(await categorie('Structure')) });
    expect(parApi.statusCode).toBe(400);
    expect(parApi.json().libelle).toContain(technique.login);
    expect((await ok(await cp(app, 'GET', `/sandboxes/${s.id}/sollicitations`))).sollicitations).toHaveLength(avant);
  });

  it('champ manquant, action inconnue, sollicitation inconnue : l’enveloppe, jamais un 500', async () => {
    const [fournisseur] = personnes(c, 'Fournisseur');
    const sansTexte = await cp(app, 'POST', `/sandboxes/${s.id}/sollicitations`, { login: fournisseur!.login, ...(await categorie('Structure')), titre: 't' });
    expect(sansTexte.statusCode).toBe(400);
    expect(Object.keys(sansTexte.json()).sort()).toEqual(['codeRetour', 'libelle']);
    const x = await ok(await cp(app, 'POST', `/sandboxes/${s.id}/sollicitations`, { login: fournisseur!.login, ...(await categorie('Structure')), titre: 't', texte: 'x' }), 201);
    expect((await agir(x.idSollicitation, { login: fournisseur!.login, action: 'EFFACER' })).statusCode).toBe(400);
    expect((await agir(x.idSollicitation, { login: fournisseur!.login, support: true, action: 'CLOTURER' })).statusCode).toBe(400);
    // An answer needs a text.
    const sansReponse = await agir(x.idSollicitation, { support: true, action: 'REPONDRE' });
    expect(sansReponse.statusCode).toBe(400);
    expect(sansReponse.json().libelle).toContain('texte');
    const inconnue = await agir(999_999, { login: fournisseur!.login, action: 'CLOTURER' });
    expect(inconnue.statusCode).toBe(404);
    expect(inconnue.json().libelle).toContain('idSollicitation');
    expect((await ok(await cp(app, 'GET', `/sandboxes/${s.id}/sollicitations/${x.idSollicitation}`))).statut).toBe('A_TRAITER');
  });
});
