/** `attachment` with the file's name: an ASCII fallback and the exact name (RFC 6266, RFC 5987). */
export function enPieceJointe(nom: string): string {
  const ascii = nom.replace(/[^\x20-\x7e]|["\\]/g, '_');
  const exact = encodeURIComponent(nom).replace(/['()*!]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${exact}`;
}
