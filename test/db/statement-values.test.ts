import { sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { freshDatabase } from '../support/db';

// On PGlite the service's statements are prepared once and run with their values written as
// SQL literals (src/db/pglite-worker.ts). Whatever a value holds, it must arrive as itself —
// on its first run (prepared then) and on later ones (executed) — and inside a transaction.

const hostile = [
  "O'Brien",
  "'); drop table applications; --",
  "back\\slash \\x00 \\\\ and \\'",
  '$1 $$ $tag$ dollar',
  '张伟 𠀀 emoji 🙂',
  '',
  ' leading and trailing ',
  '{"json":"in a string","q":"\'"}',
];

it('passes every value through as itself, first run and later, in and out of a transaction', async () => {
  const database = await freshDatabase();
  try {
    const roundTrip = async (db: typeof database.db, v: string | number | boolean | null) => {
      const rows = await db.execute(sql`select ${v}::text as v`);
      const row = (Array.isArray(rows) ? rows : (rows as unknown as { rows: unknown[] }).rows)[0] as { v: string | null };
      return row.v;
    };
    for (let run = 0; run < 3; run++) {
      for (const v of hostile) expect(await roundTrip(database.db, v)).toBe(v);
      expect(await roundTrip(database.db, 42)).toBe('42');
      expect(await roundTrip(database.db, -1.5)).toBe('-1.5');
      expect(await roundTrip(database.db, null)).toBe(null);
      await database.db.transaction(async (tx) => {
        for (const v of hostile) expect(await roundTrip(tx as typeof database.db, v)).toBe(v);
      });
    }
    // And the table the second value names is still there.
    await expect(database.db.execute(sql`select count(*) from applications`)).resolves.toBeDefined();
  } finally {
    await database.close();
  }
});
