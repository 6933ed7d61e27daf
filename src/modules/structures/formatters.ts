import type { z } from 'zod';
import type { TypeIdentifiantStructure } from '../../domain/identifiants.js';
import { formatDateHeureIso, formatDateHeureMinute } from '../../sandbox/dates.js';
import type { EspaceStructure, FicheStructure, RattachementsStructureUtilisateur } from './consultation.js';
import { enveloppeRecherche, type Page } from './pagination.js';
import type { ServiceRow, StructureRow } from './repository.js';
import type * as schemas from './schemas.js';

/** Rows → wire DTOs of the Structures API, with the exact Swagger field names. */

const lu = { codeRetour: 0, libelle: 'TRA_MSG_00.000' } as const;

export function toStructureAAfficher(s: StructureRow): z.infer<typeof schemas.structureAAfficher> {
  return {
    idStructureCPP: s.id,
    identifiantStructure: s.identifiant,
    designationStructure: s.raisonSociale,
    typeIdentifiantStructure: s.typeIdentifiant as TypeIdentifiantStructure,
    statut: s.statut === 'ACTIF' ? 'ACTIVE' : 'INACTIVE',
  };
}

export function toRechercherStructure(page: Page<StructureRow>): z.infer<typeof schemas.wsRetourRechercherStructure> {
  return {
    ...enveloppeRecherche(page.parametresRetour.total),
    listeStructures: page.liste.map(toStructureAAfficher),
    parametresRetour: page.parametresRetour,
  };
}

/** The sandbox keeps one phone number, French unless the country says otherwise; no fax. */
function adresse(row: {
  adresse: string | null;
  codePostal: string | null;
  ville: string | null;
  codePays: string | null;
  complementAdresse1?: string | null;
  complementAdresse2?: string | null;
  telephone?: string | null;
}): z.infer<typeof schemas.adressePostale> {
  return {
    adresse: row.adresse,
    codePostal: row.codePostal,
    complementAdresse1: row.complementAdresse1 ?? null,
    complementAdresse2: row.complementAdresse2 ?? null,
    fax: null,
    indicatifFax: null,
    indicatifTelephone: row.telephone && (row.codePays ?? 'FR') === 'FR' ? '+33' : null,
    pays: row.codePays,
    telephone: row.telephone ?? null,
    ville: row.ville,
  };
}

export function toConsulterStructure({ structure: s, dateExpirationMotPasseCompteTech }: FicheStructure): z.infer<
  typeof schemas.wsRetourConsulterStructure
> {
  return {
    ...lu,
    adressePostaleDuSiege: adresse(s),
    // `informationGenerales` without "s": the official spelling of this model.
    informationGenerales: {
      dateExpirationMotPasseCompteTech: dateExpirationMotPasseCompteTech ? formatDateHeureIso(dateExpirationMotPasseCompteTech) : null,
      emailStructure: s.email,
      estValideurDeleguee: s.estValideurDelegue,
      idStructureCPP: s.id,
      idStructureOrigine: null,
      identifiantStructure: s.identifiant,
      libelleStructure: s.libelle ?? s.raisonSociale,
      listeStructureDupliquees: [],
      nomStructure: s.nom,
      numeroRcsStructure: s.numeroRcs,
      numeroTVA: s.numeroTva,
      prenomStructure: s.prenom,
      raisonSocialeStructure: s.raisonSociale,
      structurePriveePublique: s.typeStructure,
      typeIdentifiantStructure: s.typeIdentifiant as TypeIdentifiantStructure,
    },
    parametres: {
      codeServiceDoitEtreRenseigne: s.codeServiceDoitEtreRenseigne,
      connexionEDI: s.connexionEdi,
      estMoaUniquement: s.estMoaUniquement,
      estValideurDelegue: s.estValideurDelegue,
      gestionNumeroEJOuCodeService: s.gestionNumeroEjOuCodeService,
      // `getaMoa` (sic) is the Swagger's name for "structure avec MOA".
      getaMoa: s.estMoa,
      nonDiffusibleInsee: s.nonDiffusibleInsee,
      numeroEJDoitEtreRenseigne: s.numeroEjDoitEtreRenseigne,
      recevoirDonneesViaEDI: s.recevoirDonneesViaEdi,
      statutMiseEnPaiementNestPasRemonte: s.statutMiseEnPaiementNestPasRemonte,
    },
  };
}

