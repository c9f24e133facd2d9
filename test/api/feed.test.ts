import { afterAll, beforeAll, expect, it } from 'vitest';
import { postgresClient } from '../../src/db/client';
import { auth, createPlan, send, type TestApp, testApp } from '../support/app';
import { databaseUrlOf, usingRealPostgres } from '../support/db';
import { validPayloads } from '../support/factories';
import { latch } from '../support/latch';
import { streamEvents } from '../support/sse';
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

it('refuses a position past every event with 422 FEED_POSITION_AHEAD, naming the head', async () => {
  const head = (await t.app.inject({ url: '/v1/feed/head', headers: auth(admin()) })).json().position as string;
  const all = await readFeed(admin());
  expect(head).toBe(all.at(-1)!.position);
  const [xid, position] = head.split('.');
  for (const ahead of [`${xid}.${Number(position) + 1000}`, `${BigInt(xid!) + 1000n}.1`]) {
    const res = await t.app.inject({ url: `/v1/feed?after=${ahead}`, headers: auth(admin()) });
    expect(res.statusCode, ahead).toBe(422);
    expect(res.json()).toMatchObject({ code: 'FEED_POSITION_AHEAD', head });
  }
  // The head itself is a position the feed gave: nothing after it yet.
  expect((await readFeed(admin(), head)).length).toBe(0);
});

it('narrows to one application, unit, plan or some event types', async () => {
  const otherPlan = await createPlan(t);
  const a = await applicationIn(t, otherPlan, 'submitted');
  const b = await applicationIn(t, otherPlan, 'draft');
  const everything = await readFeed(admin());
  const filtered = async (query: string) => {
    const res = await t.app.inject({ url: `/v1/feed?limit=500&${query}`, headers: auth(admin()) });
    expect(res.statusCode, res.body).toBe(200);
    return (res.json().items as Item[]).map(key);
  };
  const ids = (keep: (i: Item) => boolean) => everything.filter(keep).map(key);
  expect(await filtered(`applicationId=${a.id}`)).toEqual((await history(t, a.id)).map((h) => `${a.id}#${h.seq}`));
  expect(await filtered(`planId=${otherPlan}`)).toEqual(ids((i) => i.applicationId === a.id || i.applicationId === b.id));
  expect(await filtered('types=SUBMIT,xstate.init')).toEqual(ids((i) => ['SUBMIT', 'xstate.init'].includes(i.event.type)));
  expect(await filtered(`unitId=U-TEST-1&types=SUBMIT&planId=${otherPlan}`)).toEqual([`${a.id}#1`]);
  expect(await filtered('unitId=U-NOBODY')).toEqual([]);
  const bad = await t.app.inject({ url: '/v1/feed?types=SUBMIT,NOT_AN_EVENT', headers: auth(admin()) });
  expect(bad.json().code).toBe('VALIDATION_FAILED');
});

it('streams the feed as Server-Sent Events, resuming after Last-Event-ID without a gap or a repeat', async () => {
  const base = await t.app.listen({ port: 0, host: '127.0.0.1' });
  await applicationIn(t, planId, 'submitted');
  await applicationIn(t, planId, 'submitted');
  const all = await readFeed(admin());
  const first = await streamEvents(base, admin(), 3);
  expect(first.map((m) => key(m.data))).toEqual(all.slice(0, 3).map(key));
  expect(first.map((m) => m.id)).toEqual(all.slice(0, 3).map((i) => i.position));

  // Events applied while no one listens come first on reconnecting; then those applied while it listens.
  const plan = await createPlan(t);
  const a = await applicationIn(t, plan, 'draft');
  const after = await readFeed(admin(), first.at(-1)!.id);
  const resumed = streamEvents(base, admin(), after.length + 1, { 'last-event-id': first.at(-1)!.id });
  const live = await send(t, a.id, a.tk.applicant, 'SUBMIT', validPayloads.SUBMIT);
  expect(live.statusCode).toBe(200);
  expect((await resumed).map((m) => key(m.data))).toEqual([...after.map(key), `${a.id}#1`]);

  // Filters and scopes hold on the stream as on the pages: an applicant sees only their own.
  expect((await streamEvents(base, a.tk.applicant, 2)).map((m) => key(m.data))).toEqual([`${a.id}#0`, `${a.id}#1`]);
  expect((await streamEvents(base, admin(), 1, {}, `?applicationId=${a.id}&types=SUBMIT`)).map((m) => key(m.data))).toEqual([`${a.id}#1`]);
  const [xid, position] = (await readFeed(admin())).at(-1)!.position.split('.');
  const ahead = await fetch(`${base}/v1/feed/stream`, {
    headers: { ...auth(admin()), 'last-event-id': `${xid}.${Number(position) + 1000}` },
  });
  expect(ahead.status).toBe(422);
  expect((await ahead.json()).code).toBe('FEED_POSITION_AHEAD');
});
