import { and, asc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { Effect } from '../../machines/effects';
import type { EventType, MachineEvent } from '../../machines/events';
import type { MigrationEvent } from '../../machines/migrations';
import type { PersistedSnapshot } from '../../machines/states';
import type { Actor, Scope } from '../auth/access';
import type { Db } from '../db/client';
import { applicationEvents, applications, bans, certificates, idempotencyKeys, outbox, plans, timers } from '../db/schema';
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

const loadSelect = sql`
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
  where a.${col(applications.id)} = ${uuid('id')}`;
const loadQuery = compile(loadSelect);
// A fee edit locks the plan and refuses once a notice stated the fee (edit-plan.ts): read
// under a share lock, the fee a notice states cannot change before the notice commits.
const loadQuerySharingPlan = compile(sql`${loadSelect} for share of p`);

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
  type Raw = Omit<StoredApplication, 'createdAt' | 'updatedAt'> & {
    planFee: number;
    createdAt: string | Date;
    updatedAt: string | Date;
    requestHash: string | null;
    response: unknown;
  };
  const query = sharePlan ? loadQuerySharingPlan : loadQuery;
  const [row] = await run<Raw>(db, query, { id, actor: idempotency?.actor ?? null, key: idempotency?.key ?? null });
  if (!row) return undefined;
  const { requestHash, response, ...app } = row;
  return {
    ...app,
    createdAt: new Date(app.createdAt),
    updatedAt: new Date(app.updatedAt),
    replay: requestHash === null ? null : { requestHash, response },
  };
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
  idempotency: { actor: string; key: string; requestHash: string; response: unknown } | null;
};

const writeStatements = statementCache();

/**
 * One statement, atomic by itself: every part but the update reads `upd`, so nothing is
 * written unless the version matched. False when another writer got there first.
 */
export async function writeTransition(db: Db, w: TransitionWrite): Promise<boolean> {
  const shape = [w.effects.map((e) => e.kind).join(','), w.timerId !== null, w.idempotency !== null, w.from !== w.to].join('|');
  const query = writeStatements(shape, () => writeStatement(w));
  const values: Record<string, unknown> = {
    id: w.applicationId,
    readVersion: w.readVersion,
    version: w.readVersion + 1,
    definitionVersion: w.definitionVersion,
    state: w.to,
    from: w.from,
    snapshot: JSON.stringify(w.snapshot),
    at: w.event.at,
    type: w.event.type,
    actor: JSON.stringify(w.actor),
    actorSub: w.actor.sub,
    payload: JSON.stringify(w.event),
    timerId: w.timerId,
    requestId: w.requestId,
    idempotencyKey: w.idempotencyKey,
    ...(w.idempotency && {
      idemActor: w.idempotency.actor,
      idemKey: w.idempotency.key,
      requestHash: w.idempotency.requestHash,
      response: JSON.stringify(w.idempotency.response),
    }),
  };
  for (const [i, e] of w.effects.entries()) Object.assign(values, effectValues(e, `fx${i}_`));
  try {
    return (await run(db, query, values)).length === 1;
  } catch (err) {
    // A concurrent request with the same Idempotency-Key won: the caller re-reads and replays its answer.
    if (w.idempotency && isUniqueViolation(err)) return false;
    throw err;
  }
}

const fromUpd = sql`from upd`;
const updMatched = sql`exists (select 1 from upd)`;

function writeStatement(w: TransitionWrite): SQL {
  const at = instantParam('at');
  const parts: SQL[] = [
    sql`upd as (update ${applications} set ${col(applications.snapshot)} = ${jsonParam('snapshot')}, ${col(applications.version)} = ${param('version')},
      ${col(applications.definitionVersion)} = ${param('definitionVersion')}, ${col(applications.state)} = ${param('state')}, ${col(applications.updatedAt)} = ${at}
      where ${col(applications.id)} = ${uuid('id')} and ${col(applications.version)} = ${param('readVersion')}
      returning ${col(applications.id)}, ${col(applications.planId)}, ${col(applications.unitId)})`,
    sql`ev as (insert into ${applicationEvents} (${col(applicationEvents.applicationId)}, ${col(applicationEvents.seq)}, ${col(applicationEvents.type)},
        ${col(applicationEvents.fromState)}, ${col(applicationEvents.toState)}, ${col(applicationEvents.actor)}, ${col(applicationEvents.at)},
        ${col(applicationEvents.payload)}, ${col(applicationEvents.requestId)}, ${col(applicationEvents.idempotencyKey)})
      select ${col(applications.id)}, ${param('version')}, ${param('type')}, ${param('from')}, ${param('state')}, ${jsonParam('actor')}, ${at},
        ${jsonParam('payload')}, ${param('requestId')}, ${param('idempotencyKey')} ${fromUpd})`,
  ];
  parts.push(sql`wh as (${enqueueDeliveries('upd', param('version'), param('type'), at)})`);
  if (w.from !== w.to) {
    parts.push(
      sql`sc as (${countChanges('upd', [
        { state: param('from'), delta: -1 },
        { state: param('state'), delta: 1 },
      ])})`,
    );
  }
  if (w.timerId !== null) {
    parts.push(sql`tf as (update ${timers} set ${col(timers.status)} = 'fired', ${col(timers.settledAt)} = ${at}
      where ${col(timers.id)} = ${param('timerId')} and ${updMatched})`);
  }
  for (const [i, e] of w.effects.entries()) parts.push(sql`${sql.raw(`fx${i}`)} as (${effectStatement(e, `fx${i}_`)})`);
  if (w.idempotency) {
    parts.push(sql`ik as (insert into ${idempotencyKeys} (${col(idempotencyKeys.actor)}, ${col(idempotencyKeys.key)},
        ${col(idempotencyKeys.applicationId)}, ${col(idempotencyKeys.requestHash)}, ${col(idempotencyKeys.statusCode)},
        ${col(idempotencyKeys.response)}, ${col(idempotencyKeys.createdAt)})
      select ${param('idemActor')}, ${param('idemKey')}, ${col(applications.id)}, ${param('requestHash')}, 200, ${jsonParam('response')}, ${at} ${fromUpd})`);
  }
  return sql`with ${sql.join(parts, sql`, `)} select ${col(applications.id)} from upd`;
}

