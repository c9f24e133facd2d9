// A whole season's work, measured: N applications taken from creation to certified through
// the HTTP API of the service (its own process, manual clock, PostgreSQL), C at a time, every
// event followed by a read as a client would (bench/season.ts); the clock moves between phases
// so that the publicities elapse and the service's timers end them. Prints transitions per
// second and each phase's p99, beside pgbench's rate for one transition's work in the same run.
//
//   npm run bench:lifecycle
import { inPhases, openSeason } from './season';
import { benchDatabase, fmt, machine, pgbench, pgbenchTransitionScript, SMOKE, startService } from './support';

const APPS = SMOKE ? 20 : Number(process.env.BENCH_APPS ?? 2000);
const CONCURRENCY = 32;

const target = await benchDatabase('bench_lifecycle');
try {
  const service = await startService({ DATABASE_URL: target.url, CLOCK: 'manual', TIMER_POLL_MS: '3600000' });
  const season = await openSeason(service);
  const apps = Array.from({ length: APPS }, (_, n) => season.applicant(n));
  const { phases, timers, seconds } = await inPhases(season, apps, CONCURRENCY);
  const certified = await season.certified();
  const rss = service.rssMiB();
  await service.stop();

  const ids = apps.map((a) => a.id);
  const baseline = pgbench(target.url, await pgbenchTransitionScript(target.url, ids), { clients: CONCURRENCY, seconds: SMOKE ? 1 : 10 });
  const transitions = (phases.length + 2) * APPS; // and the two publicity ends
  const p99 = (ms: number[]) => [...ms].sort((a, b) => a - b)[Math.floor(ms.length * 0.99)] ?? 0;
  console.log(`
whole lifecycle — ${APPS} applications from creation to certified, ${CONCURRENCY} at a time, each event and a read (${machine()})
  service                          ${fmt(transitions / seconds)} transitions/s (${transitions} in ${seconds.toFixed(1)} s, the clock moves and timers included)
  pgbench, one transition's work   ${fmt(baseline)}/s   (service / pgbench ${(transitions / seconds / baseline).toFixed(2)})
  publicity ends fired             ${timers.map((t) => `${t.fired} in ${t.seconds.toFixed(2)} s`).join(', ')}
  p99 per phase (event + read)     ${phases.map((p) => `${p.name} ${p99(p.ms).toFixed(0)} ms`).join(', ')}
  certified at the end             ${certified} of ${APPS}
  service RSS at the end           ${fmt(rss)} MiB
`);
} finally {
  await target.drop();
}
