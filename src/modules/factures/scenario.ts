import { z } from 'zod';
import { CIRCUIT_SIMPLE, estStatutFacture, type StatutFacture, type Transition } from '../../domain/circuits/index.js';
import { calculerMontants } from '../../domain/montants.js';
import type { Rng } from '../../domain/random.js';
import type { Scenario } from '../../scenarios/format.js';
import type { SandboxContext } from '../../sandbox/context.js';
import { listServices, listStructures } from '../structures/repository.js';
import { listRattachementsStructure } from '../utilisateurs/repository.js';
import { appliquerTransition } from './traitement/lifecycle.js';
import { soumettre, tauxParCode } from './depot/soumission.js';
import { formatDate } from '../../sandbox/dates.js';

/** An invoice of a scenario: parties by `entite`, a few lines, and the status it should reach. */
const factureScenario = z.object({
  fournisseur: z.string(),
  destinataire: z.string(),
  /** Service code or libellé of the recipient. */
  service: z.string().optional(),
  numero: z.string().max(20).optional(),
  numeroEngagement: z.string().optional(),
  /** Days before the sandbox's "now" the invoice was issued. */
  ilYaJours: z.number().int().nonnegative().default(10),
  lignes: z
    .array(z.object({ denomination: z.string(), quantite: z.number(), prixUnitaire: z.number(), tauxTva: z.number().default(20) }))
    .min(1)
    .default([{ denomination: 'Prestation', quantite: 1, prixUnitaire: 1000, tauxTva: 20 }]),
  statut: z.string().refine(estStatutFacture, 'statut inconnu').default('MISE_A_DISPOSITION'),
  motif: z.string().default('Motif de démonstration'),
  /** A9/A12: `entite` of the validator; the invoice starts in A_VALIDER_1 (validation circuit). */
  valideur: z.string().optional(),
  cadre: z.enum(['A9_FACTURE_SOUSTRAITANT', 'A12_FACTURE_COTRAITANT']).default('A9_FACTURE_SOUSTRAITANT'),
});

/** Statuses a scenario invoice reaches by its validator's decision alone (validation circuit, §8.4). */
const DECISIONS_VALIDEUR: Partial<Record<StatutFacture, { vers: StatutFacture; motif?: string }>> = {
  REFUSEE_1: { vers: 'REFUSEE_1', motif: 'AUT_MOTIF_ERR_VALIDEUR - Autre motif que « Erreur de valideur »' },
  ERREUR_FOURNISSEUR_SUR_VALIDEUR: { vers: 'ERREUR_FOURNISSEUR_SUR_VALIDEUR', motif: 'ERR_VALIDEUR - Mauvais valideur' },
};

/** Shortest path through the table from MISE_A_DISPOSITION to `cible` (breadth first, table order). */
function chemin(cible: StatutFacture): Transition[] {
  const vus = new Map<StatutFacture, Transition[]>([['MISE_A_DISPOSITION', []]]);
  const file: StatutFacture[] = ['MISE_A_DISPOSITION'];
  while (file.length) {
    const s = file.shift()!;
    if (s === cible) return vus.get(s)!;
    for (const t of CIRCUIT_SIMPLE.transitions) {
      if (t.de === s && t.acteur !== 'SYSTEME' && !vus.has(t.vers)) {
        vus.set(t.vers, [...vus.get(s)!, t]);
        file.push(t.vers);
      }
    }
  }
  throw new Error(`Scénario : statut ${cible} inatteignable depuis MISE_A_DISPOSITION`);
}

