import { createServer } from 'node:net';
import { DrizzleQueryError } from 'drizzle-orm/errors';
import { expect, it } from 'vitest';
import { postgresClient } from '../../src/db/client';
import { databaseErrorFacts, describeUnreachable, isDatabaseUnavailable } from '../../src/db/errors';

const sqlError = (code: string, extra: Record<string, string> = {}) =>
  Object.assign(new Error('value "330282199005121235"'), { code, ...extra });

it('tells an unavailable database (503) from a bad statement (a bug)', () => {
  for (const code of [
    '53300',
    '53100',
    '57P01',
    '57P03',
    '08006',
    '08001',
    '57014',
    '25P03',
    '25006',
    'ECONNREFUSED',
    'ECONNRESET',
    'CONNECTION_CLOSED',
    'CONNECT_TIMEOUT',
  ])
    expect(isDatabaseUnavailable(sqlError(code)), code).toBe(true);
  for (const code of ['23505', '23514', '22P02', '42601', '40001', 'ERR_X'])
    expect(isDatabaseUnavailable(sqlError(code)), code).toBe(false);
  expect(isDatabaseUnavailable(new Error('PGlite is closed'))).toBe(true);
  // Wrapped by drizzle, or one of several attempts (a host with IPv4 and IPv6 addresses).
  expect(isDatabaseUnavailable(new DrizzleQueryError('select 1', [], sqlError('57P01')))).toBe(true);
  expect(isDatabaseUnavailable(new AggregateError([sqlError('ECONNREFUSED')]))).toBe(true);
  expect(isDatabaseUnavailable(new TypeError('x is undefined'))).toBe(false);
});

it('reports a database error by name, code and constraint only: never its message, statement or parameters', () => {
  const err = new DrizzleQueryError(
    'insert into t values ($1)',
    ['330282199005121235'],
    sqlError('23505', { constraint_name: 'one_open' }),
  );
  const facts = databaseErrorFacts(err);
  expect(facts).toEqual({ error: 'Error', code: '23505', constraint: 'one_open' });
  expect(JSON.stringify(facts)).not.toContain('330282199005121235');
  expect(databaseErrorFacts(new TypeError('x'))).toBeNull();
});

const closedPort = () =>
  new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 1));
    });
  });

it('says in words that a closed port refused the connection', async () => {
  const port = await closedPort();
  const url = `postgres://u@127.0.0.1:${port}/x`;
  const client = postgresClient(url, 1);
  const err = await client`select 1`.then(
    () => null,
    (e: unknown) => e,
  );
  await client.end();
  expect(isDatabaseUnavailable(err)).toBe(true);
  expect(describeUnreachable(err, url)).toBe(`cannot reach PostgreSQL at 127.0.0.1:${port}: the connection was refused`);
});

it('names every host of a primary-and-standbys URL', () => {
  const url = 'postgres://u@127.0.0.1:5433,127.0.0.1:5434/x?target_session_attrs=read-write';
  const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
  expect(describeUnreachable(refused, url)).toBe('cannot reach PostgreSQL at 127.0.0.1:5433, 127.0.0.1:5434: the connection was refused');
});
