import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { erreurs } from '../../../src/errors/catalogue/index.js';
import { EXPEDITEUR } from '../../../src/modules/notifications/service.js';
import { reglerRecaps } from '../../../src/modules/notifications/recaps.js';
import { ajouterIban, creerStructurePrivee, fermerEspace, ouvrirEspace } from '../../../src/modules/structures/gestion.js';
import {
  activerCompte,
  completudeCompte,
  creerCompte,
  demanderAbonnement,
  manquesMotDePasse,
  modifierMonCompte,
  monCompte,
  refuserAbonnement,
  renvoyerActivation,
  resilierAbonnement,
  validerAbonnement,
} from '../../../src/modules/utilisateurs/comptes.js';
import { demanderRattachement, validerRattachement } from '../../../src/modules/utilisateurs/rattachements.js';
import { findUtilisateur } from '../../../src/modules/utilisateurs/repository.js';
import { buildTestApp, createSandbox, type TestSandbox } from '../../helpers/app.js';
import { compteOf, matelasOf } from '../../helpers/organisation.js';
import { compteActif, contexteManuel, courrielsDe, MOT_DE_PASSE, refus } from '../../helpers/comptes.js';

let app: FastifyInstance;
let sandbox: TestSandbox;
let autre: TestSandbox;

beforeAll(async () => {
  app = await buildTestApp();
  sandbox = await createSandbox(app, { seed: 4015 });
  autre = await createSandbox(app, { seed: 4015 });
});
afterAll(() => app.close());

const STRUCTURE = { identifiant: '73282932000074', raisonSociale: 'Menuiserie Martin', adresse: '3 rue des Artisans', codePostal: '69003', ville: 'Lyon' };

