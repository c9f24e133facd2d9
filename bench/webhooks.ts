// Webhook throughput: UPDATE_DRAFT events written while the endpoint is paused, then the endpoint
// resumed and timed until a receiver on this machine has every one (each application's in
// order, checked); beside it, in the same run, the same events read from the feed through the
// API from the start, as fast as one client pages. The service is its own process on PostgreSQL.
//
//   npm run bench:webhooks
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { benchDatabase, draftEdits, fmt, machine, openBench, SMOKE, seedDrafts, startService, wrk } from './support';

const APPS = SMOKE ? 20 : 200;
const WRITE_SECONDS = SMOKE ? 1 : 5;

const target = await benchDatabase('bench_webhooks');
const seen = new Map<string, number[]>();
let received = 0;
let firstAt = 0;
const receiver = createServer((req, res) => {
  let body = '';
  req.on('data', (chunk) => {
    body += chunk;
  });
  req.on('end', () => {
    const { applicationId, event } = JSON.parse(body) as { applicationId: string; event: { seq: number } };
    const seqs = seen.get(applicationId) ?? [];
    if (!seqs.includes(event.seq)) {
      firstAt ||= performance.now();
      seqs.push(event.seq);
      received++;
    }
    seen.set(applicationId, seqs);
    res.writeHead(204).end();
  });
});
await new Promise<void>((ok) => receiver.listen(0, '127.0.0.1', ok));
try {
  const database = await openBench(target.url);
  const { ids, applicants } = await seedDrafts(database, APPS);
  await database.close();
  const service = await startService({ DATABASE_URL: target.url, WEBHOOK_ALLOWED_HOSTS: '127.0.0.1' });
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${service.base}${path}`, {
      method,
      headers: { authorization: `Bearer ${service.admin}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as Record<string, any>;
  };
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  const endpoint = await call('POST', '/v1/webhooks', { url, eventTypes: ['UPDATE_DRAFT'] });
  await call('PATCH', `/v1/webhooks/${endpoint.id}`, { paused: true });
  const writes = wrk(service.base, draftEdits(ids, applicants, service.secret), { clients: 16, seconds: WRITE_SECONDS });
  const events = writes.requests - writes.non2xx;

  const started = performance.now();
  await call('PATCH', `/v1/webhooks/${endpoint.id}`, { paused: false });
  while (received < events) await new Promise((r) => setTimeout(r, 20));
  const deliverySeconds = (performance.now() - firstAt) / 1000;
  const firstAfter = firstAt - started;
  const outOfOrder = [...seen.values()].filter((seqs) => seqs.some((s, i) => i > 0 && s < seqs[i - 1]!)).length;

  const feedStarted = performance.now();
  let fed = 0;
  for (let after: string | null = null; ; ) {
    const page = await call('GET', `/v1/feed?limit=500${after ? `&after=${after}` : ''}`);
    if (page.items.length === 0) break;
    fed += page.items.length;
    after = page.nextPosition;
  }
  const feedSeconds = (performance.now() - feedStarted) / 1000;
  const rss = service.rssMiB();
  await service.stop();

  console.log(`
webhooks benchmark — ${events} UPDATE_DRAFT events of ${APPS} applications, one endpoint, receiver on 127.0.0.1, PostgreSQL (${machine()})
  feed read from the start, one client   ${fmt(fed / feedSeconds)} events/s   (${fed} events, creations included, pages of 500)
  webhook deliveries, first to last      ${fmt(events / deliverySeconds)} deliveries/s   ${(events / deliverySeconds / (fed / feedSeconds)).toFixed(2)} of the feed's rate
  first delivery after resuming          ${fmt(firstAfter)} ms   (the next round of the sender, TIMER_POLL_MS)
  applications delivered out of order    ${outOfOrder}
  service RSS after the run              ${fmt(rss)} MiB
`);
} finally {
  receiver.close();
  receiver.closeAllConnections();
  await target.drop();
}
