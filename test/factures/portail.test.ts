import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isChorusError } from '../../src/errors/chorus-error.js';
import { contextOf, getSandbox } from '../../src/modules/control-plane/service.js';
import { ficheFactureRecue, rechercherFacturesRecues, traiterFactureRecueSaisie } from '../../src/modules/factures/portail/recues.js';
import { deciderFactureAValider, facturesDuValideur, ficheFactureAValider } from '../../src/modules/factures/portail/valideur.js';
import { findUtilisateurByLogin } from '../../src/modules/utilisateurs/repository.js';
import type { SandboxContext } from '../../src/sandbox/context.js';
import { buildTestApp, cproHeaders, createSandbox, type TestSandbox } from '../helpers/app.js';
import { acteurs, deposer, structure, type Acteurs } from '../helpers/factures.js';
import { compteOf, matelasOf } from '../helpers/organisation.js';
import { deposerAValider } from './validation/helpers.js';

let app: FastifyInstance;
let bac: TestSandbox;
let ctx: SandboxContext;
let h: Acteurs;
let destinataire: NonNullable<ReturnType<typeof findUtilisateurByLogin>>;
let titulaire: NonNullable<ReturnType<typeof findUtilisateurByLogin>>;

beforeAll(async () => {
  app = await buildTestApp();
  bac = await createSandbox(app, { nom: 'services-portail-factures' });
  ctx = contextOf(app.db, getSandbox(app.db, bac.id));
  h = await acteurs(app, bac);
  const m = await matelasOf(app, bac);
  destinataire = findUtilisateurByLogin(ctx, compteOf(m, 'Destinataire sans paramètre', 'GP').login)!;
  titulaire = findUtilisateurByLogin(ctx, compteOf(m, 'Titulaire', 'GP').login)!;
});
afterAll(async () => app.close());

/** The field a service's refusal names, and its code. */
function refus(f: () => unknown): { champ: string | undefined; codeRetour: number } {
  try {
    f();
  } catch (e) {
    if (isChorusError(e)) return { champ: e.champ, codeRetour: e.codeRetour };
    throw e;
  }
  throw new Error('not refused');
}

