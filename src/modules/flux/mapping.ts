import type { SoumettreFactureInput } from '../factures/schemas/index.js';
import type { FactureLue } from './modele.js';
import { cadreDeBt23 } from './regles-chorus.js';

/**
 * EN 16931 invoice → the body `soumettre` takes, so a flux invoice goes through the same deposit
 * controls and lifecycle as one entered by API. Where the two models differ:
 * - document-level allowances and charges (BG-20/21) become lines of their own, since `soumettre`
 *   only knows a TTC global discount;
 * - the paid amount (BT-113) minus rounding (BT-114) becomes `montantRemiseGlobaleTTC`, so that
 *   `montantAPayer` = TTC − remise holds as BT-115 = BT-112 − BT-113 + BT-114 does.
 */
const MODES_PAIEMENT: Record<string, 'ESPECE' | 'CHEQUE' | 'VIREMENT' | 'PRELEVEMENT' | 'REPORT'> = {
  '10': 'ESPECE',
  '20': 'CHEQUE',
  '30': 'VIREMENT',
  '31': 'VIREMENT',
  '42': 'VIREMENT',
  '58': 'VIREMENT',
  '49': 'PRELEVEMENT',
  '59': 'PRELEVEMENT',
  '97': 'REPORT',
};

const arrondi = (x: number) => Math.round(x * 100) / 100;

export function versSoumettre(f: FactureLue, idFournisseur: number): SoumettreFactureInput {
  const avoir = f.typeCode === '381' || f.racine === 'CreditNote';
  const categories = new Set(f.ventilationTva.map((v) => v.categorie));
  const typeTva = categories.size === 1 && categories.has('E') ? 'EXONERATION' : categories.size === 1 && categories.has('O') ? 'SANS_TVA' : undefined;
  const lignes: NonNullable<SoumettreFactureInput['lignePoste']> = f.lignes.map((l, i) => {
    const quantite = l.quantite ?? 1;
    const unitaire = (l.prixUnitaire ?? 0) / (l.quantiteBase || 1);
    const remise = arrondi(quantite * unitaire - (l.montantNet ?? 0));
    return {
      lignePosteNumero: i + 1,
      lignePosteReference: l.reference ?? undefined,
      lignePosteDenomination: l.denomination ?? undefined,
      lignePosteQuantite: quantite,
      lignePosteUnite: l.unite ?? undefined,
      lignePosteMontantUnitaireHT: unitaire,
      lignePosteMontantRemiseHT: remise === 0 ? undefined : remise,
      lignePosteTauxTvaManuel: l.tauxTva ?? 0,
    };
  });
  for (const x of f.remisesCharges) {
    lignes.push({
      lignePosteNumero: lignes.length + 1,
      lignePosteDenomination: x.motif ?? (x.charge ? 'Frais' : 'Remise'),
      lignePosteQuantite: 1,
      lignePosteMontantUnitaireHT: x.charge ? (x.montant ?? 0) : 0,
      lignePosteMontantRemiseHT: x.charge ? undefined : (x.montant ?? 0),
      lignePosteTauxTvaManuel: x.tauxTva ?? 0,
    });
  }
  const remiseGlobale = arrondi((f.totaux.acompte ?? 0) - (f.totaux.arrondi ?? 0));
  const mode = f.modePaiement === null ? undefined : (MODES_PAIEMENT[f.modePaiement] ?? 'AUTRE');
  return {
    modeDepot: 'SAISIE_API',
    numeroFactureSaisi: f.numero ?? '',
    dateFacture: f.dateEmission ?? '',
    destinataire: { codeDestinataire: f.acheteur.identifiant?.valeur ?? '', codeServiceExecutant: f.codeService ?? undefined },
    fournisseur: { idFournisseur },
    cadreDeFacturation: {
      codeCadreFacturation: cadreDeBt23(f.cadre) ?? f.cadre ?? '',
      codeStructureValideur: f.valideur?.valeur,
    },
    references: {
      deviseFacture: f.devise ?? undefined,
      typeFacture: avoir ? 'AVOIR' : 'FACTURE',
      typeTva,
      motifExonerationTva: typeTva === 'EXONERATION' ? (f.ventilationTva[0]?.motifExoneration ?? undefined) : undefined,
      numeroMarche: f.numeroMarche ?? undefined,
      numeroBonCommande: f.numeroEngagement ?? undefined,
      numeroFactureOrigine: f.factureOrigine ?? undefined,
      modePaiement: avoir ? undefined : mode,
    },
    lignePoste: lignes,
    ligneTva: f.ventilationTva.map((v) => ({
      ligneTvaTauxManuel: v.taux ?? 0,
      ligneTvaMontantBaseHtParTaux: v.base ?? 0,
      ligneTvaMontantTvaParTaux: v.montant ?? 0,
    })),
    montantTotal: {
      montantHtTotal: f.totaux.totalHT ?? 0,
      montantTVA: f.totaux.totalTVA ?? 0,
      montantTtcTotal: f.totaux.totalTTC ?? 0,
      montantRemiseGlobaleTTC: remiseGlobale === 0 ? undefined : remiseGlobale,
      motifRemiseGlobaleTTC: remiseGlobale === 0 ? undefined : 'Montant déjà payé (BT-113)',
      montantAPayer: f.totaux.aPayer ?? 0,
    },
    commentaire: f.note?.slice(0, 2000) ?? undefined,
  } as SoumettreFactureInput;
}
