import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { erreurs } from '../../../src/errors/catalogue/index.js';
import { EXPEDITEUR } from '../../../src/modules/notifications/service.js';
import { rechercherEspaces } from '../../../src/modules/structures/consultation.js';
import { findStructureByIdentifiant, listCoordonneesBancaires, listServices } from '../../../src/modules/structures/repository.js';
import {
  ajouterIban,
  creerCompteTechnique,
  creerServiceStructure,
  creerStructurePrivee,
  demandesEnAttente,
  desactiverServiceStructure,
  detacher,
  espacesDeStructure,
  exporterUtilisateurs,
  ficheStructureGeree,
  structuresGerees,
  fermerEspace,
  modifierServiceStructure,
  modifierStructure,
  ouvrirEspace,
  rattacherParGestionnaire,
  rechercherStructuresPourRattachement,
  reinitialiserMotDePasseTechnique,
  transfererRolePrincipal,
  traiterDemandesEnMasse,
  utilisateursGeres,
} from '../../../src/modules/structures/gestion.js';
import { activerCompte, demanderAbonnement, manquesMotDePasse, monCompte } from '../../../src/modules/utilisateurs/comptes.js';
import { demanderRattachement } from '../../../src/modules/utilisateurs/rattachements.js';
import { findRattachementDe, findUtilisateur, findUtilisateurByLogin, listAbonnementsUtilisateur } from '../../../src/modules/utilisateurs/repository.js';
import { buildTestApp, createSandbox, type TestSandbox } from '../../helpers/app.js';
import { compteActif, contexteManuel, courrielsDe, MOT_DE_PASSE, refus } from '../../helpers/comptes.js';
import { compteOf, matelasOf, structureOf } from '../../helpers/organisation.js';

let app: FastifyInstance;
let sandbox: TestSandbox;
let autre: TestSandbox;

beforeAll(async () => {
  app = await buildTestApp();
  sandbox = await createSandbox(app, { seed: 4016 });
  autre = await createSandbox(app, { seed: 4016 });
});
afterAll(() => app.close());

const FICHE = { raisonSociale: 'Menuiserie Martin', adresse: '3 rue des Artisans', codePostal: '69003', ville: 'Lyon' };
let n = 0;
/** A fresh active user and his new structure (SIRET given), in the main sandbox. */
function gpEtStructure(ctx: ReturnType<typeof contexteManuel>, identifiant: string, raisonSociale = `Structure ${identifiant}`) {
  const gp = compteActif(ctx, `gp${++n}@exemple.fr`);
  const { structure, rattachement } = creerStructurePrivee(ctx, gp.id, { ...FICHE, identifiant, raisonSociale });
  return { gp, structure, rattachement };
}

function rattache(ctx: ReturnType<typeof contexteManuel>, gpId: number, structureId: number, email: string, role: 'UTILISATEUR_SIMPLE' | 'GESTIONNAIRE_SECONDAIRE' = 'UTILISATEUR_SIMPLE') {
  const u = compteActif(ctx, email);
  rattacherParGestionnaire(ctx, gpId, structureId, email, role);
  return u;
}

