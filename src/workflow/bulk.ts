import { type Actor, clientEventSchemas, type EventType } from '../../machines/events';
import type { Clock } from '../clock';
import type { Db } from '../db/client';
import { AppError } from '../errors';
import { applyTransition, type TransitionResult } from './apply-transition';

// One event type applied to many applications, each its own transition through the one
// path with its own outcome. Retrying the request is safe: each item is applied under its
// own idempotency key, so an item applied before answers as it did and applies nothing twice.

export type BulkRequest = {
  type: EventType;
  /** Shared by every item; an item's own payload overrides it field by field. */
  payload: Record<string, unknown>;
  items: { applicationId: string; payload?: Record<string, unknown> }[];
};

export type BulkOutcome =
  | { applicationId: string; outcome: 'applied'; state: string; version: number; event: TransitionResult['event'] }
  | { applicationId: string; outcome: 'refused' | 'notFound'; error: AppError };

export async function applyBulk(db: Db, clock: Clock, actor: Actor, req: BulkRequest, idempotencyKey: string): Promise<BulkOutcome[]> {
  const outcomes: BulkOutcome[] = [];
  for (const [i, item] of req.items.entries()) {
    const { applicationId } = item;
    const parsed = clientEventSchemas[req.type].safeParse({ ...req.payload, ...item.payload });
    if (!parsed.success) {
      const errors = parsed.error.issues.map((issue) => ({
        in: 'body' as const,
        path: `/items/${i}/payload/${issue.path.join('/')}`,
        message: issue.message,
      }));
      outcomes.push({ applicationId, outcome: 'refused', error: new AppError('VALIDATION_FAILED', { errors }) });
      continue;
    }
    try {
      const result = await applyTransition(db, clock, {
        applicationId,
        body: { ...parsed.data, type: req.type },
        actor,
        idempotencyKey: `${idempotencyKey}/${applicationId}`,
      });
      outcomes.push({ applicationId, outcome: 'applied', state: result.state, version: result.version, event: result.event });
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      outcomes.push({ applicationId, outcome: err.code === 'NOT_FOUND' ? 'notFound' : 'refused', error: err });
    }
  }
  return outcomes;
}
