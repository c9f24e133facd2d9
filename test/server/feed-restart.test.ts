import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { createTokenService } from '../../src/auth/jwt';
import { validFacts } from '../machines/rules/fixtures';
import { idNumberFor, planBody, testUnits, unitId, validPayloads } from '../support/factories';
import { streamEvents } from '../support/sse';
import { baseUrl, call, startServer, stop } from './process';

const dataDir = mkdtempSync(join(tmpdir(), 'title-review-feed-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

type Item = { position: string; applicationId: string; event: { seq: number } };
const key = (i: Item) => `${i.applicationId}#${i.event.seq}`;

// A consumer that stopped at some position resumes there after the service was killed and
// started again: it gets every event applied before and after, none twice.
it('resumes the feed from a position taken before a kill -9, missing nothing and repeating nothing', async () => {
  const env = { CLOCK: 'manual', SEED_DEMO: 'false' };
  const first = startServer(dataDir, env);
  let url = await baseUrl(first);
  const tokens = createTokenService(readFileSync(join(dataDir, 'jwt-secret'), 'utf8').trim());
  const admin = tokens.sign({ sub: 'admin', role: 'admin' });
  const readFeed = async (after?: string): Promise<Item[]> => {
    const items: Item[] = [];
    for (let position = after; ; ) {
      const page = await call(url, admin, 'GET', `/v1/feed?limit=4${position ? `&after=${position}` : ''}`);
      if (page.items.length === 0) return items;
      items.push(...page.items);
      position = page.nextPosition;
    }
  };
  await call(url, admin, 'POST', '/v1/test/clock', { now: '2021-08-02T02:00:00.000Z' });
  const plan = await call(url, admin, 'POST', '/v1/plans', planBody('junior'));
  await call(url, admin, 'POST', '/v1/units', testUnits[0]);
  const draft = async (n: number) => {
    const applicant = tokens.sign({ sub: idNumberFor(n), role: 'applicant' });
    const app = await call(url, applicant, 'POST', '/v1/applications', { planId: plan.id, unitId, facts: validFacts() });
    return { id: app.id as string, applicant };
  };
  const a = await draft(1);
  const b = await draft(2);
  await call(url, a.applicant, 'POST', `/v1/applications/${a.id}/events`, { type: 'SUBMIT', ...validPayloads.SUBMIT });
  const before = await readFeed();
  expect(before).toHaveLength(3);
  const consumerAt = before[1]!.position;
  // A second consumer follows the stream and has its first two messages when the service dies.
  const streamed = await streamEvents(url, admin, 2);
  expect(streamed.map((m) => m.id)).toEqual([before[0]!.position, consumerAt]);
  expect(await stop(first, 'SIGKILL')).toBeNull();

  const second = startServer(dataDir, env);
  try {
    url = await baseUrl(second);
    // The manual clock goes on from where it stood: a day on.
    await call(url, admin, 'POST', '/v1/test/clock', { now: '2021-08-03T02:00:00.000Z' });
    await call(url, b.applicant, 'POST', `/v1/applications/${b.id}/events`, { type: 'SUBMIT', ...validPayloads.SUBMIT });
    const c = await draft(3);
    const resumed = await readFeed(consumerAt);
    expect(resumed.map(key)).toEqual([`${a.id}#1`, `${b.id}#1`, `${c.id}#0`]);
    // It reconnects with the last id it received, as EventSource does: the same events, none twice.
    const restreamed = await streamEvents(url, admin, 3, { 'last-event-id': streamed.at(-1)!.id });
    expect(restreamed.map((m) => key(m.data))).toEqual(resumed.map(key));
    expect((await readFeed()).map(key)).toEqual([...before.slice(0, 2).map(key), ...resumed.map(key)]);
  } finally {
    await stop(second);
  }
}, 120_000);