describe('Créer une fiche structure', () => {
  it('creates a private structure whose creator is GP, with the default espaces open and subscribed', () => {
    const ctx = contexteManuel(app, sandbox.id);
    const gp = compteActif(ctx, 'createur@exemple.fr');
    const { structure, rattachement } = creerStructurePrivee(ctx, gp.id, { ...FICHE, identifiant: '732 829 320 00074', numeroTva: 'fr 40 732829320', email: 'Contact@Menuiserie.fr' });
    expect(structure).toMatchObject({ identifiant: '73282932000074', typeIdentifiant: 'SIRET', typeStructure: 'PRIVEE', statut: 'ACTIF', codePays: 'FR', numeroTva: 'FR40732829320', email: 'contact@menuiserie.fr' });
    expect(rattachement).toMatchObject({ role: 'GESTIONNAIRE_PRINCIPAL', statut: 'VALIDEE' });
    expect(espacesDeStructure(ctx, gp.id, structure.id).filter((e) => e.ouvert).map((e) => e.libelleEspace)).toEqual([
      'Factures émises',
      'Sollicitations émises',
      'Sollicitations reçues',
      'Activités du gestionnaire',
    ]);
    expect(listAbonnementsUtilisateur(ctx, gp.id).map((a) => [a.codeEspace, a.etat])).toEqual([[1, 'ACTIVE'], [4, 'ACTIVE'], [5, 'ACTIVE'], [8, 'ACTIVE']]);
  });

  it('checks the SIRET key (Luhn; La Poste by digit sum) and refuses duplicates in French', () => {
    const ctx = contexteManuel(app, sandbox.id);
    const u = compteActif(ctx, 'siret@exemple.fr');
    refus(() => creerStructurePrivee(ctx, u.id, { ...FICHE, identifiant: '73282932000075' }), erreurs.IDENTIFIANT_INVALIDE.codeRetour, 'identifiant', 'clé de contrôle');
    refus(() => creerStructurePrivee(ctx, u.id, { ...FICHE, identifiant: '7328293200007' }), erreurs.IDENTIFIANT_INVALIDE.codeRetour, 'identifiant', '14 chiffres');
    refus(() => creerStructurePrivee(ctx, u.id, { ...FICHE, identifiant: '' }), erreurs.CHAMP_OBLIGATOIRE.codeRetour, 'identifiant');
    // 35600000000001: not a Luhn number, but a La Poste SIRET whose digits sum to 15.
    expect(creerStructurePrivee(ctx, u.id, { ...FICHE, identifiant: '35600000000001', raisonSociale: 'La Poste - bureau' }).structure.identifiant).toBe('35600000000001');
    refus(() => creerStructurePrivee(ctx, u.id, { ...FICHE, identifiant: '35600000000002' }), erreurs.IDENTIFIANT_INVALIDE.codeRetour, 'identifiant');
    const doublon = refus(() => creerStructurePrivee(ctx, u.id, { ...FICHE, identifiant: '73282932000074' }), erreurs.STRUCTURE_EXISTANTE.codeRetour, 'identifiant');
    expect(doublon.libelle).toContain('Une structure avec le SIRET 73282932000074 existe déjà');
    expect(doublon.libelle).toContain('demandez votre rattachement');
    refus(() => creerStructurePrivee(ctx, u.id, { ...FICHE, identifiant: '11111111000016', codePostal: '6900' }), erreurs.CHAMP_INVALIDE.codeRetour, 'codePostal', '5 chiffres');
    refus(() => creerStructurePrivee(ctx, u.id, { ...FICHE, identifiant: '11111111000016', raisonSociale: '' }), erreurs.CHAMP_OBLIGATOIRE.codeRetour, 'raisonSociale', 'Raison sociale');
    refus(() => creerStructurePrivee(ctx, u.id, { ...FICHE, identifiant: '11111111000016', typeIdentifiant: 'NIR' }), erreurs.TYPE_IDENTIFIANT_INVALIDE.codeRetour, 'typeIdentifiant');
    expect(findStructureByIdentifiant(ctx, '11111111000016')).toBeUndefined();
  });
});

