import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app';
import { createTokenService } from '../../src/auth/jwt';
import { ManualClock } from '../../src/clock';
import type { TestApp } from '../support/app';
import { auth, JWT_SECRET } from '../support/app';
import { freshDatabase } from '../support/db';

// Issue 29, item 3: work after the server listens (the demo season on a first start) makes
// /readyz say so, and a request sent meanwhile waits for it, longer than its own deadline,
// instead of being answered 503.

const DEADLINE_MS = 500;
let t: TestApp;
const tokens = createTokenService(JWT_SECRET);
const admin = auth(tokens.sign({ sub: 'admin', role: 'admin' }));

beforeAll(async () => {
  const database = await freshDatabase();
  const clock = new ManualClock(new Date('2021-08-02T02:00:00.000Z'));
  const app = await buildApp(
    { database, tokens, clock, manualClock: clock, requestDeadlineMs: DEADLINE_MS, maxEventLoopDelayMs: 0 },
    { logger: false },
  );
  t = { app, database, clock, token: tokens.sign, close: () => app.close() };
});
afterAll(async () => {
  await t?.close();
});

describe('work after start-up', () => {
  it('keeps /readyz at 503 with its reason, holds requests until it is done however long, then answers them', async () => {
    expect((await t.app.inject({ url: '/readyz' })).statusCode).toBe(200);
    let finish!: () => void;
    t.app.startup.until(
      new Promise<void>((resolve) => {
        finish = resolve;
      }),
      'seeding the demo season',
    );
    const notReady = await t.app.inject({ url: '/readyz' });
    expect(notReady.statusCode).toBe(503);
    expect(notReady.json()).toMatchObject({ code: 'UNAVAILABLE', reason: 'seeding the demo season' });
    expect((await t.app.inject({ url: '/healthz' })).statusCode).toBe(200);

    let answered = false;
    const write = t.app
      .inject({
        method: 'POST',
        url: '/v1/units',
        headers: admin,
        payload: { id: 'U-WAITED', name: '慈溪市等待测试有限公司', inCixi: true, unitType: 'enterprise' },
      })
      .then((res) => {
        answered = true;
        return res;
      });
    const read = t.app.inject({ url: '/v1/units', headers: admin });
    // Three deadlines long: a request waiting for start-up is not late.
    await sleep(3 * DEADLINE_MS);
    expect(answered).toBe(false);
    expect((await t.app.inject({ url: '/readyz' })).statusCode).toBe(503);

    finish();
    expect((await write).statusCode).toBe(201);
    expect((await read).statusCode).toBe(200);
    expect((await t.app.inject({ url: '/readyz' })).statusCode).toBe(200);
  });

  it('lets requests through when the work fails: the server decides what a failed start means', async () => {
    t.app.startup.until(Promise.reject(new Error('seed failed')), 'seeding the demo season');
    await sleep(10);
    expect(t.app.startup.pending()).toBeUndefined();
    expect((await t.app.inject({ url: '/v1/units', headers: admin })).statusCode).toBe(200);
    expect((await t.app.inject({ url: '/readyz' })).statusCode).toBe(200);
  });
});
