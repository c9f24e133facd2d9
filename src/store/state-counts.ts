import { and, eq, gt, isNotNull, isNull, type SQL, type SQLWrapper, sql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { Scope } from '../auth/access';
import type { Db } from '../db/client';
import { applications, stateCounts } from '../db/schema';
import { col } from './exec';

// Counts of applications per state, kept by the statements that create applications and
// change their state, at two grains: per plan and unit, and per plan over all units
// (unit_id null). Reading them costs a few rows whatever the number of applications.

/**
 * The statement part that moves the counts of the application returned by CTE `source`
 * (its `plan_id` and `unit_id`): one row per grain and change. Rows go in key order so that
 * concurrent writers lock shared count rows in the same order and never deadlock.
 */
export function countChanges(source: 'app' | 'upd', changes: { state: SQLWrapper; delta: 1 | -1 }[]): SQL {
  const rows = changes.flatMap(({ state, delta }) => [
    sql`(true, ${state}, ${sql.raw(String(delta))})`,
    sql`(false, ${state}, ${sql.raw(String(delta))})`,
  ]);
  const src = sql.raw(source);
  return sql`insert into ${stateCounts} (${col(stateCounts.unitId)}, ${col(stateCounts.planId)}, ${col(stateCounts.state)}, ${col(stateCounts.count)})
    select case when v.all_units then null else ${src}.${col(applications.unitId)} end, ${src}.${col(applications.planId)}, v.state, v.delta
    from ${src}, (values ${sql.join(rows, sql`, `)}) as v(all_units, state, delta)
    order by 1 nulls first, 3
    on conflict (${col(stateCounts.unitId)}, ${col(stateCounts.planId)}, ${col(stateCounts.state)})
    do update set ${col(stateCounts.count)} = ${stateCounts}.${col(stateCounts.count)} + excluded.${col(stateCounts.count)}`;
}

export type CountGrouping = { plan: boolean; unit: boolean };
export type CountRow = { state: string; planId: string | null; unitId: string | null; count: number };

/** Counts by state (and by plan and/or unit) of the applications the scope may see. */
export async function countByState(db: Db, scope: Scope, f: { planId?: string; unitId?: string; by: CountGrouping }): Promise<CountRow[]> {
  if (scope !== 'all' && 'idNumber' in scope) return countOwn(db, scope.idNumber, f);
  // A unit sees its own unit's rows; asking for another unit as well leaves nothing.
  const units = [scope === 'all' ? undefined : scope.unitId, f.unitId].filter((u) => u !== undefined);
  const perUnit = f.by.unit || units.length > 0;
  const planId = f.by.plan ? stateCounts.planId : sql<null>`null`;
  const unit = f.by.unit ? stateCounts.unitId : sql<null>`null`;
  const total = sql<number>`sum(${stateCounts.count})::int`;
  return db
    .select({ state: stateCounts.state, planId, unitId: unit, count: total })
    .from(stateCounts)
    .where(
      and(
        perUnit ? isNotNull(stateCounts.unitId) : isNull(stateCounts.unitId),
        ...units.map((u) => eq(stateCounts.unitId, u)),
        f.planId ? eq(stateCounts.planId, f.planId) : undefined,
      ),
    )
    .groupBy(...groupColumns(f.by, stateCounts))
    .having(gt(total, 0))
    .orderBy(...groupColumns(f.by, stateCounts));
}

/** An applicant's own few applications, counted directly. */
async function countOwn(db: Db, idNumber: string, f: { planId?: string; unitId?: string; by: CountGrouping }): Promise<CountRow[]> {
  return db
    .select({
      state: applications.state,
      planId: f.by.plan ? applications.planId : sql<null>`null`,
      unitId: f.by.unit ? applications.unitId : sql<null>`null`,
      count: sql<number>`count(*)::int`,
    })
    .from(applications)
    .where(
      and(
        eq(applications.idNumber, idNumber),
        f.planId ? eq(applications.planId, f.planId) : undefined,
        f.unitId ? eq(applications.unitId, f.unitId) : undefined,
      ),
    )
    .groupBy(...groupColumns(f.by, applications))
    .orderBy(...groupColumns(f.by, applications));
}

function groupColumns(by: CountGrouping, t: { state: PgColumn; planId: PgColumn; unitId: PgColumn }): PgColumn[] {
  return [...(by.plan ? [t.planId] : []), ...(by.unit ? [t.unitId] : []), t.state];
}
