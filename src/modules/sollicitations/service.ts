import { zipSync } from 'fflate';
import { nextId } from '../../db/sequences.js';
import { transaction } from '../../db/transaction.js';
import { ChorusError } from '../../errors/chorus-error.js';
import { erreurs } from '../../errors/catalogue/index.js';
import type { SandboxContext } from '../../sandbox/context.js';
import { formatDateTime } from '../../sandbox/dates.js';
import { annuler, enregistrerTypeEcheance, planifier, type Evenement } from '../../sandbox/echeancier.js';
import { ajouterFichier } from '../factures/depot/fichiers.js';
import { findFacture, findPieceJointe } from '../factures/repository.js';
import { notifierUtilisateurs } from '../notifications/service.js';
import { findStructure } from '../structures/repository.js';
import { listRattachementsServices, listRattachementsStructure, listRattachementsValides, type UtilisateurRow } from '../utilisateurs/repository.js';
import { findEngagement } from './objets.js';
import { categorieParCode, sousCategorie, SOUS_CATEGORIES } from './categories.js';
import * as repo from './repository.js';

/**
 * Statuses of a sollicitation. RECONSTRUCTED: no public list of codes exists (chorus-domain §12
 * [UNCERTAIN], complements §2); these follow the official description of the two espaces: new
 * (à traiter) → complément demandé → complétée → répondue → possibly renvoyée by the issuer →
 * clôturée, plus transférée au support by a public structure.
 */
export const STATUTS = ['A_TRAITER', 'COMPLEMENT_DEMANDE', 'COMPLETEE', 'REPONDUE', 'RENVOYEE', 'CLOTUREE', 'TRANSFEREE_SUPPORT'] as const;
export type Statut = (typeof STATUTS)[number];

export const ACTIONS = ['REPONDRE', 'DEMANDER_COMPLEMENT', 'TRANSFERER_SUPPORT', 'COMPLETER', 'RENVOYER', 'CLOTURER'] as const;
export type Action = (typeof ACTIONS)[number];

/** Statuses waiting for the addressee (« Mes sollicitations à traiter »: new, completed, sent back). */
const A_TRAITER_PAR_DESTINATAIRE: readonly Statut[] = ['A_TRAITER', 'COMPLETEE', 'RENVOYEE', 'TRANSFEREE_SUPPORT'];

const REGLES: Record<Action, { role: 'EMETTEUR' | 'DESTINATAIRE'; depuis: readonly Statut[]; vers: Statut; texte: boolean }> = {
  REPONDRE: { role: 'DESTINATAIRE', depuis: A_TRAITER_PAR_DESTINATAIRE, vers: 'REPONDUE', texte: true },
  DEMANDER_COMPLEMENT: { role: 'DESTINATAIRE', depuis: A_TRAITER_PAR_DESTINATAIRE, vers: 'COMPLEMENT_DEMANDE', texte: true },
  TRANSFERER_SUPPORT: { role: 'DESTINATAIRE', depuis: ['A_TRAITER', 'COMPLETEE', 'RENVOYEE'], vers: 'TRANSFEREE_SUPPORT', texte: false },
  COMPLETER: { role: 'EMETTEUR', depuis: ['COMPLEMENT_DEMANDE'], vers: 'COMPLETEE', texte: true },
  RENVOYER: { role: 'EMETTEUR', depuis: ['REPONDUE'], vers: 'RENVOYEE', texte: true },
  CLOTURER: { role: 'EMETTEUR', depuis: ['A_TRAITER', 'COMPLEMENT_DEMANDE', 'COMPLETEE', 'REPONDUE', 'RENVOYEE', 'TRANSFEREE_SUPPORT'], vers: 'CLOTUREE', texte: false },
};

/**
 * The actions the side `role` may take on a sollicitation in its status (the rules above), for the
 * portal's buttons; agir checks them again.
 */
export function actionsPermises(s: Pick<repo.SollicitationRow, 'statut' | 'destinataire'>, role: 'EMETTEUR' | 'DESTINATAIRE'): { action: Action; texte: boolean }[] {
  return ACTIONS.filter((a) => {
    const r = REGLES[a];
    return r.role === role && r.depuis.includes(s.statut as Statut) && !(a === 'TRANSFERER_SUPPORT' && s.destinataire === 'SUPPORT');
  }).map((a) => ({ action: a, texte: REGLES[a].texte }));
}

