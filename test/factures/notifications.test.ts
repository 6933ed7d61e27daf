import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, buildTestApp, cproPost, createSandbox, type TestSandbox } from '../helpers/app.js';
import { acteurs, deposer, traiter, type Acteurs } from '../helpers/factures.js';

/**
 * Notifications (chorus-domain §13): every status change reaches the users of the supplier, and the
 * recipient hears of the mise à disposition. Users are people (e-mail); a technical account (API
 * access, no e-mail) is never notified.
 */
let app: FastifyInstance;
let s: TestSandbox;
let h: Acteurs;

interface Compte { login: string; type: string; entite: string }
let comptes: Compte[];

beforeAll(async () => {
  app = await buildTestApp();
  s = await createSandbox(app, { seed: 41 });
  h = await acteurs(app, s);
  // Who is attached to what, as the sandbox export lists it.
  const t = (await app.inject({ url: `/_sandbox/sandboxes/${s.id}/export`, headers: admin })).json().tables;
  const structure = new Map(t.structures.map((x: { id: number; entite: string }) => [x.id, x.entite]));
  const utilisateur = new Map(t.utilisateurs.map((u: { id: number; login: string; type: string }) => [u.id, u]));
  comptes = t.rattachements
    .filter((r: { statut: string }) => r.statut === 'VALIDEE')
    .map((r: { utilisateur_id: number; structure_id: number }) => {
      const u = utilisateur.get(r.utilisateur_id) as { login: string; type: string };
      return { login: u.login, type: u.type, entite: structure.get(r.structure_id) as string };
    });
});
afterAll(() => app.close());

async function notifications(login: string) {
  const res = await app.inject({ url: `/_sandbox/sandboxes/${s.id}/notifications?login=${encodeURIComponent(login)}`, headers: admin });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().notifications as { idFacture: number; type: string; message: string; lu: boolean }[];
}
const de = (entite: string, type: 'PERSONNE' | 'TECHNIQUE') => comptes.filter((c) => c.entite === entite && c.type === type).map((c) => c.login);

describe('notifications', () => {
  it('les utilisateurs des structures fournisseur et destinataire sont notifiés, non lus ; jamais les comptes techniques ni les autres structures', async () => {
    const id = await deposer(app, s, h.fournisseur);
    expect((await traiter(app, h.destinataire, id, 'SUSPENDUE', { motif: 'Bon de livraison manquant' })).json().codeRetour).toBe(0);
    const personnes = [...de('Fournisseur', 'PERSONNE'), ...de('Destinataire sans paramètre', 'PERSONNE')];
    // The matelas gives each structure a gestionnaire principal and a simple user (chorus-domain §3).
    expect(personnes).toHaveLength(4);
    for (const login of personnes) {
      const n = (await notifications(login)).filter((x) => x.idFacture === id);
      // Newest first: the suspension (with its motif), then the mise à disposition; the transient routing step is silent.
      expect(n.map((x) => x.type), login).toEqual(['STATUT_SUSPENDUE', 'STATUT_MISE_A_DISPOSITION']);
      expect(n[0]!.message).toContain('Bon de livraison manquant');
      expect(n.every((x) => x.lu === false)).toBe(true);
    }
    for (const login of [...de('Fournisseur', 'TECHNIQUE'), ...de('Destinataire sans paramètre', 'TECHNIQUE')]) {
      expect((await notifications(login)).filter((x) => x.idFacture === id), login).toEqual([]);
    }
    for (const login of [...de('Destinataire 2', 'PERSONNE'), ...de('MOE', 'PERSONNE')]) {
      expect((await notifications(login)).filter((x) => x.idFacture === id), login).toEqual([]);
    }
  });

  it('après un recyclage, le nouveau destinataire est notifié de la mise à disposition', async () => {
    const id = await deposer(app, s, h.fournisseur);
    expect((await traiter(app, h.destinataire, id, 'A_RECYCLER', { motif: 'Mauvais destinataire' })).json().codeRetour).toBe(0);
    const hopital = (await app.inject({ url: `/_sandbox/sandboxes/${s.id}/matelas`, headers: admin })).json().structures.find((x: { entite: string }) => x.entite === 'Destinataire 2');
    expect((await cproPost(app, h.fournisseur, '/cpro/factures/v1/recycler', { identifiantFactureCPP: id, destinataire: { codeDestinataire: hopital.identifiant } })).json().codeRetour).toBe(0);
    for (const login of de('Destinataire 2', 'PERSONNE')) {
      expect((await notifications(login)).filter((x) => x.idFacture === id).map((x) => x.type)).toEqual(['STATUT_MISE_A_DISPOSITION']);
    }
    const gestionnaire = de('Fournisseur', 'PERSONNE')[0]!;
    expect((await notifications(gestionnaire)).filter((x) => x.idFacture === id).map((x) => x.type)).toEqual([
      'STATUT_MISE_A_DISPOSITION',
      'STATUT_A_RECYCLER',
      'STATUT_MISE_A_DISPOSITION',
    ]);
  });

  it('un login inconnu est une erreur 404, pas une liste vide', async () => {
    const res = await app.inject({ url: `/_sandbox/sandboxes/${s.id}/notifications?login=personne@nulle.part`, headers: admin });
    expect(res.statusCode).toBe(404);
  });
});
