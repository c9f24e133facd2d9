import { and, asc, desc, eq, gt, inArray, isNotNull, isNull, lte, or, type SQL, type SQLWrapper, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { applicationEvents, webhookDeliveries, webhookEndpoints } from '../db/schema';
import { col } from './exec';
import { historyColumns } from './history-columns';

// Webhook endpoints (an admin's registry) and their deliveries: one row per applied event and
// matching endpoint, written by the statement that applies the event (applications.ts).

export type Endpoint = typeof webhookEndpoints.$inferSelect;
export type EndpointFields = Pick<Endpoint, 'url' | 'secret' | 'eventTypes'>;

/**
 * The part of a write statement that enqueues an event for every live endpoint that wants
 * its type: `source` is the CTE naming the application written (its `id` column).
 */
export function enqueueDeliveries(source: string, seq: SQLWrapper, type: SQLWrapper, at: SQLWrapper): SQL {
  const w = webhookEndpoints;
  return sql`insert into ${webhookDeliveries} (${col(webhookDeliveries.endpointId)}, ${col(webhookDeliveries.applicationId)},
      ${col(webhookDeliveries.seq)}, ${col(webhookDeliveries.nextAttemptAt)}, ${col(webhookDeliveries.createdAt)})
    select ${w.id}, ${sql.identifier(source)}.id, ${seq}, ${at}, ${at} from ${sql.identifier(source)} cross join ${w}
    where ${w.deletedAt} is null and (cardinality(${w.eventTypes}) = 0 or ${type}::text = any(${w.eventTypes}))`;
}

export async function createEndpoint(db: Db, e: EndpointFields & { id: string; createdBy: string; createdAt: Date }): Promise<Endpoint> {
  const [row] = await db.insert(webhookEndpoints).values(e).returning();
  return row!;
}

export const liveEndpoints = (db: Db) =>
  db.select().from(webhookEndpoints).where(isNull(webhookEndpoints.deletedAt)).orderBy(asc(webhookEndpoints.createdAt));

export async function liveEndpoint(db: Db, id: string): Promise<Endpoint | undefined> {
  const [row] = await db
    .select()
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.id, id), isNull(webhookEndpoints.deletedAt)));
  return row;
}

export async function editEndpoint(
  db: Db,
  id: string,
  fields: Partial<EndpointFields & Pick<Endpoint, 'pausedAt' | 'previousSecret' | 'previousSecretUntil'>>,
): Promise<Endpoint | undefined> {
  const [row] = await db
    .update(webhookEndpoints)
    .set(fields)
    .where(and(eq(webhookEndpoints.id, id), isNull(webhookEndpoints.deletedAt)))
    .returning();
  return row;
}

/** Deleted: it receives nothing more, and its deliveries stay on record. */
export async function deleteEndpoint(db: Db, id: string, at: Date): Promise<Endpoint | undefined> {
  const [row] = await db
    .update(webhookEndpoints)
    .set({ deletedAt: at })
    .where(and(eq(webhookEndpoints.id, id), isNull(webhookEndpoints.deletedAt)))
    .returning();
  return row;
}

/** A claimed delivery with what its request needs: where, the key, and the event. */
export type DueDelivery = {
  id: string;
  attempts: number;
  url: string;
  secret: string;
  previousSecret: string | null;
  previousSecretUntil: Date | null;
  applicationId: string;
  event: {
    seq: number;
    type: string;
    from: string | null;
    to: string;
    actor: unknown;
    at: Date;
    payload: Record<string, unknown>;
    requestId: string | null;
    idempotencyKey: string | null;
    xid: string;
    position: number;
  };
};

/**
 * Due deliveries in chains: each chain starts at the earliest undelivered delivery of its
 * endpoint and application (so each application's events go out in order) and runs on
 * through the next `chain - 1` of them that nobody else holds. All are leased until
 * `leaseUntil`: another sender skips them meanwhile, and if this one dies they fall due
 * again, with the same ids. One chain per application drains a busy application's backlog
 * `chain` events a round instead of one. Run it in a transaction: the heads stay locked until their lease is written.
 */
