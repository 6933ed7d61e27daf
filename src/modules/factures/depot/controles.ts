import { ChorusError } from '../../../errors/chorus-error.js';
import { erreurs } from '../../../errors/catalogue/index.js';
import { referentials } from '../../../referentials/index.js';
import type { SandboxContext } from '../../../sandbox/context.js';
import { formatDate } from '../../../sandbox/dates.js';
import { findServiceByCode, findStructureByIdentifiant, type ServiceRow, type StructureRow } from '../../structures/repository.js';
import { SERVICE_FACTURES_PUBLIQUES } from '../../structures/service.js';
import type { PieceJointeComplementaireInput } from '../schemas/operations.js';
import { pieceJointeUtilisable } from './fichiers.js';

const refus = (entry: { codeRetour: number; libelle: string; httpStatus: number }, detail: string) =>
  new ChorusError(entry, `${entry.libelle} : ${detail}`);

export interface Acheminement {
  codeDestinataire?: string;
  codeServiceExecutant?: string;
  numeroBonCommande?: string;
}

/**
 * Routing controls shared by `soumettre` and `recycler`: the recipient and its parameters
 * (chorus-api §3.1.1, structures `parametres`), checked against the supplier.
 */
export function controlerAcheminement(
  ctx: SandboxContext,
  fournisseur: StructureRow,
  a: Acheminement,
  champs = { destinataire: 'destinataire.codeDestinataire', service: 'destinataire.codeServiceExecutant', ej: 'references.numeroBonCommande' },
): { destinataire: StructureRow; service: ServiceRow | undefined } {
  const code = a.codeDestinataire?.trim() ?? '';
  const destinataire = code ? findStructureByIdentifiant(ctx, code, 'SIRET') : undefined;
  if (!destinataire) throw refus(erreurs.DESTINATAIRE_INTROUVABLE, `aucune structure de SIRET '${code}' (${champs.destinataire})`);
  if (destinataire.typeStructure !== 'PUBLIQUE') throw refus(erreurs.DESTINATAIRE_NON_PUBLIC, `${code} (${champs.destinataire})`);
  if (destinataire.statut !== 'ACTIF') throw refus(erreurs.DESTINATAIRE_INACTIF, `${code} (${champs.destinataire})`);

  const codeService = a.codeServiceExecutant?.trim() || undefined;
  const ej = a.numeroBonCommande?.trim() || undefined;
  let service: ServiceRow | undefined;
  if (codeService) {
    // FACTURES_PUBLIQUES is the service through which public entities invoice each other
    // (chorus-api §3.1.1, OCA chorus_partner_service): a private supplier may never address it.
    if (codeService === SERVICE_FACTURES_PUBLIQUES && fournisseur.typeStructure === 'PRIVEE') {
      throw refus(erreurs.SERVICE_FACTURES_PUBLIQUES, `fournisseur privé ${fournisseur.identifiant} (${champs.service})`);
    }
    service = findServiceByCode(ctx, destinataire.id, codeService);
    const aujourdhui = formatDate(ctx.now());
    const actif = service && service.estActif && (!service.dateFin || service.dateFin.slice(0, 10) >= aujourdhui);
    if (!actif) throw refus(erreurs.SERVICE_INVALIDE, `'${codeService}' (${champs.service})`);
  }
  if (destinataire.gestionNumeroEjOuCodeService) {
    // With this parameter, one of the two is enough (it relaxes the two others).
    if (!codeService && !ej) throw refus(erreurs.EJ_OU_SERVICE_OBLIGATOIRE, `${champs.ej} ou ${champs.service}`);
  } else {
    if (destinataire.codeServiceDoitEtreRenseigne && !codeService) throw refus(erreurs.SERVICE_OBLIGATOIRE, champs.service);
    if (destinataire.numeroEjDoitEtreRenseigne && !ej) throw refus(erreurs.ENGAGEMENT_OBLIGATOIRE, champs.ej);
  }
  if (service?.numeroEngagementObligatoire && !ej) {
    throw refus(erreurs.ENGAGEMENT_OBLIGATOIRE, `${champs.ej} (exigé par le service ${service.code})`);
  }
  return { destinataire, service };
}

const typesPjFacture = new Set(
  referentials.typesPieceJointe.entries.filter((t) => t.typeObjet === 'FACTURE').map((t) => t.codeTypePieceJointe),
);

export interface LienPieceJointe {
  pieceJointeId: number;
  pieceJointeIdLiaison: number;
  pieceJointeDesignation: string;
  pieceJointeTypeCode: string;
  pieceJointeNumeroLigneFacture: number | null;
  pieceJointeExtension: string;
}

/** Checks complementary attachments (type from `recuperer/typespj`, file uploaded by the caller). */
export function liensPiecesJointes(
  ctx: SandboxContext,
  utilisateurId: number | null,
  pjs: readonly PieceJointeComplementaireInput[],
  prochainIdLiaison: () => number,
): LienPieceJointe[] {
  return pjs.map((pj, i) => {
    const type = pj.pieceJointeComplementaireType.trim().toUpperCase();
    if (!typesPjFacture.has(type)) {
      throw refus(erreurs.TYPE_PIECE_JOINTE_INVALIDE, `'${pj.pieceJointeComplementaireType}' (pieceJointeComplementaire[${i}].pieceJointeComplementaireType)`);
    }
    const fichier = pieceJointeUtilisable(ctx, utilisateurId, pj.pieceJointeComplementaireId, `pieceJointeComplementaire[${i}].pieceJointeComplementaireId`);
    return {
      pieceJointeId: fichier.id,
      pieceJointeIdLiaison: prochainIdLiaison(),
      pieceJointeDesignation: pj.pieceJointeComplementaireDesignation,
      pieceJointeTypeCode: type,
      pieceJointeNumeroLigneFacture: pj.pieceJointeComplementaireNumeroLigneFacture ?? null,
      pieceJointeExtension: fichier.extension,
    };
  });
}

export { refus };
