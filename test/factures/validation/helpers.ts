import type { FastifyInstance } from 'fastify';
import { cproPost, type TestSandbox } from '../../helpers/app.js';
import { factureSaisie, structure } from '../../helpers/factures.js';

export const F = '/cpro/factures/v1';

/** An A9/A12 body deposited by `fournisseur` (a matelas entite) with `valideur` as validator; 1 200 € TTC. */
export function factureAValider(
  app: FastifyInstance,
  sandbox: TestSandbox,
  fournisseur: string,
  valideur: string | null,
  cadre = 'A9_FACTURE_SOUSTRAITANT',
  extra: Record<string, unknown> = {},
) {
  const fo = structure(app, sandbox.id, fournisseur);
  const base = factureSaisie(app, sandbox.id);
  return {
    ...base,
    fournisseur: { idFournisseur: fo.id },
    cadreDeFacturation: { codeCadreFacturation: cadre, ...(valideur ? { codeStructureValideur: structure(app, sandbox.id, valideur).identifiant } : {}) },
    lignePoste: [{ lignePosteNumero: 1, lignePosteDenomination: 'Lot électricité', lignePosteQuantite: 10, lignePosteMontantUnitaireHT: 100, lignePosteTauxTvaManuel: 20 }],
    montantTotal: { montantHtTotal: 1000, montantTVA: 200, montantTtcTotal: 1200, montantAPayer: 1200 },
    ...extra,
  };
}

export async function deposerAValider(app: FastifyInstance, sandbox: TestSandbox, h: Record<string, string>, fournisseur: string, valideur: string, cadre?: string, extra?: Record<string, unknown>) {
  const res = await cproPost(app, h, `${F}/soumettre`, factureAValider(app, sandbox, fournisseur, valideur, cadre, extra));
  if (res.statusCode !== 200) throw new Error(`deposit failed: ${res.body}`);
  return res.json().identifiantFactureCPP as number;
}

export async function historiqueStatuts(app: FastifyInstance, h: Record<string, string>, id: number): Promise<string[]> {
  const res = await cproPost(app, h, `${F}/consulter/historique`, { idFacture: id, paramRechercheHistoStatuts: { triSensListeHistoStatut: 'Ascendant', nbResultatsParPageListeHistoStatut: 100 } });
  return res.json().historiquesDesStatuts.histoStatut.map((s: { histoStatutCode: string }) => s.histoStatutCode);
}

export function traiterAValider(app: FastifyInstance, h: Record<string, string>, idFacture: number, action: string, extra: Record<string, unknown> = {}) {
  return cproPost(app, h, `${F}/traiter/factureAValider`, { idFacture, action, ...extra });
}
