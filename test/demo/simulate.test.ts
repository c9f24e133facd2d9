import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type SimulationSummary, simulate } from '../../src/demo/simulate';
import { expectEveryApplicationReplays } from '../api/support/replay';
import { auth, JWT_SECRET, type TestApp, testApp } from '../support/app';

// `npm run simulate` against a test instance listening on a port, through HTTP only: what it
// says it left behind must be what the API says is there.

let t: TestApp;
let summary: SimulationSummary;
const admin = () => auth(t.token({ sub: 'admin', role: 'admin' }));

beforeAll(async () => {
  t = await testApp('2026-03-02T02:00:00.000Z');
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = t.app.server.address() as AddressInfo;
  summary = await simulate({ url: `http://127.0.0.1:${port}`, tokenSecret: JWT_SECRET, apps: 16, seed: 7, concurrency: 4 });
}, 300_000);
afterAll(async () => {
  await t?.close();
});

/** Every application the admin can list, page by page, counted by state. */
async function listedStates(): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  let cursor: string | null = null;
  do {
    const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
    const page = (await t.app.inject({ url: `/v1/applications?limit=5${query}`, headers: admin() })).json();
    for (const a of page.items) counts[a.state] = (counts[a.state] ?? 0) + 1;
    cursor = page.nextCursor;
  } while (cursor);
  return counts;
}

it('drives a season with the manual clock and reports the states the API holds', async () => {
  expect(summary.clock).toBe('manual');
  expect(summary.applicationIds).toHaveLength(16);
  expect(Object.values(summary.finalStates).reduce((a, b) => a + b, 0)).toBe(16);
  const stats = (await t.app.inject({ url: '/v1/stats', headers: admin() })).json();
  expect(Object.fromEntries(stats.items.map((i: { state: string; count: number }) => [i.state, i.count]))).toEqual(summary.finalStates);
  expect(await listedStates()).toEqual(summary.finalStates);
  // Time passed: publicities ended by the service's timers and applications got past them.
  expect(summary.days).toBeGreaterThan(10);
  expect(summary.accepted.PAY_FEE).toBeGreaterThan(0);
  expect(summary.accepted['POST /v1/test/clock']).toBe(summary.days);
  expect(summary.refused).toEqual({});
  expect(await expectEveryApplicationReplays(t)).toBe(16);
});

it('repeats itself for the same seed, whatever the concurrency', async () => {
  const other = await testApp('2026-03-02T02:00:00.000Z');
  try {
    await other.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = other.app.server.address() as AddressInfo;
    const again = await simulate({ url: `http://127.0.0.1:${port}`, tokenSecret: JWT_SECRET, apps: 16, seed: 7, concurrency: 1 });
    const outcome = ({ accepted, refused, finalStates, days }: SimulationSummary) => ({ accepted, refused, finalStates, days });
    expect(outcome(again)).toEqual(outcome(summary));
  } finally {
    await other.close();
  }
}, 300_000);
