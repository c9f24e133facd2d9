import { sql } from 'drizzle-orm';
import { bigserial, boolean, check, index, integer, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { serviceEventTypes } from '../../../machines/events';
import { applications } from './applications';
import { createdAt, instant } from './columns';

export const outbox = pgTable(
  'outbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    applicationId: uuid('application_id')
      .notNull()
      .references(() => applications.id),
    kind: text('kind').notNull(),
    payload: jsonb('payload').notNull(),
    createdAt: createdAt(),
    deliveredAt: instant('delivered_at'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    /** Given up for good by an admin (the reason is in admin_actions). */
    dismissedAt: instant('dismissed_at'),
  },
  (t) => [index('outbox_pending_idx').on(t.id).where(sql`delivered_at is null`)],
);

export const timers = pgTable(
  'timers',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    applicationId: uuid('application_id')
      .notNull()
      .references(() => applications.id),
    eventType: text('event_type', { enum: serviceEventTypes }).notNull(),
    dueAt: instant('due_at').notNull(),
    status: text('status', { enum: ['pending', 'fired', 'cancelled', 'refused'] })
      .notNull()
      .default('pending'),
    createdAt: createdAt(),
    settledAt: instant('settled_at'),
    note: text('note'),
  },
  (t) => [
    index('timers_due_idx').on(t.dueAt).where(sql`status = 'pending'`),
    // Leaving a publicity cancels the application's pending timers: without it, a scan of every pending timer.
    index('timers_application_pending_idx').on(t.applicationId).where(sql`status = 'pending'`),
  ],
);

/** An admin's request to move applications between definition versions, and what came of it. */
export const definitionMigrations = pgTable('definition_migrations', {
  id: uuid('id').primaryKey(),
  fromVersion: integer('from_version').notNull(),
  toVersion: integer('to_version').notNull(),
  /** The filter: one plan and/or some states; null for all. */
  planId: uuid('plan_id'),
  states: jsonb('states').$type<string[]>(),
  reason: text('reason').notNull(),
  requestedBy: text('requested_by').notNull(),
  requestedAt: instant('requested_at').notNull(),
  finishedAt: instant('finished_at'),
  moved: integer('moved').notNull().default(0),
  blocked: integer('blocked').notNull().default(0),
});

export const adminActionKinds = [
  'unit.create',
  'unit.edit',
  'plan.create',
  'plan.edit',
  'ban.lift',
  'calendar.load',
  'definition.migrate',
  'timer.retry',
  'message.retry',
  'message.dismiss',
  'publicity.end',
  'webhook.create',
  'webhook.edit',
  'webhook.delete',
  'webhook.retry',
  'webhook.rotate',
  'batch.start',
  'batch.cancel',
] as const;

/** Who did what to which record, when and why: registry and plan edits, the admin's incident actions. */
export const adminActions = pgTable(
  'admin_actions',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    action: text('action', { enum: adminActionKinds }).notNull(),
    /** The record acted on: a plan, timer, outbox message or application id. */
    target: text('target').notNull(),
    actor: text('actor').notNull(),
    reason: text('reason'),
    details: jsonb('details').$type<Record<string, unknown>>().notNull(),
    at: instant('at').notNull(),
  },
  (t) => [index('admin_actions_target_idx').on(t.target, t.id)],
);

/**
 * CLOCK=manual's time (staging, SPEC §6), one row: a restarted process and every replica
 * continue from the time last set, not from the wall clock. `revision` counts the sets, so a
 * process takes a newer one without undoing its own.
 */
export const manualClock = pgTable(
  'manual_clock',
  {
    id: boolean('id').primaryKey().default(true),
    now: instant('now').notNull(),
    revision: integer('revision').notNull(),
    setBy: text('set_by').notNull(),
  },
  (t) => [check('manual_clock_one_row', sql`${t.id}`)],
);
