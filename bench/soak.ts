// A long run at a steady load, to see what grows: UPDATE_DRAFT through the service (its own
// process, PostgreSQL) at half the rate it reached at saturation in the same run, sampled every
// 10 s — rate, p99, non-2xx answers and the service's RSS — and printed as a series, with the
// RSS trend after the first minute (MiB a minute, a least-squares slope). Beside it, pgbench's
// rate for the same work in the same run.
//
//   npm run bench:soak                 (10 minutes; SOAK_MINUTES=n for another length)
import {
  benchDatabase,
  draftEdits,
  fmt,
  machine,
  openBench,
  pgbench,
  pgbenchTransitionScript,
  SMOKE,
  seedDrafts,
  startService,
  wrk,
} from './support';

const APPS = SMOKE ? 50 : 1000;
const CLIENTS = 32;
const SAMPLE_SECONDS = SMOKE ? 1 : 10;
const SAMPLES = SMOKE ? 3 : Math.round((Number(process.env.SOAK_MINUTES ?? 10) * 60) / SAMPLE_SECONDS);
const WARM_UP_SAMPLES = SMOKE ? 1 : Math.round(60 / SAMPLE_SECONDS);

/** Least-squares slope of y over x. */
function slope(points: [number, number][]): number {
  const n = points.length;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  const sxy = points.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0);
  const sxx = points.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  return sxx === 0 ? 0 : sxy / sxx;
}

const target = await benchDatabase('bench_soak');
try {
  const database = await openBench(target.url);
  const { ids, applicants } = await seedDrafts(database, APPS);
  await database.close();
  const script = await pgbenchTransitionScript(target.url, ids);
  const baseline = pgbench(target.url, script, { clients: CLIENTS, seconds: SMOKE ? 1 : 10 });

  const service = await startService({ DATABASE_URL: target.url });
  const edits = draftEdits(ids, applicants, service.secret);
  wrk(service.base, edits, { clients: CLIENTS, seconds: SMOKE ? 1 : 5 });
  const max = wrk(service.base, edits, { clients: CLIENTS, seconds: SMOKE ? 1 : 10 });
  const rate = max.rps / 2;
  console.log(`
soak — UPDATE_DRAFT at half the service's maximum, ${CLIENTS} clients, ${SAMPLES} samples of ${SAMPLE_SECONDS} s, PostgreSQL (${machine()})
  pgbench, the same work     ${fmt(baseline)}/s
  service at saturation      ${fmt(max.rps)}/s   offered from here on ${fmt(rate)}/s
     t/s    rate/s   p99        non-2xx   RSS MiB`);
  const series: { t: number; rss: number; non2xx: number }[] = [];
  for (let i = 1; i <= SAMPLES; i++) {
    const r = wrk(service.base, edits, { clients: CLIENTS, seconds: SAMPLE_SECONDS, rate });
    const sample = { t: i * SAMPLE_SECONDS, rss: service.rssMiB(), non2xx: r.non2xx };
    series.push(sample);
    console.log(`  ${fmt(sample.t, 6)}   ${fmt(r.rps, 6)}   ${r.p99.padEnd(9)}  ${fmt(r.non2xx, 6)}   ${fmt(sample.rss, 6)}`);
  }
  await service.stop();
  const after = series.slice(WARM_UP_SAMPLES);
  const perMinute = slope(after.map((s) => [s.t / 60, s.rss])) || 0;
  console.log(`  RSS after warm-up: ${fmt(Math.min(...after.map((s) => s.rss)), 0)}–${fmt(Math.max(...after.map((s) => s.rss)), 0)} MiB, trend ${perMinute.toFixed(2)} MiB a minute; non-2xx in all ${series.reduce((n, s) => n + s.non2xx, 0)}
`);
} finally {
  await target.drop();
}
