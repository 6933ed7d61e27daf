import type { Anomalie, FactureLue } from './modele.js';

/**
 * EN 16931 business rules, with the ids and English texts of the official CEN artefacts
 * (ConnectingEurope/eInvoicing-EN16931 validation-1.3.16, `abstract/EN16931-model.sch`, EUPL-1.2).
 * The sandbox runs them in TypeScript rather than through the compiled XSLT: the subset below covers
 * the rules a trainee meets (mandatory data, totals, VAT breakdown, identifier schemes) at thousands
 * of invoices a second. Each message adds, in French, what to fix.
 *
 * Relaxed on purpose (Chorus wins, as its own samples do): BR-CL-10 / BR-CL-11 accept the Chorus
 * `schemeID` codes 1–7 besides ISO 6523, and BR-01 (BT-24) is not required (AIFE samples may omit it).
 */

const centimes = (x: number) => Math.round(x * 100);
const somme = (xs: (number | null)[]) => xs.reduce<number>((s, x) => s + centimes(x ?? 0), 0);
const euros = (c: number) => (c / 100).toFixed(2);

/** ISO 6523 ICD codes are four digits; Chorus codes its identifier types 1 to 7 (formats.md §2.1). */
export const SCHEMES_CHORUS = ['1', '2', '3', '4', '5', '6', '7'];
export function schemeAccepte(scheme: string): boolean {
  return SCHEMES_CHORUS.includes(scheme) || /^0\d{3}$/.test(scheme);
}

