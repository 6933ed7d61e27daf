import type Database from 'better-sqlite3';

/**
 * Group commit: the writes of every request handled in one turn of the event loop go into one
 * transaction (BEGIN IMMEDIATE when the first request of the turn joins), committed once in the
 * turn's check phase (setImmediate); each request is answered only after that COMMIT. With
 * `synchronous=FULL` an answered request is as durable as before, for one fsync per turn instead
 * of one per statement outside a transaction.
 *
 * Services are unaware of it: their `transaction()` calls become savepoints of the group
 * transaction, so a failing service still undoes only its own writes. Requests waiting on a
 * group that fails to commit are answered with an error, never with a success.
 */
export class CommitGroupe {
  private courant: { promesse: Promise<void>; resoudre: () => void; rejeter: (e: unknown) => void } | null = null;

  constructor(private readonly sqlite: Database.Database) {}

  /** Opens the turn's transaction unless one is already open (idempotent within a turn). */
  joindre(): void {
    if (this.courant || this.sqlite.inTransaction) return;
    this.sqlite.exec('BEGIN IMMEDIATE');
    let resoudre!: () => void;
    let rejeter!: (e: unknown) => void;
    const promesse = new Promise<void>((res, rej) => {
      resoudre = res;
      rejeter = rej;
    });
    promesse.catch(() => undefined); // rejections are handled by the requests that wait
    this.courant = { promesse, resoudre, rejeter };
    setImmediate(() => this.valider());
  }

  /** Resolves when everything written so far is durable (immediately when no group is open). */
  async attendre(): Promise<void> {
    if (this.courant) await this.courant.promesse;
  }

  /** Commits the open group now (also used when the app closes). */
  valider(): void {
    const groupe = this.courant;
    if (!groupe) return;
    this.courant = null;
    if (!this.sqlite.open) {
      groupe.rejeter(new Error('database closed before the group was committed'));
      return;
    }
    // SQLite may have rolled the whole transaction back itself (disk full, I/O error): the
    // requests of the group must then not be told their writes were kept.
    if (!this.sqlite.inTransaction) {
      groupe.rejeter(new Error('group transaction rolled back by SQLite'));
      return;
    }
    try {
      this.sqlite.exec('COMMIT');
      groupe.resoudre();
    } catch (error) {
      if (this.sqlite.inTransaction) this.sqlite.exec('ROLLBACK');
      groupe.rejeter(error);
    }
  }
}
