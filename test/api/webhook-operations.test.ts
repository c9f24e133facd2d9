import { afterAll, beforeAll, expect, it } from 'vitest';
import { allowedDestinations, guardedPoster } from '../../src/workflow/webhook-destinations';
import { deliverWebhooks, httpPoster } from '../../src/workflow/webhooks';
import { auth, createPlan, send, type TestApp, testApp } from '../support/app';
import { receiver, verifies } from '../support/webhook-receiver';
import { expectProblem } from './support/problem';
import { applicationIn, T0 } from './support/walk';

// Issue 25, item 8: an endpoint an operator can run — paused and resumed, its deliveries
// listed with what the receiver answered, a test request, a key rotated with an overlap.
// The oracle is a receiver on 127.0.0.1 that checks signatures itself.

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
const call = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
  t.app.inject({ method, url, headers: auth(admin()), ...(payload ? { payload } : {}) });
const names = (bodies: string[]) => bodies.map((b) => JSON.parse(b).event.payload.facts.name);

/** One endpoint at a time: each test's receiver hears its own endpoint only. */
async function register() {
  for (const e of (await call('GET', '/v1/webhooks')).json().items)
    await t.app.inject({ method: 'DELETE', url: `/v1/webhooks/${e.id}`, headers: auth(admin()) });
  const res = await call('POST', '/v1/webhooks', { url: hook.url, eventTypes: ['UPDATE_DRAFT'] });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; secret: string };
}

it('holds deliveries while paused and sends them in order once resumed', async () => {
  hook.received.length = 0;
  const endpoint = await register();
  const a = await applicationIn(t, await createPlan(t), 'draft');
  const paused = await call('PATCH', `/v1/webhooks/${endpoint.id}`, { paused: true });
  expect(paused.json().pausedAt).not.toBeNull();
  for (const name of ['甲', '乙', '丙']) await send(t, a.id, a.tk.applicant, 'UPDATE_DRAFT', { facts: { name } });
  expect(await deliverWebhooks(t.database.db, t.clock)).toBe(0);
  expect(hook.received).toEqual([]);
  expect((await call('PATCH', `/v1/webhooks/${endpoint.id}`, { paused: false })).json().pausedAt).toBeNull();
  await deliverWebhooks(t.database.db, t.clock);
  expect(names(hook.received.map((r) => r.body))).toEqual(['甲', '乙', '丙']);
});

it("lists an endpoint's deliveries newest first, a page at a time, with the receiver's answers", async () => {
  hook.received.length = 0;
  const endpoint = await register();
  const a = await applicationIn(t, await createPlan(t), 'draft');
  for (const name of ['一', '二', '三']) await send(t, a.id, a.tk.applicant, 'UPDATE_DRAFT', { facts: { name } });
  hook.state.answer = () => 503;
  await deliverWebhooks(t.database.db, t.clock);
  hook.state.answer = () => 202;
  later(60_000);
  await deliverWebhooks(t.database.db, t.clock);

  const first = (await call('GET', `/v1/webhooks/${endpoint.id}/deliveries?limit=2`)).json();
  expect(first.items.map((d: { seq: number }) => d.seq)).toEqual([3, 2]);
  const second = (await call('GET', `/v1/webhooks/${endpoint.id}/deliveries?limit=2&before=${first.nextBefore}`)).json();
  expect(second).toMatchObject({
    items: [{ seq: 1, eventType: 'UPDATE_DRAFT', attempts: 2, lastStatus: 202, lastError: null }],
    nextBefore: null,
  });
  expect(first.items[0]).toMatchObject({ attempts: 1, lastStatus: 202 });
  expect(second.items[0].deliveredAt).not.toBeNull();
  expectProblem(await call('GET', '/v1/webhooks/00000000-0000-4000-8000-000000000000/deliveries'), 404, 'NOT_FOUND');
  const unit = t.token({ sub: 'u', role: 'unit', unitId: 'U-TEST-1' });
  expect((await t.app.inject({ url: `/v1/webhooks/${endpoint.id}/deliveries`, headers: auth(unit) })).statusCode).toBe(403);
});

it('pings an endpoint with a signed request and says what it answered, or that nothing did', async () => {
  hook.received.length = 0;
  hook.state.answer = () => 204;
  const endpoint = await register();
  const ping = (await call('POST', `/v1/webhooks/${endpoint.id}/ping`)).json();
  expect(ping).toMatchObject({ status: 204, error: null });
  expect(hook.received).toHaveLength(1);
  expect(JSON.parse(hook.received[0]!.body)).toMatchObject({ type: 'ping', endpointId: endpoint.id, id: hook.received[0]!.id });
  expect(verifies(endpoint.secret, hook.received[0]!.signature, hook.received[0]!.body)).toBe(true);

  const gone = await receiver();
  await gone.close();
  await call('PATCH', `/v1/webhooks/${endpoint.id}`, { url: gone.url });
  const silent = (await call('POST', `/v1/webhooks/${endpoint.id}/ping`)).json();
  expect(silent.status).toBeNull();
  expect(silent.error).toMatch(/ECONNREFUSED/);
});