/** Who acts: a user of the sandbox, the support desk (played by a trainer), or the sandbox playing the addressee. */
export type Acteur = { type: 'UTILISATEUR'; utilisateur: UtilisateurRow } | { type: 'SUPPORT' } | { type: 'SIMULE' };

export interface Fichier {
  nom: string;
  typeMime?: string;
  contenu: string;
}

export interface NouvelleSollicitation {
  codeCategorie: string;
  codeSousCategorie: string;
  titre: string;
  texte: string;
  objet?: { type: 'FACTURE' | 'STRUCTURE' | 'ENGAGEMENT' | 'COMPTE'; id?: number };
  idStructureEmettrice?: number;
  idStructureDestinataire?: number;
  piecesJointes?: Fichier[];
}

const nomDe = (u: UtilisateurRow) => [u.prenom, u.nom].filter(Boolean).join(' ');
const NOM_SUPPORT = 'Support Chorus Pro';

function refus(entry: (typeof erreurs)[keyof typeof erreurs], precision: string): ChorusError {
  return new ChorusError(entry, `${entry.libelle} (${precision})`);
}

export function sollicitationOuErreur(ctx: SandboxContext, id: number): repo.SollicitationRow {
  const s = repo.findSollicitation(ctx, id);
  if (!s) throw refus(erreurs.SOLLICITATION_INTROUVABLE, `idSollicitation ${id}`);
  return s;
}

/** Files of a message, stored like any upload (10 MB each, 50 characters of name with an extension). */
function stockerPiecesJointes(ctx: SandboxContext, auteurId: number | null, fichiers: readonly Fichier[] = []): number[] {
  return fichiers.map((f, i) => {
    const extension = /\.([A-Za-z0-9]+)$/.exec(f.nom)?.[1];
    if (!extension || f.nom.length > 50) {
      throw new ChorusError(erreurs.CHAMP_INVALIDE, `Le champ 'piecesJointes[${i}].nom' n'est pas valide (50 caractères au plus, avec une extension)`);
    }
    return ajouterFichier(ctx, auteurId ?? 0, {
      pieceJointeFichier: f.contenu,
      pieceJointeNom: f.nom,
      pieceJointeTypeMime: f.typeMime ?? 'application/octet-stream',
      pieceJointeExtension: extension,
    }).pieceJointeId;
  });
}

/**
 * People validly attached to a public structure who receive what is addressed to it: a user attached
 * to some services only hears of what concerns one of them (as for invoices, perimetre.ts).
 */
export function personnesDe(ctx: SandboxContext, structureId: number | null, serviceId: number | null = null): number[] {
  if (structureId === null) return [];
  return listRattachementsStructure(ctx, structureId)
    .filter(({ rattachement, utilisateur }) => {
      if (rattachement.statut !== 'VALIDEE' || utilisateur.type !== 'PERSONNE') return false;
      const services = listRattachementsServices(ctx, rattachement.id).filter((x) => x.statut === 'VALIDEE');
      return services.length === 0 || services.some((x) => x.serviceId === serviceId);
    })
    .map(({ utilisateur }) => utilisateur.id);
}

function numero(ctx: SandboxContext, id: number): string {
  return `SOL${ctx.now().getUTCFullYear()}${String(id).padStart(6, '0')}`;
}

