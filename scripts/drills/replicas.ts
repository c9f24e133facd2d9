import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { createTokenService } from '../../src/auth/jwt';
import { postgresClient } from '../../src/db/client';
import { sampleFacts, sampleIdNumber, samplePlan } from '../../src/demo/samples';

// Issue 28, item 1: several service processes on one PostgreSQL, one of them killed (-9) and
// started again every few seconds under load. What must hold afterwards is checked from the
// outside, through the API, as an operator would check it.

const root = resolve(import.meta.dirname, '../..');

export type DrillOptions = {
  /** A PostgreSQL server URL; the drill creates its own database there and drops it after. */
  databaseUrl: string;
  replicas: number;
  seconds: number;
  /** How often one replica is killed and started again. */
  killEveryMs: number;
  /** Applicants sending draft updates at once, spread over the replicas. */
  writers: number;
  /** Applications whose publicity timer falls due while replicas are being killed. */
  timers: number;
  log(line: string): void;
};

export type DrillReport = {
  acknowledged: number;
  applied: number;
  lost: number;
  duplicated: number;
  kills: number;
  timersDue: number;
  timersFiredOnce: number;
  feedEvents: number;
  feedGapsOrRepeats: number;
  historyEvents: number;
  webhookRequests: number;
  webhookEventsMissing: number;
  webhookOutOfOrder: number;
  statsMatch: boolean;
  seconds: number;
};

