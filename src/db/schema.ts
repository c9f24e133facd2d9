import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  check,
  customType,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { Plan } from '../../machines/context';
import { type Actor, roles, serviceEventTypes } from '../../machines/events';
import { planLevels } from '../../machines/facts';
import { closedStates, publicityStates } from '../../machines/states';

// No time column has a default: every timestamp comes from the service clock, which tests
// and the manual clock move (a database default would stamp the wall-clock time instead).
const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull();
const instant = (name: string) => timestamp(name, { withTimezone: true });
/** A PostgreSQL 64-bit transaction id, as its decimal string. */
const xid8 = customType<{ data: string }>({ dataType: () => 'xid8' });
const sqlList = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(', '));

/** The organisations applicants work for (用人单位), registered by an admin; an application names one. */
export const units = pgTable('units', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  inCixi: boolean('in_cixi').notNull(),
  unitType: text('unit_type', { enum: ['enterprise', 'publicInstitution', 'civilService', 'civilServiceManaged'] }).notNull(),
  createdBy: text('created_by').notNull(),
  createdAt: instant('created_at').notNull(),
  updatedBy: text('updated_by').notNull(),
  updatedAt: instant('updated_at').notNull(),
});

export const plans = pgTable('plans', {
  id: uuid('id').primaryKey().defaultRandom(),
  year: integer('year').notNull(),
  level: text('level', { enum: planLevels }).notNull(),
  specialty: text('specialty').notNull(),
  opensAt: date('opens_at').notNull(),
  closesAt: date('closes_at').notNull(),
  fee: integer('fee').notNull(),
  resubmitWorkingDays: integer('resubmit_working_days').notNull().default(5),
  /** Issue 24: calendar days to pay after the fee notice, and to deliver the paper copies after the audit approval. */
  feeDeadlineDays: integer('fee_deadline_days').notNull().default(10),
  paperDeadlineDays: integer('paper_deadline_days').notNull().default(15),
  /** The machine definition its applications start on; null only in plans created before every plan named one, read as 1. */
  definitionVersion: integer('definition_version'),
  scoringItems: jsonb('scoring_items').$type<Plan['scoringItems']>().notNull(),
  intermediateRoutes: jsonb('intermediate_routes').$type<Plan['intermediateRoutes']>().notNull(),
  /** 一(二)'s 高技能人才 routes. */
  skilledRoutes: jsonb('skilled_routes').$type<NonNullable<Plan['skilledRoutes']>>().notNull().default([]),
  /** Who created the plan; rows from before this column say 'unrecorded'. */
  createdBy: text('created_by').notNull().default('unrecorded'),
  createdAt: createdAt(),
  /**
   * The plan's part of its certificates' numbers (`CX2021M07-0012`: plan 07): drawn from a
   * sequence when the plan is created, so two plans never share one, nothing has to be retried,
   * and the plans of one year and level stay apart though their specialties are free text.
   */
  certificateSeries: serial('certificate_series').notNull(),
});

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

export const bans = pgTable(
  'bans',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    idNumber: text('id_number').notNull(),
    fromYear: integer('from_year').notNull(),
    toYear: integer('to_year').notNull(),
    applicationId: uuid('application_id')
      .notNull()
      .references(() => applications.id),
    finding: text('finding').notNull(),
    foundBy: text('found_by').notNull(),
    createdAt: createdAt(),
    liftedAt: instant('lifted_at'),
    liftedBy: text('lifted_by'),
    liftReason: text('lift_reason'),
  },
  (t) => [index('bans_id_number_idx').on(t.idNumber)],
);

