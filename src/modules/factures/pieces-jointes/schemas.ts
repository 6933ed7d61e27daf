import { z } from 'zod';
import { enveloppe } from '../../structures/schemas.js';
import { chaine, enumSouple, identifiant, optionnel, parametresPagination, parametresRetourDto } from '../../structures/pagination.js';
import { COLONNES_TRI_PJ, OBJETS_PIECE_JOINTE } from './service.js';

/** DTOs of the Transverses attachment operations (chorus-api §3.3, GO and PHP-Z field names). */
const recherche = {
  codeLangue: chaine(10),
  pieceJointeDesignation: chaine().describe('Texte cherché dans la désignation'),
  pieceJointeTypeId: identifiant().describe('idTypePieceJointe de recuperer/typespj'),
  parametresRecherche: parametresPagination(COLONNES_TRI_PJ),
};

export const rechercherPjMonCompteParam = z.object(recherche).describe('RechercherPieceJointeSurMonCompteParam');
export const rechercherPjStructureParam = z
  .object({ ...recherche, idStructureCPP: identifiant().describe('Structure de l’utilisateur (obligatoire)') })
  .describe('RechercherPieceJointeSurStructureParam');

const lignePj = {
  pieceJointeDesignation: z.string(),
  pieceJointeExtension: z.string(),
  pieceJointeId: z.number().int(),
  pieceJointeObjetId: z.number().int().nullable(),
  pieceJointeTypeCode: z.string().nullable(),
  pieceJointeTypeLibelle: z.string().nullable(),
  pieceJointeUtilisateurId: z.number().int().nullable(),
};
export const wsRetourRechercherPjMonCompte = enveloppe.extend({ listePiecesJointes: z.array(z.object(lignePj)), parametresRetour: parametresRetourDto });
export const wsRetourRechercherPjStructure = enveloppe.extend({
  listePiecesJointes: z.array(
    z.object({ ...lignePj, pieceJointeStructureCode: z.string(), pieceJointeStructureId: z.number().int(), pieceJointeStructureRaisonSociale: z.string() }),
  ),
  parametresRetour: parametresRetourDto,
});

const ouiNon = z.preprocess(
  (v) => (v === true ? 'OUI' : v === false ? 'NON' : typeof v === 'string' && v.trim() !== '' ? v.trim().toUpperCase() : undefined),
  z.enum(['OUI', 'NON']).optional(),
);

export const telechargerPieceJointeParam = z
  .object({
    objetPieceJointe: enumSouple(OBJETS_PIECE_JOINTE).pipe(z.enum(OBJETS_PIECE_JOINTE)),
    demandePaiement: optionnel(
      z.object({
        avecPiecesJointesComplementaires: ouiNon,
        format: enumSouple(['PDF', 'PIVOT']),
        listeFacture: optionnel(z.array(z.object({ idFacture: identifiant().pipe(z.number().int()) })).max(100)),
      }),
    ),
    engagementJuridique: optionnel(z.object({ numeroEngagementJuridique: chaine(50) })),
    sollicitation: optionnel(z.object({ idSollicitation: identifiant(), pieceJointeSollicitation: ouiNon })),
    structure: optionnel(z.object({ idStructure: identifiant(), identifiantStructure: chaine(), typeIdentifiantStructure: chaine(30) })),
  })
  .describe('TelechargerPieceJointeParam');
export const wsRetourTelechargerPieceJointe = enveloppe.extend({ pieceJointe: z.string().describe('Fichier en base64') });

export const detacherPieceJointeParam = z.object({ idPieceJointeObjet: identifiant().describe('pieceJointeId à détacher') }).describe('DetacherPieceJointeParam');
export const wsRetourDetacherPieceJointe = enveloppe;