/** Where the sollicitation goes and from which structure, from its object (an invoice routes it to its recipient). */
function router(ctx: SandboxContext, emetteur: UtilisateurRow, input: NouvelleSollicitation) {
  const categorie = categorieParCode(input.codeCategorie.trim().toUpperCase());
  if (!categorie) throw refus(erreurs.CATEGORIE_SOLLICITATION_INCONNUE, input.codeCategorie);
  const sous = sousCategorie(categorie, input.codeSousCategorie.trim().toUpperCase());
  if (!sous) throw refus(erreurs.SOUS_CATEGORIE_SOLLICITATION_INCONNUE, input.codeSousCategorie);
  const rattachees = new Set(listRattachementsValides(ctx, emetteur.id).map((r) => r.structureId));
  let emetteurStructureId = input.idStructureEmettrice ?? [...rattachees][0] ?? null;
  if (input.idStructureEmettrice !== undefined && !rattachees.has(input.idStructureEmettrice)) {
    throw refus(erreurs.OBJET_SOLLICITATION_INCONNU, `idStructureEmettrice ${input.idStructureEmettrice}`);
  }
  let destinataireStructureId: number | null = null;
  let destinataireServiceId: number | null = null;
  const objet = input.objet;
  let objetId: number | null = objet?.id ?? null;
  if (objet?.type === 'FACTURE') {
    const f = objet.id === undefined ? undefined : findFacture(ctx, objet.id);
    // The issuer asks about an invoice of his structure (the supplier side).
    if (!f || !rattachees.has(f.fournisseurId)) throw refus(erreurs.OBJET_SOLLICITATION_INCONNU, `objet FACTURE ${objet.id ?? ''}`);
    emetteurStructureId = f.fournisseurId;
    destinataireStructureId = f.destinataireId;
    destinataireServiceId = f.serviceExecutantId;
  } else if (objet?.type === 'ENGAGEMENT') {
    const ej = objet.id === undefined ? undefined : findEngagement(ctx, objet.id);
    if (!ej) throw refus(erreurs.OBJET_SOLLICITATION_INCONNU, `objet ENGAGEMENT ${objet.id ?? ''}`);
    destinataireStructureId = ej.structureId;
    destinataireServiceId = ej.serviceId;
  } else if (objet?.type === 'STRUCTURE') {
    if (objet.id === undefined || !findStructure(ctx, objet.id)) throw refus(erreurs.OBJET_SOLLICITATION_INCONNU, `objet STRUCTURE ${objet.id ?? ''}`);
  } else if (objet?.type === 'COMPTE') {
    objetId = emetteur.id;
  }
  if (input.idStructureDestinataire !== undefined) {
    const d = findStructure(ctx, input.idStructureDestinataire);
    if (!d || d.typeStructure !== 'PUBLIQUE') throw refus(erreurs.OBJET_SOLLICITATION_INCONNU, `idStructureDestinataire ${input.idStructureDestinataire}`);
    if (destinataireStructureId === null) destinataireStructureId = d.id;
  }
  if (sous.destination === 'STRUCTURE' && destinataireStructureId === null) throw new ChorusError(erreurs.DESTINATAIRE_SOLLICITATION_ABSENT);
  return {
    categorie,
    sous,
    emetteurStructureId,
    objetType: objet?.type ?? null,
    objetId,
    ...(sous.destination === 'SUPPORT'
      ? { destinataire: 'SUPPORT' as const, destinataireStructureId: null, destinataireServiceId: null }
      : { destinataire: 'STRUCTURE' as const, destinataireStructureId, destinataireServiceId }),
  };
}

/** « Saisir une sollicitation »: validated, routed by its sous-catégorie, stored with its first message, notified. */
export function creerSollicitation(ctx: SandboxContext, emetteur: UtilisateurRow, input: NouvelleSollicitation): repo.SollicitationRow {
  return transaction(ctx.db, () => {
    // Sollicitations are a portal space: a technical account (API only) has none.
    if (emetteur.type !== 'PERSONNE') throw refus(erreurs.SOLLICITATION_NON_AUTORISEE, `${emetteur.login} est un compte technique`);
    const r = router(ctx, emetteur, input);
    const id = nextId(ctx.db, ctx.sandboxId, 'sollicitation');
    const date = formatDateTime(ctx.now());
    const s = repo.insertSollicitation(ctx, {
      id,
      numero: numero(ctx, id),
      codeCategorie: r.categorie.codeCategorie,
      codeSousCategorie: r.sous.code,
      titre: input.titre,
      objetType: r.objetType,
      objetId: r.objetId,
      emetteurUtilisateurId: emetteur.id,
      emetteurStructureId: r.emetteurStructureId,
      destinataire: r.destinataire,
      destinataireStructureId: r.destinataireStructureId,
      destinataireServiceId: r.destinataireServiceId,
      statut: 'A_TRAITER',
      dateCreation: date,
      dateModification: date,
    });
    repo.insertMessage(ctx, {
      id: nextId(ctx.db, ctx.sandboxId, 'messageSollicitation'),
      sollicitationId: id,
      action: 'CREER',
      auteurUtilisateurId: emetteur.id,
      auteurNom: nomDe(emetteur),
      texte: input.texte,
      piecesJointes: stockerPiecesJointes(ctx, emetteur.id, input.piecesJointes),
      date,
    });
    notifierUtilisateurs(ctx, personnesDe(ctx, s.destinataireStructureId, s.destinataireServiceId), {
      type: 'SOLLICITATION_RECUE',
      message: `Sollicitation ${s.numero} reçue : ${s.titre}`,
      sollicitationId: id,
    });
    planifierSimulation(ctx, s);
    return s;
  });
}