/** The values of one effect, under names that `effectStatement` reads with the same prefix. */
function effectValues(e: Effect, p: string): Record<string, unknown> {
  switch (e.kind) {
    case 'notify':
      return { [`${p}template`]: e.template, [`${p}data`]: JSON.stringify(e.data) };
    case 'armTimer':
      return { [`${p}eventType`]: e.eventType, [`${p}dueAt`]: e.dueAt };
    case 'cancelTimers':
      return {};
    case 'ban':
      return {
        [`${p}idNumber`]: e.idNumber,
        [`${p}fromYear`]: e.fromYear,
        [`${p}toYear`]: e.toYear,
        [`${p}finding`]: e.finding,
      };
    case 'issueCertificate':
      return {
        [`${p}number`]: e.number,
        [`${p}idNumber`]: e.idNumber,
        [`${p}name`]: e.name,
        [`${p}year`]: e.year,
        [`${p}level`]: e.level,
        [`${p}specialty`]: e.specialty,
      };
    case 'revokeCertificate':
      return { [`${p}reason`]: e.reason };
  }
}

function effectStatement(e: Effect, p: string): SQL {
  const v = (name: string) => param(`${p}${name}`);
  const at = instantParam('at');
  switch (e.kind) {
    case 'notify':
      return sql`insert into ${outbox} (${col(outbox.applicationId)}, ${col(outbox.kind)}, ${col(outbox.payload)}, ${col(outbox.createdAt)})
        select ${col(applications.id)}, ${v('template')}, ${jsonParam(`${p}data`)}, ${at} ${fromUpd}`;
    case 'armTimer':
      return sql`insert into ${timers} (${col(timers.applicationId)}, ${col(timers.eventType)}, ${col(timers.dueAt)}, ${col(timers.createdAt)})
        select ${col(applications.id)}, ${v('eventType')}, ${instantParam(`${p}dueAt`)}, ${at} ${fromUpd}`;
    case 'cancelTimers':
      // The timer being fired, if any, is settled as fired by `tf`, not cancelled.
      return sql`update ${timers} set ${col(timers.status)} = 'cancelled', ${col(timers.settledAt)} = ${at}
        where ${col(timers.applicationId)} = ${uuid('id')} and ${col(timers.status)} = 'pending'
          and ${col(timers.id)} is distinct from ${param('timerId')}::bigint and ${updMatched}`;
    case 'ban':
      return sql`insert into ${bans} (${col(bans.idNumber)}, ${col(bans.fromYear)}, ${col(bans.toYear)}, ${col(bans.applicationId)},
          ${col(bans.finding)}, ${col(bans.foundBy)}, ${col(bans.createdAt)})
        select ${v('idNumber')}, ${v('fromYear')}, ${v('toYear')}, ${col(applications.id)}, ${v('finding')},
          ${param('actorSub')}, ${at} ${fromUpd}`;
    case 'issueCertificate':
      return sql`insert into ${certificates} (${col(certificates.number)}, ${col(certificates.applicationId)}, ${col(certificates.idNumber)},
          ${col(certificates.name)}, ${col(certificates.year)}, ${col(certificates.level)}, ${col(certificates.specialty)}, ${col(certificates.issuedAt)})
        select ${v('number')}, ${col(applications.id)}, ${v('idNumber')}, ${v('name')}, ${v('year')}, ${v('level')}, ${v('specialty')}, ${at} ${fromUpd}`;
    case 'revokeCertificate':
      return sql`update ${certificates} set ${col(certificates.revokedAt)} = ${at}, ${col(certificates.revokeReason)} = ${v('reason')}
        where ${col(certificates.applicationId)} = ${uuid('id')} and ${updMatched}`;
  }
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
  sc as (${countChanges('app', [{ state: param('state'), delta: 1 }])}),
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

/** Applications in any of `states` (of one plan, if given): the platform publicities in progress. */
export async function applicationsIn(db: Db, states: readonly string[], planId?: string) {
  const rows = await db
    .select({ id: applications.id, planId: applications.planId, state: applications.state, snapshot: applications.snapshot })
    .from(applications)
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
