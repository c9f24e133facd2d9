import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import type { TokenService } from '../../src/auth/jwt';
import { sampleFacts, sampleIdNumber, samplePlan } from '../../src/demo/samples';
import { buildService, npmStartArguments } from '../support/npm-start';

// What the drills share: the service as `npm start` runs it, a JSON client, a webhook receiver.

const root = resolve(import.meta.dirname, '../..');

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export type Service = { child: ChildProcess; url: string | null; out: string };

/** A service process with `env` over the drill's defaults (manual clock, no demo, quick timers). */
export function startService(env: Record<string, string>): Service {
  // The drills' webhook receiver listens on this machine.
  const full = {
    ...process.env,
    PORT: '0',
    LOG_LEVEL: 'warn',
    CLOCK: 'manual',
    SEED_DEMO: 'false',
    TIMER_POLL_MS: '100',
    WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
    ...env,
  };
  Object.assign(full, { MAX_EVENT_LOOP_DELAY_MS: '0' });
  buildService();
  const child = spawn(process.execPath, npmStartArguments(), { cwd: root, env: full, stdio: ['ignore', 'pipe', 'pipe'] });
  const s: Service = { child, url: null, out: '' };
  child.stdout!.on('data', (d) => {
    s.out += d;
    s.url ??= /API docs: +(http:\/\/[^/\s]+)\/docs/.exec(s.out)?.[1] ?? null;
  });
  child.stderr!.on('data', (d) => {
    s.out += d;
  });
  return s;
}

/** The service's base URL once its banner is out. */
export async function ready(s: Service): Promise<string> {
  for (let i = 0; i < 1200 && !s.url; i++) {
    if (s.child.exitCode !== null) throw new Error(`a service process exited: ${s.out}`);
    await sleep(100);
  }
  if (!s.url) throw new Error(`a service process did not start: ${s.out}`);
  return s.url;
}

/** SIGTERM, then SIGKILL after 15 s. */
export async function stopService(s: Service): Promise<void> {
  if (s.child.exitCode !== null || s.child.signalCode !== null) return;
  const exited = new Promise((done) => s.child.once('exit', done));
  s.child.kill('SIGTERM');
  await Promise.race([exited, sleep(15_000)]);
  s.child.kill('SIGKILL');
}

/** A JSON request; any answer but 2xx throws with its body. */
export async function request(base: string, token: string, method: string, path: string, body?: unknown) {
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

type Staff = { admin: string; unit: string; hr: string; committee: string };
type DrillApp = { id: string; token: string };
export type Season = { staff: Staff; timed: DrillApp[]; writers: DrillApp[]; hooks: Awaited<ReturnType<typeof receiver>> };

/**
 * Through the service at `base` on its manual clock, in 2021: a unit, a plan, a webhook
 * endpoint at a local receiver, `timers` applications in their qualification publicity
 * (ended by a timer due in August 2021, so due on any wall clock) and `writers` drafts.
 */
export async function setUpSeason(base: string, tokens: TokenService, o: { timers: number; writers: number }): Promise<Season> {
  const staff = {
    admin: tokens.sign({ sub: 'drill-admin', role: 'admin' }),
    unit: tokens.sign({ sub: 'drill-unit', role: 'unit', unitId: 'U-DRILL' }),
    hr: tokens.sign({ sub: 'drill-hr', role: 'hr' }),
    committee: tokens.sign({ sub: 'drill-committee', role: 'committee' }),
  };
  const hooks = await receiver();
  await request(base, staff.admin, 'POST', '/v1/test/clock', { now: '2021-08-02T02:00:00.000Z' });
  await request(base, staff.admin, 'POST', '/v1/units', {
    id: 'U-DRILL',
    name: '慈溪市演练建设工程有限公司',
    inCixi: true,
    unitType: 'enterprise',
  });
  const plan = await request(base, staff.admin, 'POST', '/v1/plans', {
    ...samplePlan(2021, 'junior', { opensAt: '2021-07-30', closesAt: '2021-09-30' }),
    definitionVersion: 1,
  });
  await request(base, staff.admin, 'POST', '/v1/webhooks', { url: hooks.url });
  const create = async (n: number): Promise<DrillApp> => {
    const idNumber = sampleIdNumber(n);
    const token = tokens.sign({ sub: idNumber, role: 'applicant' });
    const facts = sampleFacts(`演练${n}`, idNumber, 2021);
    return { id: (await request(base, token, 'POST', '/v1/applications', { planId: plan.id, unitId: 'U-DRILL', facts })).id, token };
  };
  const send = (a: DrillApp, token: string, type: string, payload: object = {}) =>
    request(base, token, 'POST', `/v1/applications/${a.id}/events`, { type, ...payload });
  const timed: DrillApp[] = [];
  for (let n = 0; n < o.timers; n++) {
    const a = await create(n);
    await send(a, a.token, 'SUBMIT', { commitmentSigned: true });
    await send(a, staff.unit, 'START_UNIT_PUBLICITY', { startDate: '2021-08-02' });
    for (const fact of ['socialInsurance', 'post']) await send(a, staff.unit, 'UNIT_VERIFY_FACT', { fact, note: '已核对' });
    timed.push(a);
  }
  await request(base, staff.admin, 'POST', '/v1/test/clock', { now: '2021-08-09T02:00:00.000Z' });
  for (const a of timed) {
    await send(a, staff.unit, 'UNIT_APPROVE', { publicityResult: 'noObjection', opinion: '同意推荐' });
    for (const fact of ['education', 'continuingEducation']) await send(a, staff.hr, 'HR_VERIFY_FACT', { fact, note: '已核对' });
    const audited = await send(a, staff.hr, 'AUDIT_APPROVE', { opinion: '审核通过' });
    const verificationCode = audited.context.reviewForm.verificationCode;
    await send(a, staff.committee, 'PAPER_RECEIVED', { copies: 3, stamped: true, watermarked: true, verificationCode });
  }
  const writers: DrillApp[] = [];
  for (let w = 0; w < o.writers; w++) writers.push(await create(500 + w));
  return { staff, timed, writers, hooks };
}

export type Acknowledged = { id: string; version: number; name: string; at: number };
type Answer = { status: number; code: string | null; at: number };

/** Each writer updates its draft with a new name in a loop over the live services until `stop()`. */
export function writeLoad(season: Season, live: () => string[]) {
  const acknowledged: Acknowledged[] = [];
  const answers: Answer[] = [];
  let stopping = false;
  let turn = 0;
  const loops = season.writers.map(async (w, n) => {
    for (let i = 0; !stopping; i++) {
      const urls = live();
      if (urls.length === 0) {
        await sleep(50);
        continue;
      }
      const name = `演练${n}-${i}`;
      try {
        const res = await fetch(`${urls[turn++ % urls.length]}/v1/applications/${w.id}/events`, {
          method: 'POST',
          headers: { authorization: `Bearer ${w.token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ type: 'UPDATE_DRAFT', facts: { name } }),
        });
        const body = await res.json();
        answers.push({ status: res.status, code: res.status === 200 ? null : String(body.code), at: Date.now() });
        if (res.status === 200) acknowledged.push({ id: w.id, version: body.version, name, at: Date.now() });
        else await sleep(100);
      } catch {
        // The connection died with the process: not acknowledged.
        await sleep(50);
      }
    }
  });
  return {
    acknowledged,
    answers,
    stop: async () => {
      stopping = true;
      await Promise.all(loops);
    },
  };
}
