import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { qrCodesOn, readPdf } from '../documents/pdf-reader';
import { baseUrl, startServer, stop } from './process';

const dataDir = mkdtempSync(join(tmpdir(), 'title-review-data-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const start = (env: Record<string, string>) => startServer(dataDir, env);

describe('server', () => {
  it('starts on the embedded database with demo data, answers health and docs, and keeps data across a restart', async () => {
    const first = start({});
    // The banner comes before the demo season (issue 29): it seeds while the service listens.
    const url = await baseUrl(first, 150_000);
    expect(first.out()).toContain('Seeding the demo season');
    const admin = /admin: +(\S+)/.exec(first.out())![1]!;
    const get = (u: string, path: string) => fetch(`${u}${path}`, { headers: { authorization: `Bearer ${admin}` } });
    // Sent at once: it waits for the season instead of failing, and sees all of it.
    const counted = get(url, '/v1/stats');
    const readyz: string[] = [];
    while (readyz.at(-1) !== '200') {
      const res = await fetch(`${url}/readyz`);
      readyz.push(res.status === 200 ? '200' : `${res.status} ${(await res.json()).reason}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    // Not ready until the season is in, then ready for good: one change, no flapping.
    for (let i = 0; i < 3; i++) readyz.push(String((await fetch(`${url}/readyz`)).status));
    const changes = readyz.filter((a, i) => a !== readyz[i - 1]);
    expect([['503 seeding the demo season', '200'], ['200']]).toContainEqual(changes);
    while (!/Demo season: \d+ applications/.test(first.out())) await new Promise((r) => setTimeout(r, 100));
    const seeded = Number(/Demo season: (\d+) applications/.exec(first.out())![1]);
    expect((await counted).status).toBe(200);
    expect((await (await counted).json()).total).toBe(seeded);

    // PORT=0 binds a free port; without PUBLIC_URL, the certificates and public links name it (not port 0).
    expect(first.out()).toContain(`PUBLIC_URL is not set: the certificates issued now lead their readers to ${url}/v1/public/certificates`);
    const lists = (await (await get(url, '/v1/publicity-lists')).json()).items as Array<{ publicPage: string }>;
    expect(lists.length).toBeGreaterThan(0);
    for (const list of lists) expect(list.publicPage).toMatch(new RegExp(`^${url}/v1/public/publicities/`));
    const [certified] = (await (await get(url, '/v1/applications?state=certified&limit=1')).json()).items;
    const certificate = await readPdf(
      new Uint8Array(await (await get(url, `/v1/applications/${certified.id}/certificate.pdf`)).arrayBuffer()),
    );
    expect((await qrCodesOn(certificate, 1))[0]).toMatch(new RegExp(`^${url}/v1/public/certificates/[0-9A-F]{12}$`));
    expect(certificate.pageTexts[0]).toContain(`${url}/v1/public/certificates`);

    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect((await fetch(`${url}/docs`)).status).toBe(200);
    const openapi = await (await fetch(`${url}/openapi.json`)).json();
    expect(Object.keys(openapi.paths)).toContain('/v1/applications/{id}/events');
    const list = async (u: string) => (await (await get(u, '/v1/applications')).json()).items;
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
