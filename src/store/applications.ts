import { and, asc, desc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { Actor, EventType } from '../../machines/events';
import type { MigrationEvent } from '../../machines/migrations';
import type { BanYears } from '../../machines/rules/ban-window';
import type { PlanWindow } from '../../machines/rules/plan-window';
import type { PersistedSnapshot } from '../../machines/states';
import type { Scope } from '../auth/access';
import type { Db } from '../db/client';
import { applicationEvents, applications, bans, certificates, plans, units } from '../db/schema';
import { col, compile, instantParam, isUniqueViolation, jsonParam, param, run, uuidParam } from './exec';
import { historyColumns } from './history-columns';
import { countChanges } from './state-counts';
import { visibleTo } from './visibility';
import { enqueueDeliveries } from './webhooks';

// The application aggregate: its row as the reads see it, its creation, and its history.
// A transition reads it through transition-read.ts and writes through transition-write.ts.

/** A ban on the applicant that no admin has lifted, whatever years it covers. */
export type StandingBan = BanYears;

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

/** The applicant's standing bans, as a JSON array, for a select list reading `applications`. */
export const standingBansOf = (idNumber: SQL) => sql`(select coalesce(json_agg(json_build_object('fromYear', b.${col(bans.fromYear)},
    'toYear', b.${col(bans.toYear)})), '[]'::json) from ${bans} b where b.${col(bans.idNumber)} = ${idNumber} and b.${col(bans.liftedAt)} is null)`;

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
    values (${uuidParam('id')}, ${uuidParam('planId')}, ${param('idNumber')}, ${param('unitId')}, ${param('state')}, ${jsonParam('snapshot')}, 0,
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

/** The name an applicant gave on their newest application, for greeting them; undefined before their first. */
export async function applicantName(db: Db, idNumber: string): Promise<string | undefined> {
  const [row] = await db
    .select({ name: applications.name })
    .from(applications)
    .where(eq(applications.idNumber, idNumber))
    .orderBy(desc(applications.createdAt))
    .limit(1);
  return row?.name ?? undefined;
}
