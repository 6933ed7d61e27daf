import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contextOf, listSandboxes } from '../../src/modules/control-plane/service.js';
import { TAILLE_MAX_FICHIER } from '../../src/modules/factures/depot/fichiers.js';
import {
  ajouterPieceJointeMonCompte,
  fichierMonCompte,
  piecesJointesMonCompte,
  rechercherPjMonCompte,
  supprimerPieceJointeMonCompte,
} from '../../src/modules/factures/pieces-jointes/service.js';
import { utilisateurParId } from '../../src/modules/utilisateurs/service.js';
import type { ChorusError } from '../../src/errors/chorus-error.js';
import type { SandboxContext } from '../../src/sandbox/context.js';
import { buildTestApp, cproHeaders, cproPost, createSandbox, type TestSandbox } from '../helpers/app.js';
import { factureSaisie } from '../helpers/factures.js';
import { compteOf, matelasOf } from '../helpers/organisation.js';

/** « Mes pièces jointes » of « Mon compte » (chorus-domain §1.2, §4.3): the services the portal calls. */
let app: FastifyInstance;
let bac: TestSandbox;
let ctx: SandboxContext;
let gp: { id: number; nom: string; prenom: string | null };
let autre: { id: number; nom: string; prenom: string | null };

function refus(faire: () => unknown): ChorusError {
  try {
    faire();
  } catch (e) {
    return e as ChorusError;
  }
  throw new Error('expected a refusal');
}

beforeAll(async () => {
  app = await buildTestApp();
  bac = await createSandbox(app, { nom: 'pj-mon-compte' });
  ctx = contextOf(app.db, listSandboxes(app.db).find((s) => s.id === bac.id)!);
  const matelas = await matelasOf(app, bac);
  gp = utilisateurParId(ctx, compteOf(matelas, 'Fournisseur', 'GP').idUtilisateur)!;
  autre = utilisateurParId(ctx, compteOf(matelas, 'Destinataire sans paramètre', 'GP').idUtilisateur)!;
});
afterAll(() => app.close());

