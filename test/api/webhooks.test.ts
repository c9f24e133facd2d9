import { afterAll, beforeAll, expect, it } from 'vitest';
import { deliverWebhooks, MAX_WEBHOOK_ATTEMPTS } from '../../src/workflow/webhooks';
import { auth, createPlan, send, type TestApp, testApp } from '../support/app';
import { validPayloads } from '../support/factories';
import { receiver, verifies } from '../support/webhook-receiver';
import { history } from './support/inspect';
import { applicationIn, T0 } from './support/walk';

// Webhooks pushed to a receiver on 127.0.0.1 that the test runs. The oracle is each
// application's history and an HMAC the receiver computes itself with node:crypto.

let t: TestApp;
let hook: Awaited<ReturnType<typeof receiver>>;
beforeAll(async () => {
  t = await testApp(T0);
  hook = await receiver();
});
afterAll(async () => {
  await t?.close();
  await hook?.close();
});

const admin = () => t.token({ sub: 'admin', role: 'admin' });
const later = (ms: number) => t.clock.set(new Date(t.clock.now().getTime() + ms));

/** Delivery rounds, moving the clock a day (past any backoff) after each, until nothing is due. */
async function deliverAll() {
  for (let round = 0, idle = 0; round < 100; round++) {
    idle = (await deliverWebhooks(t.database.db, t.clock)) === 0 ? idle + 1 : 0;
    if (idle === 2) return;
    later(86_400_000);
  }
  throw new Error('deliveries never settled');
}

