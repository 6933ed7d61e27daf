import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, cproPost, createSandbox, type TestSandbox } from '../helpers/app.js';
import { acteursTravaux, idDe, projet, suivante, T, type ActeursTravaux } from '../helpers/travaux.js';

const A4 = 'A4_PROJET_DECOMPTE_MENSUEL_FOURNISSEUR';
const A7 = 'A7_PROJET_DECOMPTE_FINAL_FOURNISSEUR';
const A15 = 'A15_ETAT_ACOMPTE_MOE';
const A17 = 'A17_PROJET_DECOMPTE_GENERAL_MOE';
const SUSPENDRE = `${T}/suspendre/demander/completer/factureTravaux`;

let app: FastifyInstance;
let sandbox: TestSandbox;
let a: ActeursTravaux;

beforeAll(async () => {
  app = await buildTestApp();
  sandbox = await createSandbox(app, { seed: 31 });
  a = await acteursTravaux(app, sandbox);
});
afterAll(() => app.close());

interface LigneATraiter {
  idFactureTravaux: number;
  statutFactureTravaux: string;
  roleAttendu: string;
  actionAttendue: string;
}
const aTraiter = async (headers: Record<string, string>, role?: string): Promise<LigneATraiter[]> => {
  const r = await cproPost(app, headers, `${T}/rechercher/atraiter`, role ? { roleUtilisateur: role } : {});
  expect(r.statusCode, r.body).toBe(200);
  return r.json().listeFacturesTravaux ?? [];
};
const ligne = async (headers: Record<string, string>, id: number, role?: string) => (await aTraiter(headers, role)).find((l) => l.idFactureTravaux === id);

describe('rechercher/atraiter : les pièces renvoyées à leur déposant', () => {
  it('une pièce à compléter attend le titulaire (« A_COMPLETER »), plus la MOE ; complétée, elle revient à la MOE', async () => {
    const a4 = idDe(await projet(app, a, A4, 3000));
    expect(await ligne(a.moe, a4)).toMatchObject({ roleAttendu: 'MOE', actionAttendue: 'A_TRAITER' });
    expect(await ligne(a.titulaire, a4)).toBeUndefined();

    expect((await cproPost(app, a.moe, SUSPENDRE, { idFactureTravaux: a4, commentaire: 'Joindre le métré' })).json().statutFactureTravaux).toBe('A_COMPLETER');
    expect(await ligne(a.titulaire, a4)).toMatchObject({ statutFactureTravaux: 'A_COMPLETER', roleAttendu: 'FOURNISSEUR', actionAttendue: 'A_COMPLETER' });
    expect(await ligne(a.titulaire, a4, 'FOURNISSEUR')).toBeDefined();
    // Filtered on another role, or seen by the MOE and the MOA: not theirs to act on.
    expect(await ligne(a.titulaire, a4, 'MOE')).toBeUndefined();
    expect(await ligne(a.moe, a4)).toBeUndefined();
    expect(await ligne(a.moa, a4)).toBeUndefined();

    expect((await cproPost(app, a.titulaire, `${T}/completer`, { idFactureTravaux: a4 })).json().statutFactureTravaux).toBe('MISE_A_DISPOSITION_MOE');
    expect(await ligne(a.titulaire, a4)).toBeUndefined();
    expect(await ligne(a.moe, a4)).toMatchObject({ roleAttendu: 'MOE', actionAttendue: 'A_TRAITER' });
  });

  it('une pièce à recycler attend le titulaire (« A_RECYCLER ») ; sans MOE aussi', async () => {
    const a4 = idDe(await projet(app, a, A4, 2000, { sansMoe: true }));
    expect(await ligne(a.moa, a4)).toMatchObject({ roleAttendu: 'MOA', actionAttendue: 'A_TRAITER' });
    const dem = await cproPost(app, a.moa, `${T}/demander/recyclage`, { idFactureTravaux: a4, commentaire: 'Pas notre marché' });
    expect(dem.json().statutFactureTravaux, dem.body).toBe('A_RECYCLER');
    expect(await ligne(a.titulaire, a4)).toMatchObject({ statutFactureTravaux: 'A_RECYCLER', roleAttendu: 'FOURNISSEUR', actionAttendue: 'A_RECYCLER' });
    expect(await ligne(a.moa, a4)).toBeUndefined();
  });

  it('une pièce de la MOE (A15, A17) renvoyée par la MOA attend la MOE, pas le titulaire', async () => {
    const a4 = idDe(await projet(app, a, A4, 4000));
    const a15 = idDe(await suivante(app, a.moe, A15, a4, 4000));
    expect((await cproPost(app, a.moa, SUSPENDRE, { idFactureTravaux: a15, commentaire: 'Signature manquante' })).json().statutFactureTravaux).toBe('A_COMPLETER');
    expect(await ligne(a.moe, a15, 'MOE')).toMatchObject({ roleAttendu: 'MOE', actionAttendue: 'A_COMPLETER' });
    expect(await ligne(a.titulaire, a15)).toBeUndefined();
    expect(await ligne(a.moa, a15)).toBeUndefined();

    const a7 = idDe(await projet(app, a, A7, 9000));
    const a17 = idDe(await suivante(app, a.moe, A17, a7, 9000));
    expect((await cproPost(app, a.moa, `${T}/demander/recyclage`, { idFactureTravaux: a17, commentaire: 'Mauvaise MOA' })).json().statutFactureTravaux).toBe('A_RECYCLER');
    expect(await ligne(a.moe, a17)).toMatchObject({ roleAttendu: 'MOE', actionAttendue: 'A_RECYCLER' });
    expect(await ligne(a.titulaire, a17)).toBeUndefined();
  });

  it('une pièce refusée pour « mauvaise MOA » attend que son déposant corrige la MOA (« A_RECYCLER »)', async () => {
    const a4 = idDe(await projet(app, a, A4, 1500, { sansMoe: true }));
    const refus = await cproPost(app, a.moa, `${T}/refuser`, { idFactureTravaux: a4, motifRefus: 'MAUVAISE_MOA', commentaire: 'Pas notre marché' });
    expect(refus.json().statutFactureTravaux, refus.body).toBe('ERREUR_FOURNISSEUR_SUR_MOA');
    expect(await ligne(a.titulaire, a4)).toMatchObject({ roleAttendu: 'FOURNISSEUR', actionAttendue: 'A_RECYCLER' });
    expect(await ligne(a.moa, a4)).toBeUndefined();
  });

  it('une pièce refusée (fin du circuit) n’attend personne', async () => {
    const a4 = idDe(await projet(app, a, A4, 1000));
    expect((await cproPost(app, a.moe, `${T}/refuser`, { idFactureTravaux: a4, motifRefus: 'AUTRE', commentaire: 'Non conforme' })).json().statutFactureTravaux).toBe('REFUSEE_MOE');
    for (const h of [a.titulaire, a.moe, a.moa]) expect(await ligne(h, a4)).toBeUndefined();
  });
});
