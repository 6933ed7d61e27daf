import { eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.js';
import { lie, param, parBase, portee, valeursPortees } from '../../src/db/scoped.js';
import { factures, notifications } from '../../src/db/schema/index.js';

const base = openDatabase(':memory:');
afterAll(() => base.close());

describe('scoped repositories (src/db/scoped.ts)', () => {
  it('refuses to prepare a read without the sandbox filter', () => {
    expect(() => lie(base.db.select().from(factures).where(eq(factures.id, param('id'))))).toThrow(/unscoped query/);
  });

  it('refuses an insert whose sandbox_id is not bound to the caller', () => {
    const enDur = base.db.insert(notifications).values({ sandboxId: 'a', id: 1, utilisateurId: 1, factureId: 1, type: 't', message: 'm', date: 'd' });
    expect(() => lie(enDur)).toThrow(/unscoped query/);
  });

  it('binds :sandboxId from the caller, so two sandboxes with the same ids read their own rows', () => {
    const lire = lie<{ id: number }, { id: number; numeroFacture: string }>(
      base.db.select({ id: factures.id, numeroFacture: factures.numeroFacture }).from(factures).where(portee(factures, eq(factures.id, param('id')))),
    );
    expect(lire.get({ sandboxId: 'a' }, { id: 1 })).toBeUndefined();
    expect(() => lie(base.db.insert(factures).values(valeursPortees(factures)))).not.toThrow();
  });

  it('builds a repository once per database', () => {
    let construits = 0;
    const repo = parBase(() => ({ n: ++construits }));
    expect(repo(base.db)).toBe(repo(base.db));
    expect(construits).toBe(1);
    const autre = openDatabase(':memory:');
    expect(repo(autre.db).n).toBe(2);
    autre.close();
  });
});
