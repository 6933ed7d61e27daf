import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contextOf, getSandbox } from '../../../src/modules/control-plane/service.js';
import {
  contexteSaisie,
  envoyerBrouillon,
  ficheFactureEmise,
  modifierBrouillon,
  saisieDuBrouillon,
  saisirFacture,
  supprimerBrouillon,
  syntheseFournisseur,
  totauxSaisie,
  type Saisie,
} from '../../../src/modules/factures/index.js';
import { findUtilisateurByLogin } from '../../../src/modules/utilisateurs/repository.js';
import type { SandboxContext } from '../../../src/sandbox/context.js';
import { buildTestApp, cproPost, createSandbox, technicalAccount, type TestSandbox } from '../../helpers/app.js';
import { acteurs, structure, type Acteurs } from '../../helpers/factures.js';

let app: FastifyInstance;
let sandbox: TestSandbox;
let ctx: SandboxContext;
let h: Acteurs;
let fournisseur: NonNullable<ReturnType<typeof findUtilisateurByLogin>>;

beforeAll(async () => {
  app = await buildTestApp();
  sandbox = await createSandbox(app, { seed: 23 });
  ctx = contextOf(app.db, getSandbox(app.db, sandbox.id));
  h = await acteurs(app, sandbox);
  fournisseur = findUtilisateurByLogin(ctx, technicalAccount(app, sandbox.id, 'Fournisseur').login)!;
});
afterAll(() => app.close());

let n = 0;
function saisie(extra: Partial<Saisie> = {}): Saisie {
  n += 1;
  return {
    idFournisseur: structure(app, sandbox.id, 'Fournisseur').id,
    cadre: 'A1_FACTURE_FOURNISSEUR',
    codeDestinataire: structure(app, sandbox.id, 'Destinataire sans paramètre').identifiant,
    numeroFacture: `BR-${n}`,
    dateFacture: '2026-11-20',
    lignes: [
      { designation: 'Audit', quantite: 1, prixUnitaireHt: 1000, codeTauxTva: 'TVA2' },
      { designation: 'Ouvrages', quantite: 4, prixUnitaireHt: 12.5, codeTauxTva: 'TVA4' },
    ],
    ...extra,
  };
}

async function recuesParLeDestinataire(numero: string): Promise<string> {
  return JSON.stringify((await cproPost(app, h.destinataire, '/cpro/factures/v1/rechercher/recipiendaire', { numeroFacture: numero })).json());
}

