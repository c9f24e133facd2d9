import { sql } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import type { EventType } from '../../machines/events';
import { systemActor } from '../auth/access';
import type { Clock } from '../clock';
import { rows, type Db } from '../db/client';
import { AppError } from '../http/errors';
import { applyTransition } from './apply-transition';

const BATCH = 20;

/**
 * Fires every timer due by the service clock. Each timer is claimed with FOR UPDATE SKIP
 * LOCKED and settled in the same transaction as its event, so two processes never fire one
 * twice and a crash fires it again on the next start. Returns how many were settled.
 */
export async function fireDueTimers(db: Db, clock: Clock, log: FastifyBaseLogger): Promise<number> {
  let settled = 0;
  for (;;) {
    const n = await db.transaction(async (tx) => {
      const due = await rows<{ id: number; application_id: string; event_type: EventType }>(tx, sql`
        select id, application_id, event_type from timers
        where status = 'pending' and due_at <= ${clock.now().toISOString()}::timestamptz
        order by due_at, id limit ${BATCH} for update skip locked`);
      for (const timer of due) {
        try {
          await applyTransition(tx, clock, {
            applicationId: timer.application_id, body: { type: timer.event_type }, actor: systemActor, timerId: Number(timer.id),
          });
          log.info({ timerId: timer.id, applicationId: timer.application_id }, 'timer fired');
        } catch (err) {
          if (!(err instanceof AppError)) throw err;
          // The machine refused (e.g. the calendar changed): settle it with the reason rather than retry forever.
          await tx.execute(sql`update timers set status = 'refused', settled_at = ${clock.now().toISOString()}::timestamptz,
            note = ${err.code} where id = ${timer.id}`);
          log.warn({ timerId: timer.id, code: err.code }, 'timer refused by the machine');
        }
      }
      return due.length;
    });
    settled += n;
    if (n < BATCH) return settled;
  }
}