describe('Managing a structure: data, services, bank details', () => {
  it('lets its gestionnaires change it and refuses anyone else', () => {
    const ctx = contexteManuel(app, sandbox.id);
    const { gp, structure } = gpEtStructure(ctx, '55555555000014');
    const etranger = compteActif(ctx, 'etranger@exemple.fr');
    const simple = rattache(ctx, gp.id, structure.id, 'simple.modif@exemple.fr');
    refus(() => modifierStructure(ctx, etranger.id, structure.id, { ville: 'Paris' }), erreurs.GESTIONNAIRE_NON_HABILITE.codeRetour, 'structureId');
    refus(() => modifierStructure(ctx, simple.id, structure.id, { ville: 'Paris' }), erreurs.GESTIONNAIRE_NON_HABILITE.codeRetour);
    expect(modifierStructure(ctx, gp.id, structure.id, { ville: 'Villeurbanne', codePostal: '69100' })).toMatchObject({ ville: 'Villeurbanne', codePostal: '69100', identifiant: '55555555000014' });
    refus(() => modifierStructure(ctx, gp.id, structure.id, { codePostal: 'ABCDE' }), erreurs.CHAMP_INVALIDE.codeRetour, 'codePostal');
  });

  it('creates, modifies and deactivates services with a code unique to the structure', () => {
    const ctx = contexteManuel(app, sandbox.id);
    const { gp, structure } = gpEtStructure(ctx, '73282932000231');
    const autreStructure = gpEtStructure(ctx, '44200000000012');
    const service = creerServiceStructure(ctx, gp.id, structure.id, { code: 'compta', libelle: 'Comptabilité' });
    expect(service).toMatchObject({ code: 'COMPTA', libelle: 'Comptabilité', estActif: true });
    refus(() => creerServiceStructure(ctx, gp.id, structure.id, { code: 'COMPTA', libelle: 'Bis' }), erreurs.SERVICE_EXISTANT.codeRetour, 'code', 'COMPTA');
    refus(() => creerServiceStructure(ctx, gp.id, structure.id, { code: 'A B', libelle: 'Bis' }), erreurs.CHAMP_INVALIDE.codeRetour, 'code');
    // Another structure may use the same code.
    expect(creerServiceStructure(ctx, autreStructure.gp.id, autreStructure.structure.id, { code: 'COMPTA', libelle: 'Compta' }).code).toBe('COMPTA');
    expect(modifierServiceStructure(ctx, gp.id, structure.id, service.id, { libelle: 'Service comptable', numeroEngagementObligatoire: true })).toMatchObject({ libelle: 'Service comptable', numeroEngagementObligatoire: true });
    expect(desactiverServiceStructure(ctx, gp.id, structure.id, service.id).estActif).toBe(false);
    // Nobody reaches a service through a structure he does not manage.
    refus(() => desactiverServiceStructure(ctx, autreStructure.gp.id, structure.id, service.id), erreurs.GESTIONNAIRE_NON_HABILITE.codeRetour);
    refus(() => desactiverServiceStructure(ctx, autreStructure.gp.id, autreStructure.structure.id, service.id), erreurs.SERVICE_INTROUVABLE.codeRetour, 'serviceId');
  });

  it('checks IBAN and BIC with their keys and stores the IBAN in electronic format', () => {
    const ctx = contexteManuel(app, sandbox.id);
    const { gp, structure } = gpEtStructure(ctx, '12345678000014');
    const cb = ajouterIban(ctx, gp.id, structure.id, { iban: 'fr76 3000 6000 0112 3456 7890 189', bic: 'agri frpp xxx' });
    expect(cb).toMatchObject({ iban: 'FR7630006000011234567890189', bic: 'AGRIFRPPXXX', nom: 'Compte principal', titulaire: structure.raisonSociale, estValide: true });
    refus(() => ajouterIban(ctx, gp.id, structure.id, { iban: 'FR7630006000011234567890188' }), erreurs.IBAN_INVALIDE.codeRetour, 'iban', 'IBAN');
    refus(() => ajouterIban(ctx, gp.id, structure.id, { iban: 'FR76' }), erreurs.IBAN_INVALIDE.codeRetour, 'iban');
    refus(() => ajouterIban(ctx, gp.id, structure.id, { iban: '' }), erreurs.CHAMP_OBLIGATOIRE.codeRetour, 'iban');
    refus(() => ajouterIban(ctx, gp.id, structure.id, { iban: 'DE89370400440532013000', bic: 'XX' }), erreurs.BIC_INVALIDE.codeRetour, 'bic');
    refus(() => ajouterIban(ctx, gp.id, structure.id, { iban: 'FR7630006000011234567890189' }), erreurs.CHAMP_INVALIDE.codeRetour, 'iban', 'déjà enregistré');
    expect(ajouterIban(ctx, gp.id, structure.id, { iban: 'DE89 3704 0044 0532 0130 00' })).toMatchObject({ iban: 'DE89370400440532013000', nom: 'Compte 2' });
    const intrus = compteActif(ctx, 'intrus.iban@exemple.fr');
    refus(() => ajouterIban(ctx, intrus.id, structure.id, { iban: 'FR7630006000011234567890189' }), erreurs.GESTIONNAIRE_NON_HABILITE.codeRetour);
    expect(listCoordonneesBancaires(ctx, structure.id)).toHaveLength(2);
  });
});

describe('Espaces of a structure', () => {
  it('opens and closes espaces (gestionnaire only); closing ends the subscriptions', () => {
    const ctx = contexteManuel(app, sandbox.id);
    const { gp, structure } = gpEtStructure(ctx, '11111111000016');
    const u = rattache(ctx, gp.id, structure.id, 'espaces.user@exemple.fr');
    refus(() => ouvrirEspace(ctx, u.id, structure.id, 2), erreurs.GESTIONNAIRE_NON_HABILITE.codeRetour);
    refus(() => ouvrirEspace(ctx, gp.id, structure.id, 42), erreurs.ESPACE_INCONNU.codeRetour, 'codeEspace');
    expect(ouvrirEspace(ctx, gp.id, structure.id, 3).find((e) => e.codeEspace === 3)).toMatchObject({ libelleEspace: 'Factures de travaux', ouvert: true });
    expect(listAbonnementsUtilisateur(ctx, u.id).filter((a) => a.codeEspace === 4 && a.etat === 'ACTIVE')).toHaveLength(1);
    expect(fermerEspace(ctx, gp.id, structure.id, 4).find((e) => e.codeEspace === 4)!.ouvert).toBe(false);
    expect(listAbonnementsUtilisateur(ctx, u.id).filter((a) => a.codeEspace === 4 && a.etat === 'ACTIVE')).toHaveLength(0);
    refus(() => fermerEspace(ctx, gp.id, structure.id, 8), erreurs.CHAMP_INVALIDE.codeRetour, 'codeEspace', 'Activités du gestionnaire');
    // The API's rechercherEspaces shows the same: travaux opened (nobody subscribed yet), sollicitations émises closed.
    const api = rechercherEspaces(ctx, gp, { structure: { idStructure: structure.id } });
    expect(api.liste.map((e) => [e.codeEspace, e.etatCourant])).toEqual([[1, 'ACTIVE'], [3, 'ACTIVE'], [4, 'SUPPRIME'], [5, 'ACTIVE'], [8, 'ACTIVE']]);
  });

  it('on a matelas structure, closing one espace keeps the others it had', async () => {
    const ctx = contexteManuel(app, sandbox.id);
    const matelas = await matelasOf(app, sandbox);
    const fournisseur = structureOf(matelas, 'Fournisseur');
    const gp = findUtilisateurByLogin(ctx, compteOf(matelas, 'Fournisseur', 'GP').login)!;
    const avant = espacesDeStructure(ctx, gp.id, fournisseur.idStructureCPP).filter((e) => e.ouvert).map((e) => e.codeEspace);
    expect(avant).toContain(1);
    const apres = fermerEspace(ctx, gp.id, fournisseur.idStructureCPP, 6).filter((e) => e.ouvert).map((e) => e.codeEspace);
    expect(apres).toEqual(avant.filter((c) => c !== 6));
  });
});