describe('brouillons et saisie du portail', () => {
  it('les totaux sont calculés par taux, arrondis au centime', () => {
    const t = totauxSaisie(saisie().lignes);
    expect(t.montantHt).toBe(1050);
    expect(t.parTaux).toEqual([
      { taux: 20, montantBaseHt: 1000, montantTva: 200 },
      { taux: 5.5, montantBaseHt: 50, montantTva: 2.75 },
    ]);
    expect(t.montantTtc).toBe(1252.75);
  });

  it('« Enregistrer » garde un brouillon que le destinataire ne voit pas ; « Valider et envoyer » le dépose et l’achemine', async () => {
    const s = saisie();
    const r = saisirFacture(ctx, fournisseur, s, 'ENREGISTRER');
    expect(r.statutFacture).toBe('BROUILLON');
    expect(await recuesParLeDestinataire(s.numeroFacture)).not.toContain(s.numeroFacture);
    // Nor by its id: a draft is the supplier's alone.
    const consulte = await cproPost(app, h.destinataire, '/cpro/factures/v1/consulter/recipiendaire', { identifiantFactureCPP: r.identifiantFactureCPP });
    expect(consulte.json().codeRetour).toBe(20001);
    expect(ficheFactureEmise(ctx, fournisseur, r.identifiantFactureCPP).actions).toMatchObject({ envoyer: true, supprimer: true, completer: false });
    const envoi = envoyerBrouillon(ctx, fournisseur, r.identifiantFactureCPP);
    expect(envoi.statutFacture).toBe('MISE_A_DISPOSITION');
    expect(await recuesParLeDestinataire(s.numeroFacture)).toContain(s.numeroFacture);
    // Once sent, it is no draft any more: neither sent again nor deleted.
    expect(() => envoyerBrouillon(ctx, fournisseur, r.identifiantFactureCPP)).toThrow(/pas un brouillon/);
    expect(() => supprimerBrouillon(ctx, fournisseur, r.identifiantFactureCPP)).toThrow(/pas un brouillon/);
    const fiche = ficheFactureEmise(ctx, fournisseur, r.identifiantFactureCPP);
    expect(fiche.historique.filter((x) => x.nature === 'STATUT').map((x) => x.code)).toEqual(['BROUILLON', 'DEPOSEE', 'EN_COURS_ACHEMINEMENT', 'MISE_A_DISPOSITION']);
    expect(fiche.delaiPaiement?.dateEcheance).toBeTruthy();
  });

  it('un brouillon supprimé reste lisible en SUPPRIMEE, et libère son numéro', () => {
    const s = saisie();
    const r = saisirFacture(ctx, fournisseur, s, 'ENREGISTRER');
    expect(supprimerBrouillon(ctx, fournisseur, r.identifiantFactureCPP).statutFacture).toBe('SUPPRIMEE');
    expect(ficheFactureEmise(ctx, fournisseur, r.identifiantFactureCPP).statut).toBe('SUPPRIMEE');
    expect(saisirFacture(ctx, fournisseur, s, 'ENVOYER').statutFacture).toBe('DEPOSEE');
  });

  it('la saisie a les contrôles de soumettre, rapportés au champ du formulaire', () => {
    const avecService = structure(app, sandbox.id, 'Destinataire avec service obligatoire').identifiant;
    const champ = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return { champ: (e as { champ?: string }).champ, code: (e as { codeRetour?: number }).codeRetour };
      }
      return undefined;
    };
    expect(champ(() => saisirFacture(ctx, fournisseur, saisie({ codeDestinataire: '' }), 'ENVOYER'))?.champ).toBe('codeDestinataire');
    expect(champ(() => saisirFacture(ctx, fournisseur, saisie({ codeDestinataire: avecService }), 'ENREGISTRER'))?.champ).toBe('codeServiceExecutant');
    expect(champ(() => saisirFacture(ctx, fournisseur, saisie({ lignes: [] }), 'ENVOYER'))?.champ).toBe('designation1');
    const s = saisie();
    saisirFacture(ctx, fournisseur, s, 'ENVOYER');
    expect(champ(() => saisirFacture(ctx, fournisseur, s, 'ENVOYER'))?.champ).toBe('numeroFacture');
  });

  it('l’annuaire de la saisie montre les obligations du destinataire et ses services', () => {
    const avecService = structure(app, sandbox.id, 'Destinataire avec service obligatoire');
    const c = contexteSaisie(ctx, fournisseur, { recherche: avecService.identifiant.slice(0, 9), siret: avecService.identifiant });
    expect(c.resultats?.some((r) => r.siret === avecService.identifiant)).toBe(true);
    expect(c.destinataire).toMatchObject({ siret: avecService.identifiant, serviceObligatoire: true });
    expect(c.destinataire!.services.length).toBeGreaterThan(0);
    expect(c.fournisseurs.map((f) => f.id)).toContain(structure(app, sandbox.id, 'Fournisseur').id);
  });

  it('la synthèse compte les factures du fournisseur par famille de statuts', () => {
    const s = syntheseFournisseur(ctx, fournisseur);
    const brouillons = s.familles.find((f) => f.code === 'BROUILLONS')!;
    const enCours = s.familles.find((f) => f.code === 'EN_COURS')!;
    expect(enCours.nombre).toBeGreaterThanOrEqual(2);
    expect(brouillons.nombre).toBeGreaterThanOrEqual(0);
  });

  const refus = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      return { champ: (e as { champ?: string }).champ, code: (e as { codeRetour?: number }).codeRetour, libelle: (e as Error).message };
    }
    return undefined;
  };

  it('A9 et A12 : la facture du sous-traitant ou du cotraitant va d’abord à son valideur, refusé à côté de son champ s’il manque ou est inconnu', () => {
    const sousTraitant = findUtilisateurByLogin(ctx, technicalAccount(app, sandbox.id, 'Sous-traitant').login)!;
    const cotraitant = findUtilisateurByLogin(ctx, technicalAccount(app, sandbox.id, 'Cotraitant').login)!;
    const titulaire = structure(app, sandbox.id, 'Titulaire');
    const mandataire = structure(app, sandbox.id, 'Mandataire');
    expect(contexteSaisie(ctx, sousTraitant).cadres.map((c) => c.code)).toEqual(['A1_FACTURE_FOURNISSEUR', 'A2_FACTURE_FOURNISSEUR_DEJA_PAYEE', 'A9_FACTURE_SOUSTRAITANT', 'A12_FACTURE_COTRAITANT']);
    expect(contexteSaisie(ctx, sousTraitant, { siretValideur: titulaire.identifiant }).valideur).toMatchObject({ siret: titulaire.identifiant, nom: titulaire.raisonSociale });
    // The valideur is also found by name or the start of its SIRET, among active private structures only.
    const parNom = contexteSaisie(ctx, sousTraitant, { rechercheValideur: titulaire.raisonSociale.toLowerCase() }).valideurs!;
    expect(parNom.map((x) => x.siret)).toContain(titulaire.identifiant);
    expect(contexteSaisie(ctx, sousTraitant, { rechercheValideur: titulaire.identifiant.slice(0, 9) }).valideurs!.map((x) => x.siret)).toContain(titulaire.identifiant);
    const publique = structure(app, sandbox.id, 'Destinataire sans paramètre');
    expect(contexteSaisie(ctx, sousTraitant, { rechercheValideur: publique.raisonSociale }).valideurs!.map((x) => x.siret)).not.toContain(publique.identifiant);
    expect(contexteSaisie(ctx, sousTraitant, { rechercheValideur: publique.identifiant }).valideurs).toEqual([]);
    expect(contexteSaisie(ctx, sousTraitant).valideurs).toBeUndefined();
    // A public structure is no valideur.
    expect(contexteSaisie(ctx, sousTraitant, { siretValideur: structure(app, sandbox.id, 'Destinataire sans paramètre').identifiant }).valideur).toBeUndefined();

    const a9 = (extra: Partial<Saisie>) => saisie({ idFournisseur: structure(app, sandbox.id, 'Sous-traitant').id, cadre: 'A9_FACTURE_SOUSTRAITANT', ...extra });
    expect(refus(() => saisirFacture(ctx, sousTraitant, a9({}), 'ENVOYER'))).toMatchObject({ champ: 'codeStructureValideur', code: 20401 });
    const inconnu = refus(() => saisirFacture(ctx, sousTraitant, a9({ codeStructureValideur: '00000000000000' }), 'ENVOYER'));
    expect(inconnu).toMatchObject({ champ: 'codeStructureValideur', code: 20402 });
    expect(inconnu!.libelle).toContain("Le valideur n'existe pas");
    expect(inconnu!.libelle).toContain('code 20402');
    expect(refus(() => saisirFacture(ctx, sousTraitant, a9({ codeStructureValideur: titulaire.identifiant, codeServiceValideur: 'NIMPORTE' }), 'ENVOYER'))).toMatchObject({ champ: 'codeServiceValideur', code: 20405 });

    const r = saisirFacture(ctx, sousTraitant, a9({ codeStructureValideur: titulaire.identifiant }), 'ENVOYER');
    expect(r.statutFacture).toBe('A_VALIDER_1');
    expect(ficheFactureEmise(ctx, sousTraitant, r.identifiantFactureCPP).statut).toBe('A_VALIDER_1');

    const a12 = saisie({ idFournisseur: structure(app, sandbox.id, 'Cotraitant').id, cadre: 'A12_FACTURE_COTRAITANT', codeStructureValideur: mandataire.identifiant });
    expect(saisirFacture(ctx, cotraitant, a12, 'ENVOYER').statutFacture).toBe('A_VALIDER_1');
  });

  it('« Modifier le brouillon » : pré-rempli, modifié avec les contrôles du dépôt, enregistré de nouveau puis envoyé', async () => {
    const s = saisie();
    const r = saisirFacture(ctx, fournisseur, s, 'ENREGISTRER');
    const id = r.identifiantFactureCPP;
    const lu = saisieDuBrouillon(ctx, fournisseur, id);
    expect(lu).toMatchObject({ cadre: 'A1_FACTURE_FOURNISSEUR', codeDestinataire: s.codeDestinataire, numeroFacture: s.numeroFacture, dateFacture: '2026-11-20' });
    expect(lu.lignes).toEqual(s.lignes);

    // Its own number is no duplicate; another invoice's is.
    const modifie = { ...lu, numeroFacture: `${s.numeroFacture}-B`, lignes: [{ designation: 'Audit complet', quantite: 2, prixUnitaireHt: 600, codeTauxTva: 'TVA2' }] };
    expect(modifierBrouillon(ctx, fournisseur, id, { ...lu, commentaire: 'relu' }, 'ENREGISTRER').statutFacture).toBe('BROUILLON');
    const autre = saisie();
    saisirFacture(ctx, fournisseur, autre, 'ENVOYER');
    expect(refus(() => modifierBrouillon(ctx, fournisseur, id, { ...modifie, numeroFacture: autre.numeroFacture }, 'ENREGISTRER'))?.champ).toBe('numeroFacture');
    expect(refus(() => modifierBrouillon(ctx, fournisseur, id, { ...modifie, codeDestinataire: structure(app, sandbox.id, 'Destinataire avec service obligatoire').identifiant }, 'ENREGISTRER'))?.champ).toBe('codeServiceExecutant');
    // A refused change leaves the draft as it was.
    expect(saisieDuBrouillon(ctx, fournisseur, id)).toMatchObject({ numeroFacture: s.numeroFacture, commentaire: 'relu' });

    expect(modifierBrouillon(ctx, fournisseur, id, modifie, 'ENREGISTRER').statutFacture).toBe('BROUILLON');
    const fiche = ficheFactureEmise(ctx, fournisseur, id);
    expect(fiche.numeroFacture).toBe(modifie.numeroFacture);
    expect(fiche.montants.ttc).toBe(1440);
    expect(await recuesParLeDestinataire(modifie.numeroFacture)).not.toContain(modifie.numeroFacture);
    const envoi = modifierBrouillon(ctx, fournisseur, id, modifie, 'ENVOYER');
    expect(envoi.statutFacture).toBe('MISE_A_DISPOSITION');
    expect(await recuesParLeDestinataire(modifie.numeroFacture)).toContain(modifie.numeroFacture);
    // Sent, it is no draft any more.
    expect(() => saisieDuBrouillon(ctx, fournisseur, id)).toThrow(/pas un brouillon/);
    expect(() => modifierBrouillon(ctx, fournisseur, id, modifie, 'ENREGISTRER')).toThrow(/pas un brouillon/);
  });

  it('un brouillon d’une autre structure ne se lit ni ne se modifie', () => {
    const r = saisirFacture(ctx, fournisseur, saisie(), 'ENREGISTRER');
    const autre = findUtilisateurByLogin(ctx, technicalAccount(app, sandbox.id, 'Sous-traitant').login)!;
    expect(refus(() => saisieDuBrouillon(ctx, autre, r.identifiantFactureCPP))?.code).toBe(20001);
    expect(refus(() => modifierBrouillon(ctx, autre, r.identifiantFactureCPP, saisie(), 'ENVOYER'))?.code).toBe(20001);
  });
});
