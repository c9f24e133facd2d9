import { sql } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import type { Clock } from '../clock';
import { rows, type Db } from '../db/client';

export type OutboxMessage = { id: number; applicationId: string; kind: string; payload: Record<string, unknown> };
/** Delivers one message (the 12333 SMS gateway in production); throws to retry later. */
export type Sender = (message: OutboxMessage) => Promise<void>;

export const logSender = (log: FastifyBaseLogger): Sender => async (m) => {
  log.info({ outboxId: m.id, kind: m.kind, applicationId: m.applicationId, payload: m.payload }, 'notice sent');
};

/** Delivers pending messages after their transition committed; at least once, claimed with SKIP LOCKED. */
export async function deliverOutbox(db: Db, clock: Clock, send: Sender): Promise<number> {
  return db.transaction(async (tx) => {
    const pending = await rows<{ id: number; application_id: string; kind: string; payload: Record<string, unknown> }>(tx, sql`
      select id, application_id, kind, payload from outbox where delivered_at is null and attempts < 10
      order by id limit 50 for update skip locked`);
    for (const m of pending) {
      try {
        await send({ id: Number(m.id), applicationId: m.application_id, kind: m.kind, payload: m.payload });
        await tx.execute(sql`update outbox set delivered_at = ${clock.now().toISOString()}::timestamptz, attempts = attempts + 1 where id = ${m.id}`);
      } catch (err) {
        await tx.execute(sql`update outbox set attempts = attempts + 1, last_error = ${String(err)} where id = ${m.id}`);
      }
    }
    return pending.length;
  });
}