describe('Technical account and GP role (GP only)', () => {
  it('creates the technical account once, returns its password once, and resets it', () => {
    const ctx = contexteManuel(app, sandbox.id);
    const { gp, structure } = gpEtStructure(ctx, '98765432000017');
    const gs = rattache(ctx, gp.id, structure.id, 'gs.tech@exemple.fr', 'GESTIONNAIRE_SECONDAIRE');
    refus(() => creerCompteTechnique(ctx, gs.id, structure.id), erreurs.GESTIONNAIRE_PRINCIPAL_REQUIS.codeRetour, 'structureId');
    const tech = creerCompteTechnique(ctx, gp.id, structure.id);
    expect(tech.utilisateur).toMatchObject({ login: 'TECH_1_98765432000017@cpro.fr', type: 'TECHNIQUE', statut: 'ACTIF' });
    expect(manquesMotDePasse(tech.motDePasse, tech.utilisateur.login)).toEqual([]);
    expect(tech.dateExpirationMotDePasse).toBe('2027-03-02T09:00:00.000Z');
    refus(() => creerCompteTechnique(ctx, gp.id, structure.id), erreurs.COMPTE_TECHNIQUE_EXISTANT.codeRetour, 'structureId', 'TECH_1_98765432000017@cpro.fr');
    ctx.avancer(60 * 24);
    refus(() => reinitialiserMotDePasseTechnique(ctx, gs.id, structure.id), erreurs.GESTIONNAIRE_PRINCIPAL_REQUIS.codeRetour);
    const reinit = reinitialiserMotDePasseTechnique(ctx, gp.id, structure.id);
    expect(reinit.motDePasse).not.toBe(tech.motDePasse);
    expect(reinit.dateExpirationMotDePasse).toBe('2027-03-03T09:00:00.000Z');
    expect(findUtilisateur(ctx, tech.utilisateur.id)!.motDePasse).toBe(reinit.motDePasse);
  });

  it('transfers the GP role to an attached active user; the former GP becomes secondaire', () => {
    const ctx = contexteManuel(app, sandbox.id);
    const { gp, structure } = gpEtStructure(ctx, '80295478500027');
    const u = rattache(ctx, gp.id, structure.id, 'futur.gp@exemple.fr');
    const etranger = compteActif(ctx, 'etranger.gp@exemple.fr');
    refus(() => transfererRolePrincipal(ctx, u.id, structure.id, u.id), erreurs.GESTIONNAIRE_NON_HABILITE.codeRetour);
    refus(() => transfererRolePrincipal(ctx, gp.id, structure.id, etranger.id), erreurs.STRUCTURE_NON_RATTACHEE.codeRetour, 'nouvelUtilisateurId');
    expect(transfererRolePrincipal(ctx, gp.id, structure.id, u.id).role).toBe('GESTIONNAIRE_PRINCIPAL');
    expect(findRattachementDe(ctx, gp.id, structure.id)!.role).toBe('GESTIONNAIRE_SECONDAIRE');
    expect(listAbonnementsUtilisateur(ctx, u.id).some((a) => a.codeEspace === 8 && a.etat === 'ACTIVE')).toBe(true);
    refus(() => creerCompteTechnique(ctx, gp.id, structure.id), erreurs.GESTIONNAIRE_PRINCIPAL_REQUIS.codeRetour);
    expect(creerCompteTechnique(ctx, u.id, structure.id).utilisateur.type).toBe('TECHNIQUE');
  });
});