type Replica = { child: ChildProcess; url: string | null; out: string };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function drillReplicas(o: DrillOptions): Promise<DrillReport> {
  const admin = postgresClient(o.databaseUrl, 1);
  const name = `drill_replicas_${Date.now().toString(36)}`;
  await admin.unsafe(`create database ${name}`);
  const url = new URL(o.databaseUrl);
  url.pathname = `/${name}`;
  const secret = randomBytes(24).toString('hex');
  const tokens = createTokenService(secret);
  const as = {
    admin: tokens.sign({ sub: 'drill-admin', role: 'admin' }),
    unit: tokens.sign({ sub: 'drill-unit', role: 'unit', unitId: 'U-DRILL' }),
    hr: tokens.sign({ sub: 'drill-hr', role: 'hr' }),
    committee: tokens.sign({ sub: 'drill-committee', role: 'committee' }),
  };
  const replicas: Replica[] = [];
  const hooks = await receiver();
  try {
    const start = (): Replica => {
      const env = { ...process.env, DATABASE_URL: url.toString(), JWT_SECRET: secret, PORT: '0', LOG_LEVEL: 'warn' };
      Object.assign(env, { CLOCK: 'manual', SEED_DEMO: 'false', TIMER_POLL_MS: '100', MAX_EVENT_LOOP_DELAY_MS: '0' });
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
      const r: Replica = { child, url: null, out: '' };
      child.stdout!.on('data', (d) => {
        r.out += d;
        r.url ??= /API docs: +(http:\/\/[^/\s]+)\/docs/.exec(r.out)?.[1] ?? null;
      });
      child.stderr!.on('data', (d) => {
        r.out += d;
      });
      return r;
    };
    const ready = async (r: Replica): Promise<string> => {
      for (let i = 0; i < 1200 && !r.url; i++) {
        if (r.child.exitCode !== null) throw new Error(`a replica exited: ${r.out}`);
        await sleep(100);
      }
      if (!r.url) throw new Error(`a replica did not start: ${r.out}`);
      return r.url;
    };

    // The first replica sets the season up at 2021's clock: timers due in August 2021.
    replicas.push(start());
    const first = await ready(replicas[0]!);
    const api = (base: string, token: string, method: string, path: string, body?: unknown) => request(base, token, method, path, body);
    await api(first, as.admin, 'POST', '/v1/test/clock', { now: '2021-08-02T02:00:00.000Z' });
    await api(first, as.admin, 'POST', '/v1/units', {
      id: 'U-DRILL',
      name: '慈溪市演练建设工程有限公司',
      inCixi: true,
      unitType: 'enterprise',
    });
    const plan = await api(first, as.admin, 'POST', '/v1/plans', {
      ...samplePlan(2021, 'junior', { opensAt: '2021-07-30', closesAt: '2021-09-30' }),
      definitionVersion: 1,
    });
    await api(first, as.admin, 'POST', '/v1/webhooks', { url: hooks.url });
    const create = async (n: number) => {
      const idNumber = sampleIdNumber(n);
      const token = tokens.sign({ sub: idNumber, role: 'applicant' });
      const app = await api(first, token, 'POST', '/v1/applications', {
        planId: plan.id,
        unitId: 'U-DRILL',
        facts: sampleFacts(`演练${n}`, idNumber, 2021),
      });
      return { id: app.id as string, token };
    };
    const timed = [];
    for (let n = 0; n < o.timers; n++) {
      const a = await create(n);
      const send = (token: string, type: string, payload: object = {}) =>
        api(first, token, 'POST', `/v1/applications/${a.id}/events`, { type, ...payload });
      await send(a.token, 'SUBMIT', { commitmentSigned: true });
      await send(as.unit, 'START_UNIT_PUBLICITY', { startDate: '2021-08-02' });
      for (const fact of ['socialInsurance', 'post']) await send(as.unit, 'UNIT_VERIFY_FACT', { fact, note: '已核对' });
      timed.push(a);
    }
    await api(first, as.admin, 'POST', '/v1/test/clock', { now: '2021-08-09T02:00:00.000Z' });
    for (const a of timed) {
      const send = (token: string, type: string, payload: object = {}) =>
        api(first, token, 'POST', `/v1/applications/${a.id}/events`, { type, ...payload });
      await send(as.unit, 'UNIT_APPROVE', { publicityResult: 'noObjection', opinion: '同意推荐' });
      for (const fact of ['education', 'continuingEducation']) await send(as.hr, 'HR_VERIFY_FACT', { fact, note: '已核对' });
      const audited = await send(as.hr, 'AUDIT_APPROVE', { opinion: '审核通过' });
      const code = audited.context.reviewForm.verificationCode;
      await send(as.committee, 'PAPER_RECEIVED', { copies: 3, stamped: true, watermarked: true, verificationCode: code });
    }
    const writers = [];
    for (let w = 0; w < o.writers; w++) writers.push(await create(500 + w));

    // The others start on the wall clock, years past those publicities' ends: the timers are due.
    for (let i = 1; i < o.replicas; i++) replicas.push(start());
    await Promise.all(replicas.map(ready));
    const started = Date.now();
    o.log(
      `${o.replicas} replicas up; ${o.timers} publicity timers due, ${o.writers} writers, one replica killed every ${o.killEveryMs} ms`,
    );

    const acknowledged: { id: string; version: number; name: string }[] = [];
    let stopping = false;
    let turn = 0;
    const live = () => replicas.map((r) => r.url).filter((u): u is string => u !== null);
    const load = writers.map(async (w, n) => {
      for (let i = 0; !stopping; i++) {
        const urls = live();
        const base = urls[turn++ % urls.length]!;
        const name = `演练${n}-${i}`;
        try {
          const res = await fetch(`${base}/v1/applications/${w.id}/events`, {
            method: 'POST',
            headers: { authorization: `Bearer ${w.token}`, 'content-type': 'application/json' },
            body: JSON.stringify({ type: 'UPDATE_DRAFT', facts: { name } }),
          });
          if (res.status === 200) acknowledged.push({ id: w.id, version: (await res.json()).version, name });
          else await res.body?.cancel();
        } catch {
          // The connection died with the replica: not acknowledged.
        }
      }
    });
    let kills = 0;
    // Each replica is killed at least once, however long the restarts take.
    while (Date.now() - started < o.seconds * 1000 || kills < o.replicas) {
      await sleep(o.killEveryMs);
      const k = kills++ % replicas.length;
      const victim = replicas[k]!;
      victim.url = null;
      victim.child.kill('SIGKILL');
      await new Promise((r) =>
        victim.child.exitCode === null && victim.child.signalCode === null ? victim.child.once('exit', r) : r(null),
      );
      replicas[k] = start();
      await ready(replicas[k]!);
    }
    stopping = true;
    await Promise.all(load);
    const seconds = (Date.now() - started) / 1000;
    const base = live()[0]!;

    // Every timer due fires, once, whichever replica claims it.
    for (let i = 0; i < 300; i++) {
      const states = await Promise.all(timed.map((a) => api(base, as.admin, 'GET', `/v1/applications/${a.id}`)));
      if (states.every((s) => s.state !== 'qualificationPublicity')) break;
      await sleep(100);
    }
    const histories = new Map<string, { seq: number; type: string; payload: { facts?: { name?: string } } }[]>();
    for (const a of [...timed, ...writers])
      histories.set(a.id, (await api(live()[histories.size % live().length]!, as.admin, 'GET', `/v1/applications/${a.id}/history`)).items);
    const timersFiredOnce = timed.filter((a) => histories.get(a.id)!.filter((e) => e.type === 'PUBLICITY_ENDED').length === 1).length;

    // Acknowledged writes are in history at the version they were acknowledged with; none is there twice.
    const applied = new Map<string, number>();
    let historyEvents = 0;
    for (const items of histories.values()) {
      historyEvents += items.length;
      for (const e of items) if (e.payload.facts?.name) applied.set(e.payload.facts.name, (applied.get(e.payload.facts.name) ?? 0) + 1);
    }
    const lost = acknowledged.filter((a) => histories.get(a.id)!.find((e) => e.seq === a.version)?.payload.facts?.name !== a.name).length;
    const duplicated = [...applied.values()].filter((n) => n > 1).length;

    // The feed read a page at a time from each replica in turn: every event once, in seq order per application.
    const fed = new Map<string, number[]>();
    let after: string | undefined;
    for (let page = 0; ; page++) {
      const query = `/v1/feed?limit=100${after ? `&after=${after}` : ''}`;
      const res = await api(live()[page % live().length]!, as.admin, 'GET', query);
      if (res.items.length === 0) break;
      for (const item of res.items) fed.set(item.applicationId, [...(fed.get(item.applicationId) ?? []), item.event.seq]);
      after = res.nextPosition;
    }
    const inOrder = (seqs: number[], n: number) => seqs.length === n && seqs.every((s, i) => s === i);
    const feedGapsOrRepeats = [...histories].filter(([id, items]) => !inOrder(fed.get(id) ?? [], items.length)).length;
    const feedEvents = [...fed.values()].reduce((n, s) => n + s.length, 0);

    // Webhooks: every event at least once; the first delivery of each in order per application.
    const firstSeen = async () => {
      const seen = new Map<string, number[]>();
      for (const body of hooks.bodies) {
        const d = JSON.parse(body) as { applicationId: string; event: { seq: number } };
        const seqs = seen.get(d.applicationId) ?? [];
        if (!seqs.includes(d.event.seq)) seen.set(d.applicationId, [...seqs, d.event.seq]);
      }
      return seen;
    };
    let delivered = await firstSeen();
    const missing = () => [...histories].reduce((n, [id, items]) => n + items.length - (delivered.get(id)?.length ?? 0), 0);
    for (let i = 0; i < 1200 && missing() > 0; i++) {
      await sleep(100);
      delivered = await firstSeen();
    }
    const webhookOutOfOrder = [...delivered.values()].filter((seqs) => seqs.some((s, i) => i > 0 && s < seqs[i - 1]!)).length;

    // /v1/stats against the states the applications are in.
    const stats = await api(base, as.admin, 'GET', '/v1/stats');
    const counted = new Map<string, number>();
    for (const a of [...timed, ...writers]) {
      const { state } = await api(base, as.admin, 'GET', `/v1/applications/${a.id}`);
      counted.set(state, (counted.get(state) ?? 0) + 1);
    }
    const statsMatch =
      stats.total === timed.length + writers.length &&
      stats.items.every((i: { state: string; count: number }) => counted.get(i.state) === i.count) &&
      stats.items.length === counted.size;

    return {
      acknowledged: acknowledged.length,
      applied: [...applied.values()].length,
      lost,
      duplicated,
      kills,
      timersDue: timed.length,
      timersFiredOnce,
      feedEvents,
      feedGapsOrRepeats,
      historyEvents,
      webhookRequests: hooks.bodies.length,
      webhookEventsMissing: missing(),
      webhookOutOfOrder,
      statsMatch,
      seconds,
    };
  } finally {
    await Promise.all(
      replicas.map(async (r) => {
        if (r.child.exitCode !== null || r.child.signalCode !== null) return;
        const exited = new Promise((done) => r.child.once('exit', done));
        r.child.kill('SIGTERM');
        await Promise.race([exited, sleep(15_000)]);
        r.child.kill('SIGKILL');
      }),
    );
    await hooks.close();
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

/** A JSON request; any answer but 2xx throws with its body. */
async function request(base: string, token: string, method: string, path: string, body?: unknown) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = await res.json();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

/** A webhook receiver on 127.0.0.1 that answers 200 and keeps every body it was sent. */
async function receiver() {
  const bodies: string[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      bodies.push(body);
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    bodies,
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}
