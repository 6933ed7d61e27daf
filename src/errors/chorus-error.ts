/** One business or validation error of the catalogue: what the wire shows, and with which HTTP status. */
export interface ErrorEntry {
  readonly codeRetour: number;
  readonly libelle: string;
  readonly httpStatus: number;
}

/**
 * Thrown by services and turned into `{codeRetour, libelle}` by the error handler.
 * `libelle` may be refined per occurrence (e.g. to name the offending field) while keeping the code.
 */
export class ChorusError extends Error {
  readonly codeRetour: number;
  readonly httpStatus: number;
  readonly libelle: string;
  /** The form field the error is about (a portal shows the libellé beside it), when one is. */
  readonly champ: string | undefined;

  constructor(entry: ErrorEntry, libelle: string = entry.libelle, champ?: string) {
    super(libelle);
    this.champ = champ;
    this.name = 'ChorusError';
    this.codeRetour = entry.codeRetour;
    this.httpStatus = entry.httpStatus;
    this.libelle = libelle;
  }
}

export function isChorusError(value: unknown): value is ChorusError {
  return value instanceof ChorusError;
}

/** Declares a group of catalogue entries, keeping their literal keys for autocompletion. */
export function defineErrors<const T extends Record<string, ErrorEntry>>(entries: T): Readonly<T> {
  return Object.freeze(entries);
}
