import { inflateSync } from 'node:zlib';

/**
 * The text a PDF made by pdf-lib shows: its content streams are deflated and its strings
 * hex-encoded in WinAnsi (`<48656C6C6F> Tj`), so inflate every stream and decode every hex string.
 */
export function textePdf(pdf: Uint8Array): string {
  const brut = Buffer.from(pdf).toString('latin1');
  let texte = '';
  const flux = /stream\r?\n([\s\S]*?)\r?\nendstream/g;
  for (let m = flux.exec(brut); m; m = flux.exec(brut)) {
    let contenu: string;
    try {
      contenu = inflateSync(Buffer.from(m[1]!, 'latin1')).toString('latin1');
    } catch {
      contenu = m[1]!;
    }
    for (const h of contenu.matchAll(/<([0-9A-Fa-f]+)>\s*Tj/g)) texte += `${Buffer.from(h[1]!, 'hex').toString('latin1')}\n`;
  }
  // WinAnsi's 0x80–0x9F are not Latin-1: map back the ones the PDFs use.
  const winAnsi: Record<string, string> = { '\x80': '€', '\x85': '…', '\x92': '’', '\x96': '–', '\x97': '—', '\x9c': 'œ' };
  return texte.replace(/[\x80-\x9f]/g, (c) => winAnsi[c] ?? c);
}
