import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApplicationContext } from '../../machines/context';
import { defaultVersion } from '../../machines/definitions';
import { birthDateOf, sexOf } from '../../machines/rules/id-number';
import { stateNamesOf } from '../../machines/states';
import { buildApp } from '../../src/app';
import { createTokenService } from '../../src/auth/jwt';
import { ManualClock } from '../../src/clock';
import { loadConfig } from '../../src/config';
import { applications, bans, outbox, plans, timers } from '../../src/db/schema';
import { constructionScoringItems } from '../../src/demo/samples';
import { demoUnits } from '../../src/demo/season';
import { seedDemo } from '../../src/demo/seed';
import { expectHistoryReplays } from '../api/support/replay';
import { compact, readPdf } from '../documents/pdf-reader';
import { expectReadable } from '../documents/readable';
import { auth, JWT_SECRET, type TestApp } from '../support/app';
import { freshDatabase } from '../support/db';

// `npm start` on an empty database with demo data on: a season in every state of the newest
// definition, each reached through the transition path, so that each history replays.

const NOW = '2026-11-26T02:00:00.000Z';
const tokens = createTokenService(JWT_SECRET);
const admin = auth(tokens.sign({ sub: 'admin', role: 'admin' }));
let t: TestApp;
let banner: string;

/** The service as `npm start` builds it, on a fresh database, seeded the way server.ts seeds it. */
async function seededService(now: string): Promise<{ t: TestApp; banner: string; ms: number }> {
  const database = await freshDatabase();
  const clock = new ManualClock(new Date(now));
  const app = await buildApp(
    { database, tokens, clock, manualClock: clock, documents: loadConfig({}).documents, maxEventLoopDelayMs: 0 },
    { logger: false },
  );
  const started = performance.now();
  const banner = await seedDemo(database.db, clock, tokens);
  const ms = performance.now() - started;
  return { t: { app, database, clock, token: tokens.sign, close: () => app.close() }, banner, ms };
}

beforeAll(async () => {
  const seeded = await seededService(NOW);
  ({ t, banner } = seeded);
  console.log(`demo season seeded in ${(seeded.ms / 1000).toFixed(1)} s on ${t.database.kind}`);
}, 300_000);
afterAll(async () => {
  await t?.close();
});

const rows = () => t.database.db.select().from(applications);

describe('the demo season', () => {
  it('has an application in every state of version 1, the 2021 notice, the closed ones included', async () => {
    const states = new Set((await rows()).map((a) => a.state));
    const leaves = stateNamesOf(defaultVersion);
    expect(leaves).toEqual(expect.arrayContaining(['falsified', 'revoked', 'interview.deliberation']));
    expect(leaves.filter((s) => !states.has(s))).toEqual([]);
    expect((await rows()).length).toBeGreaterThanOrEqual(250);
    // The stats the console shows say the same.
    const stats = (await t.app.inject({ url: '/v1/stats', headers: admin })).json();
    expect(stats.total).toBe((await rows()).length);
  });

  it('replays every history to its stored snapshot', async () => {
    for (const { id } of await rows()) await expectHistoryReplays(t, id);
  }, 300_000);

  it('spreads over both levels, several units and the season, with a ban per falsification and a certificate per title', async () => {
    const all = await rows();
    const seededPlans = await t.database.db.select().from(plans);
    expect(seededPlans.map((p) => `${p.year} ${p.level}`).sort()).toEqual(['2026 intermediate', '2026 junior']);
    for (const plan of seededPlans) expect(all.filter((a) => a.planId === plan.id).length).toBeGreaterThan(50);
    expect(new Set(all.map((a) => a.unitId)).size).toBeGreaterThanOrEqual(5);
    const created = all.map((a) => a.createdAt.getTime()).sort((a, b) => a - b);
    expect(created[created.length - 1]! - created[0]!).toBeGreaterThan(20 * 86_400_000);
    expect(Math.max(...all.map((a) => a.updatedAt.getTime()))).toBeLessThanOrEqual(Date.parse(NOW));

    const banned = new Set((await t.database.db.select().from(bans)).map((b) => b.idNumber));
    for (const a of all.filter((a) => a.state === 'falsified' || a.state === 'revoked')) expect(banned).toContain(a.idNumber);
    const certificate = (state: string) =>
      Promise.all(
        all
          .filter((a) => a.state === state)
          .map(async (a) => (await t.app.inject({ url: `/v1/applications/${a.id}/certificate`, headers: admin })).statusCode),
      );
    expect(new Set(await certificate('certified'))).toEqual(new Set([200]));
    expect(new Set(await certificate('revoked'))).toEqual(new Set([410]));
  });

  it('leaves publicities running, some held by an open objection, and nothing due or unsent', async () => {
    const held = (await rows()).filter((a) => {
      const publicity = (a.snapshot as { context: { publicity: { objections: { resolvedAt: string | null }[] } | null } }).context
        .publicity;
      return publicity?.objections.some((o) => o.resolvedAt === null);
    });
    expect(held.length).toBeGreaterThan(0);
    const pending = (await t.database.db.select().from(timers)).filter((timer) => timer.status === 'pending');
    expect(pending.length).toBeGreaterThan(0);
    for (const timer of pending) expect(timer.dueAt.getTime()).toBeGreaterThan(Date.parse(NOW));
    expect((await t.database.db.select().from(outbox)).filter((m) => m.deliveredAt === null)).toEqual([]);
  });

  it('says what it created and prints a token per demo role; a second start adds nothing', async () => {
    expect(banner).toMatch(/Demo season: \d+ applications/);
    expect(banner).toContain('certified 50');
    for (const role of ['applicant', 'unit', 'hr', 'committee', 'admin']) expect(banner).toMatch(new RegExp(`^  ${role}.*:\\s+ey`, 'm'));
    const applicant = /applicant \S+ (\d{17}[\dX]):/.exec(banner)![1]!;
    const own = (await t.app.inject({ url: '/v1/applications', headers: auth(tokens.sign({ sub: applicant, role: 'applicant' })) })).json();
    expect(own.items.map((a: { state: string }) => a.state)).toEqual(['feePayment']);
    const before = (await rows()).length;
    const again = await seedDemo(t.database.db, t.clock, tokens);
    expect(again).not.toContain('Demo season');
    expect((await rows()).length).toBe(before);
  });
});