/** The side `acteur` plays on `s`, or a refusal when it is neither the issuer nor the addressee. */
function roleDe(ctx: SandboxContext, s: repo.SollicitationRow, acteur: Acteur, role: 'EMETTEUR' | 'DESTINATAIRE', login: string): void {
  const ok =
    role === 'EMETTEUR'
      ? acteur.type === 'UTILISATEUR' && acteur.utilisateur.id === s.emetteurUtilisateurId
      : acteur.type === 'SIMULE' ||
        (s.destinataire === 'SUPPORT' ? acteur.type === 'SUPPORT' : acteur.type === 'UTILISATEUR' && personnesDe(ctx, s.destinataireStructureId, s.destinataireServiceId).includes(acteur.utilisateur.id));
  if (!ok) throw refus(erreurs.SOLLICITATION_NON_AUTORISEE, `${login}, sollicitation ${s.numero}, action réservée ${role === 'EMETTEUR' ? "à l'émetteur" : 'au destinataire'}`);
}

const TYPES_NOTIFICATION: Record<Action, string> = {
  REPONDRE: 'SOLLICITATION_REPONDUE',
  DEMANDER_COMPLEMENT: 'SOLLICITATION_COMPLEMENT_DEMANDE',
  TRANSFERER_SUPPORT: 'SOLLICITATION_TRANSFEREE_SUPPORT',
  COMPLETER: 'SOLLICITATION_COMPLETEE',
  RENVOYER: 'SOLLICITATION_RENVOYEE',
  CLOTURER: 'SOLLICITATION_CLOTUREE',
};
const LIBELLES: Record<Action, string> = {
  REPONDRE: 'répondue',
  DEMANDER_COMPLEMENT: 'complément demandé',
  TRANSFERER_SUPPORT: 'transférée au support Chorus Pro',
  COMPLETER: 'complétée',
  RENVOYER: 'renvoyée',
  CLOTURER: 'clôturée',
};

/** One action on a sollicitation: allowed for this side and status, written with its message, the other side notified. */
export function agir(ctx: SandboxContext, acteur: Acteur, id: number, input: { action: Action; texte?: string; piecesJointes?: Fichier[] }): repo.SollicitationRow {
  return transaction(ctx.db, () => agirDans(ctx, acteur, sollicitationOuErreur(ctx, id), input));
}

