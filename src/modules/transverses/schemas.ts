import { z } from 'zod';
import { referentials, TYPES_DEMANDE_PAIEMENT } from '../../referentials/index.js';
import { chaine, enumSouple, parametresRetourDto } from '../structures/pagination.js';
import { enveloppe } from '../structures/schemas.js';

/**
 * DTOs of the code-list operations of the Transverses API (`recuperer/*`). Request and list field
 * names are those of the real clients (chorus-api §3.3); unknown request fields are ignored.
 */

export const healthCheck = z
  .object({ body: z.string(), statusCodeValue: z.number().int(), statusCode: z.string() })
  .describe('Réponse du health-check (sans codeRetour, comme la vraie passerelle)');

const codeLangue = enumSouple(['FR', 'EN']).describe('FR (défaut) ou EN, toute casse ; les libellés restent en français');

export const codeLangueParam = z.object({ codeLangue }).describe('CodeLangueParam');
export const sansParametre = z.object({}).describe('Corps vide {} (les champs inconnus sont ignorés)');

export const recupererCadreFacturationParam = z
  .object({ typeDemandePaiement: enumSouple(TYPES_DEMANDE_PAIEMENT).describe('Filtre facultatif') })
  .describe('RecupererCadreFacturationParam');

export const recupererEtatParTypeDemandePaiementParam = z
  .object({ typeDemandePaiement: enumSouple(TYPES_DEMANDE_PAIEMENT).describe('Obligatoire') })
  .describe('RecupererEtatParTypeDemandePaiementParam');

export const recupererEtatsPossiblesPourTraitementParam = z
  .object({ statutCourant: chaine(60).describe('Statut courant de la facture (obligatoire), ex. MISE_A_DISPOSITION') })
  .describe('RecupererEtatsPossiblesPourTraitementParam');

const FORMATS_FLUX = referentials.formatsFlux.entries.map((f) => f.formatFlux) as [string, ...string[]];

export const recupererSyntaxeFluxParam = z
  .object({ formatFlux: enumSouple(FORMATS_FLUX).describe('Filtre facultatif') })
  .describe('RecupererSyntaxeFluxParam');

/** `typeObjet` values of the Go client (chorus-api §4.15). */
export const TYPES_OBJET = [
  'STRUCTURE', 'UTILISATEUR', 'CB', 'MANDAT', 'FICHE_RACCORDEMENT', 'EJ', 'MEMOIRE', 'DMD_RBST', 'TRANSVERSE',
  'FACTURE_TRAVAUX', 'FACTURE', 'DMDE_CPTE_DEV_SI_EXT', 'SOLLICITATION', 'CERTIFICAT', 'PJ_REJET_EDI',
] as const;

export const recupererTypesPieceJointeParam = z
  .object({ codeLangue, typeObjet: enumSouple(TYPES_OBJET).describe('Filtre facultatif') })
  .describe('RecupererTypesPieceJointeParam');

export const recupererMotifsRefusParam = z
  .object({ codeCadreFacturationAValider: chaine(80).describe('Cadre de facturation (obligatoire), ex. A9_FACTURE_SOUSTRAITANT') })
  .describe('RecupererMotifsRefusFactureAValiderParam');

/** Top-level `pageCourante`, `pages`, `nbResultatsParPage`, `total` (chorus-api §2.5, PHP-Z). */
export const paginationAPlat = parametresRetourDto.shape;

/** `{codeRetour, libelle, <nom>: [ligne]}`, keeping the literal list name in the inferred type. */
function liste<N extends string, T extends z.ZodRawShape>(nom: N, ligne: T) {
  return enveloppe.extend({ [nom]: z.array(z.object(ligne)) } as { [K in N]: z.ZodArray<z.ZodObject<T>> });
}

function listePaginee<N extends string, T extends z.ZodRawShape>(nom: N, ligne: T) {
  return liste(nom, ligne).extend(paginationAPlat);
}

const s = z.string();

export const wsRetourDevises = liste('listeDevises', { codeDevise: s, libelleDevise: s });
export const wsRetourPays = liste('listePays', { codePays: s, libellePays: s });
export const wsRetourTauxTva = liste('listeTauxTva', { codeTauxTva: s, libelleTauxTva: s, valeurTauxTva: z.number() });
export const wsRetourMotifsExonerationTva = listePaginee(
  'listeMotifsExonerationTva',
  { codeMotifExonerationTva: s, libelleMotifExonerationTva: s },
);
export const wsRetourModeDepot = listePaginee('listeModeDepot', { modeDepot: s });
export const wsRetourModeReglements = liste('listeModePaiement', { modePaiement: s });
export const wsRetourCadreFacturation = liste('listeCadreFacturation', { codeCadreFacturation: s });
export const wsRetourTypeDemandePaiement = liste('listeTypeDemandePaiement', { typeDemandePaiement: s });
export const wsRetourEtatParTypeDemandePaiement = liste('listeEtatDemandePaiement', { etatDemandePaiement: s });
export const wsRetourEtatsPossiblesPourTraitement = liste('listeStatutsPossiblesPourTraitement', { statutPossiblePourTraitement: s });
export const wsRetourTypeIdentifiant = liste('listeTypeIdentifiant', { typeIdentifiantStructure: s });
export const wsRetourTypesPieceJointe = liste('listeTypePieceJointe', {
  idTypePieceJointe: z.number().int(),
  codeTypePieceJointe: s,
  libelleTypePieceJointe: s,
  typeObjet: s,
});
export const wsRetourTypeFactureTravaux = liste('listeTypeFactureTravaux', { typeFactureTravaux: s });
export const wsRetourFormatFlux = listePaginee('listeFormatFlux', { formatFlux: s });
// The real list field name of recupererSyntaxeFlux is unknown (chorus-api §3.3): named like its siblings.
export const wsRetourSyntaxeFlux = liste('listeSyntaxeFlux', { syntaxeFlux: s });
export const wsRetourMotifsRefus = liste('listeMotifRefusFactureAValider', {
  idMotif: z.number().int(),
  codeMotif: s,
  libelleMotif: s,
});