describe('Créer un compte and its activation mail', () => {
  it('creates an inactive account whose login is the lower-cased e-mail, and mails a 60-minute link from the platform address', () => {
    const ctx = contexteManuel(app, sandbox.id);
    const { utilisateur, jeton } = creerCompte(ctx, { email: '  Claire.Martin@Menuiserie.fr ', nom: 'Martin', prenom: 'Claire', telephone: '04 72 00 00 00' });
    expect(utilisateur).toMatchObject({ login: 'claire.martin@menuiserie.fr', type: 'PERSONNE', statut: 'INACTIF', nom: 'Martin', prenom: 'Claire', email: 'claire.martin@menuiserie.fr' });
    expect(jeton).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const [mail, ...autres] = courrielsDe(ctx, utilisateur.id, 'ACTIVATION_COMPTE');
    expect(autres).toEqual([]);
    expect(mail).toMatchObject({ de: EXPEDITEUR, a: 'claire.martin@menuiserie.fr' });
    expect(mail!.sujet).toContain('Activation de votre compte');
    expect(mail!.corps).toContain(`/portail/${sandbox.id}/activer?jeton=${jeton}`);
    expect(mail!.corps).toContain('60 minutes');
    expect(mail!.corps).toContain("02/03/2026 à 11:00"); // 09:00 UTC + 60 min = 11:00 Paris (winter time)
    expect(mail!.corps).toMatch(/^Bonjour Claire Martin,/);
  });

  it('refuses a login already taken, whatever its case, and bad fields, naming them', () => {
    const ctx = contexteManuel(app, sandbox.id);
    creerCompte(ctx, { email: 'doublon@exemple.fr', nom: 'A', prenom: 'B' });
    refus(() => creerCompte(ctx, { email: 'DOUBLON@exemple.fr', nom: 'A', prenom: 'B' }), erreurs.LOGIN_EXISTANT.codeRetour, 'email', 'doublon@exemple.fr');
  });

  it('refuses the e-mail of an upper-case login of the matelas (GEST_…@cpro.fr) typed in lower case', async () => {
    const ctx = contexteManuel(app, sandbox.id);
    const gp = compteOf(await matelasOf(app, sandbox), 'Fournisseur', 'GP');
    expect(gp.login).not.toBe(gp.login.toLowerCase());
    refus(() => creerCompte(ctx, { email: gp.login.toLowerCase(), nom: 'A', prenom: 'B' }), erreurs.LOGIN_EXISTANT.codeRetour, 'email');
    refus(() => creerCompte(ctx, { email: gp.login, nom: 'A', prenom: 'B' }), erreurs.LOGIN_EXISTANT.codeRetour, 'email');
  });

  it('refuses bad fields, naming them', () => {
    const ctx = contexteManuel(app, sandbox.id);
    refus(() => creerCompte(ctx, { email: 'pas-une-adresse', nom: 'A', prenom: 'B' }), erreurs.CHAMP_INVALIDE.codeRetour, 'email', 'Adresse e-mail de connexion');
    refus(() => creerCompte(ctx, { email: 'x@exemple.fr', nom: ' ', prenom: 'B' }), erreurs.CHAMP_OBLIGATOIRE.codeRetour, 'nom', '« Nom » est obligatoire');
    refus(() => creerCompte(ctx, { email: 'x@exemple.fr', nom: 'A', prenom: '' }), erreurs.CHAMP_OBLIGATOIRE.codeRetour, 'prenom');
    refus(() => creerCompte(ctx, { email: 'x@exemple.fr', nom: 'A', prenom: 'B', telephone: 'abc' }), erreurs.CHAMP_INVALIDE.codeRetour, 'telephone');
    refus(() => creerCompte(ctx, { email: 'x@exemple.fr', nom: 'A', prenom: 'B', siret: '73282932000075' }), erreurs.IDENTIFIANT_INVALIDE.codeRetour, 'siret', 'SIRET');
  });

  it('activates with a password meeting the rules, once; says what the password lacks', () => {
    const ctx = contexteManuel(app, sandbox.id);
    const { utilisateur, jeton } = creerCompte(ctx, { email: 'paul.durand@exemple.fr', nom: 'Durand', prenom: 'Paul' });
    const faible = refus(() => activerCompte(ctx, { jeton, motDePasse: 'abc', confirmation: 'abc' }), erreurs.MOT_DE_PASSE_NON_CONFORME.codeRetour, 'motDePasse');
    expect(faible.libelle).toContain('au moins 8 caractères');
    expect(faible.libelle).toContain('une lettre majuscule');
    expect(faible.libelle).toContain('un chiffre');
    expect(faible.libelle).toContain('un caractère spécial');
    expect(faible.libelle).not.toContain('minuscule');
    refus(() => activerCompte(ctx, { jeton, motDePasse: 'Paul.Durand-2026', confirmation: 'Paul.Durand-2026' }), erreurs.MOT_DE_PASSE_NON_CONFORME.codeRetour, 'motDePasse', 'identifiant');
    refus(() => activerCompte(ctx, { jeton, motDePasse: MOT_DE_PASSE, confirmation: 'Autre-2026!' }), erreurs.CONFIRMATION_DIFFERENTE.codeRetour, 'confirmation');
    expect(findUtilisateur(ctx, utilisateur.id)!.statut).toBe('INACTIF');
    const { utilisateur: actif, rattachement } = activerCompte(ctx, { jeton, motDePasse: MOT_DE_PASSE, confirmation: MOT_DE_PASSE });
    expect(actif).toMatchObject({ statut: 'ACTIF', motDePasse: MOT_DE_PASSE, jetonActivation: null });
    expect(rattachement).toBeNull();
    refus(() => activerCompte(ctx, { jeton, motDePasse: MOT_DE_PASSE, confirmation: MOT_DE_PASSE }), erreurs.JETON_ACTIVATION_INVALIDE.codeRetour, 'jeton');
    refus(() => activerCompte(ctx, { jeton: 'inconnu', motDePasse: MOT_DE_PASSE, confirmation: MOT_DE_PASSE }), erreurs.JETON_ACTIVATION_INVALIDE.codeRetour, 'jeton');
  });

  it('applies the documented rules: 8 to 64 characters and four classes', () => {
    expect(manquesMotDePasse('Abcdef1!', 'x@y.fr')).toEqual([]);
    expect(manquesMotDePasse('Élan-vert9', 'x@y.fr')).toEqual([]);
    expect(manquesMotDePasse(`A1!${'a'.repeat(62)}`, 'x@y.fr')).toEqual(['au plus 64 caractères']);
    expect(manquesMotDePasse('ABCDEFG1!', 'x@y.fr')).toEqual(['une lettre minuscule']);
    expect(manquesMotDePasse('Abcdefg 1', 'x@y.fr')).toHaveLength(1);
  });

  it('refuses the link 61 minutes later on the sandbox clock; a new link works and kills the old one', () => {
    const ctx = contexteManuel(app, sandbox.id);
    const { utilisateur, jeton } = creerCompte(ctx, { email: 'lent@exemple.fr', nom: 'Lent', prenom: 'Léa' });
    ctx.avancer(61);
    refus(() => activerCompte(ctx, { jeton, motDePasse: MOT_DE_PASSE, confirmation: MOT_DE_PASSE }), erreurs.JETON_ACTIVATION_EXPIRE.codeRetour, 'jeton', 'expiré');
    const nouveau = renvoyerActivation(ctx, 'LENT@exemple.fr');
    expect(nouveau.jeton).not.toBe(jeton);
    expect(courrielsDe(ctx, utilisateur.id, 'ACTIVATION_COMPTE')).toHaveLength(2);
    expect(courrielsDe(ctx, utilisateur.id, 'ACTIVATION_COMPTE')[0]!.corps).toContain(nouveau.jeton);
    refus(() => activerCompte(ctx, { jeton, motDePasse: MOT_DE_PASSE, confirmation: MOT_DE_PASSE }), erreurs.JETON_ACTIVATION_INVALIDE.codeRetour);
    ctx.avancer(59);
    expect(activerCompte(ctx, { jeton: nouveau.jeton, motDePasse: MOT_DE_PASSE, confirmation: MOT_DE_PASSE }).utilisateur.statut).toBe('ACTIF');
    refus(() => renvoyerActivation(ctx, 'lent@exemple.fr'), erreurs.COMPTE_DEJA_ACTIF.codeRetour, 'email');
    refus(() => renvoyerActivation(ctx, 'personne@exemple.fr'), erreurs.UTILISATEUR_INTROUVABLE.codeRetour, 'email');
  });

  it('asks for a rattachement to the SIRET typed at creation, once activated', () => {
    const ctx = contexteManuel(app, sandbox.id);
    const gp = compteActif(ctx, 'gp.siret@exemple.fr');
    const { structure } = creerStructurePrivee(ctx, gp.id, { ...STRUCTURE, identifiant: '44200000000012', raisonSociale: 'Plomberie du Rhône' });
    const { jeton } = creerCompte(ctx, { email: 'employe@plomberie.fr', nom: 'Roux', prenom: 'Jean', siret: '442 000 000 000 12' });
    const { rattachement } = activerCompte(ctx, { jeton, motDePasse: MOT_DE_PASSE, confirmation: MOT_DE_PASSE });
    expect(rattachement).toMatchObject({ structureId: structure.id, statut: 'EN_COURS_DE_VALIDATION', role: 'UTILISATEUR_SIMPLE' });
    // The gestionnaire hears of it in his mailbox.
    expect(courrielsDe(ctx, gp.id).some((c) => c.sujet.includes('Demande de rattachement de employe@plomberie.fr'))).toBe(true);
  });
});

