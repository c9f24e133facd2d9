import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { uuidv7 } from '../../src/db/uuid';
import { createBatch } from '../../src/workflow/batches';
import { deliverOutbox } from '../../src/workflow/outbox';
import { deliverWebhooks, MAX_WEBHOOK_ATTEMPTS } from '../../src/workflow/webhooks';
import { multipart, pdfFile } from '../api/support/materials';
import { replayAllThenClose } from '../api/support/replay';
import { applicationIn, T0 } from '../api/support/walk';
import { auth, createPlan, type TestApp, testApp } from '../support/app';
import { planBody, validPayloads } from '../support/factories';
import { documentChecker } from '../support/openapi';
import { receiver } from '../support/webhook-receiver';

// Every route the served document lists is called, and every answer — successes and
// problems alike — is validated against that document by a JSON Schema 2020-12 validator.
// A route the document lists that no request here reached with success fails the test.

let t: TestApp;
beforeAll(async () => {
  t = await testApp(T0);
});
afterAll(async () => {
  await replayAllThenClose(t);
});

it('answers every documented route, successes and problems, as the document says', async () => {
  const doc = (await t.app.inject('/openapi.json')).json();
  expect(doc.openapi).toBe('3.1.0');
  const checker = documentChecker(doc);
  const failures: string[] = [];
  const admin = t.token({ sub: 'admin', role: 'admin' });
  /** A request as `token` (admin unless given; null for none), checked against the document; returns the answer. */
  async function call(
    method: InjectOptions['method'],
    url: string,
    opts: { token?: string | null; body?: unknown; headers?: object } = {},
  ) {
    const token = opts.token === undefined ? admin : opts.token;
    const res = await t.app.inject({
      method,
      url,
      headers: { ...(token ? auth(token) : {}), ...opts.headers },
      ...(opts.body === undefined ? {} : { payload: opts.body as object }),
    });
    failures.push(...checker.check(String(method), url, res));
    return res;
  }
  const ok = async (...args: Parameters<typeof call>) => {
    const res = await call(...args);
    expect(res.statusCode, `${args[0]} ${args[1]}: ${res.body}`).toBeLessThan(300);
    return res;
  };

  await ok('GET', '/healthz', { token: null });
  await ok('GET', '/readyz', { token: null });
  await ok('GET', '/metrics');
  await ok('GET', '/v1/machine');
  await ok('GET', '/v1/machine?format=mermaid');
  await ok('GET', '/v1/test/clock');
  // The console's session: opened with the bearer token, then the cookie alone.
  const cookieOf = async () => String((await ok('POST', '/v1/session')).headers['set-cookie']).split(';')[0]!;
  const cookie = await cookieOf();
  await ok('GET', '/v1/session', { token: null, headers: { cookie } });
  await ok('DELETE', '/v1/session', { token: null, headers: { cookie, 'x-requested-with': 'test' } });
  const crossSite = await call('POST', '/v1/plans', { token: null, headers: { cookie: await cookieOf() }, body: {} });

  const planId = (await ok('POST', '/v1/plans', { body: { ...planBody('junior'), specialty: '水利' } })).json().id as string;
  const mainPlan = await createPlan(t);
  await ok('GET', '/v1/plans');
  await ok('PATCH', `/v1/plans/${planId}`, { body: { closesAt: '2021-10-31', reason: '顺延' } });
  await ok('GET', `/v1/plans/${planId}/history`);
  await ok('POST', '/v1/units', { body: { id: 'U-DOC', name: '文档单位', inCixi: true, unitType: 'enterprise' } });
  await ok('PATCH', '/v1/units/U-DOC', { body: { name: '文档单位二' } });
  await ok('GET', '/v1/units');
  await ok('GET', '/v1/units/U-DOC');
  await ok('PUT', '/v1/calendar/2027', { body: { holidays: ['2027-01-01'], workdays: [] } });
  await ok('GET', '/v1/calendar/2021');

  // Along the main path: a draft with a file, a certified one, one waiting in its publicity.
  const draft = await applicationIn(t, mainPlan, 'draft');
  const form = await multipart({ kind: 'educationCertificate' }, { name: '学历.pdf', bytes: pdfFile() });
  const uploaded = await ok('POST', `/v1/applications/${draft.id}/materials`, {
    token: draft.tk.applicant,
    body: form.payload,
    headers: { 'content-type': form.contentType },
  });
  const sha256 = uploaded.json().material.sha256 as string;
  await ok('GET', `/v1/applications/${draft.id}/materials`, { token: draft.tk.applicant });
  await ok('GET', `/v1/applications/${draft.id}/materials/${sha256}`, { token: draft.tk.applicant });
  await ok('DELETE', `/v1/applications/${draft.id}/materials/${sha256}`, { token: draft.tk.applicant });
  await ok('POST', `/v1/applications/${draft.id}/events`, { token: draft.tk.applicant, body: { type: 'SUBMIT', commitmentSigned: true } });
  await ok('GET', `/v1/applications/${draft.id}/history`);

  const certified = await applicationIn(t, mainPlan, 'certified');
  await ok('GET', `/v1/applications/${certified.id}`, { token: certified.tk.applicant });
  await ok('GET', `/v1/applications/${certified.id}/certificate`, { token: certified.tk.applicant });
  await ok('GET', `/v1/applications/${certified.id}/certificate.pdf`, { token: certified.tk.applicant });
  await ok('GET', `/v1/applications/${certified.id}/review-form.pdf`, { token: certified.tk.applicant });
  const { verificationCode } = (await ok('GET', `/v1/applications/${certified.id}/certificate`)).json();
  await ok('GET', `/v1/public/certificates/${verificationCode}`, { token: null });
  const { number } = (await ok('GET', `/v1/applications/${certified.id}/certificate`)).json();
  await ok('GET', `/v1/public/certificates?number=${number}&code=${verificationCode}`, { token: null });
  await ok('POST', `/v1/applications/${certified.id}/events`, {
    token: certified.tk.hr,
    body: { type: 'REVOKE', ...validPayloads.REVOKE },
  });
  await call('GET', `/v1/applications/${certified.id}/certificate`, { token: certified.tk.applicant });
  const bans = (await ok('GET', `/v1/bans?idNumber=${certified.idNumber}`)).json();
  await ok('POST', `/v1/bans/${bans.items[0].id}/lift`, { body: { reason: '复核' } });

  const waiting = await applicationIn(t, mainPlan, 'qualificationPublicity');
  const stranded = await applicationIn(t, mainPlan, 'qualificationPublicity');
  const { publicity } = (await ok('GET', `/v1/applications/${waiting.id}`)).json().context;
  await ok('GET', '/v1/publicity-lists');
  const start = (await ok('GET', '/v1/publicity-lists')).json().items[0].start as string;
  await ok('GET', `/v1/publicities/${mainPlan}/qualification/${start}/list.csv`);
  await ok('GET', `/v1/publicities/${mainPlan}/qualification/${start}/list.html`);
  await ok('GET', `/v1/publicities/${mainPlan}/qualification/${start}/list.pdf`);
  await ok('GET', '/v1/public/publicities', { token: null });
  await ok('GET', `/v1/public/publicities/${mainPlan}/qualification/${start}`, { token: null });
  await ok('GET', '/v1/publicities');
  // Past the publicity's end without letting its timers fire: overdue timers, and a fee notice given up.
  t.clock.set(new Date(Date.parse(publicity.endsAt) + 3600_000));
  await ok('POST', `/v1/applications/${stranded.id}/end-publicity`, { body: { reason: '计时器未触发' } });
  const failing = async () => {
    throw new Error('down');
  };
  for (let i = 0; i < 10; i++) await deliverOutbox(t.database.db, t.clock, failing);
  const timers = (await ok('GET', '/v1/incidents/timers')).json().items;
  const messages = (await ok('GET', '/v1/incidents/messages')).json().items;
  await ok('GET', '/v1/incidents/idle?workingDays=1');
  await ok('POST', `/v1/incidents/timers/${timers[0].id}/retry`, { body: { reason: '补发' } });
  await ok('POST', `/v1/incidents/messages/${messages[0].id}/retry`, { body: { reason: '重发' } });
  await ok('POST', `/v1/incidents/messages/${messages[1].id}/dismiss`, { body: { reason: '已电话通知' } });
  await ok('GET', '/v1/audit?limit=2');

  await ok('GET', '/v1/applications?limit=2');
  await ok('GET', '/v1/stats?by=plan');
  await ok('GET', '/v1/feed?limit=5');
  await ok('GET', '/v1/feed/head');
  // The stream never ends by itself: read over HTTP until its first message, and checked as answered.
  const base = await t.app.listen({ port: 0, host: '127.0.0.1' });
  const abort = new AbortController();
  const stream = await fetch(`${base}/v1/feed/stream`, {
    headers: { authorization: `Bearer ${t.token({ sub: 'admin', role: 'admin' })}` },
    signal: abort.signal,
  });
  let body = '';
  for await (const chunk of stream.body!) {
    body += Buffer.from(chunk).toString();
    if (body.includes('\nevent: event\n')) break;
  }
  abort.abort();
  const answered = { statusCode: stream.status, headers: Object.fromEntries(stream.headers), body };
  failures.push(...checker.check('GET', '/v1/feed/stream', answered as unknown as Parameters<typeof checker.check>[2]));
  await ok('POST', '/v1/applications', {
    token: draft.tk.applicant,
    body: { planId, unitId: 'U-DOC', facts: (await ok('GET', `/v1/applications/${draft.id}`)).json().context.facts },
  });
  await ok('POST', '/v1/applications/bulk-events', {
    token: waiting.tk.applicant,
    headers: { 'idempotency-key': 'bulk-1' },
    body: { type: 'PAY_FEE', payload: { amount: 100 }, items: [{ applicationId: waiting.id }] },
  });
  // Batches over a filter (issue 27): the count, one that runs, its items; one cancelled before it ran.
  const clerk = t.token({ sub: 'clerk', role: 'hr' });
  await ok('GET', `/v1/batches/matching?q=${draft.id}`, { token: clerk });
  const batchBody = { type: 'AUDIT_REJECT', payload: { reason: '文档' }, filter: { q: draft.id }, expectedCount: 1 };
  const batch = (await ok('POST', '/v1/batches', { token: clerk, body: batchBody })).json();
  await ok('GET', '/v1/batches', { token: clerk });
  await ok('GET', `/v1/batches/${batch.id}`, { token: clerk });
  await ok('GET', `/v1/batches/${batch.id}/items`, { token: clerk });
  const idle = await createBatch(
    t.app.db,
    {
      id: uuidv7(),
      type: 'AUDIT_REJECT',
      payload: { reason: '文档' },
      filter: {},
      startedBy: { sub: 'clerk', role: 'hr', unitId: null },
      at: new Date(),
    },
    [draft.id],
  );
  await ok('POST', `/v1/batches/${idle.id}/cancel`, { token: clerk });
  const migration = { from: 1, to: 2, planId };
  await ok('POST', '/v1/migrations/dry-run', { body: migration });
  await ok('POST', '/v1/migrations', { body: { ...migration, reason: '2022 通知' } });
  await ok('GET', '/v1/migrations');
  await ok('POST', '/v1/test/clock', { body: { now: T0 } });

  // Webhooks: an endpoint nobody listens at, so its delivery is given up, then replayed.
  const closed = await receiver();
  await closed.close();
  const hook = (await ok('POST', '/v1/webhooks', { body: { url: closed.url, eventTypes: ['WITHDRAW'] } })).json();
  await ok('GET', '/v1/webhooks');
  await ok('GET', `/v1/webhooks/${hook.id}`);
  await ok('PATCH', `/v1/webhooks/${hook.id}`, { body: { eventTypes: ['WITHDRAW', 'SUBMIT'] } });
  const withdrawing = await applicationIn(t, mainPlan, 'draft');
  await ok('POST', `/v1/applications/${withdrawing.id}/events`, { token: withdrawing.tk.applicant, body: { type: 'WITHDRAW' } });
  for (let i = 0; i < MAX_WEBHOOK_ATTEMPTS; i++) {
    await deliverWebhooks(t.database.db, t.clock);
    t.clock.set(new Date(t.clock.now().getTime() + 3600_000));
  }
  const [givenUp] = (await ok('GET', '/v1/incidents/webhooks')).json().items;
  await ok('POST', `/v1/incidents/webhooks/${givenUp.id}/retry`, { body: { reason: '重发' } });
  await ok('GET', `/v1/webhooks/${hook.id}/deliveries?limit=1`);
  await ok('POST', `/v1/webhooks/${hook.id}/ping`);
  await ok('POST', `/v1/webhooks/${hook.id}/rotate-secret`, { body: { reason: '轮换' } });
  await ok('PATCH', `/v1/webhooks/${hook.id}`, { body: { paused: true } });
  await ok('DELETE', `/v1/webhooks/${hook.id}`);

  // Problems: each is checked against the schemas of the codes the route documents.
  const refusals = [
    await call('GET', '/v1/applications', { token: null }),
    await call('GET', '/v1/applications/not-a-uuid'),
    await call('GET', '/v1/applications/00000000-0000-4000-8000-000000000000'),
    await call('POST', '/v1/plans', { token: draft.tk.applicant, body: {} }),
    await call('POST', `/v1/applications/${draft.id}/events`, { token: draft.tk.applicant, body: { type: 'PUBLICITY_ENDED' } }),
    await call('POST', `/v1/applications/${draft.id}/events`, {
      token: draft.tk.applicant,
      body: { type: 'SUBMIT', commitmentSigned: true },
    }),
    await call('POST', `/v1/applications/${draft.id}/events`, {
      token: draft.tk.unit,
      body: { type: 'START_UNIT_PUBLICITY', startDate: '2021-08-02' },
      headers: { 'if-match': '1' },
    }),
    await call('POST', `/v1/applications/${stranded.id}/events`, { token: stranded.tk.applicant, body: { type: 'PAY_FEE', amount: 1 } }),
    await call('POST', `/v1/applications/${draft.id}/events`, {
      token: draft.tk.applicant,
      body: 'x',
      headers: { 'content-type': 'text/plain' },
    }),
    await call('GET', '/v1/calendar/2030'),
    await call('POST', '/v1/units', { body: { id: 'U-DOC', name: '重复', inCixi: true, unitType: 'enterprise' } }),
    await call('POST', `/v1/bans/${bans.items[0].id}/lift`, { body: { reason: '再次' } }),
    await call('GET', '/v1/public/certificates/NO-SUCH', { token: null }),
    await call('GET', '/v1/public/certificates/000000000000', { token: null }),
    await call('GET', '/v1/public/certificates?number=CX2021J01-0001', { token: null }),
    crossSite,
  ];
  expect(new Set(refusals.map((r) => r.json().code))).toEqual(
    new Set([
      'UNAUTHENTICATED',
      'VALIDATION_FAILED',
      'NOT_FOUND',
      'FORBIDDEN',
      'ILLEGAL_TRANSITION',
      'VERSION_CONFLICT',
      'FEE_MISMATCH',
      'UNSUPPORTED_MEDIA_TYPE',
      'CALENDAR_UNAVAILABLE',
      'DUPLICATE_UNIT',
      'BAN_ALREADY_LIFTED',
      'CROSS_SITE_REQUEST',
    ]),
  );

  expect(failures).toEqual([]);
  expect(checker.unexercised()).toEqual([]);
});
