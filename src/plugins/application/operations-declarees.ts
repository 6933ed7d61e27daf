/**
 * The operations the real PISTE gateway declares under `/cpro` (chorus-api §3): the 22 of the
 * official Factures Swagger, the 6 of the Structures one, the 37 Transverses paths confirmed by a
 * client, the Utilisateurs, Engagements and Factures de travaux paths, and the Référentiel des
 * organisations. A path here that the sandbox does not serve answers 501 naming the operation; any
 * other path answers 403 with an empty body, as the gateway does for undeclared routes.
 *
 * Factures de travaux paths other than `rechercher` are presumed from the 2017 names (chorus-api
 * §3.6, §9.14): listed so that a client calling them learns the sandbox lacks them, not that the
 * gateway refuses it.
 */
const FACTURES = [
  'rechercher/aTraiter/valideur', 'traiter/factureAValider', 'telecharger/groupe', 'deposer/pdf', 'rechercher/demandePaiement',
  'rechercher/recipiendaire', 'completer', 'consulter/recipiendaire', 'rechercher/valideur', 'traiter/recue', 'consulter/valideur',
  'consulter/fournisseur', 'recycler', 'rechercher/fournisseur', 'soumettre', 'rechercher/atraiter/recipiendaire',
  'rechercher/atraiter/fournisseur', 'traiterRejet', 'consulter/historique', 'deposer/flux', 'corriger/valideur/facture',
  'recuperer/statutsFactureVisibles/valideur',
];
const STRUCTURES = ['rechercher', 'consulter/service', 'lister/rattachementsutilisateur', 'rechercher/services', 'rechercher/espaces', 'consulter'];
const TRANSVERSES = [
  'health-check', 'consulterCR', 'consulterCRDetaille', 'recuperer/formatflux', 'recuperer/syntaxeflux', 'recuperer/devises',
  'recuperer/pays', 'recuperer/tauxtva', 'recuperer/motifs/exonerationtva', 'recuperer/modedepot', 'recuperer/modereglements',
  'recuperer/cadrefacturation', 'recuperer/typedp', 'recuperer/etat/typedp', 'recuperer/etats/traitement',
  'recuperer/typefacturetravaux', 'recuperer/typeidentifiant/structure', 'recuperer/typespj',
  'recuperer/motifs/refus/Facture/AValider', 'recuperer/coordbanc/valides', 'recuperer/structures/actives/fournisseur',
  'recuperer/structures/actives/destinataire', 'recuperer/structures/actives/facturetravaux', 'recuperer/structuresPourUtilisateur',
  'consulter/information/siret', 'rechercher/destinataire', 'rechercher/serviceexecutant', 'telecharger/annuaire/destinataire',
  'ajouter/fichier', 'rechercher/pj/moncompte', 'rechercher/pj/structure', 'telecharger/pieceJointe', 'detacherPieceJointe',
  'rechercher/categorieSollicitation', 'rechercher/sousCategorieSollicitation',
];
// Served today (src/modules/travaux): rechercher, rechercher/atraiter, consulter, consulter/dossierfacturation,
// refuser, soumettre, completer, completermoe, suspendre/demander/completer/factureTravaux, demander/recyclage,
// recycler (and the sandbox's prendreEnCompte); served routes match first. None is declared-but-missing now.
const TRAVAUX = ['completer', 'completermoe', 'demander/recyclage', 'recycler'];

export const OPERATIONS_DECLAREES: ReadonlySet<string> = new Set([
  ...FACTURES.map((p) => `/cpro/factures/v1/${p}`),
  ...STRUCTURES.map((p) => `/cpro/structures/v1/${p}`),
  ...TRANSVERSES.map((p) => `/cpro/transverses/v1/${p}`),
  ...TRAVAUX.map((p) => `/cpro/facturesTravaux/v1/${p}`),
  '/cpro/utilisateurs/v1/monCompte/recuperer/rattachements',
  '/cpro/engagementsJuridiques/v1/rechercher',
]);

/** The Référentiel des organisations is REST-style, with identifiers in the path: all of it is declared. */
const ORGANISATIONS = /^\/cpro\/organisations\/v1\/.+/;

/** Whether the real gateway declares `chemin` (without query string, trailing slash ignored). */
export function estDeclaree(chemin: string): boolean {
  const p = chemin.length > 1 ? chemin.replace(/\/+$/, '') : chemin;
  return OPERATIONS_DECLAREES.has(p) || ORGANISATIONS.test(p);
}