export async function claimDue(tx: Db, now: Date, leaseUntil: Date, heads: number, chain: number): Promise<DueDelivery[][]> {
  const d = webhookDeliveries;
  const pending = and(isNull(d.deliveredAt), isNull(d.givenUpAt));
  const first = await tx
    .select({ id: d.id, endpointId: d.endpointId, applicationId: d.applicationId, seq: d.seq })
    .from(d)
    .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, d.endpointId))
    .where(
      and(
        pending,
        sql`${d.nextAttemptAt} <= ${now.toISOString()}::timestamptz`,
        isNull(webhookEndpoints.deletedAt),
        isNull(webhookEndpoints.pausedAt),
        sql`not exists (select 1 from ${d} earlier where earlier.endpoint_id = ${d.endpointId}
          and earlier.application_id = ${d.applicationId} and earlier.seq < ${d.seq} and earlier.delivered_at is null)`,
      ),
    )
    .orderBy(asc(d.createdAt), asc(d.seq))
    .limit(heads)
    .for('update', { of: d, skipLocked: true });
  if (first.length === 0) return [];
  // While a chain's head is undelivered nobody else can claim what follows it; a follower
  // still leased (its sender alive past our head) ends the chain before it.
  const following =
    chain < 2
      ? []
      : await tx
          .select({ id: d.id, endpointId: d.endpointId, applicationId: d.applicationId, seq: d.seq, nextAttemptAt: d.nextAttemptAt })
          .from(d)
          .where(
            and(
              pending,
              or(
                ...first.map((h) =>
                  and(eq(d.endpointId, h.endpointId), eq(d.applicationId, h.applicationId), gt(d.seq, h.seq), lte(d.seq, h.seq + chain)),
                ),
              ),
            ),
          )
          .orderBy(asc(d.seq));
  const chains = first.map((h) => {
    const ids = [h.id];
    for (const f of following) {
      if (f.endpointId !== h.endpointId || f.applicationId !== h.applicationId) continue;
      if (f.nextAttemptAt > now || ids.length === chain) break;
      ids.push(f.id);
    }
    return ids;
  });
  const ids = chains.flat();
  await tx.update(d).set({ nextAttemptAt: leaseUntil }).where(inArray(d.id, ids));
  const e = applicationEvents;
  const found = await tx
    .select({
      id: d.id,
      attempts: d.attempts,
      url: webhookEndpoints.url,
      secret: webhookEndpoints.secret,
      previousSecret: webhookEndpoints.previousSecret,
      previousSecretUntil: webhookEndpoints.previousSecretUntil,
      applicationId: d.applicationId,
      // The event as the feed and history show it, every member.
      event: { ...historyColumns, xid: e.xid, position: e.position },
    })
    .from(d)
    .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, d.endpointId))
    .innerJoin(e, and(eq(e.applicationId, d.applicationId), eq(e.seq, d.seq)))
    .where(inArray(d.id, ids));
  const byId = new Map(found.map((f) => [f.id, f]));
  return chains.map((c) => c.map((id) => byId.get(id)!));
}

/** Claimed deliveries not attempted after all: due again now, for whichever sender comes next. */
export async function releaseClaimed(db: Db, ids: string[], now: Date): Promise<void> {
  if (ids.length > 0) await db.update(webhookDeliveries).set({ nextAttemptAt: now }).where(inArray(webhookDeliveries.id, ids));
}

/** What a receiver answered: its HTTP status, or null when no answer came. */
export type Attempt = { status: number | null; error: string | null };

/** Deliveries the receiver took, with the one status it answered them all. */
export async function markDelivered(db: Db, ids: string[], at: Date, status: number): Promise<void> {
  await db
    .update(webhookDeliveries)
    .set({ deliveredAt: at, attempts: sql`${webhookDeliveries.attempts} + 1`, lastError: null, lastStatus: status })
    .where(inArray(webhookDeliveries.id, ids));
}

/** A failed attempt: try again at `retryAt`, or give up (null). */
export async function markFailed(db: Db, id: string, attempt: Attempt, retryAt: Date | null, now: Date): Promise<void> {
  await db
    .update(webhookDeliveries)
    .set({
      attempts: sql`${webhookDeliveries.attempts} + 1`,
      lastError: (attempt.error ?? `HTTP ${attempt.status}`).slice(0, 500),
      lastStatus: attempt.status,
      ...(retryAt ? { nextAttemptAt: retryAt } : { givenUpAt: now }),
    })
    .where(eq(webhookDeliveries.id, id));
}

/**
 * An endpoint's deliveries, newest first (by event time, then seq), `limit` at a time after
 * the delivery `before`: what was sent, how often, and what came back.
 */
export async function deliveriesOf(db: Db, endpointId: string, limit: number, before?: string) {
  const d = webhookDeliveries;
  const e = applicationEvents;
  return db
    .select({
      id: d.id,
      applicationId: d.applicationId,
      seq: d.seq,
      eventType: e.type,
      attempts: d.attempts,
      lastStatus: d.lastStatus,
      lastError: d.lastError,
      nextAttemptAt: d.nextAttemptAt,
      deliveredAt: d.deliveredAt,
      givenUpAt: d.givenUpAt,
      createdAt: d.createdAt,
    })
    .from(d)
    .innerJoin(e, and(eq(e.applicationId, d.applicationId), eq(e.seq, d.seq)))
    .where(
      and(
        eq(d.endpointId, endpointId),
        before ? sql`(${d.createdAt}, ${d.seq}, ${d.id}) < (select created_at, seq, id from ${d} where id = ${before})` : undefined,
      ),
    )
    .orderBy(desc(d.createdAt), desc(d.seq), desc(d.id))
    .limit(limit);
}

/** Given-up deliveries, oldest first: the incidents an admin replays. */
export async function givenUpDeliveries(db: Db) {
  const d = webhookDeliveries;
  return db
    .select({
      id: d.id,
      endpointId: d.endpointId,
      url: webhookEndpoints.url,
      applicationId: d.applicationId,
      seq: d.seq,
      attempts: d.attempts,
      lastError: d.lastError,
      givenUpAt: d.givenUpAt,
    })
    .from(d)
    .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, d.endpointId))
    .where(isNotNull(d.givenUpAt))
    .orderBy(asc(d.givenUpAt), asc(d.seq));
}

/** A given-up delivery due again now, its attempts counted afresh; false if it is not given up. */
export async function replayDelivery(db: Db, id: string, now: Date): Promise<boolean> {
  const rows = await db
    .update(webhookDeliveries)
    .set({ givenUpAt: null, attempts: 0, nextAttemptAt: now })
    .where(and(eq(webhookDeliveries.id, id), isNotNull(webhookDeliveries.givenUpAt)))
    .returning({ id: webhookDeliveries.id });
  return rows.length === 1;
}

export async function deliveryExists(db: Db, id: string): Promise<boolean> {
  return (await db.select({ id: webhookDeliveries.id }).from(webhookDeliveries).where(eq(webhookDeliveries.id, id))).length === 1;
}
