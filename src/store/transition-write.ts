import type { SQL } from 'drizzle-orm';
import { sql } from 'drizzle-orm';
import type { Effect } from '../../machines/effects';
import type { Actor, MachineEvent } from '../../machines/events';
import type { MigrationEvent } from '../../machines/migrations';
import type { PersistedSnapshot } from '../../machines/states';
import type { Db } from '../db/client';
import {
  applicationEvents,
  applications,
  bans,
  certificateSequences,
  certificates,
  idempotencyKeys,
  outbox,
  plans,
  timers,
} from '../db/schema';
import { col, isUniqueViolation, param, run, statementCache } from './exec';
import { countChanges } from './state-counts';
import { enqueueDeliveries } from './webhooks';

// What a transition writes: the row, its event, and its effects (outbox, timers, bans,
// certificates, idempotency record, webhook deliveries), in one statement per batch; the
// writes asked for in one turn of the event loop go as one batch.

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

type FieldOf<T> = T extends unknown ? keyof T : never;
/** Every field of every kind of `Effect` with the type its column reads it as: the compiler holds the keys to the union's. */
const effectColumns: Record<FieldOf<Effect>, 'text' | 'int' | 'jsonb' | 'timestamptz'> = {
  kind: 'text',
  template: 'text',
  data: 'jsonb',
  eventType: 'text',
  dueAt: 'timestamptz',
  idNumber: 'text',
  fromYear: 'int',
  toYear: 'int',
  finding: 'text',
  name: 'text',
  year: 'int',
  level: 'text',
  specialty: 'text',
  reason: 'text',
};
const effectRecord = sql.join(
  Object.entries(effectColumns).map(([field, type]) => sql`${sql.identifier(field)} ${sql.raw(type)}`),
  sql`, `,
);

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
    issueCertificate: issueCertificates(),
    revokeCertificate: sql`revoke as (update ${certificates} set ${col(certificates.revokedAt)} = fx.at, ${col(certificates.revokeReason)} = fx.reason
      from fx where fx.kind = 'revokeCertificate' and ${certificates.applicationId} = fx.id)`,
  };
  const ofRows = ['counts', 'timer', 'idempotency'];
  const effects = parts.some((p) => !ofRows.includes(p))
    ? [
        sql`fx as (select w.id, w.${col(a.planId)}, w.at, w."actorSub", w."timerId", x.* from w, jsonb_to_recordset(w.effects) as x(${effectRecord}))`,
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

/**
 * Certificates with their numbers (README, Documents): `CX`, the plan's year, J or M for its
 * level, the plan's series, and its sequence — `CX2021M07-0012` is the twelfth certificate of
 * plan 07, an intermediate one of 2021. The plan's counter is moved by the number this batch
 * issues in it; the row lock that takes holds a concurrent issue in the same plan until this
 * one commits, so a number is never handed out twice nor out of order; plans' counters are
 * locked in plan order, so two batches sharing plans cannot deadlock on them. Within a batch,
 * in order of application id.
 */
function issueCertificates(): SQL {
  const s = certificateSequences;
  const c = certificates;
  const digits = (n: SQL, width: number) => sql`lpad((${n})::text, greatest(${sql.raw(String(width))}, length((${n})::text)), '0')`;
  const sequence = sql`seq.${col(s.last)} - n.issued + n.nth`;
  return sql`seq as (insert into ${s} (${col(s.planId)}, ${col(s.last)})
      select ${col(applications.planId)}, count(*) from fx where kind = 'issueCertificate' group by ${col(applications.planId)}
        order by ${col(applications.planId)}
      on conflict (${col(s.planId)}) do update set ${col(s.last)} = ${s.last} + excluded.${col(s.last)}
      returning ${col(s.planId)}, ${col(s.last)}),
    cert as (insert into ${c} (${col(c.number)}, ${col(c.applicationId)}, ${col(c.idNumber)}, ${col(c.name)}, ${col(c.year)},
        ${col(c.level)}, ${col(c.specialty)}, ${col(c.issuedAt)})
      select 'CX' || n.year || case n.level when 'junior' then 'J' else 'M' end || ${digits(sql`p.${col(plans.certificateSeries)}`, 2)}
          || '-' || ${digits(sequence, 4)},
        n.id, n."idNumber", n.name, n.year, n.level, n.specialty, n.at
      from (select fx.*, row_number() over (partition by ${col(applications.planId)} order by fx.id) as nth,
          count(*) over (partition by ${col(applications.planId)}) as issued
        from fx where kind = 'issueCertificate') n
      join seq on seq.${col(s.planId)} = n.${col(applications.planId)}
      join ${plans} p on p.${col(plans.id)} = n.${col(applications.planId)})`;
}
