import type { FastifyBaseLogger } from 'fastify';
import { systemActor } from '../auth/access';
import type { Clock } from '../clock';
import type { Db } from '../db/client';
import { AppError } from '../errors';
import { anyDuePending, claimDueTimers, settleRefused } from '../store/timers';
import { recordTransitions } from './apply-transition';

/**
 * Timers one transaction claims, read by one statement and written by another. On PostgreSQL
 * bench:timers fired 1,900–2,400/s at 20 a round, 2,600–2,800/s at 50 and 3,300–3,700/s at
 * 100, then 2,600–2,800/s at 100 once a round let requests in between its decisions; a round
 * holds its applications for about a tenth of a second. On PGlite's one connection a round
 * holds every other request, so few.
 */
const batchFor = (width: number) => (width > 1 ? 100 : 5);

/**
 * Fires every timer due by the service clock, `width` transactions at a time. Each timer is
 * claimed with FOR UPDATE SKIP LOCKED and settled in the same transaction as its event, so
 * two workers or processes never fire one twice and a crash fires it again on the next
 * start. Returns how many were settled.
 */
export async function fireDueTimers(db: Db, clock: Clock, log: FastifyBaseLogger, width = 1): Promise<number> {
  const lanes = Array.from({ length: width }, () => fireLane(db, clock, log, batchFor(width)));
  const settled = (await Promise.all(lanes)).reduce((a, b) => a + b, 0);
  if (settled > 0) log.info({ settled }, 'timers settled');
  return settled;
}

/** Claims and fires batches until one comes back short: the other lanes have the rest. */
async function fireLane(db: Db, clock: Clock, log: FastifyBaseLogger, batch: number): Promise<number> {
  let settled = 0;
  for (;;) {
    const n = await db.transaction(async (tx) => {
      const due = await claimDueTimers(tx, clock.now(), batch);
      const outcomes = await recordTransitions(
        tx,
        clock,
        due.map((timer) => ({
          applicationId: timer.applicationId,
          body: { type: timer.eventType },
          actor: systemActor,
          timer: { id: timer.id, dueAt: timer.dueAt },
        })),
      );
      for (const [i, outcome] of outcomes.entries()) {
        const timer = due[i]!;
        if (outcome instanceof AppError) {
          // The machine refused (e.g. the calendar changed): settle it with the reason rather than retry forever.
          await settleRefused(tx, timer.id, outcome.code, clock.now());
          log.warn({ timerId: timer.id, code: outcome.code }, 'timer refused by the machine');
        } else log.debug({ timerId: timer.id, applicationId: timer.applicationId }, 'timer fired');
      }
      return due.length;
    });
    settled += n;
    if (n < batch) return settled;
  }
}

/**
 * Fires what is due and waits for timers another worker has claimed but not yet committed,
 * so that a moved manual clock answers only once everything due at the new time has fired.
 */
export async function settleDueTimers(db: Db, clock: Clock, log: FastifyBaseLogger, width = 1, timeoutMs = 30_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let fired = await fireDueTimers(db, clock, log, width);
  while (await anyDuePending(db, clock.now())) {
    if (Date.now() > deadline) throw new Error('due timers stayed claimed by another worker');
    await new Promise((resolve) => setTimeout(resolve, 20));
    fired += await fireDueTimers(db, clock, log, width);
  }
  return fired;
}
