import { z } from 'zod';
import type { Scenario } from '../../scenarios/format.js';
import type { SandboxContext } from '../../sandbox/context.js';
import { listStructures } from '../structures/repository.js';
import { saisieDumeA } from './schemas.js';
import { creerDumeA } from './service.js';

/**
 * A buyer's DUME A of a scenario: the buyer is a structure named by its `entite`, whose name,
 * SIRET and address fill the buyer data; the rest is the DUME A's own (consultation, object…).
 */
const dumeScenario = saisieDumeA.extend({
  acheteur: saisieDumeA.shape.acheteur.omit({ nom: true, siret: true, adresse: true }).extend({ entite: z.string() }),
});

export function loadDumes(ctx: SandboxContext, scenario: Scenario): void {
  if (scenario.dumes.length === 0) return;
  const structures = listStructures(ctx);
  for (const brut of scenario.dumes) {
    const d = dumeScenario.parse(brut);
    const { entite, ...acheteur } = d.acheteur;
    const s = structures.find((x) => x.entite === entite);
    if (!s) throw new Error(`Scénario : structure '${entite}' inconnue`);
    creerDumeA(ctx, {
      simplifie: d.simplifie,
      criteresSelection: d.criteresSelection,
      acheteur: {
        ...acheteur,
        nom: s.raisonSociale,
        siret: s.identifiant,
        adresse: s.ville ? { ligne: s.adresse ?? '', codePostal: s.codePostal ?? '', ville: s.ville, codePays: s.codePays } : undefined,
      },
    });
  }
}