describe('Activités du gestionnaire', () => {
  it('lists pending requests of his structures only, and decides them in bulk', () => {
    const ctx = contexteManuel(app, sandbox.id);
    const { gp, structure } = gpEtStructure(ctx, '40483304800022', 'Bulk SARL');
    const voisin = gpEtStructure(ctx, '54205118000066', 'Voisin SA');
    const ancien = rattache(ctx, gp.id, structure.id, 'ancien@exemple.fr');
    // Opened after he joined: he must ask for it.
    ouvrirEspace(ctx, gp.id, structure.id, 2);
    const abo = demanderAbonnement(ctx, ancien.id, structure.id, 2);
    const a = compteActif(ctx, 'demande.a@exemple.fr');
    const b = compteActif(ctx, 'demande.b@exemple.fr');
    const service = creerServiceStructure(ctx, gp.id, structure.id, { code: 'ACHATS', libelle: 'Achats' });
    const ra = demanderRattachement(ctx, { utilisateurId: a.id, structureId: structure.id, serviceIds: [service.id], commentaire: 'Nouvelle recrue' });
    const rb = demanderRattachement(ctx, { utilisateurId: b.id, structureId: structure.id });
    demanderRattachement(ctx, { utilisateurId: b.id, structureId: voisin.structure.id });

    const demandes = demandesEnAttente(ctx, gp.id);
    expect(demandes.map((d) => d.cle).sort()).toEqual([`ABONNEMENT-${abo.id}`, `RATTACHEMENT-${ra.id}`, `RATTACHEMENT-${rb.id}`].sort());
    expect(demandes.find((d) => d.id === ra.id)).toMatchObject({ utilisateur: { login: 'demande.a@exemple.fr' }, services: [{ code: 'ACHATS' }], commentaire: 'Nouvelle recrue', structure: { raisonSociale: 'Bulk SARL' } });
    expect(demandes.find((d) => d.type === 'ABONNEMENT')).toMatchObject({ espace: { libelleEspace: 'Factures reçues' } });
    expect(demandesEnAttente(ctx, voisin.gp.id).map((d) => d.utilisateur.login)).toEqual(['demande.b@exemple.fr']);
    expect(demandesEnAttente(ctx, a.id)).toEqual([]);

    // The neighbour's gestionnaire cannot decide them.
    expect(traiterDemandesEnMasse(ctx, voisin.gp.id, [`RATTACHEMENT-${ra.id}`], 'VALIDER').map((r) => r.ok)).toEqual([false]);
    const resultat = traiterDemandesEnMasse(ctx, gp.id, [`RATTACHEMENT-${ra.id}`, `ABONNEMENT-${abo.id}`, 'n-importe-quoi'], 'VALIDER');
    expect(resultat.map((r) => r.ok)).toEqual([true, true, false]);
    expect(resultat[2]!.libelle).toContain("n'est pas reconnue");
    expect(traiterDemandesEnMasse(ctx, gp.id, [`RATTACHEMENT-${rb.id}`, `RATTACHEMENT-${ra.id}`], 'REFUSER', 'Inconnu du service')).toEqual([
      { cle: `RATTACHEMENT-${rb.id}`, ok: true, libelle: null },
      { cle: `RATTACHEMENT-${ra.id}`, ok: false, libelle: expect.stringContaining('déjà VALIDEE') },
    ]);
    expect(findRattachementDe(ctx, a.id, structure.id)!.statut).toBe('VALIDEE');
    expect(findRattachementDe(ctx, b.id, structure.id)!.statut).toBe('REFUSEE');
    expect(courrielsDe(ctx, b.id)[0]!.sujet).toContain('refusée (Inconnu du service)');
    expect(demandesEnAttente(ctx, gp.id)).toEqual([]);
  });

  it('attaches a user on his own initiative, creating an inactive account with an activation mail for an unknown e-mail', () => {
    const ctx = contexteManuel(app, sandbox.id);
    const { gp, structure } = gpEtStructure(ctx, '33368773800018', 'Initiative SAS');
    refus(() => rattacherParGestionnaire(ctx, gp.id, structure.id, 'nouveau@exemple.fr', 'UTILISATEUR_SIMPLE'), erreurs.CHAMP_OBLIGATOIRE.codeRetour, 'nom');
    const r = rattacherParGestionnaire(ctx, gp.id, structure.id, 'Nouveau@Exemple.fr', 'UTILISATEUR_SIMPLE', { nom: 'Neuf', prenom: 'Noé' });
    expect(r.compteCree).toBe(true);
    expect(r.utilisateur).toMatchObject({ login: 'nouveau@exemple.fr', statut: 'INACTIF' });
    expect(r.rattachement).toMatchObject({ statut: 'VALIDEE', role: 'UTILISATEUR_SIMPLE' });
    const mail = courrielsDe(ctx, r.utilisateur.id, 'ACTIVATION_COMPTE')[0]!;
    expect(mail).toMatchObject({ de: EXPEDITEUR, a: 'nouveau@exemple.fr' });
    expect(mail.corps).toContain(`/portail/${sandbox.id}/activer?jeton=${r.jeton}`);
    activerCompte(ctx, { jeton: r.jeton!, motDePasse: MOT_DE_PASSE, confirmation: MOT_DE_PASSE });
    expect(monCompte(ctx, r.utilisateur.id).rattachements).toEqual([expect.objectContaining({ statut: 'VALIDEE', structure: expect.objectContaining({ raisonSociale: 'Initiative SAS' }) })]);
    refus(() => rattacherParGestionnaire(ctx, gp.id, structure.id, 'nouveau@exemple.fr', 'UTILISATEUR_SIMPLE'), erreurs.RATTACHEMENT_EXISTANT.codeRetour, 'email');
    // Only the GP appoints a gestionnaire secondaire.
    const gs = rattache(ctx, gp.id, structure.id, 'second@exemple.fr', 'GESTIONNAIRE_SECONDAIRE');
    compteActif(ctx, 'troisieme@exemple.fr');
    refus(() => rattacherParGestionnaire(ctx, gs.id, structure.id, 'troisieme@exemple.fr', 'GESTIONNAIRE_SECONDAIRE'), erreurs.GESTIONNAIRE_PRINCIPAL_REQUIS.codeRetour, 'role');
    expect(rattacherParGestionnaire(ctx, gs.id, structure.id, 'troisieme@exemple.fr', 'UTILISATEUR_SIMPLE').compteCree).toBe(false);
  });

  it('detaches a user (never the GP), then exports the users as CSV', () => {
    const ctx = contexteManuel(app, sandbox.id);
    const { gp, structure } = gpEtStructure(ctx, '30613890001294', 'Export; "et" Cie');
    const gs = rattache(ctx, gp.id, structure.id, 'gs.export@exemple.fr', 'GESTIONNAIRE_SECONDAIRE');
    const u = rattache(ctx, gp.id, structure.id, 'partant@exemple.fr');
    refus(() => detacher(ctx, gs.id, structure.id, gp.id), erreurs.ACTION_GESTIONNAIRE_PRINCIPAL.codeRetour, 'utilisateurId');
    refus(() => detacher(ctx, u.id, structure.id, gs.id), erreurs.GESTIONNAIRE_NON_HABILITE.codeRetour);
    expect(detacher(ctx, gs.id, structure.id, u.id).statut).toBe('DESACTIVEE');
    expect(listAbonnementsUtilisateur(ctx, u.id).every((a) => a.etat === 'SUPPRIME')).toBe(true);
    refus(() => detacher(ctx, gs.id, structure.id, u.id), erreurs.STRUCTURE_NON_RATTACHEE.codeRetour, 'utilisateurId');

    const csv = exporterUtilisateurs(ctx, gs.id, structure.id);
    const lignes = csv.trimEnd().split('\r\n');
    expect(lignes[0]).toBe('Identifiant de connexion;Nom;Prénom;Adresse e-mail de contact;Téléphone;Type de compte;Statut du compte;Rôle;Statut du rattachement;Date de demande;Date de validation');
    expect(lignes).toHaveLength(4);
    expect(lignes[1]).toMatch(/^gp\d+@exemple\.fr;Martin;Claire;gp\d+@exemple\.fr;;PERSONNE;ACTIF;GESTIONNAIRE_PRINCIPAL;VALIDEE;/);
    expect(lignes[3]).toContain('partant@exemple.fr;Martin;Claire;partant@exemple.fr;;PERSONNE;ACTIF;UTILISATEUR_SIMPLE;DESACTIVEE;');
    refus(() => exporterUtilisateurs(ctx, u.id, structure.id), erreurs.GESTIONNAIRE_NON_HABILITE.codeRetour);

    // Attached again later, his rattachement and abonnements come back.
    expect(rattacherParGestionnaire(ctx, gp.id, structure.id, 'partant@exemple.fr', 'UTILISATEUR_SIMPLE').rattachement.statut).toBe('VALIDEE');
    expect(listAbonnementsUtilisateur(ctx, u.id).filter((a) => a.etat === 'ACTIVE').map((a) => a.codeEspace)).toEqual([1, 4, 5]);
  });

  it('attaching someone whose request is pending validates it, with the role chosen', () => {
    const ctx = contexteManuel(app, sandbox.id);
    const { gp, structure } = gpEtStructure(ctx, '73282932000314', 'En attente SAS');
    const u = compteActif(ctx, 'attente@exemple.fr');
    demanderRattachement(ctx, { utilisateurId: u.id, structureId: structure.id });
    const r = rattacherParGestionnaire(ctx, gp.id, structure.id, 'attente@exemple.fr', 'GESTIONNAIRE_SECONDAIRE');
    expect(r).toMatchObject({ compteCree: false, rattachement: { statut: 'VALIDEE', role: 'GESTIONNAIRE_SECONDAIRE' } });
    expect(listAbonnementsUtilisateur(ctx, u.id).filter((a) => a.etat === 'ACTIVE').map((a) => a.codeEspace)).toEqual([1, 4, 5, 8]);
    expect(demandesEnAttente(ctx, u.id)).toEqual([]);
  });
});