function agirDans(ctx: SandboxContext, acteur: Acteur, s: repo.SollicitationRow, input: { action: Action; texte?: string; piecesJointes?: Fichier[] }): repo.SollicitationRow {
  const regle = REGLES[input.action];
  const login = acteur.type === 'UTILISATEUR' ? acteur.utilisateur.login : acteur.type;
  roleDe(ctx, s, acteur, regle.role, login);
  if (!regle.depuis.includes(s.statut as Statut) || (input.action === 'TRANSFERER_SUPPORT' && s.destinataire === 'SUPPORT')) {
    throw refus(erreurs.ACTION_SOLLICITATION_INTERDITE, `action ${input.action}, statut ${s.statut}`);
  }
  const texte = input.texte?.trim() || null;
  if (regle.texte && !texte) throw new ChorusError(erreurs.CHAMP_OBLIGATOIRE, `Le champ 'texte' est obligatoire pour l'action ${input.action}`);
  const date = formatDateTime(ctx.now());
  const apres: repo.SollicitationRow = {
    ...s,
    statut: regle.vers,
    dateModification: date,
    ...(input.action === 'TRANSFERER_SUPPORT' ? { destinataire: 'SUPPORT' as const } : {}),
  };
  repo.majSollicitation(ctx, s.id, { statut: apres.statut, dateModification: date, destinataire: apres.destinataire });
  const auteurId = acteur.type === 'UTILISATEUR' ? acteur.utilisateur.id : null;
  repo.insertMessage(ctx, {
    id: nextId(ctx.db, ctx.sandboxId, 'messageSollicitation'),
    sollicitationId: s.id,
    action: input.action,
    auteurUtilisateurId: auteurId,
    auteurNom: acteur.type === 'UTILISATEUR' ? nomDe(acteur.utilisateur) : s.destinataire === 'SUPPORT' || acteur.type === 'SUPPORT' ? NOM_SUPPORT : nomStructure(ctx, s),
    texte,
    piecesJointes: stockerPiecesJointes(ctx, auteurId, input.piecesJointes),
    date,
  });
  // The other side hears of it: the issuer of an answer, the addressee's people of the issuer's moves.
  const destinataires = regle.role === 'DESTINATAIRE' ? [s.emetteurUtilisateurId] : apres.destinataire === 'STRUCTURE' ? personnesDe(ctx, s.destinataireStructureId, s.destinataireServiceId) : [];
  notifierUtilisateurs(ctx, destinataires, {
    type: TYPES_NOTIFICATION[input.action],
    message: `Sollicitation ${s.numero} ${LIBELLES[input.action]}`,
    sollicitationId: s.id,
  });
  planifierSimulation(ctx, apres);
  return apres;
}

function nomStructure(ctx: SandboxContext, s: repo.SollicitationRow): string {
  return (s.destinataireStructureId !== null ? findStructure(ctx, s.destinataireStructureId)?.raisonSociale : undefined) ?? 'Structure publique';
}

// The addressee played by the sandbox (behaviour): answers after N hours of the sandbox clock.

const TYPE_ECHEANCE = 'SOLLICITATION_SIMULEE';
/** Without a setting, the support desk answers within a day; public structures are played by people. */
const SUPPORT_PAR_DEFAUT = { mode: 'REPONDRE' as const, apresHeures: 24, texte: null };

export function comportementDe(ctx: SandboxContext, s: Pick<repo.SollicitationRow, 'destinataire' | 'destinataireStructureId'>) {
  if (s.destinataire === 'SUPPORT') return repo.findReglage(ctx, 0) ?? SUPPORT_PAR_DEFAUT;
  return (s.destinataireStructureId !== null ? repo.findReglage(ctx, s.destinataireStructureId) : undefined) ?? { mode: 'MANUEL' as const, apresHeures: 0, texte: null };
}

function planifierSimulation(ctx: SandboxContext, s: repo.SollicitationRow): void {
  const c = comportementDe(ctx, s);
  if (c.mode !== 'MANUEL' && A_TRAITER_PAR_DESTINATAIRE.includes(s.statut as Statut)) {
    planifier(ctx, TYPE_ECHEANCE, s.id, new Date(ctx.now().getTime() + c.apresHeures * 3_600_000));
  } else {
    annuler(ctx, TYPE_ECHEANCE, s.id);
  }
}

enregistrerTypeEcheance({
  type: TYPE_ECHEANCE,
  executer(ctx, sujet): Evenement[] {
    const s = repo.findSollicitation(ctx, Number(sujet));
    if (!s || !A_TRAITER_PAR_DESTINATAIRE.includes(s.statut as Statut)) return [];
    const c = comportementDe(ctx, s);
    if (c.mode === 'MANUEL') return [];
    // A complement is asked once: what the issuer completed is then answered.
    const action: Action = c.mode === 'DEMANDER_COMPLEMENT' && s.statut !== 'COMPLETEE' ? 'DEMANDER_COMPLEMENT' : 'REPONDRE';
    const reponse = SOUS_CATEGORIES.find((x) => x.code === s.codeSousCategorie)?.reponseType ?? 'Votre demande a été traitée.';
    const texte = action === 'REPONDRE' ? (c.texte ?? reponse) : 'Merci de préciser votre demande et de joindre les pièces utiles.';
    agirDans(ctx, { type: 'SIMULE' }, s, { action, texte });
    return [{ date: ctx.now().toISOString(), type: TYPE_ECHEANCE, description: `Sollicitation ${s.numero} : ${LIBELLES[action]} par ${s.destinataire === 'SUPPORT' ? NOM_SUPPORT : nomStructure(ctx, s)}` }];
  },
});

