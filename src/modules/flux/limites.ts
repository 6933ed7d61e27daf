/**
 * Size limits of a flux (chorus-api §3.1.2, formats.md §1.3): 10 MB per file, 30 MB compressed.
 * The invoice count per archive follows the 500 a structured flux may hold on the real platform,
 * raised to 1,000 so a load test of one archive stays possible (see README).
 */
export const TAILLE_MAX_FICHIER = 10 * 1024 * 1024;
export const TAILLE_MAX_COMPRESSE = 30 * 1024 * 1024;
export const FACTURES_MAX_PAR_FLUX = 1000;
/** Total uncompressed bytes an archive may expand to: beyond it, a zip bomb. */
export const TAILLE_MAX_DECOMPRESSEE = 100 * 1024 * 1024;
