import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contextOf, getSandbox } from '../../src/modules/control-plane/service.js';
import { actionsPermises } from '../../src/modules/sollicitations/service.js';
import { agirSurSollicitation, consulterSollicitation, referentielSollicitations, saisirSollicitation, sollicitationsEmises, sollicitationsRecues } from '../../src/modules/sollicitations/portail.js';
import { findUtilisateurByLogin } from '../../src/modules/utilisateurs/repository.js';
import { buildTestApp, createSandbox, type TestSandbox } from '../helpers/app.js';
import { compteOf, matelasOf } from '../helpers/organisation.js';
import type { Matelas } from '../../src/modules/control-plane/matelas.js';

/** The services of the portal's sollicitation espaces (src/modules/sollicitations/portail.ts). */
let app: FastifyInstance;
let sandbox: TestSandbox;
let matelas: Matelas;
const ctx = () => contextOf(app.db, getSandbox(app.db, sandbox.id));
const personne = (entite: string) => findUtilisateurByLogin(ctx(), compteOf(matelas, entite, 'GP').login)!;

beforeAll(async () => {
  app = await buildTestApp();
  sandbox = await createSandbox(app, { seed: 34 });
  matelas = await matelasOf(app, sandbox);
});
afterAll(() => app.close());

describe('services du portail pour les sollicitations', () => {
  it('le référentiel groupe les sous-catégories sous leur catégorie et dit qui les reçoit', () => {
    const facture = referentielSollicitations().find((c) => c.code === 'FACTURE')!;
    expect(facture.sousCategories.every((s) => !s.versSupport)).toBe(true);
    expect(referentielSollicitations().find((c) => c.code === 'COMPTE')!.sousCategories.every((s) => s.versSupport)).toBe(true);
  });

  it('les actions permises suivent le côté et le statut', () => {
    expect(actionsPermises({ statut: 'A_TRAITER', destinataire: 'STRUCTURE' }, 'DESTINATAIRE').map((a) => a.action)).toEqual(['REPONDRE', 'DEMANDER_COMPLEMENT', 'TRANSFERER_SUPPORT']);
    expect(actionsPermises({ statut: 'A_TRAITER', destinataire: 'SUPPORT' }, 'DESTINATAIRE').map((a) => a.action)).not.toContain('TRANSFERER_SUPPORT');
    expect(actionsPermises({ statut: 'REPONDUE', destinataire: 'STRUCTURE' }, 'EMETTEUR').map((a) => a.action)).toEqual(['RENVOYER', 'CLOTURER']);
    expect(actionsPermises({ statut: 'CLOTUREE', destinataire: 'STRUCTURE' }, 'EMETTEUR')).toEqual([]);
  });

  it('saisie par numéro de facture, lecture réservée à l’émetteur et aux personnes de la structure destinataire', () => {
    const f = personne('Fournisseur');
    expect(() => saisirSollicitation(ctx(), f, { codeCategorie: 'FACTURE', codeSousCategorie: 'FACTURE_PAIEMENT', titre: 't', texte: 'x', numeroFacture: 'INCONNUE' })).toThrow(
      expect.objectContaining({ champ: 'numeroFacture' }),
    );
    expect(() => saisirSollicitation(ctx(), f, { codeCategorie: 'FACTURE', codeSousCategorie: 'COMPTE_ACCES', titre: 't', texte: 'x' })).toThrow(expect.objectContaining({ champ: 'codeSousCategorie' }));
    const s = saisirSollicitation(ctx(), f, { codeCategorie: 'FACTURE', codeSousCategorie: 'FACTURE_REJET', titre: 'Rejet de MAT-003', texte: 'Pourquoi ?', numeroFacture: 'MAT-003' });
    expect(s.destinataire).toBe('STRUCTURE');
    expect(sollicitationsEmises(ctx(), f).map((l) => l.numero)).toContain(s.numero);
    const etat = personne('Destinataire Etat');
    expect(sollicitationsRecues(ctx(), etat).find((l) => l.id === s.id)).toMatchObject({ aTraiter: true, titre: 'Rejet de MAT-003' });
    expect(consulterSollicitation(ctx(), etat, s.id).role).toBe('DESTINATAIRE');
    expect(sollicitationsRecues(ctx(), personne('Destinataire 2')).map((l) => l.id)).not.toContain(s.id);
    expect(() => consulterSollicitation(ctx(), personne('Destinataire 2'), s.id)).toThrow(/n'existe pas/);
    expect(() => agirSurSollicitation(ctx(), etat, s.id, { action: 'REPONDRE', texte: '' })).toThrow(expect.objectContaining({ champ: 'texte' }));
    expect(agirSurSollicitation(ctx(), etat, s.id, { action: 'REPONDRE', texte: 'Motif maintenu' }).sollicitation.statut).toBe('REPONDUE');
    expect(() => agirSurSollicitation(ctx(), etat, s.id, { action: 'CLOTURER' })).toThrow();
    expect(agirSurSollicitation(ctx(), f, s.id, { action: 'CLOTURER' }).sollicitation.statut).toBe('CLOTUREE');
  });
});
