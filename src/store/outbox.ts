import { and, asc, eq, isNull, lt, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { outbox } from '../db/schema';

/** A message is given up after this many failed deliveries. */
export const MAX_ATTEMPTS = 10;

export type OutboxMessage = { id: number; applicationId: string; kind: string; payload: Record<string, unknown> };

/** Undelivered messages, locked for this transaction; another process skips them (SKIP LOCKED). */
export async function claimPending(tx: Db, limit: number): Promise<OutboxMessage[]> {
  const rows = await tx
    .select({ id: outbox.id, applicationId: outbox.applicationId, kind: outbox.kind, payload: outbox.payload })
    .from(outbox)
    .where(and(isNull(outbox.deliveredAt), lt(outbox.attempts, MAX_ATTEMPTS)))
    .orderBy(asc(outbox.id))
    .limit(limit)
    .for('update', { skipLocked: true });
  return rows.map((m) => ({ ...m, payload: m.payload as Record<string, unknown> }));
}

export async function markDelivered(tx: Db, id: number, at: Date): Promise<void> {
  await tx
    .update(outbox)
    .set({ deliveredAt: at, attempts: sql`${outbox.attempts} + 1` })
    .where(eq(outbox.id, id));
}

/** Every message not yet delivered counts as sent when it was written: a season replayed by the demo seed. */
export async function markSentAsWritten(db: Db): Promise<void> {
  await db
    .update(outbox)
    .set({ deliveredAt: sql`${outbox.createdAt}`, attempts: sql`${outbox.attempts} + 1` })
    .where(isNull(outbox.deliveredAt));
}

export async function markFailed(tx: Db, id: number, error: string): Promise<void> {
  await tx
    .update(outbox)
    .set({ attempts: sql`${outbox.attempts} + 1`, lastError: error })
    .where(eq(outbox.id, id));
}

/** For /metrics: messages still to deliver (given-up ones are incidents, not backlog). */
export async function outboxBacklog(db: Db): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(outbox)
    .where(and(isNull(outbox.deliveredAt), lt(outbox.attempts, MAX_ATTEMPTS)));
  return row?.n ?? 0;
}
