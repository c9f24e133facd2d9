import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// The service as a user starts it: `tsx src/server.ts`, on the embedded database.

const root = resolve(import.meta.dirname, '../..');
const dataDir = mkdtempSync(join(tmpdir(), 'title-review-data-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

type Run = { child: ChildProcess; out: () => string; err: () => string; exited: Promise<number | null> };

function start(env: Record<string, string>): Run {
  const base = { ...process.env };
  delete base.DATABASE_URL;
  delete base.JWT_SECRET;
  const child = spawn(join(root, 'node_modules/.bin/tsx'), ['src/server.ts'], {
    cwd: root, env: { ...base, PORT: '0', LOG_LEVEL: 'warn', DATA_DIR: dataDir, ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => { out += d; });
  child.stderr!.on('data', (d) => { err += d; });
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return { child, out: () => out, err: () => err, exited };
}

async function baseUrl(run: Run): Promise<string> {
  for (let i = 0; i < 300; i++) {
    const m = /API docs: +(http:\/\/[^/\s]+)\/docs/.exec(run.out());
    if (m) return m[1]!;
    if (run.child.exitCode !== null) throw new Error(`server exited: ${run.err()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`server did not start: ${run.out()} ${run.err()}`);
}

async function stop(run: Run): Promise<number | null> {
  run.child.kill('SIGTERM');
  return run.exited;
}

describe('server', () => {
  it('starts on the embedded database with demo data, answers health and docs, and keeps data across a restart', async () => {
    const first = start({});
    const url = await baseUrl(first);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    expect((await fetch(`${url}/docs`)).status).toBe(200);
    const openapi = await (await fetch(`${url}/openapi.json`)).json();
    expect(Object.keys(openapi.paths)).toContain('/v1/applications/{id}/events');
    const admin = /admin: +(\S+)/.exec(first.out())![1]!;
    const list = async (u: string) => (await (await fetch(`${u}/v1/applications`, { headers: { authorization: `Bearer ${admin}` } })).json()).items;
    const before = await list(url);
    expect(before.length).toBeGreaterThan(0);
    expect(await stop(first)).toBe(0);

    const second = start({});
    const url2 = await baseUrl(second);
    // Same secret kept beside the data: the first run's token still works, and nothing was seeded twice.
    expect(await list(url2)).toEqual(before);
    expect(await stop(second)).toBe(0);
  }, 60_000);

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ DATABASE_URL: 'not a url' }, 'DATABASE_URL'],
    [{ CLOCK: 'sometimes' }, 'CLOCK'],
    [{ DATABASE_URL: 'postgres://127.0.0.1:5432/test' }, 'JWT_SECRET'],
  ])('refuses to start with %o, naming the variable on one line', async (env, name) => {
    const run = start(env);
    expect(await run.exited).toBe(1);
    const lines = run.err().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(name);
    expect(run.err()).not.toMatch(/\n\s+at /);
  }, 30_000);
});
