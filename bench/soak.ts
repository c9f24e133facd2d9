// A long run at a steady load, to see what grows: bench:lifecycle's season (bench/season.ts)
// kept going through the service (its own process, PostgreSQL, manual clock) at half the rate
// its steps reached at saturation in the same run. Applications are created as others move on,
// so every step of the season is in the mix at once; the clock moves to the next working
// morning every few seconds (between two requests, as a day passes between people's steps),
// so that publicities end and interviews come. Sampled every 10 s — steps a second, p99 of the
// requests, non-2xx answers and the service's RSS — and printed as a series, with the RSS trend
// after the first minute (MiB a minute, a least-squares slope); pgbench's rate for one
// transition's work beside it. No refusal is expected: any non-2xx answer fails the run.
//
//   npm run bench:soak                 (10 minutes; SOAK_MINUTES=n for another length)
import { loadavg } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { addDays, weekdayOf } from '../machines/rules/dates';
import { type Answer, inPhases, openSeason, Refused, type SeasonApp } from './season';
import { benchDatabase, fmt, machine, pgbench, pgbenchTransitionScript, SMOKE, startService } from './support';

const MAX_APPS = SMOKE ? 20 : 640;
const CONCURRENCY = 32;
const SAMPLE_SECONDS = SMOKE ? 1 : 10;
const SAMPLES = SMOKE ? 3 : Math.round((Number(process.env.SOAK_MINUTES ?? 10) * 60) / SAMPLE_SECONDS);
const WARM_UP_SAMPLES = SMOKE ? 1 : Math.round(60 / SAMPLE_SECONDS);
/** The last morning the clock moves to: the plan's year, with its last applications' season still in calendar data. */
const LAST_DAY = '2025-12-15';
/** Steps in flight beyond which an arrival is dropped (counted): the service is not keeping up. */
const MAX_IN_FLIGHT = 256;

/** Least-squares slope of y over x. */
function slope(points: [number, number][]): number {
  const n = points.length;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  const sxy = points.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0);
  const sxx = points.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  return sxx === 0 ? 0 : sxy / sxx;
}
const p99 = (ms: number[]) => [...ms].sort((a, b) => a - b)[Math.floor(ms.length * 0.99)] ?? 0;
const workday = (date: string) => ![0, 6].includes(weekdayOf(date));

/** Requests answered since the last sample: their times and the refusals by code. */
let bucket = { ms: [] as number[], refused: {} as Record<string, number> };
const refusedInAll: Record<string, number> = {};
const tally = (into: Record<string, number>, code: string) => {
  into[code] = (into[code] ?? 0) + 1;
};
const observe = (a: Answer) => {
  if (a.path === '/v1/test/clock') return;
  bucket.ms.push(a.ms);
  if (a.status >= 300) tally(bucket.refused, a.code ?? `HTTP_${a.status}`);
};