describe('Mon compte', () => {
  it('changes identity and contact e-mail, never the login; an empty contact e-mail falls back to the login', () => {
    const ctx = contexteManuel(app, sandbox.id);
    const u = compteActif(ctx, 'contact@exemple.fr');
    const modifie = modifierMonCompte(ctx, u.id, { nom: 'Bernard', prenom: 'Anne', telephone: '+33 6 12 34 56 78', emailContact: 'Compta@Exemple.fr' });
    expect(modifie).toMatchObject({ login: 'contact@exemple.fr', nom: 'Bernard', prenom: 'Anne', telephone: '+33 6 12 34 56 78', email: 'compta@exemple.fr' });
    expect(monCompte(ctx, u.id).informations.emailContact).toBe('compta@exemple.fr');
    expect(modifierMonCompte(ctx, u.id, { nom: 'Bernard', prenom: 'Anne', emailContact: '' }).email).toBe('contact@exemple.fr');
    refus(() => modifierMonCompte(ctx, u.id, { nom: 'Bernard', prenom: 'Anne', emailContact: 'faux@' }), erreurs.CHAMP_INVALIDE.codeRetour, 'emailContact', 'Adresse e-mail de contact');
    refus(() => modifierMonCompte(ctx, u.id, { nom: '', prenom: 'Anne' }), erreurs.CHAMP_OBLIGATOIRE.codeRetour, 'nom');
  });

  it('lists rattachements with role and status, abonnements and notification settings', () => {
    const ctx = contexteManuel(app, sandbox.id);
    const u = compteActif(ctx, 'moncompte@exemple.fr');
    const { structure } = creerStructurePrivee(ctx, u.id, { ...STRUCTURE, identifiant: '12345678000014', raisonSociale: 'Atelier Mon Compte' });
    reglerRecaps(ctx, u.id, { recapQuotidien: true, recapHebdomadaire: false });
    const compte = monCompte(ctx, u.id);
    expect(compte.informations).toMatchObject({ login: 'moncompte@exemple.fr', statut: 'ACTIF', emailContact: 'moncompte@exemple.fr' });
    expect(compte.rattachements).toEqual([
      expect.objectContaining({ role: 'GESTIONNAIRE_PRINCIPAL', statut: 'VALIDEE', structure: expect.objectContaining({ id: structure.id, identifiant: '12345678000014', raisonSociale: 'Atelier Mon Compte' }) }),
    ]);
    expect(compte.abonnements.map((a) => a.libelleEspace)).toEqual(['Factures émises', 'Sollicitations émises', 'Sollicitations reçues', 'Activités du gestionnaire']);
    expect(compte.abonnements.every((a) => a.etat === 'ACTIVE' && a.raisonSociale === 'Atelier Mon Compte')).toBe(true);
    expect(compte.notifications).toEqual({ recapQuotidien: true, recapHebdomadaire: false });
  });
});

