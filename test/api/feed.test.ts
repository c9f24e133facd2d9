import { afterAll, beforeAll, expect, it } from 'vitest';
import { postgresClient } from '../../src/db/client';
import { auth, createPlan, send, type TestApp, testApp } from '../support/app';
import { databaseUrlOf, usingRealPostgres } from '../support/db';
import { validPayloads } from '../support/factories';
import { latch } from '../support/latch';
import { history } from './support/inspect';
import { expectHistoryReplays } from './support/replay';
import { applicationIn, T0 } from './support/walk';

// GET /v1/feed: every applied event once, in one order, resumable after any position.
// The oracle is each application's own history: the feed must hold exactly those events.

let t: TestApp;
let planId: string;
beforeAll(async () => {
  t = await testApp(T0);
  planId = await createPlan(t);
});
afterAll(async () => {
  await t?.close();
});

type Item = { position: string; applicationId: string; event: { seq: number; type: string } };
const key = (i: Item) => `${i.applicationId}#${i.event.seq}`;

/** The whole feed after `after` as `token`, page by page. */
async function readFeed(token: string, after?: string, limit = 7): Promise<Item[]> {
  const items: Item[] = [];
  let position = after;
  for (;;) {
    const res = await t.app.inject({
      url: `/v1/feed?limit=${limit}${position ? `&after=${position}` : ''}`,
      headers: auth(token),
    });
    expect(res.statusCode, res.body).toBe(200);
    const page = res.json();
    items.push(...page.items);
    if (page.items.length === 0) return items;
    position = page.nextPosition;
  }
}

const admin = () => t.token({ sub: 'admin', role: 'admin' });

it('holds every applied event once, in an order a consumer can resume from any position', async () => {
  const apps = [
    await applicationIn(t, planId, 'municipalAudit'),
    await applicationIn(t, planId, 'submitted'),
    await applicationIn(t, planId, 'draft'),
  ];
  expect((await send(t, apps[2]!.id, apps[2]!.tk.applicant, 'WITHDRAW', validPayloads.WITHDRAW)).statusCode).toBe(200);

  const feed = await readFeed(admin());
  const expected = (await Promise.all(apps.map(async (a) => (await history(t, a.id)).map((h) => `${a.id}#${h.seq}`)))).flat();
  expect(feed.map(key).sort()).toEqual(expected.sort());
  expect(new Set(feed.map((i) => i.position)).size).toBe(feed.length);
  for (const a of apps) {
    const seqs = feed.filter((i) => i.applicationId === a.id).map((i) => i.event.seq);
    expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
  }
  // From every position, the rest of the feed and nothing else, whatever the page size.
  for (const [n, item] of feed.entries()) {
    expect((await readFeed(admin(), item.position, 1 + (n % 4))).map(key)).toEqual(feed.slice(n + 1).map(key));
  }

  // Each caller sees the events of the applications it may see, in the same order.
  const mine = await readFeed(apps[0]!.tk.applicant);
  expect(mine.map(key)).toEqual(feed.filter((i) => i.applicationId === apps[0]!.id).map(key));
  const otherUnit = t.token({ sub: 'other', role: 'unit', unitId: 'U-TEST-2' });
  expect(await readFeed(otherUnit)).toEqual([]);
  for (const a of apps) await expectHistoryReplays(t, a.id);
});

it('waits for the next event when asked, and answers as soon as it is applied', async () => {
  const end = (await readFeed(admin())).at(-1)!.position;
  const a = await applicationIn(t, planId, 'draft');
  const position = (await readFeed(admin(), end)).at(-1)!.position;
  const started = Date.now();
  const waiting = t.app.inject({ url: `/v1/feed?after=${position}&wait=5`, headers: auth(admin()) });
  await new Promise((r) => setTimeout(r, 600));
  expect((await send(t, a.id, a.tk.applicant, 'SUBMIT', validPayloads.SUBMIT)).statusCode).toBe(200);
  const page = (await waiting).json();
  expect(page.items.map((i: Item) => i.event.type)).toEqual(['SUBMIT']);
  expect(Date.now() - started).toBeLessThan(4500);
  const empty = await t.app.inject({ url: `/v1/feed?after=${page.nextPosition}&wait=1`, headers: auth(admin()) });
  expect(empty.json()).toEqual({ items: [], nextPosition: page.nextPosition });
});

it('misses nothing and repeats nothing while writers commit concurrently', async () => {
  const start = (await readFeed(admin())).at(-1)!.position;
  const drafts = [];
  for (let i = 0; i < 6; i++) drafts.push(await applicationIn(t, planId, 'draft'));
  const creations = await readFeed(admin(), start);
  const from = creations.at(-1)!.position;
  const seen: Item[] = [];
  let position = from;
  const deadline = Date.now() + 30_000;
  // Reads while the writers commit, page by page, until it has seen the two events of each draft.
  const reader = (async () => {
    while (seen.length < drafts.length * 2 && Date.now() < deadline) {
      const page = (await t.app.inject({ url: `/v1/feed?after=${position}&limit=3`, headers: auth(admin()) })).json();
      seen.push(...page.items);
      position = page.nextPosition;
    }
  })();
  await Promise.all(
    drafts.map(async (d) => {
      expect((await send(t, d.id, d.tk.applicant, 'UPDATE_DRAFT', { facts: { name: '李娜' } })).statusCode).toBe(200);
      expect((await send(t, d.id, d.tk.applicant, 'SUBMIT', validPayloads.SUBMIT)).statusCode).toBe(200);
    }),
  );
  await reader;
  const expected = drafts.flatMap((d) => [`${d.id}#1`, `${d.id}#2`]);
  expect(seen.map(key).sort()).toEqual(expected.sort());
  expect((await readFeed(admin(), from)).map(key)).toEqual(seen.map(key));
  expect(await readFeed(admin(), position)).toEqual([]);
});

it.skipIf(!usingRealPostgres())('withholds an event until every transaction that began before it has ended', async () => {
  const [held, later] = [await applicationIn(t, planId, 'draft'), await applicationIn(t, planId, 'draft')];
  const position = (await readFeed(admin())).at(-1)!.position;
  const other = postgresClient(databaseUrlOf(t.database), 1);
  const released = latch();
  const holding = latch();
  // A transaction takes the next feed position first and commits last.
  const slow = other.begin(async (tx) => {
    await tx`insert into application_events (application_id, seq, type, from_state, to_state, actor, at, payload)
      values (${held.id}, 1000, 'RAISE_OBJECTION', 'draft', 'draft', ${tx.json({ sub: 'x', role: 'system', unitId: null })},
        now(), ${tx.json({ type: 'RAISE_OBJECTION' })})`;
    holding.open();
    await released.opened;
  });
  try {
    await holding.opened;
    expect((await send(t, later.id, later.tk.applicant, 'SUBMIT', validPayloads.SUBMIT)).statusCode).toBe(200);
    // Committed, but behind a transaction still open: not yet.
    expect(await readFeed(admin(), position)).toEqual([]);
    released.open();
    await slow;
    expect((await readFeed(admin(), position)).map(key)).toEqual([`${held.id}#1000`, `${later.id}#1`]);
  } finally {
    released.open();
    await slow.catch(() => undefined);
    await other.end();
  }
});

it('refuses a position it did not give', async () => {
  const res = await t.app.inject({ url: '/v1/feed?after=abc', headers: auth(admin()) });
  expect(res.statusCode).toBe(400);
  expect(res.json().code).toBe('VALIDATION_FAILED');
});