const target = await benchDatabase('bench_soak');
let failed = false;
try {
  const service = await startService({ DATABASE_URL: target.url, CLOCK: 'manual' });
  const season = await openSeason(service, observe);
  const { steps } = season;

  // The maximum: the season phase by phase at saturation, as bench:lifecycle takes it.
  const measured = Array.from({ length: MAX_APPS }, (_, n) => season.applicant(n));
  const { phases } = await inPhases(season, measured, CONCURRENCY);
  const max = (phases.length * MAX_APPS) / phases.reduce((s, p) => s + p.seconds, 0);
  const rate = max / 2;

  // Working mornings left for the clock, spread over the run.
  let workdays = 0;
  for (let d = season.today(); d <= LAST_DAY; d = addDays(d, 1)) if (workday(d)) workdays += 1;
  const dayMs = Math.max(500, (SAMPLES * SAMPLE_SECONDS * 1000) / workdays);

  type Moving = { app: SeasonApp; step: number };
  const ready: Moving[] = [];
  let waiting: Moving[] = [];
  let created = 0;
  const taken: Record<string, number> = {};
  let stepsInSample = 0;
  let dropped = 0;
  const inFlight = new Set<Promise<void>>();
  /** Set while the clock moves: no step starts until it has. */
  let moving: Promise<void> | undefined;
  let stopped = false;

  /** The next ready step of an application under way, or a new application. */
  async function takeNext(): Promise<void> {
    const m = ready.shift() ?? { app: season.applicant(MAX_APPS + created++), step: 0 };
    const step = steps[m.step]!;
    try {
      await step.take(m.app);
    } catch (err) {
      if (!(err instanceof Refused)) tally(bucket.refused, 'NETWORK_ERROR');
      return; // the application leaves the season; the refusal is counted
    }
    tally(taken, step.name);
    stepsInSample += 1;
    m.step += 1;
    const next = steps[m.step];
    if (!next) return;
    (next.notBefore && next.notBefore(m.app) > season.now() ? waiting : ready).push(m);
  }

  /** Arrivals about Poisson at `rate`; none while the clock moves, and no burst after it. */
  async function arrivals() {
    let next = performance.now();
    while (!stopped) {
      next += -(1000 / rate) * Math.log(1 - Math.random());
      await sleep(Math.max(0, next - performance.now()));
      if (moving) {
        await moving;
        next = performance.now();
      }
      if (inFlight.size >= MAX_IN_FLIGHT) {
        dropped += 1;
        continue;
      }
      const p = takeNext().finally(() => inFlight.delete(p));
      inFlight.add(p);
    }
    await Promise.all(inFlight);
  }

  /** The next working morning, 10:00 in Shanghai, once the steps in flight are answered. */
  async function clockMover() {
    while (!stopped) {
      await sleep(dayMs);
      let day = addDays(season.today(), 1);
      while (!workday(day)) day = addDays(day, 1);
      if (stopped || day > LAST_DAY) continue;
      moving = (async () => {
        await Promise.all(inFlight);
        await season.setClock(Date.parse(`${day}T02:00:00.000Z`));
        const now = season.now();
        ready.push(...waiting.filter((m) => steps[m.step]!.notBefore!(m.app) <= now));
        waiting = waiting.filter((m) => steps[m.step]!.notBefore!(m.app) > now);
      })();
      await moving;
      moving = undefined;
    }
  }

  console.log(`
soak — bench:lifecycle's season at half the maximum of its steps (each an event and a read), ${SAMPLES} samples of ${SAMPLE_SECONDS} s, a working day every ${(dayMs / 1000).toFixed(1)} s, PostgreSQL (${machine()})
  service at saturation, phase by phase (${MAX_APPS} applications)   ${fmt(max)} steps/s   offered from here on ${fmt(rate)}/s
     t/s   steps/s   p99 ms   non-2xx   RSS MiB   the service's day   under way   load`);
  bucket = { ms: [], refused: {} };
  const running = [arrivals(), clockMover()];
  const series: { t: number; rss: number; non2xx: number }[] = [];
  for (let i = 1; i <= SAMPLES; i++) {
    await sleep(SAMPLE_SECONDS * 1000);
    const sample = bucket;
    const done = stepsInSample;
    bucket = { ms: [], refused: {} };
    stepsInSample = 0;
    const non2xx = Object.values(sample.refused).reduce((n, c) => n + c, 0);
    for (const [code, n] of Object.entries(sample.refused)) refusedInAll[code] = (refusedInAll[code] ?? 0) + n;
    series.push({ t: i * SAMPLE_SECONDS, rss: service.rssMiB(), non2xx });
    console.log(
      `  ${fmt(i * SAMPLE_SECONDS, 6)}   ${fmt(done / SAMPLE_SECONDS, 7)}   ${fmt(p99(sample.ms), 6)}   ${fmt(non2xx, 7)}   ${fmt(series.at(-1)!.rss, 7)}   ${season.today().padStart(17)}   ${fmt(ready.length + waiting.length + inFlight.size, 9)}   ${loadavg()[0]!.toFixed(1).padStart(4)}`,
    );
  }
  stopped = true;
  await Promise.all(running);
  for (const [code, n] of Object.entries(bucket.refused)) refusedInAll[code] = (refusedInAll[code] ?? 0) + n;
  const certified = await season.certified();
  await service.stop();
  const baseline = pgbench(
    target.url,
    await pgbenchTransitionScript(
      target.url,
      measured.map((a) => a.id),
    ),
    {
      clients: CONCURRENCY,
      seconds: SMOKE ? 1 : 10,
    },
  );

  const after = series.slice(WARM_UP_SAMPLES);
  const perMinute = slope(after.map((s) => [s.t / 60, s.rss])) || 0;
  const refusals = Object.entries(refusedInAll);
  failed = refusals.length > 0;
  console.log(`  RSS after warm-up: ${fmt(Math.min(...after.map((s) => s.rss)), 0)}–${fmt(Math.max(...after.map((s) => s.rss)), 0)} MiB, trend ${perMinute.toFixed(2)} MiB a minute
  steps taken: ${steps.map((s) => `${s.name} ${taken[s.name] ?? 0}`).join(', ')}; ${certified} certified; ${dropped} arrivals dropped (${MAX_IN_FLIGHT} in flight)
  pgbench, one transition's work   ${fmt(baseline)}/s
  non-2xx: ${refusals.length ? refusals.map(([code, n]) => `${code} ${n}`).join(', ') : 'none'}
`);
} finally {
  await target.drop();
}
if (failed) {
  console.error('bench:soak: answers other than 2xx (above)');
  process.exit(1);
}
