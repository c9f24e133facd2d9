// Finding and counting applications at scale, measured: a million applications seeded by
// SQL on a real PostgreSQL, then search by name and by ID number, a filtered list (first and
// a deep page) and stats, each through the real app (app.inject: routing, validation, the
// store, serialisation; no network), printed as p50/p99 beside a baseline measured in the
// same run (the same requests without this issue's indexes; stats as a GROUP BY), with the
// EXPLAIN of each query. Prints figures; asserts nothing.
//
//   npm run bench:search                 1,000,000 applications (a few minutes to seed)
//   BENCH_SMOKE=1 npm run bench:search   20,000 applications, few repetitions: seconds, for CI
//   BENCH_CLUSTERED=1 npm run bench:search   states clustered in creation order
import { randomBytes } from 'node:crypto';
import { drizzle } from 'drizzle-orm/postgres-js';
import { statesMatching } from '../machines/states';
import { buildApp } from '../src/app';
import { scopeOf } from '../src/auth/access';
import { createTokenService } from '../src/auth/jwt';
import { systemClock } from '../src/clock';
import type { Db } from '../src/db/client';
import { openDatabase, postgresClient } from '../src/db/client';
import * as schema from '../src/db/schema';
import { encodeCursor } from '../src/http/cursor';
import { classifySearch } from '../src/routes/application-query';
import { listApplications } from '../src/store/application-list';
import { countByState } from '../src/store/state-counts';
import { PLANS, planIdOf, seed, UNITS, unitIdOf } from './search-seed';
import { ownRssMiB } from './support';

const SMOKE = process.env.BENCH_SMOKE === '1';
/** BENCH_CLUSTERED=1: states in creation order (old ones closed, new ones in progress), not spread evenly. */
const CLUSTERED = process.env.BENCH_CLUSTERED === '1';
const ROWS = Number(process.env.BENCH_ROWS ?? (SMOKE ? 20_000 : 1_000_000));
const REPS = SMOKE ? 10 : 200;
const BASELINE_REPS = SMOKE ? 3 : 10;
/** The indexes this issue added for search and last-change order; the baseline runs without them. */
const ISSUE_INDEXES = ['applications_name_chars_idx', 'applications_id_number_suffix_idx', 'applications_updated_idx'];

const serverUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const name = `bench_search_${randomBytes(4).toString('hex')}`;
const admin = postgresClient(serverUrl, 1);
await admin.unsafe(`create database ${name}`);
const url = new URL(serverUrl);
url.pathname = `/${name}`;
const log = (line: string) => process.stdout.write(`${line}\n`);

