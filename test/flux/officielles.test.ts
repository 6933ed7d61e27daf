import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ecrireCii, ecrireUbl } from '../../src/modules/flux/ecriture.js';
import { reglesOfficielles } from '../../src/modules/flux/regles-officielles.js';
import { factureExemple } from './exemples.js';

const ids = (a: { regle: string }[]) => a.map((x) => x.regle);

describe('the complete official EN 16931 rule set (CEN XSLT compiled to SEF)', () => {
  it('finds nothing fatal in the invoices the sandbox writes, with the Chorus schemeID relaxed', () => {
    expect(reglesOfficielles(ecrireUbl(factureExemple()), 'UBL')).toEqual([]);
    expect(reglesOfficielles(ecrireCii(factureExemple()), 'CII')).toEqual([]);
  });

  it('finds nothing fatal in the EN 16931 examples', () => {
    const dossier = new URL('../../fixtures/formats/samples/en16931/', import.meta.url);
    expect(reglesOfficielles(readFileSync(new URL('ubl-tc434-example1.xml', dossier), 'utf8'), 'UBL')).toEqual([]);
    expect(reglesOfficielles(readFileSync(new URL('CII_example1.xml', dossier), 'utf8'), 'CII')).toEqual([]);
  });

  it('names the broken rule with its official id, text and location, like the TypeScript subset', () => {
    const casse = factureExemple({ totaux: { ...factureExemple().totaux, totalTTC: 1 } });
    for (const [xml, syntaxe] of [
      [ecrireUbl(casse), 'UBL'],
      [ecrireCii(casse), 'CII'],
    ] as const) {
      const a = reglesOfficielles(xml, syntaxe);
      expect(ids(a)).toContain('BR-CO-15');
      const br = a.find((x) => x.regle === 'BR-CO-15')!;
      expect(br.message).toMatch(/^\[BR-CO-15\]-Invoice total amount with VAT \(BT-112\)/);
      expect(br.element).not.toBe('');
    }
  });
});
