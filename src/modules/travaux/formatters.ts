import { PIECES_TRAVAUX } from '../../domain/circuits/index.js';
import type { SandboxContext } from '../../sandbox/context.js';
import { formatDate, formatDateHeureIso } from '../../sandbox/dates.js';
import type { FactureDeposee, FactureRow } from '../factures/repository.js';
import { findService, findStructure } from '../structures/repository.js';
import type { DossierRow } from './repository.js';

export const typeFactureTravauxDe = (f: Pick<FactureRow, 'codeCadreFacturation'>) =>
  (f.codeCadreFacturation === null ? undefined : PIECES_TRAVAUX[f.codeCadreFacturation])?.typeFactureTravaux ?? 'PROJET_DECOMPTE_MENSUEL';

export const numeroDossier = (d: Pick<DossierRow, 'id'>) => `DF${String(d.id).padStart(8, '0')}`;

function structure(ctx: SandboxContext, id: number | null) {
  const s = id === null ? undefined : findStructure(ctx, id);
  return { id: s?.id ?? null, identifiant: s?.identifiant ?? null, typeIdentifiant: s?.typeIdentifiant ?? null, designation: s?.raisonSociale ?? null };
}
const codeService = (ctx: SandboxContext, id: number | null) => (id === null ? null : (findService(ctx, id)?.code ?? null));

/** A row of listeFacturesTravaux (complements §1.3). */
export function ligneRecherche(ctx: SandboxContext, f: FactureDeposee, d: DossierRow) {
  const fo = structure(ctx, d.fournisseurId);
  const moe = structure(ctx, d.moeId);
  const moa = structure(ctx, d.moaId);
  const de = structure(ctx, d.destinataireId);
  return {
    idFactureTravaux: f.id,
    numeroFactureTravaux: f.numeroFacture,
    typeDemandePaiement: 'FACTURE_TRAVAUX',
    typeFactureTravaux: typeFactureTravauxDe(f),
    cadreFacturation: f.codeCadreFacturation,
    statutFactureTravaux: f.statut,
    dateFactureTravaux: formatDate(f.dateFacture),
    dateDepot: formatDate(f.dateDepot),
    dateHeureEtatCourant: formatDateHeureIso(f.dateHeureEtatCourant),
    idFournisseur: d.fournisseurId,
    identifiantFournisseur: fo.identifiant ?? '',
    typeIdentifiantFournisseur: fo.typeIdentifiant ?? 'SIRET',
    designationFournisseur: fo.designation ?? '',
    codeServiceFournisseur: codeService(ctx, d.serviceFournisseurId),
    idStructureMoe: moe.id,
    identifiantMoe: moe.identifiant,
    designationMoe: moe.designation,
    codeServiceMoe: codeService(ctx, d.serviceMoeId),
    idStructureMoa: d.moaId,
    identifiantMoa: moa.identifiant ?? '',
    designationMoa: moa.designation ?? '',
    codeServiceMoa: codeService(ctx, d.serviceMoaId),
    idDestinataire: d.destinataireId,
    identifiantDestinataire: de.identifiant ?? '',
    designationDestinataire: de.designation ?? '',
    idServiceExecutant: d.serviceExecutantId,
    codeServiceExecutant: codeService(ctx, d.serviceExecutantId),
    idDossierFacturation: d.id,
    numeroDossierFacturation: numeroDossier(d),
    idPiecePrecedente: f.piecePrecedenteId,
    devise: f.devise,
    montantHT: f.montantHt,
    montantTTC: f.montantTtc,
    montantAPayer: f.montantAPayer,
    factureTelechargeeParDestinataire: f.factureTelechargeeParDestinataire,
  };
}

/** factureTravaux of consulter (complements §1.2: the 2017 class's sub-objects). */
export function factureTravaux(ctx: SandboxContext, f: FactureDeposee, d: DossierRow, precedente: FactureDeposee | undefined) {
  const fo = structure(ctx, d.fournisseurId);
  const moe = structure(ctx, d.moeId);
  const moa = structure(ctx, d.moaId);
  const de = structure(ctx, d.destinataireId);
  return {
    idFactureTravaux: f.id,
    numeroFactureTravaux: f.numeroFacture,
    typeFactureTravaux: typeFactureTravauxDe(f),
    statutFactureTravaux: f.statut,
    dateFactureTravaux: formatDate(f.dateFacture),
    dateDepot: formatDate(f.dateDepot),
    dateHeureEtatCourant: formatDateHeureIso(f.dateHeureEtatCourant),
    commentaireEtatCourant: f.commentaireEtatCourant,
    modeDepot: f.modeDepot,
    cadreDeFacturation: {
      codeCadreFacturation: f.codeCadreFacturation,
      idMoe: moe.id,
      identifiantMoe: moe.identifiant,
      raisonSocialeMoe: moe.designation,
      idServiceMoe: d.serviceMoeId,
      codeServiceMoe: codeService(ctx, d.serviceMoeId),
      idMoa: d.moaId,
      identifiantMoa: moa.identifiant ?? '',
      raisonSocialeMoa: moa.designation ?? '',
      idServiceMoa: d.serviceMoaId,
      codeServiceMoa: codeService(ctx, d.serviceMoaId),
    },
    fournisseur: {
      idFournisseur: d.fournisseurId,
      identifiantFournisseur: fo.identifiant ?? '',
      typeIdentifiantFournisseur: fo.typeIdentifiant ?? 'SIRET',
      raisonSocialeFournisseur: fo.designation ?? '',
      idServiceFournisseur: d.serviceFournisseurId,
    },
    destinataire: {
      idDestinataire: d.destinataireId,
      codeDestinataire: de.identifiant ?? '',
      raisonSocialeDestinataire: de.designation ?? '',
      idServiceExecutant: d.serviceExecutantId,
      codeServiceExecutant: codeService(ctx, d.serviceExecutantId),
    },
    references: {
      numeroMarche: f.numeroMarche,
      numeroBonCommande: f.numeroBonCommande,
      deviseFacture: f.devise,
      numeroDossierFacturation: numeroDossier(d),
      idDossierFacturation: d.id,
    },
    montantsTotaux: { montantHtTotal: f.montantHt, montantTVA: f.montantTva, montantTtcTotal: f.montantTtc, montantAPayer: f.montantAPayer },
    pieceJointePrincipale: f.pieceJointePrincipaleId === null ? [] : [{ pieceJointePrincipaleId: f.pieceJointePrincipaleId }],
    piecePrecedente: precedente
      ? { idFactureTravaux: precedente.id, numeroFactureTravaux: precedente.numeroFacture, typeFactureTravaux: typeFactureTravauxDe(precedente), statutFactureTravaux: precedente.statut }
      : null,
  };
}
