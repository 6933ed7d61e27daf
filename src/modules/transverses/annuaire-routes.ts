import type { FastifyInstance } from 'fastify';
import { telechargerAnnuaireDestinataire } from './annuaire.js';
import * as format from './formatters.js';
import { operation } from './route.js';
import { sansParametre } from './schemas.js';
import * as schemas from './schemas-annuaire.js';
import * as service from './service.js';

/** Transverses operations over the sandbox's organisation: the caller's structures, the directory, INSEE. */
export function annuaireRoutes(app: FastifyInstance): void {
  operation(
    app,
    '/recuperer/coordbanc/valides',
    {
      operationId: 'recupererCoordonneesBancairesValides',
      summary: "Coordonnées bancaires valides d'une structure de l'utilisateur",
      body: schemas.recupererCoordonneesBancairesParam,
      response: schemas.wsRetourCoordonneesBancaires,
    },
    (body, { cpro }) => format.toCoordonneesBancaires(service.coordonneesBancairesValides(cpro.ctx, cpro.utilisateur, body.idStructure)),
  );

  for (const [espace, libelle] of [
    ['fournisseur', 'peut émettre des factures (structures privées)'],
    ['destinataire', 'reçoit des factures (structures publiques)'],
    ['facturetravaux', 'agit en facturation de travaux (fournisseur, MOE, MOA)'],
  ] as const) {
    const suffixe = espace === 'facturetravaux' ? 'FactureTravaux' : espace === 'fournisseur' ? 'PourFournisseur' : 'PourDestinataire';
    operation(
      app,
      `/recuperer/structures/actives/${espace}`,
      {
        operationId: `recupererStructuresActives${suffixe}`,
        summary: `Structures actives de l'utilisateur où il ${libelle}`,
        body: sansParametre,
        response: schemas.wsRetourStructuresActives,
      },
      (_body, { cpro }) => format.toStructuresActives(service.structuresActives(cpro.ctx, cpro.utilisateur, espace)),
    );
  }

  operation(
    app,
    '/recuperer/structuresPourUtilisateur',
    {
      operationId: 'recupererStructuresPourUtilisateur',
      summary: "Structures auxquelles l'utilisateur est rattaché",
      body: schemas.recupererStructuresPourUtilisateurParam,
      response: schemas.wsRetourStructuresPourUtilisateur,
    },
    (body, { cpro }) => format.toStructuresPourUtilisateur(service.structuresPourUtilisateur(cpro.ctx, cpro.utilisateur, body.espaceFo)),
  );

  operation(
    app,
    '/rechercher/destinataire',
    {
      operationId: 'rechercherDestinataire',
      summary: 'Rechercher un destinataire public (identifiant, nom, ville ou code postal)',
      body: schemas.rechercherDestinataireParam,
      response: schemas.wsRetourRechercherDestinataire,
    },
    (body, { cpro }) => format.toRechercherDestinataire(service.rechercherDestinataires(cpro.ctx, body)),
  );

  operation(
    app,
    '/rechercher/serviceexecutant',
    {
      operationId: 'rechercherServiceExecutant',
      summary: "Rechercher les services exécutants d'un destinataire public",
      body: schemas.rechercherServiceExecutantParam,
      response: schemas.wsRetourRechercherServiceExecutant,
    },
    (body, { cpro }) => format.toRechercherServiceExecutant(service.rechercherServicesExecutants(cpro.ctx, body)),
  );

  operation(
    app,
    '/telecharger/annuaire/destinataire',
    {
      operationId: 'telechargerAnnuaireDestinataire',
      summary: 'Annuaire des destinataires publics et de leurs services (ZIP contenant un CSV, en base64)',
      body: sansParametre,
      response: schemas.wsRetourTelechargerAnnuaire,
    },
    (_body, { cpro }) => format.toTelechargerAnnuaire(telechargerAnnuaireDestinataire(cpro.ctx)),
  );

  operation(
    app,
    '/consulter/information/siret',
    {
      operationId: 'consulterInformationsSIRET',
      summary: "Données INSEE d'un établissement (construites depuis la structure du bac à sable)",
      body: schemas.consulterInformationSiretParam,
      response: schemas.wsRetourInformationSiret,
    },
    (body, { cpro }) => format.toInformationSiret(service.consulterInformationSiret(cpro.ctx, body.siretStructure)),
  );
}
