import { z } from 'zod';
import { nextId } from '../../db/sequences.js';
import type { Scenario } from '../../scenarios/format.js';
import type { SandboxContext } from '../../sandbox/context.js';
import { formatDateTime } from '../../sandbox/dates.js';
import { listServices, listStructures } from '../structures/repository.js';
import * as repo from './repository.js';
import { deposerPiece } from './service.js';

/**
 * A works dossier of a scenario, brought to one step of the circuit (chorus-domain §9.3–§9.4):
 * MOE — a projet de décompte mensuel waiting for the MOE; MOA — the MOE's état d'acompte at the MOA;
 * SIGNATURE — a décompte général waiting for the titulaire's signature (A7 → A17 → A20).
 */
const dossierScenario = z.object({
  titulaire: z.string(),
  moe: z.string().optional(),
  moa: z.string(),
  destinataire: z.string().optional(),
  numero: z.string().max(16),
  numeroMarche: z.string().optional(),
  montantHt: z.number().positive().default(10000),
  etape: z.enum(['MOE', 'MOA', 'SIGNATURE']),
  ilYaJours: z.number().int().nonnegative().default(3),
});

const ETAPES = {
  MOE: ['A4_PROJET_DECOMPTE_MENSUEL_FOURNISSEUR'],
  MOA: ['A4_PROJET_DECOMPTE_MENSUEL_FOURNISSEUR', 'A15_ETAT_ACOMPTE_MOE'],
  SIGNATURE: ['A7_PROJET_DECOMPTE_FINAL_FOURNISSEUR', 'A17_PROJET_DECOMPTE_GENERAL_MOE', 'A20_DECOMPTE_GENERAL_MOA'],
} as const;
const DEPOSANT = { A4_PROJET_DECOMPTE_MENSUEL_FOURNISSEUR: 'FOURNISSEUR', A7_PROJET_DECOMPTE_FINAL_FOURNISSEUR: 'FOURNISSEUR', A15_ETAT_ACOMPTE_MOE: 'MOE', A17_PROJET_DECOMPTE_GENERAL_MOE: 'MOE', A20_DECOMPTE_GENERAL_MOA: 'MOA' } as const;
const SUFFIXE = { A4_PROJET_DECOMPTE_MENSUEL_FOURNISSEUR: '', A7_PROJET_DECOMPTE_FINAL_FOURNISSEUR: '', A15_ETAT_ACOMPTE_MOE: '-EA', A17_PROJET_DECOMPTE_GENERAL_MOE: '-PDG', A20_DECOMPTE_GENERAL_MOA: '-DG' } as const;

/** Deposits each works dossier of the scenario through the same deposit as the API (without attachment). */
export function loadDossiersTravaux(ctx: SandboxContext, scenario: Scenario): void {
  if (!scenario.dossiersTravaux?.length) return;
  const structures = listStructures(ctx);
  const parEntite = (entite: string) => {
    const s = structures.find((x) => x.entite === entite);
    if (!s) throw new Error(`Scénario : structure '${entite}' inconnue`);
    return s;
  };
  for (const brut of scenario.dossiersTravaux) {
    const d = dossierScenario.parse(brut);
    const titulaire = parEntite(d.titulaire);
    const moe = d.moe ? parEntite(d.moe) : null;
    const moa = parEntite(d.moa);
    const payeur = d.destinataire ? parEntite(d.destinataire) : moa;
    const service = listServices(ctx, payeur.id).find((s) => s.code !== 'FACTURES_PUBLIQUES');
    const cadres = ETAPES[d.etape];
    const dossier = repo.insertDossier(ctx, {
      id: nextId(ctx.db, ctx.sandboxId, 'dossierFacturation'),
      numeroDossierFacturation: '',
      nature: d.etape === 'SIGNATURE' ? 'FINAL' : 'MENSUEL',
      fournisseurId: titulaire.id,
      moeId: moe?.id ?? null,
      moaId: moa.id,
      destinataireId: payeur.id,
      serviceExecutantId: service?.id ?? null,
      numeroMarche: d.numeroMarche ?? null,
      dateDebutDelai: null,
      dateCreation: formatDateTime(ctx.now()),
    });
    let precedente: ReturnType<typeof deposerPiece> | undefined;
    for (const cadre of cadres) {
      const role = DEPOSANT[cadre];
      const structure = role === 'FOURNISSEUR' ? titulaire.id : role === 'MOE' ? moe!.id : moa.id;
      const piece = deposerPiece(
        ctx,
        repo.findDossier(ctx, dossier.id)!,
        {
          cadre,
          numero: `${d.numero}${SUFFIXE[cadre]}`,
          dateFacture: new Date(ctx.now().getTime() - d.ilYaJours * 86_400_000).toISOString().slice(0, 10),
          modeDepot: 'DEPOT_PDF_API',
          montants: { ht: d.montantHt, tva: d.montantHt * 0.2, ttc: d.montantHt * 1.2, aPayer: d.montantHt * 1.2 },
          pieceJointePrincipaleId: null,
          commentaire: null,
          numeroMarche: d.numeroMarche ?? null,
          numeroBonCommande: null,
          devise: 'EUR',
        },
        structure,
        precedente,
        precedente ? role : null,
        { id: null, nom: `${role === 'FOURNISSEUR' ? 'Titulaire' : role} (scénario)` },
      );
      precedente = piece;
    }
  }
}
