import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { baseUrl, startServer, stop } from './process';

const dataDir = mkdtempSync(join(tmpdir(), 'title-review-data-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const start = (env: Record<string, string>) => startServer(dataDir, env);

describe('server', () => {
  it('starts on the embedded database with demo data, answers health and docs, and keeps data across a restart', async () => {
    const first = start({});
    // The banner follows the demo season, which takes a while on a busy machine.
    const url = await baseUrl(first, 150_000);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    expect((await fetch(`${url}/docs`)).status).toBe(200);
    const openapi = await (await fetch(`${url}/openapi.json`)).json();
    expect(Object.keys(openapi.paths)).toContain('/v1/applications/{id}/events');
    const admin = /admin: +(\S+)/.exec(first.out())![1]!;
    const list = async (u: string) =>
      (await (await fetch(`${u}/v1/applications`, { headers: { authorization: `Bearer ${admin}` } })).json()).items;
    const before = await list(url);
    expect(before.length).toBeGreaterThan(0);
    expect(await stop(first)).toBe(0);

    const second = start({});
    const url2 = await baseUrl(second);
    // Same secret kept beside the data: the first run's token still works, and nothing was seeded twice.
    expect(await list(url2)).toEqual(before);
    expect(await stop(second)).toBe(0);
  }, 240_000);

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ DATABASE_URL: 'not a url' }, 'DATABASE_URL'],
    [{ CLOCK: 'sometimes' }, 'CLOCK'],
    [{ DATABASE_URL: 'postgres://127.0.0.1:5432/test' }, 'JWT_SECRET'],
  ])(
    'refuses to start with %o, naming the variable on one line',
    async (env, name) => {
      const run = start(env);
      expect(await run.exited).toBe(1);
      const lines = run.err().trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(name);
      expect(run.err()).not.toMatch(/\n\s+at /);
    },
    30_000,
  );
});