it('rotates the key: both sign during the overlap, the new one alone after it, and the rotation is audited', async () => {
  hook.received.length = 0;
  hook.state.answer = () => 200;
  const endpoint = await register();
  const res = await call('POST', `/v1/webhooks/${endpoint.id}/rotate-secret`, { overlapMinutes: 60, reason: '密钥定期轮换' });
  expect(res.statusCode, res.body).toBe(200);
  const rotated = res.json();
  expect(rotated.secret).toMatch(/^[0-9a-f]{64}$/);
  expect(rotated.secret).not.toBe(endpoint.secret);
  expect(new Date(rotated.previousSecretUntil).getTime()).toBe(t.clock.now().getTime() + 3_600_000);

  const a = await applicationIn(t, await createPlan(t), 'draft');
  await send(t, a.id, a.tk.applicant, 'UPDATE_DRAFT', { facts: { name: '轮换中' } });
  await deliverWebhooks(t.database.db, t.clock);
  const during = hook.received.at(-1)!;
  expect(during.signature.match(/v1=/g)).toHaveLength(2);
  expect(verifies(endpoint.secret, during.signature, during.body)).toBe(true);
  expect(verifies(rotated.secret, during.signature, during.body)).toBe(true);

  t.clock.set(new Date(new Date(rotated.previousSecretUntil).getTime() + 1));
  await send(t, a.id, a.tk.applicant, 'UPDATE_DRAFT', { facts: { name: '轮换后' } });
  await deliverWebhooks(t.database.db, t.clock);
  const after = hook.received.at(-1)!;
  expect(verifies(rotated.secret, after.signature, after.body)).toBe(true);
  expect(verifies(endpoint.secret, after.signature, after.body)).toBe(false);

  const audit = (await call('GET', `/v1/audit?target=${endpoint.id}`)).json();
  expect(JSON.stringify(audit)).toContain('webhook.rotate');
  expect(JSON.stringify(audit)).not.toContain(rotated.secret);
  expectProblem(await call('POST', `/v1/webhooks/${endpoint.id}/rotate-secret`, { overlapMinutes: 60 }), 400, 'VALIDATION_FAILED');
});

it('refuses internal destinations the allow-list does not name, at registration and again before sending', async () => {
  // The test app allows 127.0.0.1 only, as WEBHOOK_ALLOWED_HOSTS=127.0.0.1 would.
  for (const [url, address] of [
    ['http://169.254.169.254/latest/meta-data', '169.254.169.254'],
    ['http://10.1.2.3/hook', '10.1.2.3'],
    ['http://192.168.0.10:8080/hook', '192.168.0.10'],
    ['http://127.0.0.2:5432/', '127.0.0.2'],
    ['http://[::1]:4000/hook', '::1'],
    ['http://[::ffff:10.0.0.1]/hook', '10.0.0.1'],
    ['http://[fe80::1]/hook', 'fe80::1'],
    ['http://0.0.0.0:3000/', '0.0.0.0'],
  ]) {
    const refused = await call('POST', '/v1/webhooks', { url });
    expect(expectProblem(refused, 422, 'WEBHOOK_DESTINATION_REFUSED'), url).toMatchObject({ address });
  }
  expectProblem(await call('POST', '/v1/webhooks', { url: 'http://no-such-host.invalid/hook' }), 422, 'WEBHOOK_DESTINATION_REFUSED');
  const endpoint = await register();
  expectProblem(await call('PATCH', `/v1/webhooks/${endpoint.id}`, { url: 'http://10.0.0.1/' }), 422, 'WEBHOOK_DESTINATION_REFUSED');

  // Before each request too: what was allowed when registered is not sent once the list no longer names it.
  const strict = guardedPoster(httpPoster, allowedDestinations([]));
  hook.received.length = 0;
  expect(await strict(hook.url, {}, '{}')).toEqual({
    status: null,
    error: expect.stringMatching(/^not sent: 127\.0\.0\.1 is 127\.0\.0\.1/),
  });
  expect(hook.received).toEqual([]);
  const byNetwork = guardedPoster(httpPoster, allowedDestinations(['127.0.0.0/8']));
  expect(await byNetwork(hook.url, {}, '{}')).toMatchObject({ status: 200 });
});
