import { expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config';

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
  ['IDLE_WORKING_DAYS', '0'],
])('names %s when it is %j', (name, value) => {
  expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
  expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`^invalid environment: ${name}: `));
});

it('names every bad variable at once', () => {
  expect(() => loadConfig({ PORT: 'x', CLOCK: 'y' })).toThrow(/PORT: .*; CLOCK: /);
});
