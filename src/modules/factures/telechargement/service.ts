import { zipSync } from 'fflate';
import { transaction } from '../../../db/transaction.js';
import { ChorusError } from '../../../errors/chorus-error.js';
import { erreurs } from '../../../errors/catalogue/index.js';
import type { SandboxContext } from '../../../sandbox/context.js';
import { ecrireCii, ecrireUbl } from '../../flux/ecriture.js';
import { versFactureLue, type StructureSortie } from '../../flux/sortie.js';
import { findService, findStructure, listCoordonneesBancaires } from '../../structures/repository.js';
import { structuresRattachees } from '../../structures/service.js';
import type { LienPieceJointe } from '../depot/controles.js';
import { enregistrerAction } from '../traitement/lifecycle.js';
import { rendreFacture } from './pdf.js';
import * as repo from '../repository.js';
import { factureDe, nomDe, type Appelant } from '../perimetre.js';

const nomSur = (s: string | null) => (s ?? '').replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 80) || 'fichier';

/**
 * PIVOT and XML: the invoice as an EN 16931 document with the Chorus routing data, UBL 2.1 for PIVOT
 * and CII D16B for XML, whatever way it was deposited. The real PIVOT is the CPPFacturePivot XML,
 * whose XSD is not public; a standard syntax lets a trainee compare the three modes of deposit on the
 * same invoice, and passes the sandbox's own XSD and EN 16931 layers.
 */
function documentXml(ctx: SandboxContext, f: repo.FactureRow, syntaxe: 'UBL' | 'CII'): Uint8Array {
  // An OCR invoice not yet submitted has no number, recipient nor amounts: only its PDF exists.
  const { numeroFacture, dateFacture, destinataireId, codeCadreFacturation, montantHt, montantTva, montantTtc, montantAPayer } = f;
  if (
    numeroFacture === null || dateFacture === null || destinataireId === null || codeCadreFacturation === null ||
    montantHt === null || montantTva === null || montantTtc === null || montantAPayer === null
  ) {
    throw new ChorusError(erreurs.FACTURE_OCR_NON_SOUMISE, `${erreurs.FACTURE_OCR_NON_SOUMISE.libelle} (idFacture ${f.id}, format)`);
  }
  const complete = { ...f, numeroFacture, dateFacture, codeCadreFacturation, montantHt, montantTva, montantTtc, montantAPayer };
  const structure = (id: number): StructureSortie => {
    const s = findStructure(ctx, id);
    return {
      identifiant: s?.identifiant ?? '',
      typeIdentifiant: s?.typeIdentifiant ?? 'SIRET',
      raisonSociale: s?.raisonSociale ?? '',
      numeroTva: s?.numeroTva ?? null,
      adresse: s?.adresse ?? null,
      codePostal: s?.codePostal ?? null,
      ville: s?.ville ?? null,
      codePays: s?.codePays ?? 'FR',
    };
  };
  const iban = f.coordonneesBancairesId ? (listCoordonneesBancaires(ctx, f.fournisseurId).find((c) => c.id === f.coordonneesBancairesId)?.iban ?? null) : null;
  const lue = versFactureLue(complete, syntaxe, {
    fournisseur: structure(f.fournisseurId),
    destinataire: structure(destinataireId),
    codeService: f.serviceExecutantId ? (findService(ctx, f.serviceExecutantId)?.code ?? null) : null,
    iban,
  });
  return new TextEncoder().encode(syntaxe === 'UBL' ? ecrireUbl(lue) : ecrireCii(lue));
}

/**
 * telecharger/groupe: the deposited PDF (or a rendering of a SAISIE_API invoice), a ZIP when several
 * invoices or attachments are asked for; marks the invoices as downloaded by their recipient.
 */
export async function telechargerGroupe(
  ctx: SandboxContext,
  appelant: Appelant,
  input: { format: 'PDF' | 'PIVOT' | 'XML' | 'ZIP'; avecPiecesJointesComplementaires?: 'OUI' | 'NON'; listeFacture: { idFacture: number }[] },
): Promise<{ fichierResultat: string }> {
  const ids = [...new Set(input.listeFacture.map((l) => l.idFacture))];
  const facturesLues = ids.map((id) => factureDe(ctx, appelant, id, 'TOUS'));
  const pivotXml = input.format === 'PIVOT' || input.format === 'XML';
  const avecPj = input.avecPiecesJointesComplementaires === 'OUI' || pivotXml;
  const fichiers: { facture: repo.FactureRow; nom: string; contenu: Uint8Array }[] = [];
  for (const f of facturesLues) {
    const principale = f.pieceJointePrincipaleId ? repo.findPieceJointe(ctx, f.pieceJointePrincipaleId) : undefined;
    if (pivotXml) fichiers.push({ facture: f, nom: `facture_${nomSur(f.numeroFacture)}.xml`, contenu: documentXml(ctx, f, input.format === 'PIVOT' ? 'UBL' : 'CII') });
    else if (principale) fichiers.push({ facture: f, nom: nomSur(principale.nom.toLowerCase().endsWith('.pdf') ? principale.nom : `${principale.nom}.pdf`), contenu: principale.contenu });
    else fichiers.push({ facture: f, nom: `facture_${nomSur(f.numeroFacture)}.pdf`, contenu: await rendreFacture(ctx, f) });
    if (avecPj) {
      for (const lien of f.piecesJointes as LienPieceJointe[]) {
        const pj = repo.findPieceJointe(ctx, lien.pieceJointeId);
        if (pj) fichiers.push({ facture: f, nom: `pj_${lien.pieceJointeIdLiaison}_${nomSur(pj.nom)}`, contenu: pj.contenu });
      }
    }
  }
  const miennes = structuresRattachees(ctx, appelant.id);
  transaction(ctx.db, () => {
    for (const f of facturesLues) {
      if (f.destinataireId !== null && miennes.has(f.destinataireId)) repo.updateFacture(ctx, f.id, { factureTelechargeeParDestinataire: true });
      enregistrerAction(ctx, f, 'TELECHARGEMENT_FACTURE', { id: appelant.id, nom: nomDe(appelant) });
    }
  });
  if (fichiers.length === 1 && input.format !== 'ZIP') return { fichierResultat: Buffer.from(fichiers[0].contenu).toString('base64') };
  // One directory per invoice when several (CS2017).
  const arbre: Record<string, Uint8Array> = {};
  for (const x of fichiers) arbre[facturesLues.length > 1 ? `${x.facture.id}_${nomSur(x.facture.numeroFacture)}/${x.nom}` : x.nom] = x.contenu;
  return { fichierResultat: Buffer.from(zipSync(arbre, { mtime: new Date('2000-01-01T00:00:00Z') })).toString('base64') };
}
