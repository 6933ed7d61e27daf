import type { z } from 'zod';
import type { DonneesEntreprise } from '../../domain/dume/modele.js';
import type { Dume } from './service.js';
import type { donneesOE, resumeDume } from './schemas.js';

/** What lists and metadata show of a DUME. */
export function resume(d: Dume): z.input<typeof resumeDume> {
  const a = d.type === 'DUME_A' ? d : d.dumeAcheteur;
  return {
    idDume: d.identifiant,
    typeDume: d.type,
    dumeType: d.type === 'DUME_OE' && d.dumeType,
    idConsultation: a?.acheteur.idConsultation ?? null,
    siret: d.type === 'DUME_A' ? d.acheteur.siret : (d.entreprise?.siret ?? null),
    raisonSociale: d.type === 'DUME_A' ? d.acheteur.nom : (d.entreprise?.raisonSociale ?? null),
    referenceMarche: a?.acheteur.referenceMarche ?? null,
    objetMarche: a?.acheteur.objetMarche ?? null,
    idDumeA: d.type === 'DUME_OE' ? (d.dumeAcheteur?.identifiant ?? null) : null,
    dateCreation: d.dateCreation,
  };
}

export function versDonneesOE(e: DonneesEntreprise): z.input<typeof donneesOE> {
  return {
    siret: e.siret,
    raisonSociale: e.raisonSociale,
    adresse: e.adresse?.ligne ?? null,
    codePostal: e.adresse?.codePostal ?? null,
    ville: e.adresse?.ville ?? null,
    codePays: e.adresse?.codePays ?? null,
    email: e.email ?? null,
    tailleEntreprise: e.taille ?? null,
    chiffreAffaires: e.chiffreAffaires ?? null,
    effectifs: e.effectifs ?? null,
  };
}

export const base64 = (b: Buffer | string) => (typeof b === 'string' ? Buffer.from(b, 'utf8') : b).toString('base64');
