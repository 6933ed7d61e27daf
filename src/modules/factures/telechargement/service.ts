import { zipSync } from 'fflate';
import { transaction } from '../../../db/transaction.js';
import type { SandboxContext } from '../../../sandbox/context.js';
import { structuresRattachees } from '../../structures/service.js';
import type { LienPieceJointe } from '../depot/controles.js';
import { enregistrerAction } from '../traitement/lifecycle.js';
import { rendreFacture } from './pdf.js';
import * as repo from '../repository.js';
import { factureDe, nomDe, type Appelant } from '../perimetre.js';

const nomSur = (s: string | null) => (s ?? '').replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 80) || 'fichier';

const xml = (s: unknown) => String(s ?? '').replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * A much reduced pivot: the real CPPFacturePivot XSD is not reproduced; the sandbox gives the
 * invoice's main data in a flat XML so that PIVOT downloads work end to end.
 */
function pivot(f: repo.FactureRow): Uint8Array {
  const champs: [string, unknown][] = [
    ['IdFacture', f.id], ['NumeroFacture', f.numeroFacture], ['TypeFacture', f.typeFacture], ['DateFacture', f.dateFacture],
    ['CadreFacturation', f.codeCadreFacturation], ['IdFournisseur', f.fournisseurId], ['IdDestinataire', f.destinataireId],
    ['NumeroEngagement', f.numeroBonCommande], ['MontantHT', f.montantHt], ['MontantTVA', f.montantTva],
    ['MontantTTC', f.montantTtc], ['MontantAPayer', f.montantAPayer], ['Devise', f.devise], ['Statut', f.statut],
  ];
  const corps = champs.map(([k, v]) => `  <${k}>${xml(v)}</${k}>`).join('\n');
  return new TextEncoder().encode(`<?xml version="1.0" encoding="UTF-8"?>\n<CPPFacturePivot>\n${corps}\n</CPPFacturePivot>\n`);
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
    if (pivotXml) fichiers.push({ facture: f, nom: `facture_${nomSur(f.numeroFacture)}.xml`, contenu: pivot(f) });
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
