// A timer storm, measured: N qualification publicities ending at the same moment on a real
// PostgreSQL. The service (its own process, manual clock) is asked to move its clock past
// the end; the answer comes once every due timer has fired. Meanwhile a reader asks for
// something unrelated, to show a storm does not block other requests. The baseline is
// pgbench doing each timer's database work (claim it, update the application, append the
// event, settle the timer) over as many connections, in the same run.
//
//   npm run bench:timers
import type { Actor, EventType } from '../machines/events';
import { shanghaiDate } from '../machines/rules/dates';
import { ManualClock } from '../src/clock';
import { applyTransition } from '../src/workflow/apply-transition';
import {
  benchDatabase,
  cpuSeconds,
  databaseCpuSeconds,
  fmt,
  machine,
  openBench,
  pgbench,
  SMOKE,
  seedDrafts,
  startService,
  UNIT,
} from './support';

const TIMERS = SMOKE ? 100 : Number(process.env.BENCH_TIMERS ?? 5000);
const POOL = 4;

const target = await benchDatabase('bench_timers');
try {
  const database = await openBench(target.url);
  const { ids, applicants } = await seedDrafts(database, 1);
  const id = ids[0]!;
  // One application through the one transition path to its qualification publicity…
  // From today, so that the publicity ends after the service has started (it would fire them on its first round).
  const clock = new ManualClock(new Date());
  const today = shanghaiDate(clock.now().toISOString());
  const as = {
    applicant: { sub: applicants[0]!, role: 'applicant', unitId: null },
    unit: { sub: 'bench-unit', role: 'unit', unitId: UNIT.id },
    hr: { sub: 'bench-hr', role: 'hr', unitId: null },
    committee: { sub: 'bench-committee', role: 'committee', unitId: null },
  } satisfies Record<string, Actor>;
  const step = (actor: Actor, type: EventType, payload: object = {}) =>
    applyTransition(database.db, clock, { applicationId: id, actor, body: { type, ...payload } });
  await step(as.applicant, 'SUBMIT', { commitmentSigned: true });
  const publicity = await step(as.unit, 'START_UNIT_PUBLICITY', { startDate: today });
  await step(as.unit, 'UNIT_VERIFY_FACT', { fact: 'socialInsurance', note: '已核对' });
  clock.set(new Date(`${publicity.context.unitPublicity!.endsOn}T02:00:00.000Z`));
  await step(as.unit, 'UNIT_APPROVE', { publicityResult: 'noObjection', opinion: '同意推荐' });
  await step(as.hr, 'HR_VERIFY_FACT', { fact: 'education', note: '已核对' });
  const audited = await step(as.hr, 'AUDIT_APPROVE', {});
  const code = audited.context.reviewForm!.verificationCode;
  const received = await step(as.committee, 'PAPER_RECEIVED', { copies: 3, stamped: true, watermarked: true, verificationCode: code });
  const endsAt = received.context.publicity!.endsAt;
  await database.close();

  // …then copied by SQL, each copy with its own pending timer: the storm's material. (The copies
  // have no history of their own; this measures firing, not replay.)
  const { postgresClient } = await import('../src/db/client');
  const sql = postgresClient(target.url, 1);
  const clone = async (n: number, tag: string) => {
    await sql.unsafe(`
      with copies as (
        insert into applications (id, plan_id, id_number, unit_id, state, snapshot, version, definition_version, created_at, updated_at)
        select gen_random_uuid(), plan_id, '${tag}' || lpad(g::text, 8, '0'), unit_id, state, snapshot, version, definition_version, created_at, updated_at
        from applications, generate_series(1, ${n}) g where id = '${id}'
        returning id)
      insert into timers (application_id, event_type, due_at, created_at)
      select id, 'PUBLICITY_ENDED', '${endsAt}', now() from copies`);
  };
  await sql.unsafe(`update timers set status = 'cancelled' where application_id = '${id}'`);

  // Baseline: the same database work per timer, by pgbench over the service's pool width.
  await clone(TIMERS, 'PGB');
  const perClient = Math.ceil(TIMERS / POOL);
  const started = performance.now();
  pgbench(
    target.url,
    `BEGIN;
SELECT id AS tid FROM timers WHERE status = 'pending' ORDER BY due_at, id LIMIT 1 FOR UPDATE SKIP LOCKED \\gset
UPDATE applications SET snapshot = jsonb_set(snapshot, '{value}', '"feePayment"'), version = version + 1, state = 'feePayment'
  WHERE id = (SELECT application_id FROM timers WHERE id = :tid);
INSERT INTO application_events (application_id, seq, type, from_state, to_state, actor, at, payload)
  SELECT application_id, 9, 'PUBLICITY_ENDED', 'qualificationPublicity', 'feePayment', '{}', now(), '{}' FROM timers WHERE id = :tid;
UPDATE timers SET status = 'fired', settled_at = now() WHERE id = :tid;
COMMIT;
`,
    { clients: POOL, seconds: 0, transactions: perClient },
  );
  const pgbenchRate = TIMERS / ((performance.now() - started) / 1000);

  await clone(TIMERS, 'SVC');
  const service = await startService({ DATABASE_URL: target.url, CLOCK: 'manual', DB_POOL_SIZE: String(POOL), TIMER_POLL_MS: '3600000' });
  // Unmeasured: a fresh service loads modules on demand and warms the PDF renderer's thread at first.
  await new Promise((resolve) => setTimeout(resolve, SMOKE ? 500 : 5000));
  const reads: number[] = [];
  let storming = true;
  const reader = (async () => {
    while (storming) {
      const t0 = performance.now();
      await fetch(`${service.base}/v1/plans`, { headers: { authorization: `Bearer ${service.admin}` } });
      reads.push(performance.now() - t0);
    }
  })();
  const t0 = performance.now();
  const cpu0 = cpuSeconds(service.pid);
  const db0 = databaseCpuSeconds();
  const moved = await fetch(`${service.base}/v1/test/clock`, {
    method: 'POST',
    headers: { authorization: `Bearer ${service.admin}`, 'content-type': 'application/json' },
    body: JSON.stringify({ now: new Date(Date.parse(endsAt) + 3600_000).toISOString() }),
  });
  const seconds = (performance.now() - t0) / 1000;
  const cpu1 = cpuSeconds(service.pid);
  const db1 = databaseCpuSeconds();
  const answer = (await moved.json()) as { firedTimers: number };
  if (!moved.ok) throw new Error(`moving the clock: ${moved.status} ${JSON.stringify(answer)}`);
  const { firedTimers } = answer;
  storming = false;
  await reader;
  const rss = service.rssMiB();
  await service.stop();
  await sql.end();
  reads.sort((a, b) => a - b);
  const at = (q: number) => (reads[Math.min(reads.length - 1, Math.floor(q * reads.length))] ?? 0).toFixed(1);
  console.log(`
timer storm — ${TIMERS} publicities ending at once, pool of ${POOL}, PostgreSQL (${machine()})
  pgbench, the same database work   ${fmt(pgbenchRate)}/s
  service, clock moved past them    ${fmt(firedTimers / seconds)}/s   ${firedTimers} fired in ${seconds.toFixed(2)} s (${(firedTimers / seconds / pgbenchRate).toFixed(2)} of pgbench)
  service CPU per timer fired       ${fmt(((cpu1.user + cpu1.system - cpu0.user - cpu0.system) / firedTimers) * 1e6, 4)} µs (user and system, the reads' included)
  database CPU per timer fired      ${fmt(((db1 - db0) / firedTimers) * 1e6, 4)} µs (every PostgreSQL process)
  an unrelated read meanwhile       ${reads.length} reads, p50 ${at(0.5)} ms, p99 ${at(0.99)} ms, max ${at(1)} ms
  service RSS after the storm       ${fmt(rss)} MiB
`);
} finally {
  await target.drop();
}
