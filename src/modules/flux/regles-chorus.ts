import { estSiretValide } from '../../domain/identifiants.js';
import { referentials } from '../../referentials/index.js';
import type { Anomalie, FactureLue, IdentifiantPartie } from './modele.js';

/**
 * Chorus Pro format rules on an EN 16931 invoice (formats.md §2.2): what the platform adds to or
 * overrides in the standard. The official ids of the EDI annex are not public; these rules carry the
 * sandbox's own ids `CPP-…`, each listed in the README with its source. Rules needing the directory
 * (structure known, service required, engagement, duplicates) run at integration, through the same
 * deposit controls as `soumettre`.
 */

/** BT-23 short code (A1, A2…) → API cadre (`A1_FACTURE_FOURNISSEUR`). Absent means A1. */
const CADRES = new Map(referentials.cadresFacturation.entries.map((c) => [c.codeCadreFacturation.split('_')[0], c.codeCadreFacturation]));
export function cadreDeBt23(bt23: string | null): string | undefined {
  if (bt23 === null) return 'A1_FACTURE_FOURNISSEUR';
  const court = bt23.trim().toUpperCase();
  return CADRES.get(court) ?? referentials.cadresFacturation.entries.find((c) => c.codeCadreFacturation === court)?.codeCadreFacturation;
}

/** 380 invoice, 381 credit note, 384 corrected, 389 self-billed, 386 prepayment; 261 and 751 refused. */
export const TYPES_ACCEPTES = ['380', '381', '384', '389', '386'];
/** Identifier types: Chorus codes, and the ISO 6523 ICD of a SIRET (0009). */
const SIRET = ['1', '0009'];

function deuxDecimales(x: number | null): boolean {
  return x === null || Math.abs(Math.round(x * 100) - x * 100) < 1e-6;
}

function siret(id: IdentifiantPartie | null): boolean {
  return id !== null && (id.schemeID === null || SIRET.includes(id.schemeID));
}

export function reglesChorus(f: FactureLue, options: { minimal: boolean }): Anomalie[] {
  const a: Anomalie[] = [];
  const regle = (id: string, ok: boolean, element: string, message: string) => {
    if (!ok) a.push({ regle: id, element, message: `[${id}] ${message}` });
  };
  if (f.numero !== null) {
    regle('CPP-BT-1', f.numero.length <= 20 && /^[A-Za-z0-9\-_/+]+$/.test(f.numero), 'BT-1', `Le numéro de facture '${f.numero}' doit compter au plus 20 caractères parmi lettres, chiffres, - _ / +.`);
  }
  if (f.typeCode !== null) {
    regle('CPP-BT-3', TYPES_ACCEPTES.includes(f.typeCode), 'BT-3', `Le type de facture ${f.typeCode} n'est pas accepté par Chorus Pro (380, 381, 384, 386, 389).`);
  }
  regle('CPP-BT-23', cadreDeBt23(f.cadre) !== undefined, 'BT-23', `Le cadre de facturation '${f.cadre}' est inconnu : utilisez A1, A2, A9… (BusinessProcess / ProfileID).`);
  regle('CPP-BT-10', (f.codeService ?? '').length <= 100, 'BT-10', 'Le code service (BuyerReference) dépasse 100 caractères.');
  // BT-47: a public buyer is identified by its SIRET, with the Chorus schemeID 1 or ISO 6523 0009.
  const acheteur = f.acheteur.identifiant;
  regle('CPP-BT-47', acheteur !== null, 'BT-47', "L'identifiant du destinataire (SIRET de la structure publique) est obligatoire.");
  if (acheteur) {
    regle('CPP-BT-47-SCHEME', siret(acheteur), 'BT-47/@schemeID', `Le destinataire doit être identifié par son SIRET (schemeID 1 ou 0009), reçu schemeID '${acheteur.schemeID}'.`);
    if (siret(acheteur)) regle('CPP-SIRET', estSiretValide(acheteur.valeur), 'BT-47', `Le SIRET du destinataire '${acheteur.valeur}' est invalide (14 chiffres et clé de contrôle).`);
  }
  const fournisseur = f.fournisseur.identifiant;
  regle('CPP-BT-30', fournisseur !== null, 'BT-30', "L'identifiant du fournisseur est obligatoire.");
  if (fournisseur && siret(fournisseur)) {
    regle('CPP-SIRET', estSiretValide(fournisseur.valeur), 'BT-30', `Le SIRET du fournisseur '${fournisseur.valeur}' est invalide (14 chiffres et clé de contrôle).`);
  }
  const avoir = f.typeCode === '381' || f.racine === 'CreditNote';
  if (!avoir && !options.minimal) {
    regle('CPP-BT-81', f.modePaiement !== null, 'BT-81', 'Le mode de paiement (PaymentMeans TypeCode) est obligatoire.');
  }
  if (avoir) regle('CPP-BT-25', f.factureOrigine !== null, 'BT-25', "Un avoir doit référencer le numéro de la facture d'origine (InvoiceReferencedDocument / BillingReference).");
  const t = f.totaux;
  const montants = [t.totalHT, t.totalTVA, t.totalTTC, t.aPayer, ...f.lignes.map((l) => l.montantNet), ...f.ventilationTva.flatMap((v) => [v.base, v.montant])];
  regle('CPP-DECIMALES', montants.every(deuxDecimales), 'BG-22', 'Les montants doivent avoir au plus deux décimales.');
  return a;
}
