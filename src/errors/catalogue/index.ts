import { erreursCommunes } from './commun.js';
import { erreursControlPlane } from './control-plane.js';
import { erreursDume } from './dume.js';
import { erreursFactures } from './factures.js';
import { erreursFlux } from './flux.js';
import { erreursPortail } from './portail.js';
import { erreursSollicitations } from './sollicitations.js';
import { erreursStructures } from './structures.js';
import { erreursToolkit } from './toolkit.js';
import { erreursTransverses } from './transverses.js';
import { erreursTravaux } from './travaux.js';

/**
 * The one error catalogue: every business error is declared once (code, libellé, HTTP status)
 * in the file of its context and gathered here, for the API, the portal and the tests alike.
 * Codes are per operation family on the real platform, so the same number may recur across files.
 */
export const erreurs = Object.freeze({
  ...erreursCommunes,
  ...erreursControlPlane,
  ...erreursStructures,
  ...erreursTransverses,
  ...erreursFactures,
  ...erreursFlux,
  ...erreursToolkit,
  ...erreursTravaux,
  ...erreursDume,
  ...erreursSollicitations,
  ...erreursPortail,
});

export type CodeErreur = keyof typeof erreurs;
