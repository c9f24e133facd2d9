// A batch over a filter (issue 27): 5,000 submitted applications of one unit, one event to every
// one of them started as a batch (POST /v1/batches) and followed until the service reports each
// item's outcome; beside it, in the same run, the same event on as many other applications sent
// one by one by 8 clients through the API, and pgbench doing a transition's database work.
// The event is UNIT_VERIFY_FACT (the unit vouching for the insurance record), which keeps the
// state, so nothing depends on the date's working days.
//
//   npm run bench:batches        BENCH_SMOKE=1 for 200
import { createTokenService } from '../src/auth/jwt';
import { benchDatabase, fmt, machine, openBench, pgbench, pgbenchTransitionScript, SMOKE, seedDrafts, startService, UNIT } from './support';

const N = SMOKE ? 200 : 5_000;
const CLIENTS = 8;
const event = { type: 'UNIT_VERIFY_FACT', fact: 'socialInsurance', note: '已与社保记录核对' };

const target = await benchDatabase('bench_batches');
try {
  const database = await openBench(target.url);
  const { ids, applicants } = await seedDrafts(database, 2 * N);
  await database.close();
  const service = await startService({ DATABASE_URL: target.url });
  const tokens = createTokenService(service.secret);
  const unit = tokens.sign({ sub: 'bench-unit', role: 'unit', unitId: UNIT.id });
  const call = async (token: string, method: string, path: string, body?: unknown) => {
    const res = await fetch(`${service.base}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as Record<string, any>;
  };
  /** `work(i)` for i in 0…n-1, `clients` at a time; answers the seconds it took. */
  const inParallel = async (n: number, clients: number, work: (i: number) => Promise<unknown>) => {
    const started = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: clients }, async () => {
        while (next < n) await work(next++);
      }),
    );
    return (performance.now() - started) / 1000;
  };

  // The batch's applications submitted first, so its filter (the unit's submitted ones) matches them alone.
  const applicant = ids.map((_, i) => tokens.sign({ sub: applicants[i]!, role: 'applicant' }));
  const submit = (i: number) =>
    call(applicant[i]!, 'POST', `/v1/applications/${ids[i]}/events`, { type: 'SUBMIT', commitmentSigned: true });
  await inParallel(N, 16, submit);

  const { type, ...payload } = event;
  const filter = { state: 'submitted' };
  const { matching } = await call(unit, 'GET', '/v1/batches/matching?state=submitted');
  const started = performance.now();
  let view = await call(unit, 'POST', '/v1/batches', { type, payload, filter, expectedCount: matching });
  while (view.status === 'running') {
    await new Promise((r) => setTimeout(r, 50));
    view = await call(unit, 'GET', `/v1/batches/${view.id}`);
  }
  const batchSeconds = (performance.now() - started) / 1000;
  let items = 0;
  for (let cursor = ''; ; ) {
    const page = await call(unit, 'GET', `/v1/batches/${view.id}/items?limit=1000${cursor ? `&cursor=${cursor}` : ''}`);
    items += page.items.length;
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }

  // The baseline's applications, then the same event one by one.
  await inParallel(N, 16, (i) => submit(N + i));
  const direct = N / (await inParallel(N, CLIENTS, (i) => call(unit, 'POST', `/v1/applications/${ids[N + i]}/events`, event)));
  const rss = service.rssMiB();
  await service.stop();
  const baseline = pgbench(target.url, await pgbenchTransitionScript(target.url, ids), { clients: 1, seconds: SMOKE ? 1 : 5 });

  console.log(`
batches benchmark — UNIT_VERIFY_FACT on submitted applications of one unit, PostgreSQL (${machine()})
  one batch over ${view.total} applications      ${fmt(view.total / batchSeconds)} items/s   ${batchSeconds.toFixed(1)} s, status ${view.status}, outcomes ${JSON.stringify(view.counts)}, ${items} items listed
  the same event sent one by one, ${CLIENTS} clients  ${fmt(direct)} events/s   (${N} applications)
  pgbench, a transition's SQL, 1 client  ${fmt(baseline)} tx/s
  service RSS after the run              ${fmt(rss)} MiB
`);
  if (view.status !== 'done' || items !== view.total || view.counts.applied !== view.total) process.exitCode = 1;
} finally {
  await target.drop();
}