describe('services du portail : factures reçues', () => {
  it('les choix depuis MISE_A_DISPOSITION sont ceux du §7.2, avec motif obligatoire pour suspendre, rejeter, à recycler et le mandat pour mandater', async () => {
    const id = await deposer(app, bac, h.fournisseur);
    const { choix, delai } = ficheFactureRecue(ctx, destinataire, id);
    const par = new Map(choix.map((c) => [c.statut, c]));
    expect([...par.keys()].sort()).toEqual(['A_RECYCLER', 'COMPTABILISEE', 'MANDATEE', 'MISE_A_DISPOSITION_COMPTABLE', 'MISE_EN_PAIEMENT', 'REJETEE', 'SERVICE_FAIT', 'SUSPENDUE']);
    for (const s of ['SUSPENDUE', 'REJETEE', 'A_RECYCLER']) expect(par.get(s as never)!.motifObligatoire).toBe(true);
    expect(par.get('SERVICE_FAIT')!.motifObligatoire).toBe(false);
    expect(par.get('MANDATEE')!.mandatObligatoire).toBe(true);
    // §7.3 / §11.1: missing documents suspend, wrong data reject, routing errors go to recycling.
    expect(par.get('SUSPENDUE')!.motifs.map((m) => m.codeMotif)).toContain('JUSTIF_ABS');
    expect(par.get('SUSPENDUE')!.motifs.map((m) => m.codeMotif)).not.toContain('MONTANT_ERR');
    expect(par.get('A_RECYCLER')!.motifs.map((m) => m.codeMotif)).toContain('SE_ERR');
    expect(delai?.delaiJours).toBe(30);
  });

  it('chaque refus de la saisie nomme son champ, avec le code de l’API ; rien ne change', async () => {
    const id = await deposer(app, bac, h.fournisseur);
    expect(refus(() => traiterFactureRecueSaisie(ctx, destinataire, { idFacture: id, nouveauStatut: 'REJETEE' }))).toEqual({ champ: 'codeMotif', codeRetour: 20201 });
    expect(refus(() => traiterFactureRecueSaisie(ctx, destinataire, { idFacture: id, nouveauStatut: 'SUSPENDUE', codeMotif: 'MONTANT_ERR' })).champ).toBe('codeMotif');
    expect(refus(() => traiterFactureRecueSaisie(ctx, destinataire, { idFacture: id, nouveauStatut: 'MANDATEE' }))).toEqual({ champ: 'numeroDPMandat', codeRetour: 20202 });
    expect(refus(() => traiterFactureRecueSaisie(ctx, destinataire, { idFacture: id, nouveauStatut: 'COMPLETEE' }))).toEqual({ champ: 'nouveauStatut', codeRetour: 20002 });
    expect(ficheFactureRecue(ctx, destinataire, id).facture.statutFacture).toBe('MISE_A_DISPOSITION');
    const r = traiterFactureRecueSaisie(ctx, destinataire, { idFacture: id, nouveauStatut: 'SUSPENDUE', codeMotif: 'JUSTIF_ABS', commentaire: 'PV de réception' });
    expect(r.nouveauStatut).toBe('SUSPENDUE');
    const fiche = ficheFactureRecue(ctx, destinataire, id);
    expect(fiche.historique.at(-1)!.histoStatutCommentaire).toBe('JUSTIF_ABS - Justificatif absent ou insuffisant — PV de réception');
    expect(fiche.delai?.suspendu).toBe(true);
    // From SUSPENDUE the recipient may only lift the suspension or reject (the supplier completes).
    expect(fiche.choix.map((c) => c.statut).sort()).toEqual(['MISE_A_DISPOSITION', 'REJETEE']);
  });

  it('la recherche lit le fournisseur par son SIRET et le service par son code ; un fournisseur inconnu ne trouve rien', async () => {
    const id = await deposer(app, bac, h.fournisseur);
    const fo = structure(app, bac.id, 'Fournisseur');
    const de = structure(app, bac.id, 'Destinataire sans paramètre');
    const ids = (c: Parameters<typeof rechercherFacturesRecues>[2]) => rechercherFacturesRecues(ctx, destinataire, c).factures.map((f) => f.idFacture);
    expect(ids({ fournisseur: fo.identifiant })).toContain(id);
    expect(ids({ fournisseur: fo.raisonSociale })).toContain(id);
    expect(ids({ fournisseur: '00000000000000' })).toEqual([]);
    expect(ids({ codeService: de.services[0]!.code })).toContain(id);
    expect(ids({ codeService: 'INCONNU' })).toEqual([]);
  });
});

describe('services du portail : factures à valider', () => {
  it('un refus sans motif nomme le champ du motif ; la validation envoie la facture au destinataire', async () => {
    const id = await deposerAValider(app, bac, await cproHeaders(app, bac, 'Sous-traitant'), 'Sous-traitant', 'Titulaire');
    expect(facturesDuValideur(ctx, titulaire, {}).aTraiter.map((f) => f.idFacture)).toContain(id);
    expect(ficheFactureAValider(ctx, titulaire, id).aDecider).toBe(true);
    expect(refus(() => deciderFactureAValider(ctx, titulaire, { idFacture: id, decision: 'REFUS' }))).toEqual({ champ: 'codeMotif', codeRetour: 20409 });
    expect(refus(() => deciderFactureAValider(ctx, titulaire, { idFacture: id, decision: 'PEUT-ETRE' })).champ).toBe('decision');
    expect(refus(() => deciderFactureAValider(ctx, destinataire, { idFacture: id, decision: 'VALIDATION' })).codeRetour).toBe(20001);
    expect(deciderFactureAValider(ctx, titulaire, { idFacture: id, decision: 'VALIDATION' }).statutFacture).toBe('MISE_A_DISPOSITION');
    expect(ficheFactureAValider(ctx, titulaire, id).aDecider).toBe(false);
    expect(facturesDuValideur(ctx, titulaire, {}).aTraiter.map((f) => f.idFacture)).not.toContain(id);
  });
});
