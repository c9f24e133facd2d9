// Scale on one database (issue 29, item 4): bench:transition's work (UPDATE_DRAFT, 32 clients)
// through 1, 2 and 3 service processes on one PostgreSQL, the clients split evenly between them
// (a wrk for each process: no balancer in between to take a share of the cores). Each count of
// processes is printed beside pgbench's rate for the same work, run just before and just after
// it, with the CPU the processes and the database spent per transition, each process's RSS and
// the machine's load.
//
//   npm run bench:replicas
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
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
  SMOKE,
  seedDrafts,
  startService,
  wrkAlongside,
} from './support';

const APPS = SMOKE ? 50 : 1000;
const CLIENTS = 32;
const SECONDS = SMOKE ? 1 : Number(process.env.BENCH_SECONDS ?? 10);
const REPLICAS = [1, 2, 3];

const target = await benchDatabase('bench_replicas');
try {
  const database = await openBench(target.url);
  const { ids, applicants } = await seedDrafts(database, APPS);
  await database.close();
  const script = await pgbenchTransitionScript(target.url, ids);
  const baseline = () => pgbench(target.url, script, { clients: CLIENTS, seconds: SECONDS });
  const secret = randomBytes(24).toString('hex');
  const edits = draftEdits(ids, applicants, secret);

  const rows: string[] = [];
  let pgbenchBefore = baseline();
  for (const n of REPLICAS) {
    const services = await Promise.all(REPLICAS.slice(0, n).map(() => startService({ DATABASE_URL: target.url, JWT_SECRET: secret })));
    const clients = (i: number) => Math.floor(CLIENTS / n) + (i < CLIENTS % n ? 1 : 0);
    const split = (seconds: number) => Promise.all(services.map((s, i) => wrkAlongside(s.base, edits, { clients: clients(i), seconds })));
    // Unmeasured, as in bench:transition, and as long again for each process more: a process's JIT
    // warms with the requests it serves, and each serves a share of them.
    await split(SMOKE ? 1 : 5 * n);
    const cpu = () => services.reduce((sum, s) => sum + cpuSeconds(s.pid).user + cpuSeconds(s.pid).system, 0);
    const cpu0 = cpu();
    const db0 = databaseCpuSeconds();
    const runs = await split(SECONDS);
    const requests = runs.reduce((sum, r) => sum + r.requests, 0);
    const perTransition = (seconds: number) => fmt((seconds / requests) * 1e6, 7);
    const serviceCpu = perTransition(cpu() - cpu0);
    const dbCpu = perTransition(databaseCpuSeconds() - db0);
    const rss = services.map((s) => fmt(s.rssMiB(), 0)).join(' ');
    const load = loadavg()[0]!.toFixed(1);
    await Promise.all(services.map((s) => s.stop()));
    const pgbenchAfter = baseline();
    const rps = runs.reduce((sum, r) => sum + r.rps, 0);
    const pgbenchRate = (pgbenchBefore + pgbenchAfter) / 2;
    rows.push(
      `  ${fmt(n, 9)}   ${fmt(rps, 9)}   ${fmt(pgbenchRate, 9)}   ${(rps / pgbenchRate).toFixed(2).padStart(5)}   ${runs
        .map((r) => r.p99)
        .join(' ')
        .padEnd(26)}   ${serviceCpu}   ${dbCpu}   ${rss.padEnd(11)}   ${load.padStart(4)}   ${fmt(
        runs.reduce((sum, r) => sum + r.non2xx, 0),
        7,
      )}`,
    );
    pgbenchBefore = pgbenchAfter;
  }
  console.log(`
replicas — UPDATE_DRAFT, ${CLIENTS} clients split over the processes, ${SECONDS} s a phase, ${APPS} applications, one PostgreSQL (${machine()})
  pgbench: the same work just before and just after each row (mean); CPU: µs a transition, every process of the service, every PostgreSQL process
  processes   service/s   pgbench/s   ratio   p99 (each process's clients)   service   database   RSS MiB       load   non-2xx
${rows.join('\n')}
`);
} finally {
  await target.drop();
}
