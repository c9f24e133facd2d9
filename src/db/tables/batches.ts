import { index, integer, jsonb, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import type { Actor } from '../../../machines/events';
import { instant } from './columns';

/** Issue 27: one event over every application a filter matched, run by the service item by item. */
export const batchStatuses = ['running', 'done', 'cancelled'] as const;
export const batchOutcomes = ['applied', 'refused', 'notFound', 'cancelled'] as const;
export const batches = pgTable(
  'batches',
  {
    id: uuid('id').primaryKey(),
    type: text('type').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    /** The filter as sent (GET /v1/applications's parameters), for the batch's history. */
    filter: jsonb('filter').$type<Record<string, unknown>>().notNull(),
    startedBy: jsonb('started_by').$type<Actor>().notNull(),
    startedAt: instant('started_at').notNull(),
    status: text('status', { enum: batchStatuses }).notNull(),
    total: integer('total').notNull(),
    finishedAt: instant('finished_at'),
    cancelledBy: text('cancelled_by'),
  },
  (t) => [index('batches_running_idx').on(t.status)],
);

/** One application of a batch: its outcome once applied (null while pending), the state it reached or the refusal. */
export const batchItems = pgTable(
  'batch_items',
  {
    batchId: uuid('batch_id')
      .notNull()
      .references(() => batches.id),
    position: integer('position').notNull(),
    applicationId: uuid('application_id').notNull(),
    outcome: text('outcome', { enum: batchOutcomes }),
    state: text('state'),
    /** A refusal: its code and members; its detail is worded when read, in the reader's language. */
    problem: jsonb('problem').$type<{ code: string } & Record<string, unknown>>(),
  },
  (t) => [primaryKey({ columns: [t.batchId, t.position] })],
);