describe('pièces jointes de Mon compte', () => {
  it('ajoute un fichier, le liste le plus récent en premier et rend ses octets avec le type de son format', () => {
    const contenu = Buffer.from('%PDF-1.4 devis signé');
    const { pieceJointeId: premier } = ajouterPieceJointeMonCompte(ctx, gp, { nom: 'devis.pdf', contenu });
    const { pieceJointeId: second } = ajouterPieceJointeMonCompte(ctx, gp, { nom: 'Kbis 2026.Jpeg', contenu: Buffer.from('jpeg') });
    const liste = piecesJointesMonCompte(ctx, gp);
    expect(liste.map((l) => l.id)).toEqual([second, premier]);
    expect(liste[1]).toMatchObject({ nom: 'devis.pdf', extension: 'PDF', taille: contenu.length, factureId: null });
    expect(liste[1]!.dateAjout).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    const f = fichierMonCompte(ctx, gp, premier);
    expect(f).toMatchObject({ nom: 'devis.pdf', typeMime: 'application/pdf' });
    expect(f.contenu.equals(contenu)).toBe(true);
    expect(fichierMonCompte(ctx, gp, second).typeMime).toBe('image/jpeg');
    // The API's search sees the same files.
    expect(rechercherPjMonCompte(ctx, gp, {}).liste.map((l) => l.pieceJointeId)).toEqual(expect.arrayContaining([premier, second]));
  });

  it('refuse, sur le champ fichier, un format non accepté, un nom sans extension ou trop long, un fichier vide ou de plus de 10 Mo', () => {
    const un = Buffer.from('x');
    for (const nom of ['programme.exe', 'sans-extension', 'archive.rar']) {
      const e = refus(() => ajouterPieceJointeMonCompte(ctx, gp, { nom, contenu: un }));
      expect(e.champ).toBe('fichier');
      expect(e.libelle).toContain('n’est pas accepté');
      expect(e.libelle).toContain('PDF');
    }
    const long = `${'a'.repeat(47)}.pdf`;
    expect(refus(() => ajouterPieceJointeMonCompte(ctx, gp, { nom: long, contenu: un }))).toMatchObject({ champ: 'fichier', libelle: expect.stringContaining('50 caractères') });
    expect(ajouterPieceJointeMonCompte(ctx, gp, { nom: `${'a'.repeat(46)}.pdf`, contenu: un }).pieceJointeId).toBeGreaterThan(0);
    expect(refus(() => ajouterPieceJointeMonCompte(ctx, gp, { nom: 'vide.txt', contenu: Buffer.alloc(0) }))).toMatchObject({ champ: 'fichier', codeRetour: 20302 });
    expect(refus(() => ajouterPieceJointeMonCompte(ctx, gp, { nom: 'gros.pdf', contenu: Buffer.alloc(TAILLE_MAX_FICHIER + 1) }))).toMatchObject({ champ: 'fichier', codeRetour: 20003 });
    expect(ajouterPieceJointeMonCompte(ctx, gp, { nom: 'juste.pdf', contenu: Buffer.alloc(TAILLE_MAX_FICHIER) }).pieceJointeId).toBeGreaterThan(0);
  });

  it('un autre utilisateur ne voit, ne télécharge ni ne supprime le fichier', () => {
    const { pieceJointeId } = ajouterPieceJointeMonCompte(ctx, gp, { nom: 'rib.pdf', contenu: Buffer.from('rib') });
    expect(piecesJointesMonCompte(ctx, autre).map((l) => l.id)).not.toContain(pieceJointeId);
    expect(refus(() => fichierMonCompte(ctx, autre, pieceJointeId))).toMatchObject({ codeRetour: 20117, libelle: expect.stringContaining('parmi vos pièces jointes') });
    expect(refus(() => supprimerPieceJointeMonCompte(ctx, autre, pieceJointeId))).toMatchObject({ codeRetour: 20117 });
    expect(refus(() => fichierMonCompte(ctx, gp, 999_999))).toMatchObject({ codeRetour: 20117 });
    supprimerPieceJointeMonCompte(ctx, gp, pieceJointeId);
    expect(piecesJointesMonCompte(ctx, gp).map((l) => l.id)).not.toContain(pieceJointeId);
    expect(refus(() => fichierMonCompte(ctx, gp, pieceJointeId))).toMatchObject({ codeRetour: 20117 });
  });

  it('un fichier joint à une facture déposée reste : sa suppression est refusée en français', async () => {
    const matelas = await matelasOf(app, bac);
    const tech = utilisateurParId(ctx, compteOf(matelas, 'Fournisseur', 'TECH').idUtilisateur)!;
    const { pieceJointeId } = ajouterPieceJointeMonCompte(ctx, tech, { nom: 'bon-livraison.pdf', contenu: Buffer.from('%PDF-1.4 BL') });
    const res = await cproPost(app, await cproHeaders(app, bac, 'Fournisseur'), '/cpro/factures/v1/soumettre', {
      ...factureSaisie(app, bac.id),
      pieceJointeComplementaire: [{ pieceJointeComplementaireDesignation: 'Bon de livraison', pieceJointeComplementaireType: 'BON_LIVRAISON', pieceJointeComplementaireId: pieceJointeId }],
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(piecesJointesMonCompte(ctx, tech).find((l) => l.id === pieceJointeId)?.factureId).toBe(res.json().identifiantFactureCPP);
    const e = refus(() => supprimerPieceJointeMonCompte(ctx, tech, pieceJointeId));
    expect(e).toMatchObject({ codeRetour: 20126, libelle: expect.stringContaining('ne peut plus être supprimée') });
    expect(fichierMonCompte(ctx, tech, pieceJointeId).contenu.toString()).toBe('%PDF-1.4 BL');
  });
});