describe('The gestionnaire’s pages', () => {
  it('lists his structures and shows one structure’s data, never the technical password, to its gestionnaires only', () => {
    const ctx = contexteManuel(app, sandbox.id);
    const { gp, structure } = gpEtStructure(ctx, '73282932000488', 'Fiche SARL');
    const autreStructure = creerStructurePrivee(ctx, gp.id, { ...FICHE, identifiant: '73282932000553', raisonSociale: 'Fiche bis' }).structure;
    const u = rattache(ctx, gp.id, structure.id, 'fiche.user@exemple.fr');
    creerServiceStructure(ctx, gp.id, structure.id, { code: 'SIEGE', libelle: 'Siège' });
    ajouterIban(ctx, gp.id, structure.id, { iban: 'FR7630006000011234567890189' });
    const tech = creerCompteTechnique(ctx, gp.id, structure.id);
    expect(structuresGerees(ctx, gp.id).map((x) => [x.structure.id, x.role])).toEqual([
      [structure.id, 'GESTIONNAIRE_PRINCIPAL'],
      [autreStructure.id, 'GESTIONNAIRE_PRINCIPAL'],
    ]);
    expect(structuresGerees(ctx, u.id)).toEqual([]);
    const fiche = ficheStructureGeree(ctx, gp.id, structure.id);
    expect(fiche).toMatchObject({ role: 'GESTIONNAIRE_PRINCIPAL', structure: { raisonSociale: 'Fiche SARL' }, services: [{ code: 'SIEGE' }], coordonneesBancaires: [{ iban: 'FR7630006000011234567890189' }] });
    expect(fiche.utilisateurs.map((x) => [x.login, x.role, x.statut])).toEqual([
      [gp.login, 'GESTIONNAIRE_PRINCIPAL', 'VALIDEE'],
      ['fiche.user@exemple.fr', 'UTILISATEUR_SIMPLE', 'VALIDEE'],
      [tech.utilisateur.login, 'UTILISATEUR_SIMPLE', 'VALIDEE'],
    ]);
    expect(fiche.compteTechnique).toEqual({ login: tech.utilisateur.login, dateExpirationMotDePasse: tech.dateExpirationMotDePasse });
    expect(JSON.stringify(fiche)).not.toContain(tech.motDePasse);
    refus(() => ficheStructureGeree(ctx, u.id, structure.id), erreurs.GESTIONNAIRE_NON_HABILITE.codeRetour, 'structureId');
  });
});