describe('Complétude du compte', () => {
  it('turns ready step by step, from the data, as a trainee fixes each item', () => {
    const ctx = contexteManuel(app, sandbox.id);
    const etat = (id: number) => {
      const c = completudeCompte(ctx, id);
      return { ...Object.fromEntries(c.verifications.map((v) => [v.code, v.fait])), pret: c.pretPourDeposer };
    };
    // Someone created the account; it is not activated yet.
    const { utilisateur, jeton } = creerCompte(ctx, { email: 'apprenti@exemple.fr', nom: 'Petit', prenom: 'Lou' });
    const c0 = completudeCompte(ctx, utilisateur.id);
    expect(c0.verifications.map((v) => v.code)).toEqual(['COMPTE_ACTIF', 'RATTACHEMENT_VALIDE', 'STRUCTURE_ACTIVE', 'ESPACE_FACTURES_EMISES_OUVERT', 'ABONNEMENT_FACTURES_EMISES', 'COORDONNEES_BANCAIRES']);
    expect(c0.verifications.every((v) => !v.fait && v.conseil.length > 20)).toBe(true);
    expect(c0.verifications.find((v) => v.code === 'COORDONNEES_BANCAIRES')).toMatchObject({ obligatoire: false });
    expect(c0.verifications.find((v) => v.code === 'COORDONNEES_BANCAIRES')!.libelle).toContain('recommandé');
    expect(c0.pretPourDeposer).toBe(false);
    activerCompte(ctx, { jeton, motDePasse: MOT_DE_PASSE, confirmation: MOT_DE_PASSE });
    expect(etat(utilisateur.id)).toMatchObject({ COMPTE_ACTIF: true, RATTACHEMENT_VALIDE: false, pret: false });

    // The employer's structure exists, with its GP, who closed « Factures émises ».
    const gp = compteActif(ctx, 'patron@exemple.fr');
    const { structure } = creerStructurePrivee(ctx, gp.id, { ...STRUCTURE, identifiant: '35600000000001', raisonSociale: 'Bureau de poste test' });
    fermerEspace(ctx, gp.id, structure.id, 1);
    const { rattachement } = { rattachement: validerRattachement(ctx, { idRattachement: demande(ctx, utilisateur.id, structure.id), gestionnaireId: gp.id }) };
    expect(rattachement.statut).toBe('VALIDEE');
    expect(etat(utilisateur.id)).toMatchObject({ RATTACHEMENT_VALIDE: true, STRUCTURE_ACTIVE: true, ESPACE_FACTURES_EMISES_OUVERT: false, ABONNEMENT_FACTURES_EMISES: false, pret: false });
    expect(completudeCompte(ctx, utilisateur.id).structure).toMatchObject({ id: structure.id });

    refus(() => demanderAbonnement(ctx, utilisateur.id, structure.id, 1), erreurs.ESPACE_NON_OUVERT.codeRetour, 'codeEspace', 'Factures émises');
    ouvrirEspace(ctx, gp.id, structure.id, 1);
    expect(etat(utilisateur.id)).toMatchObject({ ESPACE_FACTURES_EMISES_OUVERT: true, ABONNEMENT_FACTURES_EMISES: false, pret: false });

    // « Factures émises » is granted without validation.
    expect(demanderAbonnement(ctx, utilisateur.id, structure.id, 1).etat).toBe('ACTIVE');
    expect(etat(utilisateur.id)).toMatchObject({ ABONNEMENT_FACTURES_EMISES: true, COORDONNEES_BANCAIRES: false, pret: true });

    ajouterIban(ctx, gp.id, structure.id, { iban: 'FR76 3000 6000 0112 3456 7890 189' });
    expect(etat(utilisateur.id)).toMatchObject({ COORDONNEES_BANCAIRES: true, pret: true });
  });
});

function demande(ctx: ReturnType<typeof contexteManuel>, utilisateurId: number, structureId: number): number {
  return demanderRattachement(ctx, { utilisateurId, structureId }).id;
}

