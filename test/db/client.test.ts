import { expect, it } from 'vitest';
import { postgresClient } from '../../src/db/client';

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