describe('The users list of « Activités du gestionnaire »', () => {
  it('searches by name or e-mail, role and rattachement status, 20 a page, within the structure only', () => {
    const ctx = contexteManuel(app, sandbox.id);
    const { gp, structure } = gpEtStructure(ctx, '73282932000611', 'Liste SARL');
    const autre = gpEtStructure(ctx, '73282932000629', 'Autre liste SARL');
    rattache(ctx, autre.gp.id, autre.structure.id, 'etranger.liste@exemple.fr');
    for (let i = 1; i <= 24; i++) rattache(ctx, gp.id, structure.id, `membre${String(i).padStart(2, '0')}.liste@exemple.fr`);
    const gs = rattache(ctx, gp.id, structure.id, 'second.liste@exemple.fr', 'GESTIONNAIRE_SECONDAIRE');
    detacher(ctx, gp.id, structure.id, findUtilisateurByLogin(ctx, 'membre03.liste@exemple.fr')!.id);

    const p1 = utilisateursGeres(ctx, gp.id, structure.id);
    expect([p1.total, p1.page, p1.pages, p1.utilisateurs.length]).toEqual([26, 1, 2, 20]);
    expect(p1.utilisateurs[0]!.login).toBe(gp.login);
    const p2 = utilisateursGeres(ctx, gp.id, structure.id, { page: 2 });
    expect(p2.utilisateurs.map((u) => u.login)).toContain('second.liste@exemple.fr');
    expect(p2.utilisateurs).toHaveLength(6);
    // Past the last page: the last page.
    expect(utilisateursGeres(ctx, gp.id, structure.id, { page: 9 }).page).toBe(2);
    expect([...p1.utilisateurs, ...p2.utilisateurs].map((u) => u.login)).not.toContain('etranger.liste@exemple.fr');

    expect(utilisateursGeres(ctx, gp.id, structure.id, { role: 'GESTIONNAIRE_SECONDAIRE' }).utilisateurs.map((u) => u.login)).toEqual([gs.login]);
    expect(utilisateursGeres(ctx, gp.id, structure.id, { statut: 'DESACTIVEE' }).utilisateurs.map((u) => u.login)).toEqual(['membre03.liste@exemple.fr']);
    expect(utilisateursGeres(ctx, gp.id, structure.id, { texte: 'MEMBRE1' }).utilisateurs.map((u) => u.login)).toEqual(
      ['10', '11', '12', '13', '14', '15', '16', '17', '18', '19'].map((n) => `membre${n}.liste@exemple.fr`),
    );
    expect(utilisateursGeres(ctx, gp.id, structure.id, { texte: 'etranger' }).total).toBe(0);
    // Unknown criteria are ignored.
    expect(utilisateursGeres(ctx, gp.id, structure.id, { role: 'ADMIN', statut: 'X' }).total).toBe(26);
    // Only its gestionnaires: a simple user, or the other structure's GP, is refused.
    const simple = findUtilisateurByLogin(ctx, 'membre01.liste@exemple.fr')!;
    refus(() => utilisateursGeres(ctx, simple.id, structure.id), erreurs.GESTIONNAIRE_NON_HABILITE.codeRetour, 'structureId');
    refus(() => utilisateursGeres(ctx, autre.gp.id, structure.id), erreurs.GESTIONNAIRE_NON_HABILITE.codeRetour, 'structureId');
  });
});

