import type { Actor, EventType } from '../../machines/events';
import type { Scope } from '../auth/access';
import type { Clock } from '../clock';
import type { Db } from '../db/client';
import { uuidv7 } from '../db/uuid';
import { AppError } from '../errors';
import { type ListFilter, listApplications } from '../store/application-list';
import { recordAction } from '../store/audit';
import {
  type Batch,
  batchOf,
  batchStatus,
  cancelPendingItems,
  finishBatch,
  insertBatch,
  markBatchCancelled,
  type NewBatch,
  pendingItems,
  recordOutcomes,
} from '../store/batches';
import { applyBulk } from './bulk';

// A batch over a filter (issue 27, item 4): the applications the filter matches when it is
// started are its items; the service applies the event to them a chunk at a time, each its
// own transition with its own outcome, each under its own idempotency key (batch/<id>/<app>),
// so a run resumed after a restart applies nothing twice. A cancelled batch stops between chunks.

export const MAX_BATCH_ITEMS = 10_000;
const CHUNK = 50;

/** Every application the filter matches for this caller, in creation order (at most `max` + 1, to tell "too many"). */
export async function matchingIds(db: Db, filter: Omit<ListFilter, 'sort' | 'after' | 'limit'>, scope: Scope, max = MAX_BATCH_ITEMS) {
  const ids: string[] = [];
  let after: ListFilter['after'];
  do {
    const page = await listApplications(db, { ...filter, sort: 'createdAt', after, limit: 200 }, scope);
    ids.push(...page.items.map((a) => a.id));
    after = page.next ?? undefined;
  } while (after && ids.length <= max);
  return ids;
}

export async function startBatch(
  db: Db,
  clock: Clock,
  actor: Actor,
  req: {
    type: EventType;
    payload: Record<string, unknown>;
    filter: Record<string, unknown>;
    list: Omit<ListFilter, 'sort' | 'after' | 'limit'>;
    expectedCount: number;
  },
  scope: Scope,
): Promise<Batch> {
  const ids = await matchingIds(db, req.list, scope);
  // The clerk confirmed a count: a batch over another number of applications is not what was confirmed.
  if (ids.length !== req.expectedCount)
    throw new AppError('BATCH_COUNT_CHANGED', { matching: ids.length, expectedCount: req.expectedCount });
  const at = clock.now();
  return createBatch(db, { id: uuidv7(at.getTime()), type: req.type, payload: req.payload, filter: req.filter, startedBy: actor, at }, ids);
}

/** A batch and its items, pending, in one transaction, with its entry in the audit trail. */
export async function createBatch(db: Db, b: NewBatch, applicationIds: readonly string[]): Promise<Batch> {
  return db.transaction(async (tx) => {
    const row = await insertBatch(tx, b, applicationIds);
    await recordAction(tx, {
      action: 'batch.start',
      target: b.id,
      actor: b.startedBy.sub,
      reason: null,
      details: { type: b.type, role: b.startedBy.role, total: applicationIds.length, filter: b.filter },
      at: b.at,
    });
    return row;
  });
}

/** Running → cancelled: the items not applied yet are cancelled; answers the batch, or its status when it had finished. */
export async function cancelBatch(db: Db, id: string, actor: Actor, at: Date): Promise<Batch | 'done' | 'cancelled' | undefined> {
  return db.transaction(async (tx) => {
    const row = await markBatchCancelled(tx, id, actor, at);
    if (!row) {
      const status = await batchStatus(tx, id);
      return status as 'done' | 'cancelled' | undefined;
    }
    await cancelPendingItems(tx, id);
    await recordAction(tx, {
      action: 'batch.cancel',
      target: id,
      actor: actor.sub,
      reason: null,
      details: { role: actor.role },
      at,
    });
    return row;
  });
}

/**
 * Applies the batch's pending items until none is left, the batch is cancelled, or `stopping()`
 * says the service is closing (the run is then resumed at its next start).
 */
export async function runBatch(db: Db, clock: Clock, id: string, stopping: () => boolean = () => false): Promise<void> {
  for (;;) {
    const batch = await batchOf(db, id);
    if (batch?.status !== 'running' || stopping()) return;
    const items = await pendingItems(db, id, CHUNK);
    if (items.length === 0) {
      await finishBatch(db, id, clock.now());
      return;
    }
    const outcomes = await applyBulk(
      db,
      clock,
      batch.startedBy,
      { type: batch.type as EventType, payload: batch.payload, items: items.map((i) => ({ applicationId: i.applicationId })) },
      `batch/${id}`,
    );
    await recordOutcomes(
      db,
      id,
      outcomes.map((o, k) =>
        o.outcome === 'applied'
          ? { position: items[k]!.position, outcome: 'applied', state: o.state }
          : {
              position: items[k]!.position,
              outcome: o.outcome,
              problem: { code: o.error.code, ...(o.error.extensions as Record<string, unknown>) },
            },
      ),
    );
  }
}
