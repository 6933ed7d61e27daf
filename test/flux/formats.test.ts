import { readFileSync } from 'node:fs';
import { strToU8, zipSync } from 'fflate';
import { gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { verifierMontants } from '../../src/domain/montants.js';
import { analyserFlux } from '../../src/modules/flux/analyse.js';
import { ecrireTar } from '../../src/modules/flux/archive.js';
import { ecrireCii, ecrireUbl } from '../../src/modules/flux/ecriture.js';
import { construireFacturX } from '../../src/modules/flux/facturx.js';
import { versSoumettre } from '../../src/modules/flux/mapping.js';
import type { FactureLue } from '../../src/modules/flux/modele.js';
import { tauxParCode } from '../../src/modules/factures/index.js';
import { factureExemple, siret } from './exemples.js';

const enc = (s: string) => new TextEncoder().encode(s);
const regles = (a: { anomalies: { regle: string }[] }) => a.anomalies.map((x) => x.regle);

async function ubl(f: FactureLue) {
  return analyserFlux(enc(ecrireUbl(f)), 'facture.xml', 'IN_DP_E1_UBL_INVOICE');
}
async function cii(f: FactureLue) {
  return analyserFlux(enc(ecrireCii(f)), 'facture.xml', 'IN_DP_E1_CII_16B');
}

describe('flux: the layers on valid invoices', () => {
  it('a UBL invoice written by the sandbox passes XSD, EN 16931 and Chorus rules, and reads back the same', async () => {
    const f = factureExemple();
    const a = await ubl(f);
    expect(a.erreursTechniques).toEqual([]);
    expect(a.factures).toHaveLength(1);
    expect(regles(a.factures[0])).toEqual([]);
    expect(a.factures[0].facture).toEqual(f);
  });

  it('a CII invoice written by the sandbox passes every layer and reads back the same', async () => {
    const f = factureExemple({ syntaxe: 'CII', racine: 'CrossIndustryInvoice' });
    const a = await cii(f);
    expect(a.erreursTechniques).toEqual([]);
    expect(regles(a.factures[0])).toEqual([]);
    expect(a.factures[0].facture).toEqual(f);
  });

  it('a UBL credit note with its original invoice passes', async () => {
    const f = factureExemple({ racine: 'CreditNote', typeCode: '381', factureOrigine: 'FA-2026-0000', modePaiement: null, iban: null });
    const a = await ubl(f);
    expect(a.erreursTechniques).toEqual([]);
    expect(regles(a.factures[0])).toEqual([]);
    expect(a.factures[0].facture.racine).toBe('CreditNote');
  });

  it('a Factur-X PDF carrying the CII passes every layer, and its PDF is kept', async () => {
    const pdf = await construireFacturX(ecrireCii(factureExemple()), 'Facture FA-2026-0001');
    const a = await analyserFlux(pdf, 'facture.pdf', 'IN_DP_E2_CII_FACTURX');
    expect(a.erreursTechniques).toEqual([]);
    expect(regles(a.factures[0])).toEqual([]);
    expect(a.factures[0].pdf?.length).toBeGreaterThan(0);
  });

  it('the EN 16931 official examples pass the XSD and the EN 16931 rules', async () => {
    const dossier = new URL('../../fixtures/formats/samples/en16931/', import.meta.url);
    for (const [fichier, syntaxe] of [
      ['ubl-tc434-example1.xml', 'IN_DP_E1_UBL_INVOICE'],
      ['ubl-tc434-creditnote1.xml', 'IN_DP_E1_UBL_INVOICE'],
      ['CII_example1.xml', 'IN_DP_E1_CII_16B'],
      ['CII_business_example_01.xml', 'IN_DP_E1_CII_16B'],
    ] as const) {
      const a = await analyserFlux(readFileSync(new URL(fichier, dossier)), fichier, syntaxe);
      expect(a.erreursTechniques, fichier).toEqual([]);
      expect(regles(a.factures[0]).filter((r) => r.startsWith('BR-')), fichier).toEqual([]);
    }
  });

  it('the mapping gives a soumettre body whose amounts the deposit controls accept', () => {
    const input = versSoumettre(factureExemple(), 7);
    expect(input.destinataire).toEqual({ codeDestinataire: factureExemple().acheteur.identifiant?.valeur, codeServiceExecutant: 'SERVICE_COMPTA' });
    expect(input.cadreDeFacturation.codeCadreFacturation).toBe('A1_FACTURE_FOURNISSEUR');
    expect(input.references?.numeroBonCommande).toBe('EJ-0001');
    expect(input.references?.modePaiement).toBe('VIREMENT');
    expect(verifierMontants({ ...input, codeCadreFacturation: input.cadreDeFacturation.codeCadreFacturation, typeFacture: 'FACTURE' }, tauxParCode)).toEqual([]);
  });

  it('document-level allowances and a paid amount map onto lines and the global discount consistently', () => {
    const f = factureExemple({
      remisesCharges: [{ charge: false, montant: 10, categorieTva: 'S', tauxTva: 20, motif: 'Remise fidélité' }],
      ventilationTva: [
        { base: 290, montant: 58, categorie: 'S', taux: 20, motifExoneration: null },
        { base: 90.5, montant: 9.05, categorie: 'S', taux: 10, motifExoneration: null },
      ],
      totaux: { sommeLignes: 390.5, remises: 10, charges: null, totalHT: 380.5, totalTVA: 67.05, totalTTC: 447.55, acompte: 100, arrondi: null, aPayer: 347.55 },
    });
    const input = versSoumettre(f, 7);
    expect(verifierMontants({ ...input, codeCadreFacturation: 'A1_FACTURE_FOURNISSEUR', typeFacture: 'FACTURE' }, tauxParCode)).toEqual([]);
  });
});

describe('flux: one broken rule at a time gives its rule id', () => {
  const cas: [string, FactureLue, string][] = [
    ['wrong SIRET key of the recipient', factureExemple({ acheteur: { ...factureExemple().acheteur, identifiant: { valeur: '11000201100045', schemeID: '1' } } }), 'CPP-SIRET'],
    ['a wrong total TTC', factureExemple({ totaux: { ...factureExemple().totaux, totalTTC: 460 } }), 'BR-CO-15'],
    ['a line sum that does not add up', factureExemple({ totaux: { ...factureExemple().totaux, sommeLignes: 391 } }), 'BR-CO-10'],
    ['an unknown schemeID', factureExemple({ acheteur: { ...factureExemple().acheteur, identifiant: { valeur: siret('1100020110004'), schemeID: '99' } } }), 'BR-CL-11'],
    ['a GLN instead of the SIRET of a public buyer', factureExemple({ acheteur: { ...factureExemple().acheteur, identifiant: { valeur: '3012345678901', schemeID: '0088' } } }), 'CPP-BT-47-SCHEME'],
    ['no payment means', factureExemple({ modePaiement: null, iban: null }), 'CPP-BT-81'],
    ['an unknown cadre', factureExemple({ cadre: 'Z9' }), 'CPP-BT-23'],
    ['a type code Chorus refuses', factureExemple({ typeCode: '751' }), 'CPP-BT-3'],
    ['an invoice number over 20 characters', factureExemple({ numero: 'FA-2026-000000000000001' }), 'CPP-BT-1'],
    ['a VAT amount that is not base × rate', factureExemple({ ventilationTva: [{ base: 300, montant: 62, categorie: 'S', taux: 20, motifExoneration: null }, factureExemple().ventilationTva[1]], totaux: { ...factureExemple().totaux, totalTVA: 71.05, totalTTC: 461.55, aPayer: 461.55 } }), 'BR-CO-17'],
  ];
  for (const [titre, f, regle] of cas) {
    it(`${titre} → ${regle} (UBL and CII)`, async () => {
      const u = await ubl(f);
      expect(u.erreursTechniques).toEqual([]);
      expect(regles(u.factures[0])).toContain(regle);
      const c = await cii({ ...f, syntaxe: 'CII', racine: 'CrossIndustryInvoice' });
      expect(c.erreursTechniques).toEqual([]);
      expect(regles(c.factures[0])).toContain(regle);
    });
  }

  it('an XSD violation is an irrecevabilité ERR_XSD_001 with line and position', async () => {
    const xml = ecrireUbl(factureExemple()).replace('<cbc:IssueDate>2026-11-20', '<cbc:IssueDate>20/11/2026');
    const a = await analyserFlux(enc(xml), 'f.xml', 'IN_DP_E1_UBL_INVOICE');
    expect(a.factures).toEqual([]);
    expect(a.erreursTechniques[0].regle).toBe('ERR_XSD_001');
    expect(a.erreursTechniques[0].message).toMatch(/^IRRECEVABILITE: .*IssueDate.* - ligne: \d+ - position: \d+$/);
  });

  it('malformed XML → ERR_XML_001', async () => {
    const a = await analyserFlux(enc('<Invoice><cbc:ID>1</Invoice>'), 'f.xml', 'IN_DP_E1_UBL_INVOICE');
    expect(a.erreursTechniques.map((e) => e.regle)).toEqual(['ERR_XML_001']);
  });

  it('a CII declared as UBL (wrong syntaxeFlux) → ERR_SYNTAXE_001', async () => {
    const a = await analyserFlux(enc(ecrireCii(factureExemple())), 'f.xml', 'IN_DP_E1_UBL_INVOICE');
    expect(a.erreursTechniques.map((e) => e.regle)).toEqual(['ERR_SYNTAXE_001']);
    const b = await analyserFlux(enc(ecrireCii(factureExemple())), 'f.xml', 'IN_DP_E2_CII_FACTURX');
    expect(b.erreursTechniques.map((e) => e.regle)).toEqual(['ERR_SYNTAXE_001']);
  });

  it('a minimal E2 XML without its PDF → CPP-E2-PDF; with it, the PDF is kept', async () => {
    const a = await analyserFlux(enc(ecrireUbl(factureExemple())), 'f.xml', 'IN_DP_E2_UBL_INVOICE_MIN');
    expect(regles(a.factures[0])).toEqual(['CPP-E2-PDF']);
    const pdf = Buffer.from(await construireFacturX('<x/>', 'PDF')).toString('base64');
    const b = await analyserFlux(enc(ecrireUbl(factureExemple({ piecesJointes: [{ nom: 'facture.pdf', typeMime: 'application/pdf', contenu: pdf }] }))), 'f.xml', 'IN_DP_E2_UBL_INVOICE_MIN');
    expect(regles(b.factures[0])).toEqual([]);
    expect(b.factures[0].pdf?.length).toBeGreaterThan(100);
  });
});

describe('flux: envelope, archives and hostile files', () => {
  it('reads a zip and a tar.gz of several invoices', async () => {
    const f1 = ecrireUbl(factureExemple({ numero: 'A-1' }));
    const f2 = ecrireUbl(factureExemple({ numero: 'A-2' }));
    const zip = zipSync({ 'a1.xml': strToU8(f1), 'a2.xml': strToU8(f2) });
    const z = await analyserFlux(zip, 'lot.zip', 'IN_DP_E1_UBL_INVOICE');
    expect(z.factures.map((x) => x.facture.numero)).toEqual(['A-1', 'A-2']);
    const tgz = gzipSync(ecrireTar([{ nom: 'a1.xml', octets: strToU8(f1) }, { nom: 'a2.xml', octets: strToU8(f2) }]));
    const t = await analyserFlux(tgz, 'UBL_chorus_lot_factures', 'IN_DP_E1_UBL_INVOICE');
    expect(t.erreursTechniques).toEqual([]);
    expect(t.factures.map((x) => x.facture.numero)).toEqual(['A-1', 'A-2']);
  });

  it('refuses XXE and billion laughs before parsing, without reading any file', async () => {
    const xxe = '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><Invoice>&x;</Invoice>';
    const lol = `<?xml version="1.0"?><!DOCTYPE a [<!ENTITY a "aaaaaaaaaa">${'bcdefghij'.split('').map((c, i) => `<!ENTITY ${c} "${`&${'abcdefghij'[i]};`.repeat(10)}">`).join('')}]><a>&j;</a>`;
    for (const xml of [xxe, lol]) {
      const debut = Date.now();
      const a = await analyserFlux(enc(xml), 'f.xml', 'IN_DP_E1_UBL_INVOICE');
      expect(a.erreursTechniques.map((e) => e.regle)).toEqual(['ERR_XML_002']);
      expect(a.erreursTechniques[0].message).not.toContain('root:');
      expect(Date.now() - debut).toBeLessThan(1000);
    }
  });

  it('refuses a zip bomb by its actual size even when the declared size lies', async () => {
    const gros = new Uint8Array(11 * 1024 * 1024); // 11 MB of zeros compresses to a few KB
    const zip = zipSync({ 'bombe.xml': gros }, { level: 9 });
    expect(zip.length).toBeLessThan(100_000);
    const a = await analyserFlux(zip, 'bombe.zip', 'IN_DP_E1_UBL_INVOICE');
    expect(a.erreursTechniques.map((e) => e.regle)).toEqual(['GDP_MSG_11.022']);
    // Forge the declared sizes to 1 byte: the inflated bytes still stop at the limit.
    const faux = zip.slice();
    const vue = new DataView(faux.buffer);
    for (let i = 0; i < faux.length - 4; i++) {
      const sig = vue.getUint32(i, true);
      if (sig === 0x04034b50) vue.setUint32(i + 22, 1, true);
      if (sig === 0x02014b50) vue.setUint32(i + 24, 1, true);
    }
    const b = await analyserFlux(faux, 'bombe.zip', 'IN_DP_E1_UBL_INVOICE');
    expect(b.erreursTechniques.map((e) => e.regle)).toEqual(['GDP_MSG_11.022']);
  });

  it('refuses a tar.gz that inflates past the limit, and a tar member over 10 MB', async () => {
    const bombe = gzipSync(new Uint8Array(101 * 1024 * 1024), { level: 1 });
    expect((await analyserFlux(bombe, 'lot', 'IN_DP_E1_UBL_INVOICE')).erreursTechniques.map((e) => e.regle)).toEqual(['GDP_MSG_11.022']);
    const gros = gzipSync(ecrireTar([{ nom: 'gros.xml', octets: new Uint8Array(11 * 1024 * 1024) }]), { level: 9 });
    expect((await analyserFlux(gros, 'lot', 'IN_DP_E1_UBL_INVOICE')).erreursTechniques.map((e) => e.regle)).toEqual(['GDP_MSG_11.022']);
  });

  it('refuses a file over 10 MB and a non-UTF-8 file', async () => {
    const gros = new Uint8Array(10 * 1024 * 1024 + 1).fill(0x20);
    expect((await analyserFlux(gros, 'f.xml', 'IN_DP_E1_UBL_INVOICE')).erreursTechniques[0].regle).toBe('GDP_MSG_11.022');
    const latin1 = new Uint8Array([...enc('<?xml version="1.0"?><Invoice>'), 0xe9, ...enc('</Invoice>')]);
    expect((await analyserFlux(latin1, 'f.xml', 'IN_DP_E1_UBL_INVOICE')).erreursTechniques[0].regle).toBe('ERR_FICHIER_002');
  });

  it('a PDF without factur-x.xml is irrecevable', async () => {
    const { PDFDocument } = await import('pdf-lib');
    const doc = await PDFDocument.create();
    doc.addPage();
    const a = await analyserFlux(await doc.save(), 'f.pdf', 'IN_DP_E2_CII_FACTURX');
    expect(a.erreursTechniques.map((e) => e.regle)).toEqual(['ERR_FACTURX_001']);
  });
});
