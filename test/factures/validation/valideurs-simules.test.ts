import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, cproHeaders, cproPost, createSandbox, type TestSandbox } from '../../helpers/app.js';
import { structure } from '../../helpers/factures.js';
import { sbx } from '../../toolkit/helpers.js';
import { F, factureAValider, historiqueStatuts } from './helpers.js';

const T0 = '2026-03-02T09:00:00.000Z';
let app: FastifyInstance;
let sandbox: TestSandbox;
const h: Record<string, Record<string, string>> = {};

beforeAll(async () => {
  app = await buildTestApp();
  sandbox = await createSandbox(app, { seed: 3 });
  await sbx(app, 'PUT', `/sandboxes/${sandbox.id}/clock`, { mode: 'frozen', date: T0 });
  for (const e of ['Sous-traitant', 'Titulaire', 'Mandataire']) h[e] = await cproHeaders(app, sandbox, e);
});
afterAll(() => app.close());

async function deposer(valideur: string, numero?: string): Promise<number> {
  const corps = factureAValider(app, sandbox, 'Sous-traitant', valideur);
  const res = await cproPost(app, h['Sous-traitant'], `${F}/soumettre`, numero ? { ...corps, numeroFactureSaisi: numero } : corps);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().identifiantFactureCPP;
}
const comportement = (entite: string, corps: unknown) => sbx(app, 'PUT', `/sandboxes/${sandbox.id}/structures/${structure(app, sandbox.id, entite).id}/behaviour`, corps);

describe('valideurs simulés (PUT …/structures/:id/behaviour, regles.valideur)', () => {
  it('valider au bout de N jours : le titulaire simulé valide à J+3, la facture part chez le destinataire', async () => {
    expect((await comportement('Titulaire', { mode: 'automatique', regles: { valideur: { action: 'VALIDATION', apresJours: 3 } } })).statusCode).toBe(200);
    const id = await deposer('Titulaire');
    await sbx(app, 'POST', `/sandboxes/${sandbox.id}/clock/advance`, { days: 2 });
    expect(await historiqueStatuts(app, h['Sous-traitant'], id)).toEqual(['A_VALIDER_1']);
    await sbx(app, 'POST', `/sandboxes/${sandbox.id}/clock/advance`, { days: 1 });
    expect(await historiqueStatuts(app, h['Sous-traitant'], id)).toEqual(['A_VALIDER_1', 'VALIDEE_1', 'DEPOSEE', 'EN_COURS_ACHEMINEMENT', 'MISE_A_DISPOSITION']);
  });

  it('refuser avec un motif, et un profil posé après le dépôt replanifie la facture en attente', async () => {
    const id = await deposer('Mandataire');
    expect((await comportement('Mandataire', { mode: 'automatique', regles: { valideur: { action: 'REFUS', apresJours: 1, motifRefus: 'ERR_VALIDEUR' } } })).statusCode).toBe(200);
    await sbx(app, 'POST', `/sandboxes/${sandbox.id}/clock/advance`, { days: 1 });
    expect(await historiqueStatuts(app, h['Sous-traitant'], id)).toEqual(['A_VALIDER_1', 'ERREUR_FOURNISSEUR_SUR_VALIDEUR']);
  });

  it('ne rien faire : acceptation tacite au bout de 15 jours', async () => {
    await comportement('Titulaire', { mode: 'automatique', regles: { valideur: { action: 'AUCUNE' } } });
    const id = await deposer('Titulaire');
    await sbx(app, 'POST', `/sandboxes/${sandbox.id}/clock/advance`, { days: 15 });
    expect((await historiqueStatuts(app, h['Sous-traitant'], id)).slice(0, 2)).toEqual(['A_VALIDER_1', 'ABSENCE_VALIDATION_1_HORS_DELAI']);
  });

  it('une structure privée ne peut être simulée que comme valideur', async () => {
    const res = await comportement('Titulaire', { mode: 'automatique', regles: { serviceFaitApresJours: 2 } });
    expect(res.statusCode).toBe(400);
    expect(res.json().libelle).toContain('regles.valideur');
  });
});

describe('numéros magiques du circuit de validation', () => {
  it('-REFUS_VALIDEUR : refusée par le valideur dès le dépôt, quel que soit son profil', async () => {
    await comportement('Titulaire', { mode: 'manuel' });
    const id = await deposer('Titulaire', `R1-REFUS_VALIDEUR`);
    expect(await historiqueStatuts(app, h['Sous-traitant'], id)).toEqual(['A_VALIDER_1', 'REFUSEE_1']);
  });

  it('-ERREUR_VALIDEUR : mauvais valideur, une seule fois (corrigée, elle attend son nouveau valideur)', async () => {
    const id = await deposer('Mandataire', `E1-ERREUR_VALIDEUR`);
    expect(await historiqueStatuts(app, h['Sous-traitant'], id)).toEqual(['A_VALIDER_1', 'ERREUR_FOURNISSEUR_SUR_VALIDEUR']);
    await cproPost(app, h['Sous-traitant'], `${F}/corriger/valideur/facture`, { idFacture: id, identifiantStructure: structure(app, sandbox.id, 'Titulaire').identifiant });
    expect(await historiqueStatuts(app, h['Sous-traitant'], id)).toEqual(['A_VALIDER_1', 'ERREUR_FOURNISSEUR_SUR_VALIDEUR', 'A_VALIDER_1']);
  });
});
