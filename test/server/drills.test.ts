import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createTokenService } from '../../src/auth/jwt';
import { postgresClient } from '../../src/db/client';
import { JWT_SECRET } from '../support/app';
import { usingRealPostgres } from '../support/db';
import { factsFor, idNumberFor, planBody, testUnits, unitId } from '../support/factories';
import { baseUrl, type Run, startServer as start, stop } from './process';

// Issue 9, findings 1, 4 and 5, replayed against the real `npm start`.

const dirs: string[] = [];
const runs: Run[] = [];
/** Every process a drill starts is stopped at the end, also when an assertion failed half-way. */
const startServer = (dataDir: string, env: Record<string, string>) => {
  const run = start(dataDir, env);
  runs.push(run);
  return run;
};
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'title-review-drill-'));
  dirs.push(dir);
  return dir;
};
afterAll(async () => {
  await Promise.all(runs.filter((run) => run.child.exitCode === null && run.child.signalCode === null).map((run) => stop(run, 'SIGKILL')));
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
  }, 300_000);
});

describe('kill -9 under load', () => {
  it('loses no acknowledged transition and applies none twice', async () => {
    const dataDir = tempDir();
    const first = startServer(dataDir, { SEED_DEMO: 'false' });
    const url = await baseUrl(first);
    const tokens = createTokenService(readFileSync(join(dataDir, 'jwt-secret'), 'utf8').trim());
    const call = (token: string, method: string, path: string, body?: unknown) =>
      fetch(`${url}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });
    const admin = tokens.sign({ sub: 'admin', role: 'admin' });
    const plan = await (await call(admin, 'POST', '/v1/plans', planBody('junior'))).json();
    expect((await call(admin, 'POST', '/v1/units', testUnits[0])).status).toBe(201);
    const workers = [0, 1, 2, 3].map((w) => ({ token: tokens.sign({ sub: idNumberFor(700 + w), role: 'applicant' }), id: '' }));
    for (const w of workers)
      w.id = (await (await call(w.token, 'POST', '/v1/applications', { planId: plan.id, unitId, facts: factsFor('junior') })).json()).id;
    const acknowledged: { id: string; version: number; name: string }[] = [];
    let killed = false;
    const load = workers.map(async (w, n) => {
      for (let i = 0; !killed; i++) {
        const name = `压测${n}-${i}`;
        try {
          const res = await call(w.token, 'POST', `/v1/applications/${w.id}/events`, { type: 'UPDATE_DRAFT', facts: { name } });
          if (res.status === 200) acknowledged.push({ id: w.id, version: (await res.json()).version, name });
        } catch {
          // The connection died with the process: not acknowledged.
        }
      }
    });
    // Killed mid-load once enough writes are acknowledged: a fixed wait acknowledged too few on a busy machine.
    for (let i = 0; i < 600 && acknowledged.length <= 10; i++) await new Promise((r) => setTimeout(r, 50));
    killed = true;
    expect(await stop(first, 'SIGKILL')).toBeNull();
    await Promise.all(load);
    expect(acknowledged.length).toBeGreaterThan(10);

    const again = startServer(dataDir, { SEED_DEMO: 'false' });
    const url2 = await baseUrl(again);
    for (const w of workers) {
      const res = await fetch(`${url2}/v1/applications/${w.id}/history`, { headers: { authorization: `Bearer ${admin}` } });
      const items: { seq: number; payload: { facts?: { name: string } } }[] = (await res.json()).items;
      expect(items.map((e) => e.seq)).toEqual(items.map((_, i) => i));
      const names = new Map(items.map((e) => [e.seq, e.payload.facts?.name]));
      for (const a of acknowledged.filter((a) => a.id === w.id)) expect(names.get(a.version)).toBe(a.name);
    }
    expect(await stop(again)).toBe(0);
  }, 300_000);
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
    300_000,
  );
});
