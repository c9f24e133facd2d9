import { expect, it } from 'vitest';
import { ConfigError, listenUrl, loadConfig, publicUrlWarning } from '../src/config';

it('has working defaults: the embedded database, demo data, the system clock', () => {
  expect(loadConfig({})).toMatchObject({
    port: 3000,
    host: '127.0.0.1',
    databaseUrl: undefined,
    dataDir: './data',
    dbPoolSize: 4,
    clock: 'system',
    seedDemo: true,
  });
});

it('takes a primary and its standbys as one DATABASE_URL, as libpq does', () => {
  const url = 'postgres://u@db1:5432,db2:5433/titles?target_session_attrs=read-write';
  expect(loadConfig({ DATABASE_URL: url }).databaseUrl).toBe(url);
  expect(() => loadConfig({ DATABASE_URL: 'postgres://u@db1:5432,db 2/titles' })).toThrow(/DATABASE_URL/);
});

it('sends webhooks to internal addresses only as WEBHOOK_ALLOWED_HOSTS names them', () => {
  expect(loadConfig({}).webhookAllowedHosts).toEqual([]);
  expect(loadConfig({ WEBHOOK_ALLOWED_HOSTS: ' hooks.internal, 10.0.0.0/8,::1 ' }).webhookAllowedHosts).toEqual([
    'hooks.internal',
    '10.0.0.0/8',
    '::1',
  ]);
  for (const bad of ['10.0.0.0/33', 'http://x', 'a b', '10.0.0.1/8/1']) {
    expect(() => loadConfig({ WEBHOOK_ALLOWED_HOSTS: bad }), bad).toThrow(/WEBHOOK_ALLOWED_HOSTS/);
  }
});

it('seeds demo data on a real server only when asked', () => {
  expect(loadConfig({ DATABASE_URL: 'postgres://u@db/titles' }).seedDemo).toBe(false);
  expect(loadConfig({ DATABASE_URL: 'postgres://u@db/titles', SEED_DEMO: 'true' }).seedDemo).toBe(true);
});

it.each([
  ['PORT', 'abc'],
  ['PORT', '70000'],
  ['DATABASE_URL', 'mysql://u@db/x'],
  ['DB_POOL_SIZE', '0'],
  ['JWT_SECRET', 'short'],
  ['CLOCK', 'sometimes'],
  ['LOG_LEVEL', 'loud'],
  ['SEED_DEMO', 'maybe'],
  ['TIMER_POLL_MS', '1'],
  ['DB_CONNECT_TIMEOUT_MS', '0'],
  ['DB_STATEMENT_TIMEOUT_MS', 'ten'],
  ['DB_IDLE_TX_TIMEOUT_MS', '1.5'],
  ['REQUEST_DEADLINE_MS', '10'],
  ['MAX_EVENT_LOOP_DELAY_MS', '-1'],
  ['METRICS_LISTEN', '9464'],
  ['METRICS_LISTEN', '127.0.0.1:99999'],
  ['MAX_UPLOAD_MB', '0'],
  ['MAX_MATERIALS_MB', 'lots'],
  ['PUBLIC_URL', 'ftp://titles.example.cn'],
  ['VERIFY_RATE_LIMIT', '0'],
  ['IDLE_WORKING_DAYS', '0'],
])('names %s when it is %j', (name, value) => {
  expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
  expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`^invalid environment: ${name}: `));
});

it('names every bad variable at once', () => {
  expect(() => loadConfig({ PORT: 'x', CLOCK: 'y' })).toThrow(/PORT: .*; CLOCK: /);
});

it('bounds every database wait and the request deadline by default, and reads a separate metrics address', () => {
  expect(loadConfig({})).toMatchObject({
    dbTimeouts: { connectMs: 5_000, statementMs: 10_000, idleInTransactionMs: 10_000 },
    requestDeadlineMs: 15_000,
    maxEventLoopDelayMs: 1_000,
    metricsListen: undefined,
  });
  expect(loadConfig({ METRICS_LISTEN: '0.0.0.0:9464', MAX_EVENT_LOOP_DELAY_MS: '0' })).toMatchObject({
    metricsListen: { host: '0.0.0.0', port: 9464 },
    maxEventLoopDelayMs: 0,
  });
});

it('bounds uploads at 20 MiB a file and 200 MiB an application, and links public pages to where it listens', () => {
  expect(loadConfig({}).documents).toMatchObject({
    maxFileBytes: 20 * 1024 * 1024,
    maxApplicationBytes: 200 * 1024 * 1024,
    verifyRateLimit: 30,
  });
  expect(loadConfig({}).documents.objectionsContact).toContain('63938300');
  // Unset, it is the address the service listens at, read from the socket (test/server/server.test.ts).
  expect(loadConfig({ PORT: '8080' }).documents.publicUrl).toBeUndefined();
  expect(loadConfig({ PUBLIC_URL: 'https://titles.example.cn/' }).documents.publicUrl).toBe('https://titles.example.cn');
});

it('names the address a server listens at by its bound port, a wildcard address on loopback', () => {
  expect(listenUrl({ address: '127.0.0.1', family: 'IPv4', port: 41234 })).toBe('http://127.0.0.1:41234');
  expect(listenUrl({ address: '0.0.0.0', family: 'IPv4', port: 8080 })).toBe('http://127.0.0.1:8080');
  expect(listenUrl({ address: '::', family: 'IPv6', port: 8080 })).toBe('http://127.0.0.1:8080');
  expect(listenUrl({ address: '::1', family: 'IPv6', port: 8080 })).toBe('http://[::1]:8080');
});

it('warns when certificates would lead their readers to an address only this machine reaches', () => {
  const warning = (env: Record<string, string>) => {
    const { publicUrl } = loadConfig(env).documents;
    return publicUrlWarning(publicUrl, publicUrl ?? 'http://127.0.0.1:41234');
  };
  expect(warning({})).toMatch(/PUBLIC_URL is not set.*http:\/\/127\.0\.0\.1:41234\/v1\/public\/certificates/);
  for (const url of ['http://localhost:3000', 'http://127.0.0.2', 'http://[::1]:8080', 'http://0.0.0.0:3000'])
    expect(warning({ PUBLIC_URL: url }), url).toMatch(/PUBLIC_URL is a loopback address.*\/v1\/public\/certificates/);
  expect(warning({ PUBLIC_URL: 'https://titles.cixi.gov.cn' })).toBeUndefined();
});
