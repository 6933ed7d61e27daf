import { operation, routeTable } from '../shared/route-table.js';
import * as consultation from './consultation.js';
import * as format from './formatters.js';
import * as schemas from './schemas.js';

/** The Structures API (6 operations of structures.swagger.json), one row per operation, mounted under `/cpro/structures/v1`. */
export const operations = [
  operation({
    path: '/rechercher',
    operationId: 'rechercherStructure',
    summary: 'Rechercher des structures (publiques, et privées de l’utilisateur sauf restreindreStructuresPrivees=false)',
    body: schemas.rechercherStructureParam,
    response: schemas.wsRetourRechercherStructure,
    handler: (b, { ctx, utilisateur }) => format.toRechercherStructure(consultation.rechercherStructures(ctx, utilisateur, b)),
  }),
  operation({
    path: '/consulter',
    operationId: 'consulterStructureAvecTVAIntraCom',
    summary: 'Consulter une structure publique ou une structure de l’utilisateur (paramètres obligatoires de facturation)',
    body: schemas.consulterStructureParam,
    response: schemas.wsRetourConsulterStructure,
    handler: (b, { ctx, utilisateur }) => format.toConsulterStructure(consultation.consulterStructure(ctx, utilisateur, b)),
  }),
  operation({
    path: '/rechercher/services',
    operationId: 'rechercherServicesStructure',
    summary: 'Rechercher les services d’une structure',
    body: schemas.rechercherServicesParam,
    response: schemas.wsRetourRechercherServices,
    handler: (b, { ctx, utilisateur }) => format.toRechercherServices(consultation.rechercherServices(ctx, utilisateur, b)),
  }),
  operation({
    path: '/consulter/service',
    operationId: 'consulterServiceStructure',
    summary: 'Consulter un service (paramètres : numéro d’engagement obligatoire, mise en paiement)',
    body: schemas.consulterServiceParam,
    response: schemas.wsRetourConsulterService,
    handler: (b, { ctx, utilisateur }) => format.toConsulterService(consultation.consulterService(ctx, utilisateur, b)),
  }),
  operation({
    path: '/lister/rattachementsutilisateur',
    operationId: 'listerRattachementsStructureUtilisateur',
    summary: 'Lister les rattachements aux services d’un utilisateur (l’appelant par défaut) sur une structure',
    body: schemas.listerRattachementsParam,
    response: schemas.wsRetourListerRattachements,
    handler: (b, { ctx, utilisateur }) => format.toListerRattachements(consultation.listerRattachementsStructureUtilisateur(ctx, utilisateur, b)),
  }),
  operation({
    path: '/rechercher/espaces',
    operationId: 'rechercherEspaces',
    summary: 'Rechercher les espaces ouverts sur une structure ou un service',
    body: schemas.rechercherEspacesParam,
    response: schemas.wsRetourRechercherEspaces,
    handler: (b, { ctx, utilisateur }) => format.toRechercherEspaces(consultation.rechercherEspaces(ctx, utilisateur, b)),
  }),
];

export default routeTable('Structures', operations);