describe('Abonnements aux espaces', () => {
  it('asks a gestionnaire for other espaces; he validates or refuses and the user gets a mail', () => {
    const ctx = contexteManuel(app, sandbox.id);
    const gp = compteActif(ctx, 'gp.abo@exemple.fr');
    const { structure } = creerStructurePrivee(ctx, gp.id, { ...STRUCTURE, identifiant: '73282932000157', raisonSociale: 'Abonnements SARL' });
    const u = compteActif(ctx, 'user.abo@exemple.fr');
    refus(() => demanderAbonnement(ctx, u.id, structure.id, 2), erreurs.STRUCTURE_NON_RATTACHEE.codeRetour, 'structureId');
    validerRattachement(ctx, { idRattachement: demande(ctx, u.id, structure.id), gestionnaireId: gp.id });

    refus(() => demanderAbonnement(ctx, u.id, structure.id, 99), erreurs.ESPACE_INCONNU.codeRetour, 'codeEspace');
    refus(() => demanderAbonnement(ctx, u.id, structure.id, 2), erreurs.ESPACE_NON_OUVERT.codeRetour, 'codeEspace', 'Factures reçues');
    refus(() => demanderAbonnement(ctx, u.id, structure.id, 8), erreurs.GESTIONNAIRE_NON_HABILITE.codeRetour, 'codeEspace');
    ouvrirEspace(ctx, gp.id, structure.id, 2);
    ouvrirEspace(ctx, gp.id, structure.id, 6);
    const recues = demanderAbonnement(ctx, u.id, structure.id, 2);
    expect(recues.etat).toBe('EN_COURS_DE_VALIDATION');
    expect(courrielsDe(ctx, gp.id).some((c) => c.sujet.includes("Demande d'abonnement de user.abo@exemple.fr"))).toBe(true);
    refus(() => demanderAbonnement(ctx, u.id, structure.id, 2), erreurs.ABONNEMENT_EXISTANT.codeRetour, 'codeEspace', 'en cours');

    // Only a gestionnaire of that structure decides.
    refus(() => validerAbonnement(ctx, u.id, recues.id), erreurs.GESTIONNAIRE_NON_HABILITE.codeRetour);
    expect(validerAbonnement(ctx, gp.id, recues.id).etat).toBe('ACTIVE');
    expect(courrielsDe(ctx, u.id)[0]!.sujet).toContain('« Factures reçues » de la structure Abonnements SARL est validée');
    refus(() => validerAbonnement(ctx, gp.id, recues.id), erreurs.ABONNEMENT_DEJA_TRAITE.codeRetour);

    const engagements = demanderAbonnement(ctx, u.id, structure.id, 6);
    expect(refuserAbonnement(ctx, gp.id, engagements.id, 'Pas utile pour votre poste').etat).toBe('SUPPRIME');
    expect(courrielsDe(ctx, u.id)[0]!.sujet).toContain('est refusée (Pas utile pour votre poste)');
    // Refused, it may be asked again.
    expect(demanderAbonnement(ctx, u.id, structure.id, 6).id).toBe(engagements.id);

    expect(resilierAbonnement(ctx, u.id, recues.id).etat).toBe('SUPPRIME');
    refus(() => resilierAbonnement(ctx, gp.id, engagements.id), erreurs.ABONNEMENT_INTROUVABLE.codeRetour, 'abonnementId');
    expect(monCompte(ctx, u.id).abonnements.map((a) => [a.libelleEspace, a.etat])).toContainEqual(['Engagements', 'EN_COURS_DE_VALIDATION']);
  });
});

describe('Isolation between sandboxes', () => {
  it('another sandbox can neither use the activation link nor see the account', () => {
    const ctx = contexteManuel(app, sandbox.id);
    const ailleurs = contexteManuel(app, autre.id);
    const { utilisateur, jeton } = creerCompte(ctx, { email: 'isole@exemple.fr', nom: 'Isolé', prenom: 'Ilan' });
    refus(() => activerCompte(ailleurs, { jeton, motDePasse: MOT_DE_PASSE, confirmation: MOT_DE_PASSE }), erreurs.JETON_ACTIVATION_INVALIDE.codeRetour);
    refus(() => renvoyerActivation(ailleurs, 'isole@exemple.fr'), erreurs.UTILISATEUR_INTROUVABLE.codeRetour);
    refus(() => monCompte(ailleurs, utilisateur.id), erreurs.UTILISATEUR_INTROUVABLE.codeRetour);
    expect(courrielsDe(ailleurs, utilisateur.id)).toEqual([]);
    // The same e-mail is free in the other sandbox.
    expect(creerCompte(ailleurs, { email: 'isole@exemple.fr', nom: 'Autre', prenom: 'Ana' }).utilisateur.statut).toBe('INACTIF');
  });
});
