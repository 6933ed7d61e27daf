import { PIECES_TRAVAUX, type RoleTravaux } from '../../domain/circuits/index.js';
import { isChorusError } from '../../errors/chorus-error.js';
import type { SandboxContext } from '../../sandbox/context.js';
import { annuler, enregistrerTypeEcheance, observerFactures, planifier, type Evenement } from '../../sandbox/echeancier.js';
import { findFacture, listHistorique, type FactureDeposee, type FactureRow } from '../factures/repository.js';
import { appliquerTransition } from '../factures/traitement/lifecycle.js';
import { findStructure } from '../structures/repository.js';
import type { ReglesTravaux } from '../toolkit/comportement-schema.js';
import { lireComportementStocke } from '../toolkit/comportements.js';
import * as repo from './repository.js';
import { deposerPiece, roleAttendu, structureDuRole } from './service.js';

/**
 * Simulated MOE and MOA (behaviour route, `regles.travaux`): on the sandbox clock, they take a piece
 * into account, then deposit the following piece (amounts rectified by a percentage), or refuse it,
 * or do nothing. One agenda row per piece waiting for a simulated actor.
 */
const TYPE = 'moe-moa-simule';
const JOUR_MS = 86_400_000;
/** CCAG-Travaux: the MOE has 7 days (complements §4.1); the same for the MOA, whose delay is not documented. */
const JOURS_PAR_DEFAUT = 7;
const ARRIVEES = ['MISE_A_DISPOSITION_MOE', 'MISE_A_DISPOSITION_MOA', 'A_ASSOCIER_MOA'];

/** The piece a simulated actor answers with: état d'acompte for a monthly piece, décompte général for a final one. */
const SUITES: Record<'MOE' | 'MOA', readonly string[]> = {
  MOE: ['A15_ETAT_ACOMPTE_MOE', 'A17_PROJET_DECOMPTE_GENERAL_MOE'],
  MOA: ['A19_ETAT_ACOMPTE_VALIDE_MOA', 'A20_DECOMPTE_GENERAL_MOA'],
};
/** Numbering advice (chorus-domain §9.2): the titulaire's number with a suffix. */
const SUFFIXES: Record<string, string> = {
  A15_ETAT_ACOMPTE_MOE: 'EA',
  A19_ETAT_ACOMPTE_VALIDE_MOA: 'EAV',
  A17_PROJET_DECOMPTE_GENERAL_MOE: 'PDG',
  A20_DECOMPTE_GENERAL_MOA: 'DG',
};

interface Action {
  date: Date;
  nature: 'PRISE_EN_COMPTE' | 'SUITE' | 'REFUS';
}

function acteur(ctx: SandboxContext, f: FactureRow): { role: 'MOE' | 'MOA'; structureId: number; regles: ReglesTravaux; dossier: repo.DossierRow } | undefined {
  const role = roleAttendu(f.statut);
  if ((role !== 'MOE' && role !== 'MOA') || f.dossierFacturationId === null) return undefined;
  const dossier = repo.findDossier(ctx, f.dossierFacturationId);
  const structureId = dossier && structureDuRole(dossier, role);
  if (!dossier || !structureId) return undefined;
  const comportement = lireComportementStocke(ctx, structureId);
  const regles = comportement?.mode === 'automatique' ? comportement.regles.travaux : undefined;
  return regles ? { role, structureId, regles, dossier } : undefined;
}

export function prochaineAction(ctx: SandboxContext, f: FactureRow, regles: ReglesTravaux): Action | null {
  if (regles.inactif) return null;
  const arrivee = listHistorique(ctx, f.id).filter((h) => h.nature === 'STATUT' && ARRIVEES.includes(h.code)).at(-1);
  const base = new Date(arrivee?.date ?? f.dateHeureEtatCourant).getTime();
  const prendre = regles.prendreEnCompteApresJours ?? 0;
  const transmettre = regles.transmettreApresJours ?? JOURS_PAR_DEFAUT;
  if (regles.refuserMotif) return { date: new Date(base + prendre * JOUR_MS), nature: 'REFUS' };
  if (ARRIVEES.includes(f.statut) && prendre < transmettre) return { date: new Date(base + prendre * JOUR_MS), nature: 'PRISE_EN_COMPTE' };
  return { date: new Date(base + transmettre * JOUR_MS), nature: 'SUITE' };
}

function planifierPiece(ctx: SandboxContext, f: FactureRow): void {
  const a = acteur(ctx, f);
  const action = a && prochaineAction(ctx, f, a.regles);
  if (action) planifier(ctx, TYPE, f.id, new Date(Math.max(action.date.getTime(), ctx.now().getTime())));
  else annuler(ctx, TYPE, f.id);
}