/** Deposits each invoice of the scenario through the same service as the API, then walks it to its status. */
export function loadFactures(ctx: SandboxContext, scenario: Scenario, rng: Rng): void {
  if (scenario.factures.length === 0) return;
  const structures = listStructures(ctx);
  const parEntite = (entite: string) => {
    const s = structures.find((x) => x.entite === entite);
    if (!s) throw new Error(`Scénario : structure '${entite}' inconnue`);
    return s;
  };
  scenario.factures.forEach((brut, i) => {
    const f = factureScenario.parse(brut);
    const fournisseur = parEntite(f.fournisseur);
    const destinataire = parEntite(f.destinataire);
    const compte = listRattachementsStructure(ctx, fournisseur.id).find((r) => r.utilisateur.type === 'TECHNIQUE')?.utilisateur;
    if (!compte) throw new Error(`Scénario : '${f.fournisseur}' n'a pas de compte technique`);
    const services = listServices(ctx, destinataire.id).filter((s) => s.code !== 'FACTURES_PUBLIQUES');
    const service = f.service ? services.find((s) => s.code === f.service || s.libelle === f.service) : services[0];
    const lignePoste = f.lignes.map((l, n) => ({
      lignePosteNumero: n + 1,
      lignePosteDenomination: l.denomination,
      lignePosteQuantite: l.quantite,
      lignePosteMontantUnitaireHT: l.prixUnitaire,
      lignePosteTauxTvaManuel: l.tauxTva,
    }));
    const m = calculerMontants(lignePoste, tauxParCode);
    const date = formatDate(new Date(ctx.now().getTime() - f.ilYaJours * 86_400_000));
    const depot = soumettre(ctx, compte, {
      modeDepot: 'SAISIE_API',
      numeroFactureSaisi: f.numero ?? `FAC-${date.slice(0, 4)}-${String(i + 1).padStart(3, '0')}${rng.string(3)}`,
      dateFacture: date,
      destinataire: { codeDestinataire: destinataire.identifiant, codeServiceExecutant: service?.code },
      fournisseur: { idFournisseur: fournisseur.id },
      cadreDeFacturation: f.valideur
        ? { codeCadreFacturation: f.cadre, codeStructureValideur: parEntite(f.valideur).identifiant }
        : { codeCadreFacturation: 'A1_FACTURE_FOURNISSEUR' },
      references: { deviseFacture: 'EUR', typeFacture: 'FACTURE', typeTva: 'TVA_SUR_DEBIT', modePaiement: 'VIREMENT', numeroBonCommande: f.numeroEngagement ?? `EJ-${1000 + i}` },
      lignePoste,
      montantTotal: { montantHtTotal: m.montantHtTotal, montantTVA: m.montantTVA, montantTtcTotal: m.montantTtcTotal, montantAPayer: m.montantAPayer },
    });
    const cible = f.statut as StatutFacture;
    if (f.valideur) {
      // Validator 1 (then 2) decides; an accepted invoice then walks the simple path below.
      const valideur = { idFacture: depot.identifiantFactureCPP, acteur: 'VALIDEUR' as const, utilisateurId: null, nomUtilisateur: 'Valideur (scénario)' };
      if (cible === 'A_VALIDER_1') return;
      const decision = DECISIONS_VALIDEUR[cible];
      if (decision) {
        appliquerTransition(ctx, { ...valideur, vers: decision.vers, motif: decision.motif });
        return;
      }
      let etat = appliquerTransition(ctx, { ...valideur, vers: 'VALIDEE_1' });
      if (cible === 'A_VALIDER_2') return;
      if (etat.statut === 'A_VALIDER_2') etat = appliquerTransition(ctx, { ...valideur, vers: 'VALIDEE_2' });
    }
    for (const t of chemin(cible)) {
      appliquerTransition(ctx, {
        idFacture: depot.identifiantFactureCPP,
        vers: t.vers,
        acteur: t.acteur,
        utilisateurId: null,
        nomUtilisateur: t.acteur === 'FOURNISSEUR' ? 'Fournisseur (scénario)' : 'Acheteur public (scénario)',
        motif: f.motif,
        numeroDPMandat: `MDT-${depot.identifiantFactureCPP}`,
      });
    }
  });
}
