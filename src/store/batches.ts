import { and, asc, count, desc, eq, gt, isNull, lt, type SQL, sql } from 'drizzle-orm';
import type { Actor } from '../../machines/events';
import type { Db } from '../db/client';
import { batches, batchItems, type batchOutcomes } from '../db/schema';

// Batches (issue 27): one event over the applications a filter matched, kept with who started
// it, each item's outcome, and in the audit trail.

export type Batch = typeof batches.$inferSelect;
export type BatchOutcome = (typeof batchOutcomes)[number];

export type NewBatch = {
  id: string;
  type: string;
  payload: Record<string, unknown>;
  filter: Record<string, unknown>;
  startedBy: Actor;
  at: Date;
};

/** A running batch and its items, pending. */
export async function insertBatch(tx: Db, b: NewBatch, applicationIds: readonly string[]): Promise<Batch> {
  const [row] = await tx
    .insert(batches)
    .values({ ...b, startedAt: b.at, status: 'running', total: applicationIds.length })
    .returning();
  for (let i = 0; i < applicationIds.length; i += 1000)
    await tx
      .insert(batchItems)
      .values(applicationIds.slice(i, i + 1000).map((applicationId, j) => ({ batchId: b.id, position: i + j, applicationId })));
  return row!;
}

export async function batchOf(db: Db, id: string): Promise<Batch | undefined> {
  const [row] = await db.select().from(batches).where(eq(batches.id, id));
  return row;
}

/** How many items have each outcome (`pending` for those not applied yet). */
export async function batchCounts(db: Db, id: string) {
  const rows = await db
    .select({ outcome: batchItems.outcome, n: count() })
    .from(batchItems)
    .where(eq(batchItems.batchId, id))
    .groupBy(batchItems.outcome);
  const counts = { pending: 0, applied: 0, refused: 0, notFound: 0, cancelled: 0 };
  for (const r of rows) counts[r.outcome ?? 'pending'] = r.n;
  return counts;
}

/** Newest first; a unit sees the batches its own reviewers started. */
export async function listBatches(db: Db, f: { unitId?: string; before?: string; limit: number }) {
  const page = await db
    .select()
    .from(batches)
    .where(and(f.unitId ? sql`${batches.startedBy}->>'unitId' = ${f.unitId}` : undefined, f.before ? lt(batches.id, f.before) : undefined))
    .orderBy(desc(batches.id))
    .limit(f.limit + 1);
  const items = page.slice(0, f.limit);
  return { items, last: page.length > f.limit ? items.at(-1)!.id : null };
}

export async function batchItemsOf(db: Db, id: string, f: { after?: number; outcome?: BatchOutcome | 'pending'; limit: number }) {
  const outcome: SQL | undefined =
    f.outcome === undefined ? undefined : f.outcome === 'pending' ? isNull(batchItems.outcome) : eq(batchItems.outcome, f.outcome);
  const page = await db
    .select()
    .from(batchItems)
    .where(and(eq(batchItems.batchId, id), f.after === undefined ? undefined : gt(batchItems.position, f.after), outcome))
    .orderBy(asc(batchItems.position))
    .limit(f.limit + 1);
  const items = page.slice(0, f.limit);
  return { items, last: page.length > f.limit ? items.at(-1)!.position : null };
}

/** The next items not applied yet, in order. */
export async function pendingItems(db: Db, id: string, limit: number) {
  return db
    .select()
    .from(batchItems)
    .where(and(eq(batchItems.batchId, id), isNull(batchItems.outcome)))
    .orderBy(asc(batchItems.position))
    .limit(limit);
}

export type ItemOutcome = {
  position: number;
  outcome: BatchOutcome;
  state?: string | null;
  problem?: ({ code: string } & Record<string, unknown>) | null;
};

/** The outcomes of a chunk of items, in one statement: a round trip per item was a third of a batch's time. */
export async function recordOutcomes(db: Db, id: string, outcomes: readonly ItemOutcome[]) {
  if (outcomes.length === 0) return;
  const rows = outcomes.map(
    (o) => sql`(${o.position}::int, ${o.outcome}::text, ${o.state ?? null}::text, ${o.problem ? JSON.stringify(o.problem) : null}::jsonb)`,
  );
  await db.execute(sql`update ${batchItems} set outcome = v.outcome, state = v.state, problem = v.problem
    from (values ${sql.join(rows, sql`, `)}) as v(position, outcome, state, problem)
    where ${batchItems.batchId} = ${id} and ${batchItems.position} = v.position`);
}

/** Running → done, once every item has its outcome. */
export async function finishBatch(db: Db, id: string, at: Date) {
  await db
    .update(batches)
    .set({ status: 'done', finishedAt: at })
    .where(and(eq(batches.id, id), eq(batches.status, 'running')));
}

/** Running → cancelled; undefined when the batch is not running. */
export async function markBatchCancelled(tx: Db, id: string, actor: Actor, at: Date): Promise<Batch | undefined> {
  const [row] = await tx
    .update(batches)
    .set({ status: 'cancelled', finishedAt: at, cancelledBy: actor.sub })
    .where(and(eq(batches.id, id), eq(batches.status, 'running')))
    .returning();
  return row;
}

export async function batchStatus(db: Db, id: string): Promise<Batch['status'] | undefined> {
  const [row] = await db.select({ status: batches.status }).from(batches).where(eq(batches.id, id));
  return row?.status;
}

/** The items not applied yet are cancelled. */
export async function cancelPendingItems(tx: Db, id: string): Promise<void> {
  await tx
    .update(batchItems)
    .set({ outcome: 'cancelled' })
    .where(and(eq(batchItems.batchId, id), isNull(batchItems.outcome)));
}

export async function runningBatchIds(db: Db): Promise<string[]> {
  return (await db.select({ id: batches.id }).from(batches).where(eq(batches.status, 'running'))).map((r) => r.id);
}
