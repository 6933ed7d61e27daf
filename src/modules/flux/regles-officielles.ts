import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Anomalie } from './modele.js';
import { SCHEMES_CHORUS } from './regles-en16931.js';

/**
 * The complete official EN 16931 rule set: the CEN validation XSLT (ConnectingEurope
 * eInvoicing-EN16931 validation-1.3.16, EUPL-1.2) compiled to SEF by `npm run formats:sef` (output
 * committed) and run with SaxonJS. A few hundred milliseconds an invoice: used by the "test a flux"
 * route on demand, not on the integration path, which runs the TypeScript subset with the same ids.
 * BR-CL-10 / BR-CL-11 are dropped when the invoice uses the Chorus `schemeID` codes (see README).
 */
const require = createRequire(import.meta.url);
type Saxon = { transform(options: Record<string, unknown>, mode: 'sync'): { principalResult: unknown } };
let saxon: Saxon | undefined;
const sefs = new Map<'UBL' | 'CII', unknown>();

function sef(syntaxe: 'UBL' | 'CII'): unknown {
  let s = sefs.get(syntaxe);
  if (!s) {
    s = JSON.parse(readFileSync(new URL(`../../../fixtures/formats/en16931/EN16931-${syntaxe}-validation.sef.json`, import.meta.url), 'utf8'));
    sefs.set(syntaxe, s);
  }
  return s;
}

const decoder = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

export function reglesOfficielles(xml: string, syntaxe: 'UBL' | 'CII'): Anomalie[] {
  saxon ??= require('saxon-js') as Saxon;
  const svrl = String(saxon.transform({ stylesheetInternal: sef(syntaxe), sourceText: xml, destination: 'serialized' }, 'sync').principalResult);
  const chorus = new RegExp(`schemeID\\s*=\\s*["'](${SCHEMES_CHORUS.join('|')})["']`).test(xml);
  const anomalies: Anomalie[] = [];
  for (const m of svrl.matchAll(/<svrl:failed-assert\b([^>]*)>([\s\S]*?)<\/svrl:failed-assert>/g)) {
    const attribut = (nom: string) => new RegExp(`${nom}="([^"]*)"`).exec(m[1])?.[1] ?? '';
    const id = attribut('id');
    if (attribut('flag') !== 'fatal') continue;
    if (chorus && (id === 'BR-CL-10' || id === 'BR-CL-11')) continue;
    const texte = decoder(/<svrl:text>([\s\S]*?)<\/svrl:text>/.exec(m[2])?.[1] ?? '').trim();
    anomalies.push({ regle: id, element: decoder(attribut('location')), message: texte.startsWith('[') ? texte : `[${id}]-${texte}` });
  }
  return anomalies;
}
