import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, buildTestApp, cproPost, createSandbox, type TestSandbox } from '../helpers/app.js';
import { acteurs, deposer, type Acteurs } from '../helpers/factures.js';

/** The response side of the journal redaction: downloaded files are never kept in base64. */
let app: FastifyInstance;
let s: TestSandbox;
let h: Acteurs;
const PDF_EN_BASE64 = Buffer.from('%PDF-').toString('base64').slice(0, 6); // "JVBERi"

beforeAll(async () => {
  app = await buildTestApp();
  s = await createSandbox(app, { seed: 61 });
  h = await acteurs(app, s);
});
afterAll(() => app.close());

async function derniereEntree(chemin: string) {
  const j = (await app.inject({ url: `/_sandbox/sandboxes/${s.id}/journal?path=${encodeURIComponent(chemin)}&taille=1`, headers: admin })).json();
  expect(j.total).toBeGreaterThan(0);
  return j.entrees[0];
}

describe('journal : réponses', () => {
  it('telecharger/groupe : le PDF téléchargé n’est pas stocké en base64, le reste de la réponse l’est', async () => {
    const id = await deposer(app, s, h.fournisseur);
    const res = await cproPost(app, h.destinataire, '/cpro/factures/v1/telecharger/groupe', { format: 'PDF', listeFacture: [{ idFacture: id }] });
    const fichier: string = res.json().fichierResultat;
    expect(fichier.startsWith(PDF_EN_BASE64)).toBe(true);
    const e = await derniereEntree('/cpro/factures/v1/telecharger/groupe');
    expect(e).toMatchObject({ statut: 200, codeRetour: 0 });
    expect(e.reponse.fichierResultat).toBe(`[fichier base64, ${fichier.length} caractères]`);
    expect(e.reponse.codeRetour).toBe(0);
    expect(JSON.stringify(e)).not.toContain(PDF_EN_BASE64);
    expect(JSON.stringify(e)).not.toContain(fichier.slice(0, 100));
  });

  it('telecharger/groupe en ZIP et l’annuaire des destinataires : pas de fichier en clair non plus', async () => {
    const id = await deposer(app, s, h.fournisseur);
    const zip = await cproPost(app, h.destinataire, '/cpro/factures/v1/telecharger/groupe', { format: 'ZIP', listeFacture: [{ idFacture: id }] });
    const contenu: string = zip.json().fichierResultat;
    const e = await derniereEntree('/cpro/factures/v1/telecharger/groupe');
    expect(JSON.stringify(e)).not.toContain(contenu.slice(0, 60));
    const annuaire = await cproPost(app, h.fournisseur, '/cpro/transverses/v1/telecharger/annuaire/destinataire', {});
    expect(annuaire.statusCode).toBe(200);
    const a = await derniereEntree('/cpro/transverses/v1/telecharger/annuaire/destinataire');
    expect(JSON.stringify(a)).not.toContain(annuaire.json().fichierResultat.slice(0, 60));
  });
});
