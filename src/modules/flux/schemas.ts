import { z } from 'zod';
import { booleen, chaine, chaineRequise, dateSouple, entier, enumSouple } from '../factures/schemas/champs.js';
import { enveloppe } from '../structures/schemas.js';
import { ETATS_FLUX } from './cr.js';
import { CODES_SYNTAXE_FLUX } from './syntaxes.js';

export const syntaxeFlux = enumSouple(CODES_SYNTAXE_FLUX).pipe(z.enum(CODES_SYNTAXE_FLUX));

/** DeposerFluxFactureParam (chorus-api §3.1.2). */
export const deposerFluxFactureParam = z.object({
  idUtilisateurCourant: entier(),
  fichierFlux: chaineRequise(Number.MAX_SAFE_INTEGER),
  nomFichier: chaineRequise(200),
  syntaxeFlux,
  avecSignature: booleen(),
});
export type DeposerFluxInput = z.infer<typeof deposerFluxFactureParam>;

export const wsRetourDeposerFluxFacture = enveloppe.extend({
  numeroFluxDepot: z.string(),
  dateDepot: z.string(),
  syntaxeFlux: z.string(),
});

/** ConsulterCRParam / ConsulterCRDetailleParam (chorus-api §3.3). */
export const consulterCRParam = z.object({
  numeroFluxDepot: chaineRequise(25),
  dateDepot: dateSouple(),
  syntaxeFlux: chaine(),
});
export const consulterCRDetailleParam = z.object({
  numeroFluxDepot: chaineRequise(25),
  syntaxeFlux: chaine(),
});

const erreurTechnique = z.object({ codeErreur: z.string(), libelleErreur: z.string(), natureErreur: z.string() });
const erreurDP = z.object({ numeroDP: z.string(), identifiantFournisseur: z.string(), identifiantDestinataire: z.string(), libelleErreurDP: z.string() });
const etat = z.enum(ETATS_FLUX);

export const wsRetourConsulterCR = enveloppe.extend({
  codeAppliPartenaire: z.string(),
  codeInterfaceFlux: z.string(),
  dateDepotFlux: z.string(),
  dateHeureEtatCourantFlux: z.string(),
  designationPartenaire: z.string(),
  etatCourantFlux: etat,
  fichierCR: z.string(),
  nomFichierFlux: z.string(),
  numeroFluxDepot: z.string(),
});

export const wsRetourConsulterCRDetaille = enveloppe.extend({
  codeInterfaceDepotFlux: z.string(),
  dateDepotFlux: z.string(),
  dateHeureEtatCourantFlux: z.string(),
  etatCourantDepotFlux: etat,
  nomFichier: z.string(),
  listeErreurDP: z.array(erreurDP),
  listeErreurTechnique: z.array(erreurTechnique),
});

/** `POST /_sandbox/sandboxes/:id/flux/tester`: the deposit body, answered at once with the CR. */
export const testerFluxParam = deposerFluxFactureParam.omit({ idUtilisateurCourant: true });
export const retourTesterFlux = z.object({
  syntaxeFlux: z.string(),
  etatPrevu: etat,
  nombreFichiers: z.number().int(),
  facturesValides: z.array(z.string()),
  listeErreurDP: z.array(erreurDP),
  listeErreurTechnique: z.array(erreurTechnique),
});
