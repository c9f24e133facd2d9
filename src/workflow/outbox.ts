import type { FastifyBaseLogger } from 'fastify';
import type { Clock } from '../clock';
import type { Db } from '../db/client';
import { claimPending, markDelivered, markFailed, type OutboxMessage } from '../store/outbox';

/** Delivers one message (the 12333 SMS gateway in production); throws to retry later. */
export type Sender = (message: OutboxMessage) => Promise<void>;

export const logSender =
  (log: FastifyBaseLogger): Sender =>
  async (m) => {
    log.info({ outboxId: m.id, kind: m.kind, applicationId: m.applicationId }, 'notice sent');
  };

/** Delivers pending messages after their transition committed; at least once, claimed with SKIP LOCKED. */
export async function deliverOutbox(db: Db, clock: Clock, send: Sender): Promise<number> {
  return db.transaction(async (tx) => {
    const pending = await claimPending(tx, 50);
    for (const m of pending) {
      try {
        await send(m);
        await markDelivered(tx, m.id, clock.now());
      } catch (err) {
        await markFailed(tx, m.id, String(err));
      }
    }
    return pending.length;
  });
}