export const certificates = pgTable(
  'certificates',
  {
    number: text('number').primaryKey(),
    applicationId: uuid('application_id')
      .notNull()
      .references(() => applications.id),
    idNumber: text('id_number').notNull(),
    name: text('name').notNull(),
    year: integer('year').notNull(),
    level: text('level').notNull(),
    specialty: text('specialty').notNull(),
    issuedAt: instant('issued_at').notNull(),
    revokedAt: instant('revoked_at'),
    revokeReason: text('revoke_reason'),
    /**
     * The short code printed under the certificate's QR code (三(四)): random, so not derivable
     * from the number; 48 bits of a v4 UUID's random bytes in hex. Made by the database so
     * certificates issued before this column got one too.
     */
    verificationCode: text('verification_code').notNull().default(sql`upper(encode(substr(uuid_send(gen_random_uuid()), 11, 6), 'hex'))`),
  },
  (t) => [
    uniqueIndex('certificates_application_idx').on(t.applicationId),
    uniqueIndex('certificates_verification_code_idx').on(t.verificationCode),
  ],
);

/**
 * The last certificate number handed out in each plan. The statement that issues certificates
 * adds to it (INSERT … ON CONFLICT DO UPDATE locks the row), so concurrent issues in one plan
 * wait for each other and each number is used once, in order of issue.
 */
export const certificateSequences = pgTable('certificate_sequences', {
  planId: uuid('plan_id')
    .primaryKey()
    .references(() => plans.id),
  last: integer('last').notNull(),
});

/** bytea, for which drizzle 0.45 has no builder; both drivers hand back the bytes as a Uint8Array. */
const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => 'bytea' });

/**
 * Uploaded files, content-addressed (五(一)): one row per distinct content, however many
 * applications list it, so a backup of the database is a backup of the files.
 */
export const blobs = pgTable('blobs', {
  sha256: text('sha256').primaryKey(),
  size: integer('size').notNull(),
  /** Judged from the content's first bytes, never from the name or the client's header. */
  mimeType: text('mime_type').notNull(),
  /** The rows of `blob_chunks` holding the bytes. */
  chunkSet: uuid('chunk_set').notNull().unique(),
  createdAt: instant('created_at').notNull(),
});

/** A file's bytes in fixed-size pieces, written and read one at a time so no file is held whole in memory. */
export const blobChunks = pgTable(
  'blob_chunks',
  {
    chunkSet: uuid('chunk_set').notNull(),
    seq: integer('seq').notNull(),
    data: bytea('data').notNull(),
    createdAt: instant('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.chunkSet, t.seq] })],
);

export const calendarYears = pgTable('calendar_years', {
  year: integer('year').primaryKey(),
  holidays: jsonb('holidays').$type<string[]>().notNull(),
  workdays: jsonb('workdays').$type<string[]>().notNull(),
  loadedBy: text('loaded_by').notNull(),
  loadedAt: instant('loaded_at').notNull(),
});

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

/**
 * Files an applicant uploaded while a supplement was requested (definition version 2): an
 * upload alone changes nothing; `SUPPLEMENT_PROVIDED` then names those uploaded since the request.
 */
export const supplementUploads = pgTable(
  'supplement_uploads',
  {
    applicationId: uuid('application_id')
      .notNull()
      .references(() => applications.id),
    sha256: text('sha256')
      .notNull()
      .references(() => blobs.sha256),
    /** The latest upload of this content to this application. */
    uploadedAt: instant('uploaded_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.applicationId, t.sha256] })],
);

/**
 * A browser's signed-in session (the console's cookie), kept server-side so that signing out
 * ends every session of the person at once, wherever they are.
 */
export const sessions = pgTable(
  'sessions',
  {
    /** SHA-256 (hex) of the cookie's random value: a copy of this table opens no session. */
    id: text('id').primaryKey(),
    sub: text('sub').notNull(),
    role: text('role', { enum: roles }).notNull(),
    unitId: text('unit_id'),
    createdAt: createdAt(),
    /** Never later than the expiry of the bearer token the session was opened with. */
    expiresAt: instant('expires_at').notNull(),
    revokedAt: instant('revoked_at'),
  },
  (t) => [index('sessions_sub_idx').on(t.sub, t.role)],
);

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
