import { and, asc, eq, inArray, lte, sql } from 'drizzle-orm';
import type { EventType } from '../../machines/events';
import type { Db } from '../db/client';
import { applications, timers } from '../db/schema';

export type DueTimer = { id: number; applicationId: string; eventType: EventType; dueAt: Date };

/**
 * Due timers, locked for this transaction with their applications; another process skips
 * them (SKIP LOCKED). Locking the application here keeps one lock order with a request's
 * transition, which locks its application and then cancels its timers: had the timer been
 * locked first, each would wait for the other. A timer whose application is being changed
 * waits for the next round.
 */
export async function claimDueTimers(tx: Db, now: Date, limit: number): Promise<DueTimer[]> {
  const due = await tx
    .select({ id: timers.id, applicationId: timers.applicationId, eventType: timers.eventType, dueAt: timers.dueAt })
    .from(timers)
    .innerJoin(applications, eq(applications.id, timers.applicationId))
    .where(and(eq(timers.status, 'pending'), lte(timers.dueAt, now)))
    .orderBy(asc(timers.dueAt), asc(timers.id))
    .limit(limit)
    .for('update', { of: [timers, applications], skipLocked: true });
  return due.map((t) => ({ ...t, eventType: t.eventType as EventType }));
}

/** The pending timers of these applications, earliest due first (the demo seed fires each application's own). */
export async function pendingTimersOf(db: Db, applicationIds: string[]): Promise<DueTimer[]> {
  if (applicationIds.length === 0) return [];
  const rows = await db
    .select({ id: timers.id, applicationId: timers.applicationId, eventType: timers.eventType, dueAt: timers.dueAt })
    .from(timers)
    .where(and(eq(timers.status, 'pending'), inArray(timers.applicationId, applicationIds)))
    .orderBy(asc(timers.dueAt), asc(timers.id));
  return rows.map((t) => ({ ...t, eventType: t.eventType as EventType }));
}

/** The machine refused the timer's event: settled with the reason rather than retried forever. */
export async function settleRefused(tx: Db, id: number, code: string, at: Date): Promise<void> {
  await tx.update(timers).set({ status: 'refused', settledAt: at, note: code }).where(eq(timers.id, id));
}

/** Whether any timer due by `now` is still pending (possibly claimed by another worker right now). */
export async function anyDuePending(db: Db, now: Date): Promise<boolean> {
  const [row] = await db
    .select({ one: sql<number>`1` })
    .from(timers)
    .where(and(eq(timers.status, 'pending'), lte(timers.dueAt, now)))
    .limit(1);
  return row !== undefined;
}

/** For /metrics: timers due by `now` and not yet fired, and timers fired so far. */
export async function timerCounts(db: Db, now: Date): Promise<{ due: number; fired: number }> {
  const [row] = await db
    .select({
      due: sql<number>`count(*) filter (where ${and(eq(timers.status, 'pending'), lte(timers.dueAt, now))})::int`,
      fired: sql<number>`count(*) filter (where ${timers.status} = 'fired')::int`,
    })
    .from(timers);
  return { due: row?.due ?? 0, fired: row?.fired ?? 0 };
}
