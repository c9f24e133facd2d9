import { and, asc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { Effect } from '../../machines/effects';
import type { Actor, EventType, MachineEvent } from '../../machines/events';
import type { MigrationEvent } from '../../machines/migrations';
import type { PersistedSnapshot } from '../../machines/states';
import type { Scope } from '../auth/access';
import type { Db } from '../db/client';
import { applicationEvents, applications, bans, certificates, idempotencyKeys, outbox, plans, timers, units } from '../db/schema';
import { col, compile, instantParam, isUniqueViolation, jsonParam, param, run, statementCache } from './exec';
import { countChanges } from './state-counts';
import { visibleTo } from './visibility';
import { enqueueDeliveries } from './webhooks';

// The application aggregate: its row, its events, and what a transition writes with them
// (outbox, timers, bans, certificates, idempotency records).

/** A ban on the applicant that no admin has lifted, whatever years it covers. */
export type StandingBan = { fromYear: number; toYear: number };

export type StoredApplication = {
  id: string;
  snapshot: PersistedSnapshot;
  version: number;
  /** The machine definition it runs on (machines/definitions.ts). */
  definitionVersion: number;
  idNumber: string;
  unitId: string;
  createdAt: Date;
  updatedAt: Date;
  /** Read with the row, so that deciding whether the applicant may SUBMIT costs no second round trip. */
  standingBans: StandingBan[];
  /** The plan's window as it stands now (an admin may have extended it since the application copied the plan). */
  planWindow: PlanWindow;
};

export type PlanWindow = { opensAt: string; closesAt: string };

/** The applicant's standing bans, as a JSON array, for a select list reading `applications`. */
const standingBansOf = (idNumber: SQL) => sql`(select coalesce(json_agg(json_build_object('fromYear', b.${col(bans.fromYear)},
    'toYear', b.${col(bans.toYear)})), '[]'::json) from ${bans} b where b.${col(bans.idNumber)} = ${idNumber} and b.${col(bans.liftedAt)} is null)`;

/**
 * The row a transition starts from, with the answer already given to this Idempotency-Key, if
 * any, and the plan's fee as it stands now.
 */
export type TransitionRow = StoredApplication & { replay: { requestHash: string; response: unknown } | null; planFee: number };

const uuid = (name: string) => sql`${param(name)}::uuid`;

const loadSelect = (where: SQL) => sql`
  select a.${col(applications.id)} as "id", a.${col(applications.snapshot)} as "snapshot", a.${col(applications.version)} as "version",
         a.${col(applications.definitionVersion)} as "definitionVersion", a.${col(applications.idNumber)} as "idNumber", a.${col(applications.unitId)} as "unitId",
         a.${col(applications.createdAt)} as "createdAt", a.${col(applications.updatedAt)} as "updatedAt",
         i.${col(idempotencyKeys.requestHash)} as "requestHash", i.${col(idempotencyKeys.response)} as "response",
         ${standingBansOf(sql`a.${col(applications.idNumber)}`)} as "standingBans",
         json_build_object('opensAt', p.${col(plans.opensAt)}, 'closesAt', p.${col(plans.closesAt)}) as "planWindow",
         p.${col(plans.fee)} as "planFee"
  from ${applications} a
  join ${plans} p on p.${col(plans.id)} = a.${col(applications.planId)}
  left join ${idempotencyKeys} i on i.${col(idempotencyKeys.actor)} = ${param('actor')} and i.${col(idempotencyKeys.key)} = ${param('key')}
  where ${where}`;
const one = sql`a.${col(applications.id)} = ${uuid('id')}`;
const many = sql`a.${col(applications.id)} = any(${param('ids')}::uuid[])`;
// A fee edit locks the plan and refuses once a notice stated the fee (edit-plan.ts): read
// under a share lock, the fee a notice states cannot change before the notice commits.
const sharingPlan = (query: SQL) => sql`${query} for share of p`;
const loadQueries = {
  one: compile(loadSelect(one)),
  oneSharingPlan: compile(sharingPlan(loadSelect(one))),
  many: compile(loadSelect(many)),
  manySharingPlan: compile(sharingPlan(loadSelect(many))),
};

type RawTransitionRow = Omit<StoredApplication, 'createdAt' | 'updatedAt'> & {
  planFee: number;
  createdAt: string | Date;
  updatedAt: string | Date;
  requestHash: string | null;
  response: unknown;
};

function transitionRow({ requestHash, response, ...app }: RawTransitionRow): TransitionRow {
  return {
    ...app,
    createdAt: new Date(app.createdAt),
    updatedAt: new Date(app.updatedAt),
    replay: requestHash === null ? null : { requestHash, response },
  };
}

/**
 * One round trip: the application and any answer recorded for (actor, Idempotency-Key); with
 * `sharePlan`, the plan's row locked for share until the transaction ends.
 */
export async function loadForTransition(
  db: Db,
  id: string,
  idempotency: { actor: string; key: string } | null,
  sharePlan = false,
): Promise<TransitionRow | undefined> {
  const query = sharePlan ? loadQueries.oneSharingPlan : loadQueries.one;
  const [row] = await run<RawTransitionRow>(db, query, { id, actor: idempotency?.actor ?? null, key: idempotency?.key ?? null });
  return row && transitionRow(row);
}

/** Several applications in one round trip, by id, for callers without an Idempotency-Key (the timer worker). */
export async function loadManyForTransition(db: Db, ids: string[], sharePlan: boolean): Promise<Map<string, TransitionRow>> {
  const query = sharePlan ? loadQueries.manySharingPlan : loadQueries.many;
  // As an array literal: both drivers send text alike (uuids need no quoting).
  const rows = await run<RawTransitionRow>(db, query, { ids: `{${ids.join(',')}}`, actor: null, key: null });
  return new Map(rows.map((r) => [r.id, transitionRow(r)]));
}

export type TransitionWrite = {
  applicationId: string;
  /** The definition the new snapshot runs on: the one read, unless the application is being migrated. */
  definitionVersion: number;
  /** The version read; nothing is written unless the row still has it. */
  readVersion: number;
  event: MachineEvent | MigrationEvent;
  from: string;
  to: string;
  actor: Actor;
  snapshot: PersistedSnapshot;
  effects: Effect[];
  /** The timer this transition fires, settled in the same statement. */
  timerId: number | null;
  requestId: string | null;
  idempotencyKey: string | null;
  /** Recorded under (actor, idempotencyKey), so that a repeat of the request replays this response. */
  idempotency: { requestHash: string; response: unknown } | null;
};

/**
 * Writes transitions, at most one per application, in one statement that is atomic by itself:
 * every part but the update reads the rows it updated, so nothing of a transition is written
 * unless its version matched. Returns the applications written; one missing lost to another
 * writer. Its one parameter is the batch as JSON, so one statement text serves a batch of any
 * size with the same kinds of writes.
 */
export async function writeTransitions(db: Db, ws: TransitionWrite[]): Promise<Set<string>> {
  if (ws.length === 0) return new Set();
  const rows = ws.map((w) => ({
    id: w.applicationId,
    readVersion: w.readVersion,
    definitionVersion: w.definitionVersion,
    from: w.from,
    to: w.to,
    snapshot: w.snapshot,
    at: w.event.at,
    type: w.event.type,
    actor: w.actor,
    payload: w.event,
    timerId: w.timerId,
    requestId: w.requestId,
    idempotencyKey: w.idempotencyKey,
    effects: w.effects,
    ...(w.idempotency && { requestHash: w.idempotency.requestHash, response: w.idempotency.response }),
  }));
  const written = await run<{ id: string }>(db, writeQuery(partsOf(ws)), { rows: JSON.stringify(rows) });
  return new Set(written.map((r) => r.id));
}

type Queued = { w: TransitionWrite; resolve(written: boolean): void; reject(err: unknown): void };

/** Per connection handle (the pool, or one transaction), the writes waiting for the end of this turn of the event loop. */
const queues = new WeakMap<Db, Map<string, Queued>>();

/**
 * One transition, written in the same statement as the others asked for on the same handle in
 * the same turn of the event loop (concurrent requests on different applications), so that
 * many commit as one: fewer statements, round trips and commits. False when another writer got
 * there first, or a concurrent request with the same Idempotency-Key won (the caller re-reads
 * and replays its answer).
 */
export function writeTransition(db: Db, w: TransitionWrite): Promise<boolean> {
  let queue = queues.get(db);
  // A second write of one application in a turn goes alone: the two race on the version.
  if (queue?.has(w.applicationId)) return writeAlone(db, w);
  if (!queue) {
    const q = new Map<string, Queued>();
    queues.set(db, q);
    setImmediate(() => void flush(db, q));
    queue = q;
  }
  const waiting = queue;
  return new Promise((resolve, reject) => waiting.set(w.applicationId, { w, resolve, reject }));
}

async function flush(db: Db, queue: Map<string, Queued>): Promise<void> {
  queues.delete(db);
  // In the applications' order, so that two statements lock rows they share in the same order.
  const queued = [...queue.values()].sort((a, b) => (a.w.applicationId < b.w.applicationId ? -1 : 1));
  if (queued.length > 1) {
    try {
      const written = await writeTransitions(
        db,
        queued.map((q) => q.w),
      );
      for (const q of queued) q.resolve(written.has(q.w.applicationId));
      return;
    } catch {
      // One write's failure must not become the others': each again, alone, with its own outcome.
    }
  }
  for (const q of queued) writeAlone(db, q.w).then(q.resolve, q.reject);
}

async function writeAlone(db: Db, w: TransitionWrite): Promise<boolean> {
  try {
    return (await writeTransitions(db, [w])).size === 1;
  } catch (err) {
    if (w.idempotency && isUniqueViolation(err)) return false;
    throw err;
  }
}

/** The parts of a write statement beyond the update, its event and its webhook deliveries, each present only when needed. */
type WritePart = 'counts' | 'timer' | 'idempotency' | Effect['kind'];

function partsOf(ws: TransitionWrite[]): WritePart[] {
  const parts = new Set<WritePart>();
  for (const w of ws) {
    if (w.from !== w.to) parts.add('counts');
    if (w.timerId !== null) parts.add('timer');
    if (w.idempotency) parts.add('idempotency');
    for (const e of w.effects) parts.add(e.kind);
  }
  return [...parts].sort();
}

const writeStatements = statementCache();
const writeQuery = (parts: WritePart[]) => writeStatements(parts.join(), () => writeStatement(parts));

/**
 * The batch (`i`), the rows it updated with their values (`w`), each effect of theirs (`fx`),
 * and a part per kind of write the batch has. A part always there costs the database on every
 * call even when it writes nothing (its table is locked and opened).
 */
function writeStatement(parts: WritePart[]): SQL {
  const a = applications;
  const e = applicationEvents;
  const byPart: Record<WritePart, SQL> = {
    counts: sql`sc as (${countChanges(sql`select ${col(a.planId)}, ${col(a.unitId)}, "from", -1 from w where "from" <> "to"
      union all select ${col(a.planId)}, ${col(a.unitId)}, "to", 1 from w where "from" <> "to"`)})`,
    timer: sql`tf as (update ${timers} set ${col(timers.status)} = 'fired', ${col(timers.settledAt)} = w.at from w where ${timers.id} = w."timerId")`,
    idempotency: sql`ik as (insert into ${idempotencyKeys} (${col(idempotencyKeys.actor)}, ${col(idempotencyKeys.key)},
        ${col(idempotencyKeys.applicationId)}, ${col(idempotencyKeys.requestHash)}, ${col(idempotencyKeys.statusCode)},
        ${col(idempotencyKeys.response)}, ${col(idempotencyKeys.createdAt)})
      select "actorSub", "idempotencyKey", id, "requestHash", 200, response, at from w where "requestHash" is not null)`,
    notify: sql`notify as (insert into ${outbox} (${col(outbox.applicationId)}, ${col(outbox.kind)}, ${col(outbox.payload)}, ${col(outbox.createdAt)})
      select id, template, data, at from fx where kind = 'notify')`,
    armTimer: sql`arm as (insert into ${timers} (${col(timers.applicationId)}, ${col(timers.eventType)}, ${col(timers.dueAt)}, ${col(timers.createdAt)})
      select id, "eventType", "dueAt", at from fx where kind = 'armTimer')`,
    // The timer being fired, if any, is settled as fired by tf, not cancelled.
    cancelTimers: sql`cancel as (update ${timers} set ${col(timers.status)} = 'cancelled', ${col(timers.settledAt)} = fx.at
      from fx where fx.kind = 'cancelTimers' and ${timers.applicationId} = fx.id and ${timers.status} = 'pending'
        and ${timers.id} is distinct from fx."timerId")`,
    ban: sql`ban as (insert into ${bans} (${col(bans.idNumber)}, ${col(bans.fromYear)}, ${col(bans.toYear)}, ${col(bans.applicationId)},
        ${col(bans.finding)}, ${col(bans.foundBy)}, ${col(bans.createdAt)})
      select "idNumber", "fromYear", "toYear", id, finding, "actorSub", at from fx where kind = 'ban')`,
    issueCertificate: sql`cert as (insert into ${certificates} (${col(certificates.number)}, ${col(certificates.applicationId)},
        ${col(certificates.idNumber)}, ${col(certificates.name)}, ${col(certificates.year)}, ${col(certificates.level)},
        ${col(certificates.specialty)}, ${col(certificates.issuedAt)})
      select number, id, "idNumber", name, year, level, specialty, at from fx where kind = 'issueCertificate')`,
    revokeCertificate: sql`revoke as (update ${certificates} set ${col(certificates.revokedAt)} = fx.at, ${col(certificates.revokeReason)} = fx.reason
      from fx where fx.kind = 'revokeCertificate' and ${certificates.applicationId} = fx.id)`,
  };
  const ofRows = ['counts', 'timer', 'idempotency'];
  const effects = parts.some((p) => !ofRows.includes(p))
    ? [
        sql`fx as (select w.id, w.at, w."actorSub", w."timerId", x.* from w, jsonb_to_recordset(w.effects) as x(kind text,
          template text, data jsonb, "eventType" text, "dueAt" timestamptz, "idNumber" text, "fromYear" int, "toYear" int,
          finding text, number text, name text, year int, level text, specialty text, reason text))`,
      ]
    : [];
  const always = [
    sql`i as (select * from json_to_recordset(${param('rows')}::json) as i(id uuid, "readVersion" int, "definitionVersion" int,
      "from" text, "to" text, snapshot jsonb, at timestamptz, type text, actor jsonb, payload jsonb, "timerId" bigint,
      "requestId" text, "idempotencyKey" text, effects jsonb, "requestHash" text, response jsonb))`,
    sql`w as (update ${a} set ${col(a.snapshot)} = i.snapshot, ${col(a.version)} = i."readVersion" + 1,
      ${col(a.definitionVersion)} = i."definitionVersion", ${col(a.state)} = i."to", ${col(a.updatedAt)} = i.at
    from i where ${a.id} = i.id and ${a.version} = i."readVersion"
    returning ${a.id}, ${a.planId}, ${a.unitId}, ${a.version}, i."from", i."to", i.at, i.type, i.actor, i.actor->>'sub' as "actorSub",
      i.payload, i."timerId", i."requestId", i."idempotencyKey", i.effects, i."requestHash", i.response)`,
    sql`ev as (insert into ${e} (${col(e.applicationId)}, ${col(e.seq)}, ${col(e.type)}, ${col(e.fromState)}, ${col(e.toState)},
      ${col(e.actor)}, ${col(e.at)}, ${col(e.payload)}, ${col(e.requestId)}, ${col(e.idempotencyKey)})
    select id, version, type, "from", "to", actor, at, payload, "requestId", "idempotencyKey" from w)`,
    sql`wh as (${enqueueDeliveries('w', sql`w.version`, sql`w.type`, sql`w.at`)})`,
  ];
  return sql`with ${sql.join([...always, ...effects, ...parts.map((p) => byPart[p])], sql`,\n  `)}
  select id from w`;
}

export type NewApplication = Omit<StoredApplication, 'updatedAt' | 'version' | 'standingBans' | 'planWindow'> & {
  planId: string;
  state: string;
  actor: Actor;
  initEvent: Record<string, unknown>;
};

const insertQuery = compile(sql`
  with app as (
    insert into ${applications} (${col(applications.id)}, ${col(applications.planId)}, ${col(applications.idNumber)}, ${col(applications.unitId)},
      ${col(applications.state)}, ${col(applications.snapshot)}, ${col(applications.version)}, ${col(applications.definitionVersion)},
      ${col(applications.createdAt)}, ${col(applications.updatedAt)})
    values (${uuid('id')}, ${uuid('planId')}, ${param('idNumber')}, ${param('unitId')}, ${param('state')}, ${jsonParam('snapshot')}, 0,
      ${param('definitionVersion')},
      ${instantParam('at')}, ${instantParam('at')})
    returning ${col(applications.id)}, ${col(applications.planId)}, ${col(applications.unitId)}),
  sc as (${countChanges(sql`select ${col(applications.planId)}, ${col(applications.unitId)}, ${param('state')}::text, 1 from app`)}),
  wh as (${enqueueDeliveries('app', sql`0`, sql`'xstate.init'`, instantParam('at'))})
  insert into ${applicationEvents} (${col(applicationEvents.applicationId)}, ${col(applicationEvents.seq)}, ${col(applicationEvents.type)},
    ${col(applicationEvents.fromState)}, ${col(applicationEvents.toState)}, ${col(applicationEvents.actor)}, ${col(applicationEvents.at)},
    ${col(applicationEvents.payload)})
  select ${col(applications.id)}, 0, 'xstate.init', null, ${param('state')}, ${jsonParam('actor')}, ${instantParam('at')}, ${jsonParam('initEvent')}
  from app`);

/** A draft and its creation record (seq 0) in one statement; false when the person already has an open one in the plan. */
export async function insertApplication(db: Db, a: NewApplication): Promise<boolean> {
  try {
    await run(db, insertQuery, {
      id: a.id,
      planId: a.planId,
      idNumber: a.idNumber,
      unitId: a.unitId,
      state: a.state,
      definitionVersion: a.definitionVersion,
      snapshot: JSON.stringify(a.snapshot),
      at: a.createdAt.toISOString(),
      actor: JSON.stringify(a.actor),
      initEvent: JSON.stringify(a.initEvent),
    });
    return true;
  } catch (err) {
    if (isUniqueViolation(err)) return false;
    throw err;
  }
}

export async function findApplication(db: Db, id: string, scope: Scope): Promise<StoredApplication | undefined> {
  const [row] = await db
    .select({
      id: applications.id,
      snapshot: applications.snapshot,
      version: applications.version,
      definitionVersion: applications.definitionVersion,
      idNumber: applications.idNumber,
      unitId: applications.unitId,
      createdAt: applications.createdAt,
      updatedAt: applications.updatedAt,
      standingBans: standingBansOf(sql`${applications.idNumber}`).mapWith((v: StandingBan[] | string) =>
        typeof v === 'string' ? JSON.parse(v) : v,
      ),
      planWindow: { opensAt: plans.opensAt, closesAt: plans.closesAt },
    })
    .from(applications)
    .innerJoin(plans, eq(plans.id, applications.planId))
    .where(and(eq(applications.id, id), visibleTo(scope)));
  return row && { ...row, snapshot: row.snapshot as PersistedSnapshot };
}

/** Applications in any of `states` (of one plan, if given), with their unit's registered name: the platform publicities in progress. */
export async function applicationsIn(db: Db, states: readonly string[], planId?: string) {
  const rows = await db
    .select({
      id: applications.id,
      planId: applications.planId,
      state: applications.state,
      snapshot: applications.snapshot,
      unitName: units.name,
    })
    .from(applications)
    .leftJoin(units, eq(units.id, applications.unitId))
    .where(and(inArray(applications.state, [...states]), planId ? eq(applications.planId, planId) : undefined))
    .orderBy(asc(applications.id));
  return rows.map((r) => ({ ...r, snapshot: r.snapshot as PersistedSnapshot }));
}

export type HistoryEntry = {
  seq: number;
  requestId: string | null;
  idempotencyKey: string | null;
  type: EventType | 'xstate.init' | MigrationEvent['type'];
  from: string | null;
  to: string;
  actor: Actor;
  at: Date;
  payload: Record<string, unknown>;
};

/** The columns of an applied event as a history entry reads them (its type still to narrow). */
export const historyColumns = {
  seq: applicationEvents.seq,
  type: applicationEvents.type,
  from: applicationEvents.fromState,
  to: applicationEvents.toState,
  actor: applicationEvents.actor,
  at: applicationEvents.at,
  payload: applicationEvents.payload,
  requestId: applicationEvents.requestId,
  idempotencyKey: applicationEvents.idempotencyKey,
};

export async function historyOf(db: Db, id: string): Promise<HistoryEntry[]> {
  const events = await db
    .select(historyColumns)
    .from(applicationEvents)
    .where(eq(applicationEvents.applicationId, id))
    .orderBy(asc(applicationEvents.seq));
  return events.map((e) => ({ ...e, type: e.type as HistoryEntry['type'] }));
}

export async function certificateOf(db: Db, applicationId: string) {
  const [cert] = await db.select().from(certificates).where(eq(certificates.applicationId, applicationId));
  return cert;
}
