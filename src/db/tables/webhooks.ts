import { sql } from 'drizzle-orm';
import { index, integer, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt, instant } from './columns';

/** Where an admin asked every applied event (of some types) to be pushed, signed with `secret`. */
export const webhookEndpoints = pgTable('webhook_endpoints', {
  id: uuid('id').primaryKey(),
  url: text('url').notNull(),
  /** The HMAC-SHA256 key of the signature header; shown once, at registration. */
  secret: text('secret').notNull(),
  /** Event types to deliver (`xstate.init` for creation); empty: every event. */
  eventTypes: text('event_types').array().notNull(),
  createdBy: text('created_by').notNull(),
  createdAt: instant('created_at').notNull(),
  /** Deleted endpoints keep their deliveries' history and receive nothing more. */
  deletedAt: instant('deleted_at'),
  /** Paused: deliveries are still written and wait, in order, until it is resumed. */
  pausedAt: instant('paused_at'),
  /** The key before the last rotation, still signing beside the new one until `previousSecretUntil`. */
  previousSecret: text('previous_secret'),
  previousSecretUntil: instant('previous_secret_until'),
});

/**
 * One event to push to one endpoint, written in the statement that applies the event.
 * Delivered in `seq` order per endpoint and application: one waits while an earlier one is
 * undelivered (failing or given up).
 */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    /** Also the delivery id the receiver sees, the same on every attempt. */
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    endpointId: uuid('endpoint_id')
      .notNull()
      .references(() => webhookEndpoints.id),
    applicationId: uuid('application_id').notNull(),
    seq: integer('seq').notNull(),
    attempts: integer('attempts').notNull().default(0),
    /** Not before this instant: the backoff after a failure, or the lease of a sender that claimed it. */
    nextAttemptAt: instant('next_attempt_at').notNull(),
    lastError: text('last_error'),
    /** The HTTP status of the last attempt; null when no answer came (refused, timed out). */
    lastStatus: integer('last_status'),
    deliveredAt: instant('delivered_at'),
    givenUpAt: instant('given_up_at'),
    createdAt: createdAt(),
  },
  (t) => [
    index('webhook_deliveries_pending_idx').on(t.nextAttemptAt).where(sql`delivered_at is null and given_up_at is null`),
    index('webhook_deliveries_order_idx').on(t.endpointId, t.applicationId, t.seq),
  ],
);