describe('Recherche de structure pour rattachement', () => {
  it('finds by 3+ digits of SIRET or by the exact raison sociale only', () => {
    const ctx = contexteManuel(app, sandbox.id);
    const { gp, structure } = gpEtStructure(ctx, '51234567800019', 'Boulangerie   Dupont');
    creerServiceStructure(ctx, gp.id, structure.id, { code: 'LIVRAISON', libelle: 'Livraisons' });
    expect(rechercherStructuresPourRattachement(ctx, { siret: '512 345' }).map((s) => s.id)).toEqual([structure.id]);
    expect(rechercherStructuresPourRattachement(ctx, { siret: '5123456780001 9' })[0]).toMatchObject({ raisonSociale: 'Boulangerie   Dupont', services: [{ code: 'LIVRAISON' }] });
    refus(() => rechercherStructuresPourRattachement(ctx, { siret: '51' }), erreurs.RECHERCHE_STRUCTURE_INSUFFISANTE.codeRetour, 'siret');
    refus(() => rechercherStructuresPourRattachement(ctx, {}), erreurs.RECHERCHE_STRUCTURE_INSUFFISANTE.codeRetour, 'raisonSociale');
    refus(() => rechercherStructuresPourRattachement(ctx, { siret: '51A' }), erreurs.CHAMP_INVALIDE.codeRetour, 'siret');
    expect(rechercherStructuresPourRattachement(ctx, { raisonSociale: 'boulangerie dupont' }).map((s) => s.id)).toEqual([structure.id]);
    expect(rechercherStructuresPourRattachement(ctx, { raisonSociale: 'Boulangerie' })).toEqual([]);
    expect(rechercherStructuresPourRattachement(contexteManuel(app, autre.id), { siret: '51234567800019' })).toEqual([]);
  });
});

describe('Isolation between sandboxes', () => {
  it('another sandbox neither sees nor changes a structure created here', () => {
    const ctx = contexteManuel(app, sandbox.id);
    const ailleurs = contexteManuel(app, autre.id);
    const { gp, structure } = gpEtStructure(ctx, '82161143100015', 'Isolée SARL');
    refus(() => modifierStructure(ailleurs, gp.id, structure.id, { ville: 'Ailleurs' }));
    refus(() => creerServiceStructure(ailleurs, gp.id, structure.id, { code: 'X', libelle: 'X' }));
    refus(() => ajouterIban(ailleurs, gp.id, structure.id, { iban: 'FR7630006000011234567890189' }));
    expect(findStructureByIdentifiant(ailleurs, '82161143100015')).toBeUndefined();
    expect(listServices(ailleurs, structure.id)).toEqual([]);
    // The same SIRET may be created in the other sandbox by its own user.
    const local = compteActif(ailleurs, 'local@exemple.fr');
    expect(creerStructurePrivee(ailleurs, local.id, { ...FICHE, identifiant: '82161143100015' }).structure.raisonSociale).toBe(FICHE.raisonSociale);
    expect(findStructureByIdentifiant(ctx, '82161143100015')!.raisonSociale).toBe('Isolée SARL');
  });
});