/** Sets how the sandbox plays an addressee (`idStructure` null: the support desk). */
export function reglerComportement(ctx: SandboxContext, idStructure: number | null, r: { mode: 'MANUEL' | 'REPONDRE' | 'DEMANDER_COMPLEMENT'; apresHeures: number; texte?: string | null }): void {
  if (idStructure !== null) {
    const st = findStructure(ctx, idStructure);
    if (!st || st.typeStructure !== 'PUBLIQUE') throw refus(erreurs.OBJET_SOLLICITATION_INCONNU, `idStructureCPP ${idStructure}`);
  }
  repo.ecrireReglage(ctx, idStructure ?? 0, { mode: r.mode, apresHeures: r.apresHeures, texte: r.texte ?? null });
}

// Reading

export function consulter(ctx: SandboxContext, id: number) {
  const s = sollicitationOuErreur(ctx, id);
  const messages = repo.listMessages(ctx, s.id).map((m) => ({
    ...m,
    piecesJointes: m.piecesJointes.map((pj) => {
      const row = findPieceJointe(ctx, pj);
      return { id: pj, nom: row?.nom ?? '', taille: row?.taille ?? 0 };
    }),
  }));
  return { sollicitation: s, messages };
}

export function lister(ctx: SandboxContext, f: repo.Filtres) {
  return repo.listSollicitations(ctx, f);
}

/**
 * telecharger/pieceJointe with objetPieceJointe SOLLICITATION: the attachments of the thread (one
 * file as is, several in a ZIP); `pieceJointeSollicitation: NON` gives the thread itself as text.
 * The caller (a technical account) must be attached to the issuing or the receiving structure.
 */
export function telechargerPieceJointe(ctx: SandboxContext, appelantId: number, input: { idSollicitation?: number; pieceJointeSollicitation?: 'OUI' | 'NON' } | undefined): string {
  if (input?.idSollicitation === undefined) throw new ChorusError(erreurs.CHAMP_OBLIGATOIRE, "Le champ 'sollicitation.idSollicitation' est obligatoire");
  const s = repo.findSollicitation(ctx, input.idSollicitation);
  const structures = new Set(listRattachementsValides(ctx, appelantId).map((r) => r.structureId));
  const visible = s && ((s.emetteurStructureId !== null && structures.has(s.emetteurStructureId)) || (s.destinataireStructureId !== null && structures.has(s.destinataireStructureId)));
  if (!s || !visible) throw refus(erreurs.SOLLICITATION_INTROUVABLE, `sollicitation.idSollicitation ${input.idSollicitation}`);
  const messages = repo.listMessages(ctx, s.id);
  if (input.pieceJointeSollicitation === 'NON') {
    const fil = [`Sollicitation ${s.numero} — ${s.titre} (${s.codeCategorie} / ${s.codeSousCategorie}) — ${s.statut}`, ...messages.map((m) => `${m.date} ${m.auteurNom} [${m.action}] ${m.texte ?? ''}`)];
    return Buffer.from(fil.join('\n'), 'utf8').toString('base64');
  }
  const fichiers = messages.flatMap((m) => m.piecesJointes).map((pj) => findPieceJointe(ctx, pj)).filter((x) => x !== undefined);
  if (fichiers.length === 0) throw refus(erreurs.PIECE_JOINTE_SANS_FICHIER, `sollicitation ${s.numero}`);
  if (fichiers.length === 1) return Buffer.from(fichiers[0]!.contenu).toString('base64');
  const arbre = Object.fromEntries(fichiers.map((f) => [`${f.id}-${f.nom}`, new Uint8Array(f.contenu)]));
  return Buffer.from(zipSync(arbre, { mtime: new Date('2000-01-01T00:00:00Z') })).toString('base64');
}