async function register(body: object) {
  const res = await t.app.inject({ method: 'POST', url: '/v1/webhooks', headers: auth(admin()), payload: body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

it('delivers every event to the receiver, in order per application, signed, after an outage, repeats under one id', async () => {
  const endpoint = await register({ url: hook.url });
  expect(endpoint.secret).toMatch(/^[0-9a-f]{64}$/);
  const planId = await createPlan(t);
  const a = await applicationIn(t, planId, 'municipalAudit');
  const b = await applicationIn(t, planId, 'submitted');

  // The receiver is down: each application's earliest event is tried, the later ones wait behind it.
  hook.state.answer = () => 503;
  await deliverWebhooks(t.database.db, t.clock);
  expect(hook.received.map((r) => JSON.parse(r.body).event.seq)).toEqual([0, 0]);
  later(5_000);
  expect(await deliverWebhooks(t.database.db, t.clock)).toBe(0);
  // Back, but it loses the first answer of each delivery: the sender cannot tell, and sends it again.
  const answered = new Set<string>();
  hook.state.answer = (r) => {
    if (answered.has(r.id)) return 200;
    answered.add(r.id);
    return 500;
  };
  await deliverAll();

  const accepted = hook.received.filter((r) => r.answered === 200);
  for (const app of [a, b]) {
    const events = accepted.map((r) => JSON.parse(r.body)).filter((body) => body.applicationId === app.id);
    expect(events.map((e) => e.event.seq)).toEqual((await history(t, app.id)).map((h) => h.seq));
  }
  // Every attempt of one event carries one delivery id; no event has two.
  const idOf = new Map<string, string>();
  for (const r of hook.received) {
    const { applicationId, event } = JSON.parse(r.body);
    const key = `${applicationId}#${event.seq}`;
    expect(idOf.get(key) ?? r.id).toBe(r.id);
    idOf.set(key, r.id);
    expect(JSON.parse(r.body).id).toBe(r.id);
  }
  expect(hook.received.length).toBeGreaterThanOrEqual(2 * accepted.length);
  expect(hook.received.every((r) => verifies(endpoint.secret, r.signature, r.body))).toBe(true);
  // A receiver holding another secret, or a body changed on the way, does not verify.
  const [first] = accepted;
  expect(verifies('another-secret-another-secret', first!.signature, first!.body)).toBe(false);
  expect(verifies(endpoint.secret, first!.signature, first!.body.replace('"seq":0', '"seq":1'))).toBe(false);
  await t.app.inject({ method: 'DELETE', url: `/v1/webhooks/${endpoint.id}`, headers: auth(admin()) });
});

it("drains a busy application's backlog in a round, in order, and a failure holds back what follows it", async () => {
  hook.received.length = 0;
  const endpoint = await register({ url: hook.url, eventTypes: ['UPDATE_DRAFT'] });
  const planId = await createPlan(t);
  const a = await applicationIn(t, planId, 'draft');
  const names = Array.from({ length: 30 }, (_, i) => `草稿${i}`);
  for (const name of names) expect((await send(t, a.id, a.tk.applicant, 'UPDATE_DRAFT', { facts: { name } })).statusCode).toBe(200);
  const sentNames = () => hook.received.filter((r) => r.answered === 200).map((r) => JSON.parse(r.body).event.payload.facts.name);

  // The receiver refuses the 11th: ten go out, the 11th is retried later, the 19 behind it wait.
  hook.state.answer = () => (hook.received.length === 10 ? 503 : 200);
  expect(await deliverWebhooks(t.database.db, t.clock)).toBe(11);
  expect(sentNames()).toEqual(names.slice(0, 10));
  expect(await deliverWebhooks(t.database.db, t.clock)).toBe(0);
  later(60_000);
  hook.state.answer = () => 200;
  expect(await deliverWebhooks(t.database.db, t.clock)).toBe(20);
  expect(sentNames()).toEqual(names);
  await t.app.inject({ method: 'DELETE', url: `/v1/webhooks/${endpoint.id}`, headers: auth(admin()) });
});

it('gives up after repeated failures, shows it as an incident, and replays it with the same id', async () => {
  hook.received.length = 0;
  hook.state.answer = () => 200;
  const nowhere = await receiver();
  await nowhere.close();
  const endpoint = await register({ url: nowhere.url, eventTypes: ['SUBMIT'] });
  const planId = await createPlan(t);
  const a = await applicationIn(t, planId, 'draft');
  expect((await send(t, a.id, a.tk.applicant, 'SUBMIT', validPayloads.SUBMIT)).statusCode).toBe(200);
  for (let i = 0; i < MAX_WEBHOOK_ATTEMPTS; i++) {
    expect(await deliverWebhooks(t.database.db, t.clock)).toBe(1);
    later(3600_000);
  }
  expect(await deliverWebhooks(t.database.db, t.clock)).toBe(0);
  const incidents = (await t.app.inject({ url: '/v1/incidents/webhooks', headers: auth(admin()) })).json().items;
  expect(incidents).toMatchObject([{ endpointId: endpoint.id, applicationId: a.id, seq: 1, attempts: MAX_WEBHOOK_ATTEMPTS }]);
  const unitToken = a.tk.unit;
  expect((await t.app.inject({ url: '/v1/incidents/webhooks', headers: auth(unitToken) })).statusCode).toBe(403);

  await t.app.inject({ method: 'PATCH', url: `/v1/webhooks/${endpoint.id}`, headers: auth(admin()), payload: { url: hook.url } });
  const retry = await t.app.inject({
    method: 'POST',
    url: `/v1/incidents/webhooks/${incidents[0].id}/retry`,
    headers: auth(admin()),
    payload: { reason: '接收方已恢复' },
  });
  expect(retry.statusCode, retry.body).toBe(200);
  expect(retry.json()).toMatchObject({ action: 'webhook.retry', target: incidents[0].id });
  await deliverAll();
  expect(hook.received.map((r) => [r.id, JSON.parse(r.body).event.type])).toEqual([[incidents[0].id, 'SUBMIT']]);
  expect((await t.app.inject({ url: '/v1/incidents/webhooks', headers: auth(admin()) })).json().items).toEqual([]);
});

it('takes only http(s) addresses from an admin', async () => {
  const bad = await t.app.inject({ method: 'POST', url: '/v1/webhooks', headers: auth(admin()), payload: { url: 'file:///etc/passwd' } });
  expect(bad.json().code).toBe('VALIDATION_FAILED');
  const unit = t.token({ sub: 'u', role: 'unit', unitId: 'U-TEST-1' });
  const forbidden = await t.app.inject({ method: 'POST', url: '/v1/webhooks', headers: auth(unit), payload: { url: hook.url } });
  expect(forbidden.json().code).toBe('FORBIDDEN');
});