describe('the documents of a demo application', () => {
  const known = (applicationIds: string[], people: { name: string; idNumber: string }[]) => ({
    unitIds: demoUnits.map((u) => u.id),
    itemIds: constructionScoringItems.map((i) => i.id),
    people,
    internalIds: applicationIds,
  });
  const get = async (url: string) => {
    const res = await t.app.inject({ url, headers: admin });
    expect(res.statusCode, `${url}: ${res.body.slice(0, 200)}`).toBe(200);
    return res;
  };

  it("print the review form of six junior and six intermediate applications with names, the ID number's sex and every recorded opinion", async () => {
    const holders = (level: string) =>
      all.filter((a) => a.context.reviewForm !== null && a.context.plan.level === level && a.state !== 'falsified').slice(0, 6);
    const all = (await rows()).map((a) => ({ ...a, context: (a.snapshot as { context: ApplicationContext }).context }));
    for (const a of [...holders('junior'), ...holders('intermediate')]) {
      const { context } = a;
      const text = (await readPdf((await get(`/v1/applications/${a.id}/review-form.pdf`)).rawPayload)).pageTexts.join('');
      expectReadable(text, known([a.id], [{ name: context.facts.name, idNumber: a.idNumber }]));
      const unit = demoUnits.find((u) => u.id === a.unitId)!;
      expect(text).toContain(`工作单位${unit.name}`);
      expect(text).toContain(`性别${sexOf(a.idNumber) === 'male' ? '男' : '女'}`);
      const history = (await get(`/v1/applications/${a.id}/history`)).json().items as { type: string; payload: Record<string, string> }[];
      const last = (type: string) => history.filter((e) => e.type === type).at(-1)!.payload.opinion!;
      const [opinion, audit] = [last('UNIT_APPROVE'), last('AUDIT_APPROVE')];
      for (const recorded of [`审核意见：${opinion}`, `审查意见：${audit}`, '单位内公示：', `出生日期${birthDateOf(a.idNumber)}`])
        expect(text).toContain(compact(recorded));
      if (context.plan.level === 'junior') expect(text).toMatch(/自评总分\d+分，本计划须达到120分/);
    }
  });

  it("list each publicity in progress with the units by name and each person's sex as the ID number says", async () => {
    const { items } = (await get('/v1/publicity-lists')).json() as { items: { csv: string; html: string; publicPage: string }[] };
    expect(items.length).toBeGreaterThan(0);
    const all = await rows();
    const people = all.map((a) => ({ name: (a.snapshot as { context: ApplicationContext }).context.facts.name, idNumber: a.idNumber }));
    for (const list of items) {
      for (const url of [list.csv, list.html, new URL(list.publicPage).pathname]) {
        const body = (await get(url)).body;
        expectReadable(
          compact(body.replace(/<[^>]+>/g, '').replaceAll(',', '')),
          known(
            all.map((a) => a.id),
            people,
          ),
        );
        expect(body).toMatch(new RegExp(demoUnits.map((u) => u.name).join('|')));
      }
    }
  });
});

it('seeds nothing in a year no calendar covers yet, and says how to load one', async () => {
  const { t: later, banner: said } = await seededService('2027-03-01T02:00:00.000Z');
  try {
    expect(said).toContain('PUT /v1/calendar/2027');
    expect(said).toContain('admin:');
    expect(await later.database.db.select().from(plans)).toEqual([]);
    expect(await later.database.db.select().from(applications)).toEqual([]);
  } finally {
    await later.close();
  }
});
