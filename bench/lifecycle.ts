// A whole season's work, measured: N applications taken from creation to certified through
// the HTTP API of the service (its own process, manual clock, PostgreSQL), C at a time, every
// event followed by a read as a client would; the clock moves between phases so that the
// publicities elapse and the service's timers end them. Prints transitions per second and
// each phase's p99, beside pgbench's rate for one transition's work in the same run.
//
//   npm run bench:lifecycle
import { createTokenService } from '../src/auth/jwt';
import { sampleFacts, sampleIdNumber, samplePlan } from '../src/demo/samples';
import { benchDatabase, fmt, machine, pgbench, pgbenchTransitionScript, SMOKE, startService, UNIT } from './support';

const APPS = SMOKE ? 20 : Number(process.env.BENCH_APPS ?? 2000);
const CONCURRENCY = 32;
const DAY = 86_400_000;

const target = await benchDatabase('bench_lifecycle');
try {
  const service = await startService({ DATABASE_URL: target.url, CLOCK: 'manual', TIMER_POLL_MS: '3600000' });
  const tokens = createTokenService(service.secret);
  const sign = (sub: string, role: 'applicant' | 'unit' | 'hr' | 'committee' | 'admin', unitId?: string) =>
    tokens.sign({ sub, role, ...(unitId ? { unitId } : {}) });
  const as = { unit: sign('bench-unit', 'unit', UNIT.id), hr: sign('bench-hr', 'hr'), committee: sign('bench-committee', 'committee') };
  const call = async (token: string, method: string, path: string, body?: unknown) => {
    const res = await fetch(`${service.base}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await res.json()) as Record<string, any>;
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
  // A fixed season in a year whose working days are known (chinese-days ends with 2026): on the
  // wall clock a December run's publicities ran into a year without data (CALENDAR_UNAVAILABLE).
  let now = Date.parse('2025-03-03T02:00:00.000Z');
  const setClock = (to: number) => {
    now = to;
    return call(service.admin, 'POST', '/v1/test/clock', { now: new Date(to).toISOString() });
  };
  const shanghaiToday = () => new Date(now + 8 * 3600_000).toISOString().slice(0, 10);
  await setClock(now);
  await call(service.admin, 'POST', '/v1/units', UNIT);
  const year = new Date(now).getFullYear();
  const plan = await call(service.admin, 'POST', '/v1/plans', samplePlan(year, 'junior'));

  type App = { id: string; applicant: string; code?: string; endsOn?: string; publicityEndsAt?: string };
  const apps: App[] = Array.from({ length: APPS }, (_, i) => ({
    id: '',
    applicant: sign(sampleIdNumber(i % 1000, `19${80 + Math.floor(i / 1000)}-05-12`), 'applicant'),
  }));
  const subs = apps.map((_, i) => sampleIdNumber(i % 1000, `19${80 + Math.floor(i / 1000)}-05-12`));

  const phases: { name: string; ms: number[]; transitions: number }[] = [];
  /** Runs `step` for every application, CONCURRENCY at a time, timing each (the event and the read after it). */
  async function phase(name: string, step: (a: App, i: number) => Promise<void>) {
    const ms: number[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        for (let i = next++; i < apps.length; i = next++) {
          const t0 = performance.now();
          await step(apps[i]!, i);
          ms.push(performance.now() - t0);
        }
      }),
    );
    phases.push({ name, ms, transitions: apps.length });
  }
  const send = async (a: App, token: string, type: string, payload: object = {}) => {
    const answer = await call(token, 'POST', `/v1/applications/${a.id}/events`, { type, ...payload });
    await call(token, 'GET', `/v1/applications/${a.id}`);
    return answer;
  };

  const started = performance.now();
  await phase('create', async (a, i) => {
    a.id = (
      await call(a.applicant, 'POST', '/v1/applications', { planId: plan.id, unitId: UNIT.id, facts: sampleFacts('张伟', subs[i]!, year) })
    ).id;
    await call(a.applicant, 'GET', `/v1/applications/${a.id}`);
  });
  await phase('SUBMIT', (a) => send(a, a.applicant, 'SUBMIT', { commitmentSigned: true }).then(() => {}));
  await phase('START_UNIT_PUBLICITY', async (a) => {
    a.endsOn = (await send(a, as.unit, 'START_UNIT_PUBLICITY', { startDate: shanghaiToday() })).context.unitPublicity.endsOn;
  });
  await phase('UNIT_VERIFY_FACT', (a) => send(a, as.unit, 'UNIT_VERIFY_FACT', { fact: 'socialInsurance', note: '已核对' }).then(() => {}));
  await setClock(Math.max(...apps.map((a) => Date.parse(`${a.endsOn}T02:00:00.000Z`))));
  await phase('UNIT_APPROVE', (a) =>
    send(a, as.unit, 'UNIT_APPROVE', { publicityResult: 'noObjection', opinion: '同意推荐' }).then(() => {}),
  );
  await phase('HR_VERIFY_FACT', (a) => send(a, as.hr, 'HR_VERIFY_FACT', { fact: 'education', note: '已核对' }).then(() => {}));
  await phase('AUDIT_APPROVE', async (a) => {
    a.code = (await send(a, as.hr, 'AUDIT_APPROVE', {})).context.reviewForm.verificationCode;
  });
  await phase('PAPER_RECEIVED', async (a) => {
    const paper = { copies: 3, stamped: true, watermarked: true, verificationCode: a.code };
    a.publicityEndsAt = (await send(a, as.committee, 'PAPER_RECEIVED', paper)).context.publicity.endsAt;
  });
  const timersStart = performance.now();
  await setClock(Math.max(...apps.map((a) => Date.parse(a.publicityEndsAt!))) + 3600_000);
  const timerSeconds = (performance.now() - timersStart) / 1000;
  await phase('PAY_FEE', (a) => send(a, a.applicant, 'PAY_FEE', { amount: plan.fee }).then(() => {}));
  const interview = new Date(now + 7 * DAY).toISOString();
  await phase('SCHEDULE_INTERVIEW', (a) =>
    send(a, as.committee, 'SCHEDULE_INTERVIEW', { time: interview, place: '615办公室' }).then(() => {}),
  );
  // Attendance is recorded from the interview's time on (issue 24).
  await setClock(Date.parse(interview));
  await phase('RECORD_ATTENDANCE', (a) => send(a, as.committee, 'RECORD_ATTENDANCE').then(() => {}));
  await phase('REVIEW_PASS', (a) => send(a, as.committee, 'REVIEW_PASS', { opinion: '通过' }).then(() => {}));
  await setClock(now + 30 * DAY);
  const seconds = (performance.now() - started) / 1000;
  const stats = await call(service.admin, 'GET', `/v1/stats?planId=${plan.id}`);
  const rss = service.rssMiB();
  await service.stop();

  const ids = apps.map((a) => a.id);
  const baseline = pgbench(target.url, await pgbenchTransitionScript(target.url, ids), { clients: CONCURRENCY, seconds: SMOKE ? 1 : 10 });
  const transitions = phases.reduce((n, p) => n + p.transitions, 0) + 2 * APPS; // and the two publicity ends
  const p99 = (ms: number[]) => [...ms].sort((a, b) => a - b)[Math.floor(ms.length * 0.99)] ?? 0;
  console.log(`
whole lifecycle — ${APPS} applications from creation to certified, ${CONCURRENCY} at a time, each event and a read (${machine()})
  service                          ${fmt(transitions / seconds)} transitions/s (${transitions} in ${seconds.toFixed(1)} s, the clock moves and timers included)
  pgbench, one transition's work   ${fmt(baseline)}/s   (service / pgbench ${(transitions / seconds / baseline).toFixed(2)})
  ${APPS} publicity ends fired        ${timerSeconds.toFixed(2)} s
  p99 per phase (event + read)     ${phases.map((p) => `${p.name} ${p99(p.ms).toFixed(0)} ms`).join(', ')}
  certified at the end             ${stats.items.find((i: { state: string }) => i.state === 'certified')?.count ?? 0} of ${APPS}
  service RSS at the end           ${fmt(rss)} MiB
`);
} finally {
  await target.drop();
}