observerFactures<FactureRow>((ctx, f) => {
  if (f.dossierFacturationId !== null) planifierPiece(ctx, f);
});

/** After a behaviour change: every piece waiting for that structure is rescheduled. */
export function replanifierActeurTravaux(ctx: SandboxContext, structureId: number): void {
  const attendues = repo.piecesDesActeurs(ctx, [structureId]).filter(({ piece, dossier }) => {
    const role = roleAttendu(piece.statut);
    return (role === 'MOE' || role === 'MOA') && structureDuRole(dossier, role) === structureId;
  });
  for (const { piece } of attendues) planifierPiece(ctx, piece);
}

const arrondi = (n: number) => Math.round(n * 100) / 100;

function agir(ctx: SandboxContext, f: FactureDeposee, a: NonNullable<ReturnType<typeof acteur>>, action: Action, nom: string): string {
  const qui = { utilisateurId: null, nomUtilisateur: nom };
  if (action.nature === 'PRISE_EN_COMPTE') {
    appliquerTransition(ctx, { idFacture: f.id, vers: a.role === 'MOE' ? 'PRISE_EN_COMPTE_MOE' : 'PRISE_EN_COMPTE_MOA', acteur: a.role, ...qui });
    return 'prise en compte';
  }
  if (action.nature === 'REFUS') {
    const motif = a.regles.refuserMotif!;
    const deposant = PIECES_TRAVAUX[f.codeCadreFacturation]?.deposant ?? 'FOURNISSEUR';
    const vers = motif === 'AUTRE' ? (a.role === 'MOE' ? 'REFUSEE_MOE' : 'REFUSEE_MOA') : a.role === 'MOE' ? 'ERREUR_FOURNISSEUR_SUR_MOE' : deposant === 'MOE' ? 'ERREUR_MOE_SUR_MOA' : 'ERREUR_FOURNISSEUR_SUR_MOA';
    appliquerTransition(ctx, { idFacture: f.id, vers, acteur: a.role, ...qui, motif: `${motif} (${nom})` });
    return `refus ${vers}`;
  }
  const cadre = SUITES[a.role].find((c) => PIECES_TRAVAUX[c].suit.includes(f.codeCadreFacturation));
  if (!cadre) return 'rien';
  const facteur = 1 + (a.regles.rectifierPourcentage ?? 0) / 100;
  const ht = arrondi(f.montantHt * facteur);
  const tva = arrondi(f.montantTva * facteur);
  const suivante = deposerPiece(
    ctx,
    a.dossier,
    {
      cadre,
      numero: `${f.numeroFacture.slice(0, 16)}-${SUFFIXES[cadre]}`,
      dateFacture: ctx.now().toISOString().slice(0, 10),
      modeDepot: f.modeDepot,
      montants: { ht, tva, ttc: arrondi(ht + tva), aPayer: arrondi(ht + tva) },
      pieceJointePrincipaleId: f.pieceJointePrincipaleId,
      commentaire: a.regles.rectifierPourcentage ? `Montants rectifiés de ${a.regles.rectifierPourcentage} % (${nom})` : null,
      numeroMarche: f.numeroMarche,
      numeroBonCommande: f.numeroBonCommande,
      devise: f.devise,
    },
    a.structureId,
    f,
    a.role as RoleTravaux,
    { id: null, nom },
  );
  return `dépôt de ${suivante.numeroFacture} (${cadre})`;
}

enregistrerTypeEcheance({
  type: TYPE,
  executer(ctx, sujet, at): Evenement[] {
    const trouvee = findFacture(ctx, Number(sujet));
    const f = trouvee && repo.pieceDeposee(trouvee);
    const a = f && acteur(ctx, f);
    const action = a && prochaineAction(ctx, f, a.regles);
    if (!f || !a || !action) return [];
    if (action.date > at) {
      planifier(ctx, TYPE, f.id, action.date);
      return [];
    }
    const nom = `${a.role} simulée ${findStructure(ctx, a.structureId)?.raisonSociale ?? a.structureId}`;
    try {
      const fait = agir(ctx, f, a, action, nom);
      return [{ date: at.toISOString(), type: `TRAVAUX_${a.role}_SIMULEE`, idFacture: f.id, description: `Pièce ${f.numeroFacture} : ${fait} par ${nom}` }];
    } catch (error) {
      if (!isChorusError(error)) throw error;
      return [];
    }
  },
});