export function reglesEn16931(f: FactureLue): Anomalie[] {
  const a: Anomalie[] = [];
  const regle = (id: string, ok: boolean, element: string, texte: string, correction: string) => {
    if (!ok) a.push({ regle: id, element, message: `[${id}]-${texte} ${correction}` });
  };
  const present = (x: unknown) => x !== null && x !== undefined && x !== '';

  regle('BR-02', present(f.numero), 'BT-1', 'An Invoice shall have an Invoice number (BT-1).', 'Renseignez le numéro de facture.');
  regle('BR-03', present(f.dateEmission), 'BT-2', 'An Invoice shall have an Invoice issue date (BT-2).', "Renseignez la date d'émission.");
  regle('BR-04', present(f.typeCode), 'BT-3', 'An Invoice shall have an Invoice type code (BT-3).', 'Renseignez le code de type de facture (380, 381…).');
  regle('BR-05', present(f.devise), 'BT-5', 'An Invoice shall have an Invoice currency code (BT-5).', 'Renseignez la devise (EUR).');
  regle('BR-06', present(f.fournisseur.nom), 'BT-27', 'An Invoice shall contain the Seller name (BT-27).', 'Renseignez la raison sociale du fournisseur.');
  regle('BR-07', present(f.acheteur.nom), 'BT-44', 'An Invoice shall contain the Buyer name (BT-44).', "Renseignez le nom de l'acheteur.");
  regle('BR-08', f.fournisseur.adresse !== null, 'BG-5', 'An Invoice shall contain the Seller postal address.', "Renseignez l'adresse du fournisseur.");
  if (f.fournisseur.adresse) {
    regle('BR-09', present(f.fournisseur.adresse.codePays), 'BT-40', 'The Seller postal address (BG-5) shall contain a Seller country code (BT-40).', 'Renseignez le code pays du fournisseur.');
  }
  regle('BR-10', f.acheteur.adresse !== null, 'BG-8', 'An Invoice shall contain the Buyer postal address (BG-8).', "Renseignez l'adresse de l'acheteur.");
  if (f.acheteur.adresse) {
    regle('BR-11', present(f.acheteur.adresse.codePays), 'BT-55', 'The Buyer postal address shall contain a Buyer country code (BT-55).', "Renseignez le code pays de l'acheteur.");
  }
  const t = f.totaux;
  regle('BR-12', t.sommeLignes !== null, 'BT-106', 'An Invoice shall have the Sum of Invoice line net amount (BT-106).', 'Renseignez la somme des montants nets des lignes.');
  regle('BR-13', t.totalHT !== null, 'BT-109', 'An Invoice shall have the Invoice total amount without VAT (BT-109).', 'Renseignez le total HT.');
  regle('BR-14', t.totalTTC !== null, 'BT-112', 'An Invoice shall have the Invoice total amount with VAT (BT-112).', 'Renseignez le total TTC.');
  regle('BR-15', t.aPayer !== null, 'BT-115', 'An Invoice shall have the Amount due for payment (BT-115).', 'Renseignez le montant à payer.');
  regle('BR-16', f.lignes.length > 0, 'BG-25', 'An Invoice shall have at least one Invoice line (BG-25)', 'Ajoutez au moins une ligne.');
  f.lignes.forEach((l, i) => {
    const el = `BG-25[${i + 1}]`;
    regle('BR-21', present(l.numero), `${el}/BT-126`, 'Each Invoice line (BG-25) shall have an Invoice line identifier (BT-126).', `Numérotez la ligne ${i + 1}.`);
    regle('BR-22', l.quantite !== null, `${el}/BT-129`, 'Each Invoice line (BG-25) shall have an Invoiced quantity (BT-129).', `Renseignez la quantité de la ligne ${i + 1}.`);
    regle('BR-23', present(l.unite), `${el}/BT-130`, 'An Invoice line (BG-25) shall have an Invoiced quantity unit of measure code (BT-130).', `Renseignez l'unité de la ligne ${i + 1}.`);
    regle('BR-24', l.montantNet !== null, `${el}/BT-131`, 'Each Invoice line (BG-25) shall have an Invoice line net amount (BT-131).', `Renseignez le montant net de la ligne ${i + 1}.`);
    regle('BR-25', present(l.denomination), `${el}/BT-153`, 'Each Invoice line (BG-25) shall contain the Item name (BT-153).', `Renseignez la désignation de la ligne ${i + 1}.`);
    regle('BR-26', l.prixUnitaire !== null, `${el}/BT-146`, 'Each Invoice line (BG-25) shall contain the Item net price (BT-146).', `Renseignez le prix unitaire net de la ligne ${i + 1}.`);
    regle('BR-27', (l.prixUnitaire ?? 0) >= 0, `${el}/BT-146`, 'The Item net price (BT-146) shall NOT be negative.', `Le prix unitaire de la ligne ${i + 1} doit être positif ou nul.`);
  });

  const remises = f.remisesCharges.filter((x) => !x.charge);
  const charges = f.remisesCharges.filter((x) => x.charge);
  const lignes = somme(f.lignes.map((l) => l.montantNet));
  if (t.sommeLignes !== null) {
    regle('BR-CO-10', centimes(t.sommeLignes) === lignes, 'BT-106', 'Sum of Invoice line net amount (BT-106) = Σ Invoice line net amount (BT-131).', `Attendu ${euros(lignes)}, reçu ${t.sommeLignes}.`);
  }
  if (remises.length > 0 || t.remises !== null) {
    const s = somme(remises.map((x) => x.montant));
    regle('BR-CO-11', centimes(t.remises ?? 0) === s, 'BT-107', 'Sum of allowances on document level (BT-107) = Σ Document level allowance amount (BT-92).', `Attendu ${euros(s)}, reçu ${t.remises ?? 'rien'}.`);
  }
  if (charges.length > 0 || t.charges !== null) {
    const s = somme(charges.map((x) => x.montant));
    regle('BR-CO-12', centimes(t.charges ?? 0) === s, 'BT-108', 'Sum of charges on document level (BT-108) = Σ Document level charge amount (BT-99).', `Attendu ${euros(s)}, reçu ${t.charges ?? 'rien'}.`);
  }
  if (t.totalHT !== null) {
    const attendu = lignes - centimes(t.remises ?? 0) + centimes(t.charges ?? 0);
    regle(
      'BR-CO-13',
      centimes(t.totalHT) === attendu,
      'BT-109',
      'Invoice total amount without VAT (BT-109) = Σ Invoice line net amount (BT-131) - Sum of allowances on document level (BT-107) + Sum of charges on document level (BT-108).',
      `Attendu ${euros(attendu)}, reçu ${t.totalHT}.`,
    );
  }
  if (f.ventilationTva.length > 0) {
    const s = somme(f.ventilationTva.map((v) => v.montant));
    regle('BR-CO-14', centimes(t.totalTVA ?? 0) === s, 'BT-110', 'Invoice total VAT amount (BT-110) = Σ VAT category tax amount (BT-117).', `Attendu ${euros(s)}, reçu ${t.totalTVA ?? 'rien'}.`);
  }
  if (t.totalTTC !== null && t.totalHT !== null) {
    const attendu = centimes(t.totalHT) + centimes(t.totalTVA ?? 0);
    regle('BR-CO-15', centimes(t.totalTTC) === attendu, 'BT-112', 'Invoice total amount with VAT (BT-112) = Invoice total amount without VAT (BT-109) + Invoice total VAT amount (BT-110).', `Attendu ${euros(attendu)}, reçu ${t.totalTTC}.`);
  }
  if (t.aPayer !== null && t.totalTTC !== null) {
    const attendu = centimes(t.totalTTC) - centimes(t.acompte ?? 0) + centimes(t.arrondi ?? 0);
    regle('BR-CO-16', centimes(t.aPayer) === attendu, 'BT-115', 'Amount due for payment (BT-115) = Invoice total amount with VAT (BT-112) -Paid amount (BT-113) +Rounding amount (BT-114).', `Attendu ${euros(attendu)}, reçu ${t.aPayer}.`);
  }
  regle('BR-CO-18', f.ventilationTva.length > 0, 'BG-23', 'An Invoice shall at least have one VAT breakdown group (BG-23).', 'Ajoutez le récapitulatif de TVA.');
  f.ventilationTva.forEach((v, i) => {
    const el = `BG-23[${i + 1}]`;
    regle('BR-45', v.base !== null, `${el}/BT-116`, 'Each VAT breakdown (BG-23) shall have a VAT category taxable amount (BT-116).', 'Renseignez la base HT du taux.');
    regle('BR-46', v.montant !== null, `${el}/BT-117`, 'Each VAT breakdown (BG-23) shall have a VAT category tax amount (BT-117).', 'Renseignez le montant de TVA du taux.');
    regle('BR-47', v.categorie !== null, `${el}/BT-118`, 'Each VAT breakdown (BG-23) shall be defined through a VAT category code (BT-118).', 'Renseignez la catégorie de TVA (S, E, Z…).');
    if (v.base !== null && v.montant !== null && v.taux !== null) {
      // The official test allows one unit of slack on each side.
      const attendu = Math.round(v.base * v.taux);
      regle(
        'BR-CO-17',
        Math.abs(Math.abs(centimes(v.montant)) - Math.abs(attendu)) < 100,
        `${el}/BT-117`,
        'VAT category tax amount (BT-117) = VAT category taxable amount (BT-116) x (VAT category rate (BT-119) / 100), rounded to two decimals.',
        `Attendu ${euros(attendu)}, reçu ${v.montant}.`,
      );
    }
    if (v.categorie === 'S' && v.taux !== null && v.base !== null) {
      const base =
        somme(f.lignes.filter((l) => l.categorieTva === 'S' && l.tauxTva === v.taux).map((l) => l.montantNet)) +
        somme(charges.filter((x) => x.categorieTva === 'S' && x.tauxTva === v.taux).map((x) => x.montant)) -
        somme(remises.filter((x) => x.categorieTva === 'S' && x.tauxTva === v.taux).map((x) => x.montant));
      regle(
        'BR-S-08',
        centimes(v.base) === base,
        `${el}/BT-116`,
        'For each different value of VAT category rate (BT-119) where the VAT category code (BT-118) is "Standard rated", the VAT category taxable amount (BT-116) in a VAT breakdown (BG-23) shall equal the sum of Invoice line net amounts (BT-131) plus the sum of document level charge amounts (BT-99) minus the sum of document level allowance amounts (BT-92) where the VAT category code (BT-151, BT-102, BT-95) is "Standard rated" and the VAT rate (BT-152, BT-103, BT-96) equals the VAT category rate (BT-119).',
        `Taux ${v.taux} % : base attendue ${euros(base)}, reçue ${v.base}.`,
      );
    }
  });
  for (const [partie, el] of [
    [f.fournisseur, 'BT-29/BT-30'],
    [f.acheteur, 'BT-46/BT-47'],
  ] as const) {
    const s = partie.identifiant?.schemeID;
    if (s) {
      regle(
        'BR-CL-11',
        schemeAccepte(s),
        `${el}/@schemeID`,
        'Any registration identifier identification scheme identifier MUST be coded using one of the ISO 6523 ICD list.',
        `schemeID '${s}' inconnu : utilisez 1 (SIRET), 2 à 7 (codes Chorus) ou un code ISO 6523 (0009 pour un SIRET).`,
      );
    }
  }
  return a;
}
