import { sql } from 'drizzle-orm';
import { bigint, index, integer, jsonb, pgTable, primaryKey, text, unique, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { Actor } from '../../../machines/events';
import { closedStates, publicityStates } from '../../../machines/states';
import { createdAt, instant, sqlList, xid8 } from './columns';
import { plans } from './plans';

export const applications = pgTable(
  'applications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    planId: uuid('plan_id')
      .notNull()
      .references(() => plans.id),
    idNumber: text('id_number').notNull(),
    unitId: text('unit_id').notNull(),
    /** Dotted state value (`interview.scheduled`), kept beside the snapshot for filtering. */
    state: text('state').notNull(),
    snapshot: jsonb('snapshot').notNull(),
    version: integer('version').notNull(),
    /** The machine definition the application runs on (machines/definitions.ts); rows from before versions ran on 1. */
    definitionVersion: integer('definition_version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: instant('updated_at').notNull(),
    /** The applicant's name, read from the snapshot by the database itself, so it cannot drift from it. */
    name: text('name').generatedAlwaysAs(sql`snapshot #>> '{context,facts,name}'`),
    /**
     * End of the platform publicity in progress (ISO 8601 UTC, as the service clock writes
     * every instant, so text order is time order; a cast to timestamptz is not immutable).
     */
    publicityEndsAt: text('publicity_ends_at').generatedAlwaysAs(sql`snapshot #>> '{context,publicity,endsAt}'`),
  },
  (t) => [
    index('applications_state_idx').on(t.state, t.id),
    index('applications_updated_idx').on(t.updatedAt, t.id),
    // Substring search by name: a trigram index finds nothing in a two-character Chinese
    // name (张伟), so each character is indexed and the substring rechecked.
    index('applications_name_chars_idx').using('gin', sql`string_to_array(lower(${t.name}), null)`),
    // "Last digits of the ID number" is a prefix of the reversed number.
    index('applications_id_number_suffix_idx').on(sql`reverse(${t.idNumber}) collate "C"`, t.id),
    index('applications_publicity_idx')
      .on(t.publicityEndsAt, t.id)
      .where(sql`state in (${sqlList(publicityStates)})`),
    index('applications_plan_idx').on(t.planId, t.id),
    index('applications_unit_idx').on(t.unitId, t.id),
    index('applications_id_number_idx').on(t.idNumber, t.id),
    // One application per person and plan, unless the earlier one ended without a title.
    uniqueIndex('applications_one_open_per_plan_idx')
      .on(t.planId, t.idNumber)
      .where(sql`state not in (${sqlList(closedStates)})`),
  ],
);

export const applicationEvents = pgTable(
  'application_events',
  {
    applicationId: uuid('application_id')
      .notNull()
      .references(() => applications.id),
    seq: integer('seq').notNull(),
    type: text('type').notNull(),
    /** Null for the creation record (seq 0, `xstate.init`). */
    fromState: text('from_state'),
    toState: text('to_state').notNull(),
    actor: jsonb('actor').$type<Actor>().notNull(),
    at: instant('at').notNull(),
    /** The event exactly as the machine received it, so history replays to the snapshot. */
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    /** The request that caused it (echoed as `x-request-id`); null for the service's own timers. */
    requestId: text('request_id'),
    idempotencyKey: text('idempotency_key'),
    /**
     * The change feed's order (store/feed.ts): the transaction that wrote the event, then the
     * order of writing. Both come from the database, so no writer can get them wrong.
     */
    xid: xid8('xid').notNull().default(sql`pg_current_xact_id()`),
    position: bigint('position', { mode: 'number' }).notNull().generatedAlwaysAsIdentity(),
  },
  (t) => [primaryKey({ columns: [t.applicationId, t.seq] }), index('application_events_feed_idx').on(t.xid, t.position)],
);

/**
 * How many applications are in each state, per plan and unit, and per plan over all units
 * (unit_id null): written in the same statement as every creation and change of state, so
 * /v1/stats reads a few rows instead of counting a million.
 */
export const stateCounts = pgTable(
  'state_counts',
  {
    planId: uuid('plan_id')
      .notNull()
      .references(() => plans.id),
    unitId: text('unit_id'),
    state: text('state').notNull(),
    count: integer('count').notNull(),
  },
  (t) => [unique('state_counts_key').on(t.unitId, t.planId, t.state).nullsNotDistinct()],
);

export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    actor: text('actor').notNull(),
    key: text('key').notNull(),
    applicationId: uuid('application_id').notNull(),
    requestHash: text('request_hash').notNull(),
    statusCode: integer('status_code').notNull(),
    response: jsonb('response').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.actor, t.key] })],
);

/**
 * The answer given to a request that created something (an application, plan, unit or webhook)
 * under an Idempotency-Key, written with what it created: a repeat gets this answer again.
 */
export const creationKeys = pgTable(
  'creation_keys',
  {
    actor: text('actor').notNull(),
    key: text('key').notNull(),
    /** Of the route and the body: the same key with another request is a reuse, not a repeat. */
    requestHash: text('request_hash').notNull(),
    response: jsonb('response').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.actor, t.key] })],
);
