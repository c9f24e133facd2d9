import { and, asc, count, eq, gt, gte, inArray, isNull, lt, or, type SQL, sql } from 'drizzle-orm';
import { publicityStates } from '../../machines/states';
import type { Scope } from '../auth/access';
import type { Db } from '../db/client';
import { applications, outbox, timers } from '../db/schema';
import { col } from './exec';
import { MAX_ATTEMPTS } from './outbox';
import { visibleTo } from './visibility';

// What is stuck: timers the machine refused (or that keep failing), notices given up after
// their retries, applications nobody has moved for too long.

/** A pending timer this long past due is failing on every round of the poller, not merely waiting for it. */
const OVERDUE_MS = 10 * 60 * 1000;

const a = applications;
const appColumns = { applicationId: a.id, name: a.name, state: a.state, unitId: a.unitId, version: a.version };

/**
 * Refused timers of applications still in publicity with no other timer pending (nothing
 * will end it), and pending timers long past due.
 */
function timerIncident(now: Date): SQL {
  const pendingOther = sql`exists (select 1 from ${timers} p where p.${col(timers.applicationId)} = ${timers.applicationId} and p.${col(timers.status)} = 'pending')`;
  return or(
    and(eq(timers.status, 'refused'), inArray(a.state, [...publicityStates]), sql`not ${pendingOther}`),
    and(eq(timers.status, 'pending'), lt(timers.dueAt, new Date(now.getTime() - OVERDUE_MS))),
  )!;
}

export async function timerIncidents(db: Db, scope: Scope, now: Date, f: { after?: number; limit: number }) {
  const page = await db
    .select({
      id: timers.id,
      eventType: timers.eventType,
      dueAt: timers.dueAt,
      status: timers.status,
      note: timers.note,
      settledAt: timers.settledAt,
      ...appColumns,
    })
    .from(timers)
    .innerJoin(a, eq(a.id, timers.applicationId))
    .where(and(timerIncident(now), f.after !== undefined ? gt(timers.id, f.after) : undefined, visibleTo(scope)))
    .orderBy(asc(timers.id))
    .limit(f.limit + 1);
  const total = await countOf(
    db
      .select({ n: count() })
      .from(timers)
      .innerJoin(a, eq(a.id, timers.applicationId))
      .where(and(timerIncident(now), visibleTo(scope))),
  );
  return { ...pageOf(page, f.limit, (t) => t.id), total };
}

/** The timer, locked, if it is still an incident. */
export async function lockTimerIncident(tx: Db, id: number, now: Date) {
  const [row] = await tx
    .select({ id: timers.id, applicationId: timers.applicationId, eventType: timers.eventType })
    .from(timers)
    .innerJoin(a, eq(a.id, timers.applicationId))
    .where(and(eq(timers.id, id), timerIncident(now)))
    .for('update', { of: timers });
  return row;
}

export async function timerExists(db: Db, id: number): Promise<boolean> {
  return (await db.select({ id: timers.id }).from(timers).where(eq(timers.id, id))).length > 0;
}

const givenUp = and(isNull(outbox.deliveredAt), isNull(outbox.dismissedAt), gte(outbox.attempts, MAX_ATTEMPTS));

export async function messageIncidents(db: Db, scope: Scope, f: { after?: number; limit: number }) {
  const page = await db
    .select({
      id: outbox.id,
      kind: outbox.kind,
      payload: outbox.payload,
      attempts: outbox.attempts,
      lastError: outbox.lastError,
      createdAt: outbox.createdAt,
      ...appColumns,
    })
    .from(outbox)
    .innerJoin(a, eq(a.id, outbox.applicationId))
    .where(and(givenUp, f.after !== undefined ? gt(outbox.id, f.after) : undefined, visibleTo(scope)))
    .orderBy(asc(outbox.id))
    .limit(f.limit + 1);
  const total = await countOf(
    db
      .select({ n: count() })
      .from(outbox)
      .innerJoin(a, eq(a.id, outbox.applicationId))
      .where(and(givenUp, visibleTo(scope))),
  );
  return { ...pageOf(page, f.limit, (m) => m.id), total };
}

/** Sends a given-up message round again (attempts from zero), or gives it up for good; false when it is not given up. */
export async function settleMessage(tx: Db, id: number, how: 'retry' | 'dismiss', at: Date): Promise<boolean> {
  const set = how === 'retry' ? { attempts: 0 } : { dismissedAt: at };
  return (
    (
      await tx
        .update(outbox)
        .set(set)
        .where(and(eq(outbox.id, id), givenUp))
        .returning({ id: outbox.id })
    ).length > 0
  );
}

export async function messageExists(db: Db, id: number): Promise<boolean> {
  return (await db.select({ id: outbox.id }).from(outbox).where(eq(outbox.id, id))).length > 0;
}

/** Applications in `states` whose last change was before `cutoff`, longest idle first. */
export async function idleApplications(
  db: Db,
  scope: Scope,
  f: { states: readonly string[]; cutoff: Date; after?: { updatedAt: Date; id: string }; limit: number },
) {
  const keyset = f.after && sql`(${a.updatedAt}, ${a.id}) > (${f.after.updatedAt.toISOString()}::timestamptz, ${f.after.id}::uuid)`;
  const idle = and(inArray(a.state, [...f.states]), lt(a.updatedAt, f.cutoff), visibleTo(scope));
  const page = await db
    .select({ ...appColumns, planId: a.planId, updatedAt: a.updatedAt })
    .from(a)
    .where(and(idle, keyset))
    .orderBy(asc(a.updatedAt), asc(a.id))
    .limit(f.limit + 1);
  const total = await countOf(db.select({ n: count() }).from(a).where(idle));
  return { ...pageOf(page, f.limit, (r) => ({ updatedAt: r.updatedAt.toISOString(), id: r.applicationId })), total };
}

const countOf = async (rows: Promise<{ n: number }[]>) => (await rows)[0]!.n;

function pageOf<T, K>(rows: T[], limit: number, key: (row: T) => K) {
  const items = rows.slice(0, limit);
  return { items, next: rows.length > limit ? key(items.at(-1)!) : null };
}