try {
  const database = await openDatabase({ url: url.toString(), dataDir: '' });
  const sql = postgresClient(url.toString(), 1);
  const seedStart = performance.now();
  log(
    `seeding ${ROWS.toLocaleString('en')} applications (${PLANS} plans, ${UNITS} units${CLUSTERED ? ', states clustered in creation order' : ''}) …`,
  );
  await seed(sql, ROWS, log, CLUSTERED);
  const [sized] = await sql.unsafe(`select pg_size_pretty(pg_total_relation_size('applications')) as size`);
  log(`seeded in ${((performance.now() - seedStart) / 1000).toFixed(0)} s; applications with indexes and TOAST: ${sized!.size}`);

  const tokens = createTokenService(randomBytes(24).toString('hex'));
  const app = await buildApp({ database, tokens, clock: systemClock }, { logger: false });
  const bureau = tokens.sign({ sub: 'bench-admin', role: 'admin' });
  const unitToken = tokens.sign({ sub: 'bench-unit', role: 'unit', unitId: unitIdOf(7) });

  // Parameters drawn from the seeded data, so every request finds something.
  const someIds = (await sql.unsafe(`select id_number from applications tablesample system (1) limit ${REPS}`)).map(
    (r) => r.id_number as string,
  );
  const namesOf = (await sql.unsafe(`select name, count(*) from applications group by name order by 2 desc limit 40`)).map(
    (r) => r.name as string,
  );
  const fullNames = namesOf.filter((n) => n.length === 2).slice(0, 20);
  const interview = statesMatching('interview');
  const deepCursor = async (where: string, order: string, sort: string) => {
    const [counted] = await sql.unsafe(`select count(*)::int as n from applications where ${where}`);
    const n = counted!.n as number;
    const [row] = await sql.unsafe(
      `select id, updated_at from applications where ${where} order by ${order} offset ${Math.floor(n * 0.9)} limit 1`,
    );
    return { matching: n, cursor: encodeCursor({ sort, id: row!.id, updatedAt: new Date(row!.updated_at).toISOString() }) };
  };
  const planP = planIdOf(6);
  const interviewWhere = `state in (${interview.map((s) => `'${s}'`).join(', ')}) and plan_id = '${planP}'`;
  const deepInterview = await deepCursor(interviewWhere, 'id', 'createdAt');
  const deepFee = await deepCursor(`state = 'feePayment'`, 'updated_at desc, id desc', '-updatedAt');

  type Scenario = {
    label: string;
    url: (i: number) => string;
    token?: string;
    filter?: (i: number) => Parameters<typeof listApplications>[1];
  };
  const q = (s: string) => `/v1/applications?q=${encodeURIComponent(s)}`;
  const scenarios: Scenario[] = [
    { label: 'name, a full two-character name', url: (i) => q(fullNames[i % fullNames.length]!) },
    { label: 'name, one common character (张)', url: () => q('张') },
    { label: 'ID number, whole', url: (i) => q(someIds[i % someIds.length]!) },
    { label: 'ID number, last 4 digits', url: (i) => q(someIds[i % someIds.length]!.slice(-4)) },
    {
      label: `list state=interview&planId (${deepInterview.matching}), first page`,
      url: () => `/v1/applications?state=interview&planId=${planP}`,
    },
    {
      label: 'list state=interview&planId, page at 90 %',
      url: () => `/v1/applications?state=interview&planId=${planP}&cursor=${deepInterview.cursor}`,
    },
    {
      label: `list state=feePayment by last change (${deepFee.matching}), first`,
      url: () => '/v1/applications?state=feePayment&sort=-updatedAt',
    },
    {
      label: 'list state=feePayment by last change, page at 90 %',
      url: () => `/v1/applications?state=feePayment&sort=-updatedAt&cursor=${deepFee.cursor}`,
    },
    { label: "a unit's own list by last change", url: () => '/v1/applications?sort=-updatedAt', token: unitToken },
    { label: 'stats by state', url: () => '/v1/stats' },
    { label: 'stats by plan and state', url: () => '/v1/stats?by=plan' },
    { label: "stats, a unit's own", url: () => '/v1/stats', token: unitToken },
  ];

  const measure = async (s: Scenario, reps: number) => {
    const times: number[] = [];
    for (let i = 0; i < reps; i++) {
      const started = performance.now();
      const res = await app.inject({ url: s.url(i), headers: { authorization: `Bearer ${s.token ?? bureau}` } });
      times.push(performance.now() - started);
      if (res.statusCode !== 200) throw new Error(`${s.label}: ${res.statusCode} ${res.body}`);
    }
    times.sort((a, b) => a - b);
    const at = (p: number) => times[Math.min(times.length - 1, Math.ceil((p / 100) * times.length) - 1)]!;
    return { p50: at(50), p99: at(99) };
  };
  for (const s of scenarios) await measure(s, 3); // warm the caches and the prepared statements

  const results = [];
  for (const s of scenarios) results.push({ s, now: await measure(s, REPS) });

  // EXPLAIN of the statements the store runs for some of them, captured from drizzle's logger.
  const captured: { query: string; params: unknown[] }[] = [];
  const capturing = drizzle(sql, { schema, logger: { logQuery: (query, params) => captured.push({ query, params }) } }) as unknown as Db;
  const all = scopeOf({ sub: 'x', role: 'admin', unitId: null });
  const unitScope = scopeOf({ sub: 'x', role: 'unit', unitId: unitIdOf(7) });
  const explained: [string, () => Promise<unknown>][] = [
    ['name 张伟', () => listApplications(capturing, { search: classifySearch('张伟'), sort: 'createdAt', limit: 50 }, all)],
    ['name 张', () => listApplications(capturing, { search: classifySearch('张'), sort: 'createdAt', limit: 50 }, all)],
    ['ID number, whole', () => listApplications(capturing, { search: classifySearch(someIds[0]!), sort: 'createdAt', limit: 50 }, all)],
    [
      'ID last 4 digits',
      () => listApplications(capturing, { search: classifySearch(someIds[0]!.slice(-4)), sort: 'createdAt', limit: 50 }, all),
    ],
    ['interview & plan', () => listApplications(capturing, { states: interview, planId: planP, sort: 'createdAt', limit: 50 }, all)],
    ['feePayment by last change', () => listApplications(capturing, { states: ['feePayment'], sort: '-updatedAt', limit: 50 }, all)],
    ["a unit's own list by last change", () => listApplications(capturing, { sort: '-updatedAt', limit: 50 }, unitScope)],
    ['stats by state', () => countByState(capturing, all, { by: { plan: false, unit: false } })],
    ['stats by plan', () => countByState(capturing, all, { by: { plan: true, unit: false } })],
    ["stats, a unit's own", () => countByState(capturing, unitScope, { by: { plan: false, unit: false } })],
  ];
  const plans: string[] = [];
  for (const [label, run] of explained) {
    captured.length = 0;
    await run();
    const { query, params } = captured[0]!;
    const plan = await sql.unsafe(`explain (analyze, costs off, timing off, summary off) ${query}`, params as never[]);
    plans.push(`-- ${label}\n${plan.map((r) => `   ${r['QUERY PLAN']}`).join('\n')}`);
  }

  // Baseline: the same requests without this issue's indexes, and counting by GROUP BY.
  await sql.unsafe(`drop index ${ISSUE_INDEXES.join(', ')}`);
  for (const r of results) {
    if (r.s.label.startsWith('stats')) continue;
    Object.assign(r, { before: await measure(r.s, BASELINE_REPS) });
  }
  const groupBy = async () => {
    const times: number[] = [];
    for (let i = 0; i < BASELINE_REPS; i++) {
      const started = performance.now();
      await sql.unsafe('select state, count(*) from applications group by state');
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    return { p50: times[Math.floor(times.length / 2)]!, p99: times.at(-1)! };
  };
  const groupByTimes = await groupBy();
  for (const r of results) if (r.s.label.startsWith('stats')) Object.assign(r, { before: groupByTimes });

  const rss = ownRssMiB();
  await app.close();
  await sql.end();
  const ms = (n: number | undefined) => (n === undefined ? '' : `${n.toFixed(1)}`.padStart(7));
  log(`
search, lists and stats — ${ROWS.toLocaleString('en')} applications, PostgreSQL, ${REPS} requests each (baseline ${BASELINE_REPS}),
through app.inject, one request at a time; milliseconds; RSS ${rss.toFixed(0)} MiB after them (the app, in this process). This machine is shared: figures drift.
                                                           p50     p99 | baseline p50     p99  (without the issue's indexes;
                                                                       |                        stats: GROUP BY over the table)`);
  for (const r of results as { s: Scenario; now: { p50: number; p99: number }; before?: { p50: number; p99: number } }[]) {
    log(`  ${r.s.label.padEnd(54)} ${ms(r.now.p50)} ${ms(r.now.p99)} |      ${ms(r.before?.p50)} ${ms(r.before?.p99)}`);
  }
  log(`\n${plans.join('\n')}\n`);
} finally {
  await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.end();
}
