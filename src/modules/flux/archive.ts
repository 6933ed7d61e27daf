import { Gunzip, Unzip, UnzipInflate } from 'fflate';
import { FACTURES_MAX_PAR_FLUX, TAILLE_MAX_DECOMPRESSEE, TAILLE_MAX_FICHIER } from './limites.js';

/**
 * Archive reading (.zip for the portal and API, .tar.gz for EDI, formats.md §1.3). Sizes are checked
 * twice: the declared size before inflating, and the bytes actually produced while inflating, so a
 * zip bomb that lies about its sizes stops at the limit instead of filling memory.
 */
export interface FichierArchive {
  nom: string;
  octets: Uint8Array;
}

export class ArchiveRefusee extends Error {
  constructor(readonly regle: string, message: string) {
    super(message);
  }
}

export type TypeContenu = 'ZIP' | 'TAR_GZ' | 'PDF' | 'XML';

/** By content, not by name: EDI archives travel without their `.tar.gz` extension. */
export function typeContenu(o: Uint8Array): TypeContenu {
  if (o[0] === 0x50 && o[1] === 0x4b && o[2] === 0x03 && o[3] === 0x04) return 'ZIP';
  if (o[0] === 0x1f && o[1] === 0x8b) return 'TAR_GZ';
  if (o[0] === 0x25 && o[1] === 0x50 && o[2] === 0x44 && o[3] === 0x46) return 'PDF';
  return 'XML';
}

function concatener(morceaux: Uint8Array[], taille: number): Uint8Array {
  const out = new Uint8Array(taille);
  let p = 0;
  for (const m of morceaux) {
    out.set(m, p);
    p += m.length;
  }
  return out;
}

const trop = (nom: string) => new ArchiveRefusee('GDP_MSG_11.022', `IRRECEVABILITE: le fichier ${nom} dépasse la taille maximale autorisée une fois décompressé.`);

export function lireZip(octets: Uint8Array): FichierArchive[] {
  const fichiers: FichierArchive[] = [];
  let total = 0;
  let refus: ArchiveRefusee | undefined;
  const uz = new Unzip();
  uz.register(UnzipInflate);
  uz.onfile = (f) => {
    if (f.name.endsWith('/')) return;
    if (fichiers.length >= FACTURES_MAX_PAR_FLUX) throw new ArchiveRefusee('ERR_ARCHIVE_002', `IRRECEVABILITE: l'archive contient plus de ${FACTURES_MAX_PAR_FLUX} fichiers.`);
    if ((f.originalSize ?? 0) > TAILLE_MAX_FICHIER || total + (f.originalSize ?? 0) > TAILLE_MAX_DECOMPRESSEE) throw trop(f.name);
    const morceaux: Uint8Array[] = [];
    let taille = 0;
    f.ondata = (err, morceau, fin) => {
      // fflate hands an error thrown here back as `err`: keep ours, so the size refusal is not lost.
      if (err) throw refus ?? new ArchiveRefusee('ERR_ARCHIVE_001', `IRRECEVABILITE: archive zip illisible (${err.message}).`);
      taille += morceau.length;
      total += morceau.length;
      if (taille > TAILLE_MAX_FICHIER || total > TAILLE_MAX_DECOMPRESSEE) throw (refus = trop(f.name));
      morceaux.push(morceau);
      if (fin) fichiers.push({ nom: f.name, octets: concatener(morceaux, taille) });
    };
    f.start();
  };
  try {
    uz.push(octets, true);
  } catch (err) {
    if (refus) throw refus;
    if (err instanceof ArchiveRefusee) throw err;
    throw new ArchiveRefusee('ERR_ARCHIVE_001', `IRRECEVABILITE: archive zip illisible (${(err as Error).message}).`);
  }
  return fichiers;
}

function gunzipBorne(octets: Uint8Array): Uint8Array {
  const morceaux: Uint8Array[] = [];
  let taille = 0;
  let refus: ArchiveRefusee | undefined;
  const gz = new Gunzip((morceau) => {
    taille += morceau.length;
    if (taille > TAILLE_MAX_DECOMPRESSEE) throw (refus = trop('tar.gz'));
    morceaux.push(morceau);
  });
  try {
    gz.push(octets, true);
  } catch (err) {
    if (refus) throw refus;
    if (err instanceof ArchiveRefusee) throw err;
    throw new ArchiveRefusee('ERR_ARCHIVE_001', `IRRECEVABILITE: archive gzip illisible (${(err as Error).message}).`);
  }
  return concatener(morceaux, taille);
}

const ascii = (o: Uint8Array, debut: number, fin: number) => new TextDecoder().decode(o.subarray(debut, fin)).replace(/\0.*$/s, '');

/** Minimal ustar reader: regular files only, GNU long names (`L`) honoured, pax headers skipped. */
export function lireTarGz(octets: Uint8Array): FichierArchive[] {
  const tar = gunzipBorne(octets);
  const fichiers: FichierArchive[] = [];
  let p = 0;
  let nomLong: string | null = null;
  while (p + 512 <= tar.length) {
    if (tar[p] === 0) break;
    const taille = parseInt(ascii(tar, p + 124, p + 136).trim() || '0', 8);
    if (!Number.isFinite(taille) || taille < 0 || p + 512 + taille > tar.length) throw new ArchiveRefusee('ERR_ARCHIVE_001', 'IRRECEVABILITE: archive tar illisible.');
    const type = String.fromCharCode(tar[p + 156]);
    const prefixe = ascii(tar, p + 345, p + 500);
    const nom = nomLong ?? (prefixe ? `${prefixe}/` : '') + ascii(tar, p, p + 100);
    const contenu = tar.subarray(p + 512, p + 512 + taille);
    nomLong = null;
    if (type === 'L') nomLong = ascii(contenu, 0, contenu.length);
    else if (type === '0' || type === '\0') {
      if (taille > TAILLE_MAX_FICHIER) throw trop(nom);
      if (fichiers.length >= FACTURES_MAX_PAR_FLUX) throw new ArchiveRefusee('ERR_ARCHIVE_002', `IRRECEVABILITE: l'archive contient plus de ${FACTURES_MAX_PAR_FLUX} fichiers.`);
      fichiers.push({ nom, octets: contenu });
    }
    p += 512 + Math.ceil(taille / 512) * 512;
  }
  return fichiers;
}

/** Builds a .tar.gz (tests, and the writer of sample flux). */
export function ecrireTar(fichiers: FichierArchive[]): Uint8Array {
  const blocs: Uint8Array[] = [];
  const enc = new TextEncoder();
  for (const f of fichiers) {
    const h = new Uint8Array(512);
    h.set(enc.encode(f.nom.slice(0, 99)), 0);
    h.set(enc.encode('0000644\0'), 100);
    h.set(enc.encode('0000000\0'), 108);
    h.set(enc.encode('0000000\0'), 116);
    h.set(enc.encode(`${f.octets.length.toString(8).padStart(11, '0')}\0`), 124);
    h.set(enc.encode('00000000000\0'), 136);
    h.set(enc.encode('        '), 148);
    h[156] = 0x30;
    h.set(enc.encode('ustar\0' + '00'), 257);
    const somme = h.reduce((s, b) => s + b, 0);
    h.set(enc.encode(`${somme.toString(8).padStart(6, '0')}\0 `), 148);
    blocs.push(h, f.octets, new Uint8Array((512 - (f.octets.length % 512)) % 512));
  }
  blocs.push(new Uint8Array(1024));
  return concatener(blocs, blocs.reduce((s, b) => s + b.length, 0));
}