export function toServiceExpose(s: ServiceRow): z.infer<typeof schemas.serviceExpose> {
  return {
    idService: s.id,
    codeService: s.code,
    libelleService: s.libelle,
    estActif: s.estActif,
    statutService: s.estActif ? 'ACTIF' : 'INACTIF',
    dateDbtService: formatDateHeureMinute(s.dateDebut),
    dateFinService: s.dateFin ? formatDateHeureMinute(s.dateFin) : null,
  };
}

export function toRechercherServices(page: Page<ServiceRow>): z.infer<typeof schemas.wsRetourRechercherServices> {
  return {
    ...enveloppeRecherche(page.parametresRetour.total),
    listeServices: page.liste.map(toServiceExpose),
    parametresRetour: page.parametresRetour,
  };
}

/** A service without an address of its own is reached at its structure's. */
export function toConsulterService({ structure, service }: { structure: StructureRow; service: ServiceRow }): z.infer<
  typeof schemas.wsRetourConsulterService
> {
  return {
    ...lu,
    pageCourante: null,
    pages: null,
    nbResultatsParPage: null,
    total: null,
    adressePostale: service.adresse ? adresse({ ...service, telephone: null }) : adresse(structure),
    informationsGenerales: { codeService: service.code, descriptionService: service.description, nomService: service.libelle },
    parametres: {
      dateCreation: formatDateHeureMinute(service.createdAt),
      dateDebutValidite: formatDateHeureMinute(service.dateDebut),
      dateFinValidite: service.dateFin ? formatDateHeureMinute(service.dateFin) : null,
      dateModification: formatDateHeureMinute(service.updatedAt),
      miseEnPaiement: service.miseEnPaiement,
      numeroEngagement: service.numeroEngagementObligatoire,
    },
  };
}

export function toListerRattachements({ structure, services, page }: RattachementsStructureUtilisateur): z.infer<
  typeof schemas.wsRetourListerRattachements
> {
  return {
    ...enveloppeRecherche(page.parametresRetour.total),
    designationStructure: structure.raisonSociale,
    idStructure: structure.id,
    identifiantStructure: structure.identifiant,
    // Uncertain in the reference: read as "no service granted yet", i.e. the next one is the first.
    premierService: !services.some((x) => x.rattachement.statut === 'VALIDEE'),
    listeServices: page.liste.map(({ rattachement: r, service }) => ({
      codeService: service.code,
      commentaire: r.commentaire,
      dateDebut: formatDateHeureMinute(r.dateDebut),
      dateFin: r.dateFin ? formatDateHeureMinute(r.dateFin) : null,
      idRattachement: r.id,
      idService: service.id,
      nomService: service.libelle,
      statutRattachement: r.statut,
    })),
    parametresRetour: page.parametresRetour,
  };
}

export function toRechercherEspaces(page: Page<EspaceStructure>): z.infer<typeof schemas.wsRetourRechercherEspaces> {
  return {
    ...enveloppeRecherche(page.parametresRetour.total),
    listeEspace: page.liste.map((e) => ({
      codeEspace: e.codeEspace,
      codeService: e.service?.code ?? null,
      etatCourant: e.etatCourant,
      idEspaceFo: e.idEspaceFo,
      idService: e.service?.id ?? null,
      libelleEspace: e.libelleEspace,
      libelleService: e.service?.libelle ?? null,
      typeHabilitation: e.typeHabilitation,
    })),
    parametresRetour: page.parametresRetour,
  };
}
