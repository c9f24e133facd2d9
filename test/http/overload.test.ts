import { setTimeout as sleep } from 'node:timers/promises';
import Fastify from 'fastify';
import { expect, it } from 'vitest';
import { app, buildApp } from '../../src/app';
import { createTokenService } from '../../src/auth/jwt';
import { ManualClock } from '../../src/clock';
import { expectProblem } from '../api/support/problem';
import { JWT_SECRET } from '../support/app';
import { freshDatabase } from '../support/db';

// Issue 9: shed load with 503 when the event loop lags, rather than let latency grow without bound.

it('answers 503 UNAVAILABLE (overloaded, Retry-After) while the event loop lags, and serves again once it keeps up', async () => {
  const app = await buildApp(
    {
      database: await freshDatabase(),
      tokens: createTokenService(JWT_SECRET),
      clock: new ManualClock(new Date('2021-08-02T02:00:00Z')),
      maxEventLoopDelayMs: 100,
    },
    { logger: false },
  );
  try {
    expect((await app.inject({ url: '/healthz' })).statusCode).toBe(200);
    // Hold the loop for longer than a sampling interval, as a CPU-bound burst would.
    const until = performance.now() + 1_300;
    while (performance.now() < until);
    await sleep(50);
    const shed = await app.inject({ url: '/healthz' });
    expect(expectProblem(shed, 503, 'UNAVAILABLE').reason).toBe('overloaded');
    expect(shed.headers['retry-after']).toMatch(/^\d+$/);
    let status = shed.statusCode;
    for (let i = 0; i < 40 && status !== 200; i++) {
      await sleep(100);
      status = (await app.inject({ url: '/healthz' })).statusCode;
    }
    expect(status).toBe(200);
  } finally {
    await app.close();
  }
});

it('answers 503 UNAVAILABLE (timeout, Retry-After) to a request still unanswered at its deadline, and nothing else', async () => {
  const fastify = Fastify({ logger: false });
  await fastify.register(app, {
    database: await freshDatabase(),
    tokens: createTokenService(JWT_SECRET),
    clock: new ManualClock(new Date('2021-08-02T02:00:00Z')),
    requestDeadlineMs: 600,
  });
  // A handler that never answers, as one waiting on a database that does not answer would.
  fastify.get('/hangs', () => new Promise(() => {}));
  fastify.get('/slow', async () => {
    await sleep(300);
    return { ok: true };
  });
  await fastify.ready();
  try {
    const t0 = performance.now();
    const late = await fastify.inject({ url: '/hangs' });
    const waited = performance.now() - t0;
    expect(expectProblem(late, 503, 'UNAVAILABLE').reason).toBe('timeout');
    expect(late.headers['retry-after']).toMatch(/^\d+$/);
    expect(waited).toBeGreaterThanOrEqual(550);
    expect(waited).toBeLessThan(1_500);
    // Answered before its deadline: untouched, and nothing answers it a second time later.
    const slow = await fastify.inject({ url: '/slow' });
    expect(slow.statusCode).toBe(200);
    expect(slow.json()).toEqual({ ok: true });
  } finally {
    await fastify.close();
  }
});
