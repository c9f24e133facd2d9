import { afterAll, beforeAll, expect, it } from 'vitest';
import { deliverWebhooks } from '../../src/workflow/webhooks';
import { auth, createDraft, createPlan, send, type TestApp, testApp } from '../support/app';
import { idNumberFor } from '../support/factories';
import { fingerprint } from '../support/fingerprint';
import { receiver, verifies } from '../support/webhook-receiver';
import { T0 } from './support/walk';

// Issue 25: PATCH /v1/webhooks/:id kept the registration schema's default `eventTypes: []`,
// so changing only the address widened a filtered endpoint to every event (a receiver filtered
// to SUBMIT got drafts with personal data), and PATCH {} was accepted. A change now names
// what it changes; each field is checked here by what the receiver gets, not by the answer alone.

let t: TestApp;
let first: Awaited<ReturnType<typeof receiver>>;
let second: Awaited<ReturnType<typeof receiver>>;
let planId: string;
beforeAll(async () => {
  t = await testApp(T0);
  first = await receiver();
  second = await receiver();
  planId = await createPlan(t);
});
afterAll(async () => {
  await t?.close();
  await first?.close();
  await second?.close();
});

const admin = () => auth(t.token({ sub: 'admin', role: 'admin' }));
const SECRET = 'first-secret-first-secret-first';
const patch = (id: string, payload: object) => t.app.inject({ method: 'PATCH', url: `/v1/webhooks/${id}`, headers: admin(), payload });

let person = 700;
/** A draft, then its submission: the receiver should see exactly the types it filters for. */
async function draftAndSubmit() {
  const idNumber = idNumberFor(person++);
  const id = await createDraft(t, planId, idNumber);
  await send(t, id, t.token({ sub: idNumber, role: 'applicant' }), 'SUBMIT', { commitmentSigned: true });
  while ((await deliverWebhooks(t.database.db, t.clock)) > 0);
}
const typesAt = (hook: typeof first) => hook.received.map((r) => JSON.parse(r.body).event.type);

it('changes only the field a PATCH names, one field at a time, as the receiver sees it', async () => {
  const created = await t.app.inject({
    method: 'POST',
    url: '/v1/webhooks',
    headers: admin(),
    payload: { url: first.url, eventTypes: ['SUBMIT'], secret: SECRET },
  });
  expect(created.statusCode).toBe(201);
  const { id } = created.json();

  // url only: the filter and the key stay.
  const moved = await patch(id, { url: second.url });
  expect(moved.statusCode, moved.body).toBe(200);
  expect(moved.json()).toMatchObject({ url: second.url, eventTypes: ['SUBMIT'] });
  await draftAndSubmit();
  expect(first.received).toEqual([]);
  expect(typesAt(second)).toEqual(['SUBMIT']);
  expect(verifies(SECRET, second.received[0]!.signature, second.received[0]!.body)).toBe(true);
  // Signed at the wall clock's time, while the event keeps the service clock's (2021 here).
  const signedAt = Number(/t=(\d+)/.exec(second.received[0]!.signature)![1]) * 1000;
  expect(Math.abs(signedAt - Date.now())).toBeLessThan(60_000);
  expect(JSON.parse(second.received[0]!.body).event.at.slice(0, 4)).toBe('2021');

  // eventTypes only: the address and the key stay.
  const widened = await patch(id, { eventTypes: ['xstate.init', 'SUBMIT'] });
  expect(widened.json()).toMatchObject({ url: second.url, eventTypes: ['xstate.init', 'SUBMIT'] });
  second.received.length = 0;
  await draftAndSubmit();
  expect(typesAt(second)).toEqual(['xstate.init', 'SUBMIT']);
  expect(second.received.every((r) => verifies(SECRET, r.signature, r.body))).toBe(true);

  // secret only: the address and the filter stay, and the new key signs.
  const NEW_SECRET = 'second-secret-second-secret-second';
  const rekeyed = await patch(id, { secret: NEW_SECRET });
  expect(rekeyed.json()).toMatchObject({ url: second.url, eventTypes: ['xstate.init', 'SUBMIT'] });
  expect(rekeyed.json()).not.toHaveProperty('secret');
  second.received.length = 0;
  await draftAndSubmit();
  expect(typesAt(second)).toEqual(['xstate.init', 'SUBMIT']);
  expect(second.received.every((r) => verifies(NEW_SECRET, r.signature, r.body) && !verifies(SECRET, r.signature, r.body))).toBe(true);

  // An empty list, named, is every event (as at registration).
  expect((await patch(id, { eventTypes: [] })).json()).toMatchObject({ url: second.url, eventTypes: [] });
});

it('refuses a PATCH that names nothing with 400 NOTHING_TO_CHANGE and writes nothing; an unknown field is 400', async () => {
  const { id } = (
    await t.app.inject({ method: 'POST', url: '/v1/webhooks', headers: admin(), payload: { url: first.url, eventTypes: ['WITHDRAW'] } })
  ).json();
  const before = await fingerprint(t.database.db);
  const empty = await patch(id, {});
  expect(empty.statusCode).toBe(400);
  expect(empty.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(empty.json()).toMatchObject({ code: 'NOTHING_TO_CHANGE', fields: ['url', 'eventTypes', 'secret', 'paused'] });
  expect((await patch(id, { muted: true })).json().code).toBe('VALIDATION_FAILED');
  expect(await fingerprint(t.database.db)).toEqual(before);
  const read = await t.app.inject({ url: `/v1/webhooks/${id}`, headers: admin() });
  expect(read.json()).toMatchObject({ url: first.url, eventTypes: ['WITHDRAW'] });

  const unit = await t.app.inject({ method: 'PATCH', url: '/v1/units/U-TEST-2', headers: admin(), payload: {} });
  expect(unit.json()).toMatchObject({ code: 'NOTHING_TO_CHANGE', fields: ['name', 'inCixi', 'unitType'] });
});
