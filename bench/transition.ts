// The hot path, measured: POST /v1/applications/:id/events (an UPDATE_DRAFT) through the
// service as its own process on a real PostgreSQL, against pgbench running the same work
// (lock the row, update the snapshot, append the event) before and after it, in the same run;
// then the service again at half its measured maximum, for latency at a fixed load; then the
// stack alone (Fastify and postgres.js, bench/stack-floor.ts) under the same load, as a floor.
//
//   npm run bench:transition        (needs pgbench and wrk: apt-get install postgresql-client wrk)
import { spawn } from 'node:child_process';
import {
  benchDatabase,
  cpuSeconds,
  databaseCpuSeconds,
  draftEdits,
  fmt,
  machine,
  openBench,
  pgbench,
  pgbenchTransitionScript,
  root,
  SMOKE,
  seedDrafts,
  startService,
  wrk,
} from './support';

const APPS = SMOKE ? 50 : 1000;
const CLIENTS = 32;
const SECONDS = SMOKE ? 1 : Number(process.env.BENCH_SECONDS ?? 10);

/** The same load on the stack alone (bench/stack-floor.ts), after the same unmeasured warm-up: its rate and CPU per request. */
async function stackFloor(url: string, edits: string, load: { clients: number; seconds: number }) {
  const floor = spawn(process.execPath, ['--import', 'tsx', 'bench/stack-floor.ts', url], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const base = await new Promise<string>((ok, fail) => {
    floor.stdout.once('data', (d) => ok(String(d).trim()));
    floor.once('exit', (code) => fail(new Error(`bench/stack-floor.ts exited ${code}`)));
  });
  try {
    wrk(base, edits, { ...load, seconds: SMOKE ? 1 : 5 });
    const cpu0 = cpuSeconds(floor.pid!);
    const run = wrk(base, edits, load);
    const cpu1 = cpuSeconds(floor.pid!);
    return { rps: run.rps, cpuUs: ((cpu1.user + cpu1.system - cpu0.user - cpu0.system) / run.requests) * 1e6 };
  } finally {
    floor.kill('SIGTERM');
  }
}

const target = await benchDatabase('bench_transition');
try {
  const database = await openBench(target.url);
  const { ids, applicants } = await seedDrafts(database, APPS);
  await database.close();
  const script = await pgbenchTransitionScript(target.url, ids);
  const load = { clients: CLIENTS, seconds: SECONDS };
  const before = pgbench(target.url, script, load);

  const service = await startService({ DATABASE_URL: target.url });
  const edits = draftEdits(ids, applicants, service.secret);
  // Unmeasured: the process's CPU counts every thread, and the first seconds of a fresh
  // service also load modules on demand and warm the PDF renderer's thread.
  wrk(service.base, edits, { ...load, seconds: SMOKE ? 1 : 5 });
  const cpu0 = cpuSeconds(service.pid);
  const db0 = databaseCpuSeconds();
  const max = wrk(service.base, edits, load);
  const cpu1 = cpuSeconds(service.pid);
  const db1 = databaseCpuSeconds();
  const half = wrk(service.base, edits, { ...load, rate: max.rps / 2 });
  const rss = service.rssMiB();
  await service.stop();
  const after = pgbench(target.url, script, load);
  const floor = await stackFloor(target.url, edits, load);

  // The machine's rate drifts within a run; pgbench before and after the service brackets it.
  const baseline = (before + after) / 2;
  const perTransition = (seconds: number) => fmt((seconds / max.requests) * 1e6, 4);
  console.log(`
transition benchmark — UPDATE_DRAFT, ${CLIENTS} clients, ${SECONDS} s a phase, ${APPS} applications, PostgreSQL (${machine()})
  pgbench, the same work           ${fmt(baseline)}/s   (${fmt(before, 0)} before, ${fmt(after, 0)} after the service)
  service at saturation            ${fmt(max.rps)}/s   ${(max.rps / baseline).toFixed(2)} of pgbench   p50 ${max.p50}  p99 ${max.p99}
  service CPU per transition       ${perTransition(cpu1.user - cpu0.user)} µs user + ${perTransition(cpu1.system - cpu0.system)} µs system
  database CPU per transition      ${perTransition(db1 - db0)} µs (every PostgreSQL process)
  service at half that (offered)   ${fmt(half.rps)}/s   p50 ${half.p50}  p99 ${half.p99}
  Fastify + postgres.js alone      ${fmt(floor.rps)}/s   ${fmt(floor.cpuUs, 4)} µs CPU per request   (one read, one write; bench/stack-floor.ts)
  non-2xx answers                  ${max.non2xx + half.non2xx}
  service RSS after the run        ${fmt(rss)} MiB
`);
} finally {
  await target.drop();
}
