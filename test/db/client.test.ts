import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { openDatabase, postgresClient } from '../../src/db/client';
import { calendarYears } from '../../src/db/schema';

it('takes a libpq-style ?host=/socket/dir from the URL as a Unix socket, not as a server setting', async () => {
  const sql = postgresClient('postgres://titles@localhost:5433/titles?host=/var/run/postgresql', 1);
  expect(sql.options.path).toBe('/var/run/postgresql/.s.PGSQL.5433');
  expect(sql.options.connection).not.toHaveProperty('host');
  await sql.end();
});

it('leaves an ordinary TCP URL alone', async () => {
  const sql = postgresClient('postgres://titles@127.0.0.1:5432/titles', 1);
  expect(sql.options.path).toBeFalsy();
  expect(sql.options.host).toEqual(['127.0.0.1']);
  await sql.end();
});

it('opens a new embedded data directory with 32 MB of shared buffers, migrated, and finds its data when opened again', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'title-review-client-'));
  try {
    const first = await openDatabase({ dataDir });
    const shown = (await first.db.execute(sql`show shared_buffers`)) as unknown as { rows: unknown[] };
    expect(shown.rows).toEqual([{ shared_buffers: '32MB' }]);
    await first.db.insert(calendarYears).values({ year: 1999, holidays: [], workdays: [], loadedBy: 'test', loadedAt: new Date() });
    await first.close();
    const again = await openDatabase({ dataDir });
    expect((await again.db.select().from(calendarYears)).map((y) => y.year)).toContain(1999);
    await again.close();
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}, 120_000);
