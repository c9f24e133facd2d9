import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { postgresClient } from '../../src/db/client';
import { JWT_SECRET } from '../support/app';
import { usingRealPostgres } from '../support/db';
import { baseUrl, startServer, stop } from './process';

// Issue 9, findings 1, 4 and 5, replayed against the real `npm start`.

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'title-review-drill-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const oneLine = (text: string) => {
  const lines = text.trim().split('\n');
  expect(lines).toHaveLength(1);
  return lines[0]!;
};

describe('one DATA_DIR', () => {
  it('refuses a second process with one line naming the first; after a kill -9 the next start takes the lock over', async () => {
    const dataDir = tempDir();
    const first = startServer(dataDir, { SEED_DEMO: 'false' });
    await baseUrl(first);
    const second = startServer(dataDir, { SEED_DEMO: 'false' });
    expect(await second.exited).toBe(1);
    expect(oneLine(second.err())).toMatch(new RegExp(`DATA_DIR .* in use by process ${first.child.pid}\\b`));
    expect(second.out()).not.toContain('API docs');

    expect(await stop(first, 'SIGKILL')).toBeNull();
    const third = startServer(dataDir, { SEED_DEMO: 'false' });
    await baseUrl(third);
    expect(await stop(third)).toBe(0);
    // A clean stop releases the lock.
    expect(existsSync(join(dataDir, 'title-review.lock'))).toBe(false);
  }, 90_000);
});

describe('start-up', () => {
  it('says in one line that the connection was refused when DATABASE_URL points at a closed port', async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const address = probe.address();
        probe.close(() => resolve(typeof address === 'object' && address ? address.port : 1));
      });
    });
    const run = startServer(tempDir(), { DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/x`, JWT_SECRET });
    expect(await run.exited).toBe(1);
    expect(oneLine(run.err())).toBe(
      `title-review: failed to start: cannot reach PostgreSQL at 127.0.0.1:${port}: the connection was refused`,
    );
  }, 30_000);

  it.runIf(usingRealPostgres())(
    'brings up three processes started together on an empty database',
    async () => {
      const url = new URL(process.env.DATABASE_URL!);
      const name = `drill_${Date.now().toString(36)}`;
      const admin = postgresClient(url.toString(), 1);
      await admin.unsafe(`create database ${name}`);
      try {
        url.pathname = `/${name}`;
        const runs = [0, 1, 2].map(() => startServer(tempDir(), { DATABASE_URL: url.toString(), JWT_SECRET }));
        const urls = await Promise.all(runs.map((run) => baseUrl(run)));
        for (const u of urls) expect((await fetch(`${u}/readyz`)).status).toBe(200);
        for (const run of runs) expect(await stop(run)).toBe(0);
        for (const run of runs) expect(run.err()).toBe('');
      } finally {
        await admin.unsafe(`drop database if exists ${name} with (force)`);
        await admin.end();
      }
    },
    90_000,
  );
});
