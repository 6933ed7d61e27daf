/**
 * Size limits of an invoice and of its consultation. The reference documents none for lines or
 * attachments (only 10 MB per file, 120 MB per telecharger/groupe answer); these are the sandbox's,
 * set high above real invoices and low enough that one deposit never stalls the other sandboxes
 * (100,000 lines took about 2 s and answered 38 MB). A deposit over a limit is a 400 naming the field.
 */
export const LIGNES_POSTE_MAX = 5_000;
export const LIGNES_TVA_MAX = 100;
export const PIECES_JOINTES_COMPLEMENTAIRES_MAX = 100;
/** Largest page of a consultation's sub-list (lines, VAT, attachments, history); also the default size. */
export const SOUS_PAGE_MAX = 1_000;
