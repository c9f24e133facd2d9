import { and, eq, gt, isNotNull, isNull, type SQL, sql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { Scope } from '../auth/access';
import type { Db } from '../db/client';
import { applications, stateCounts } from '../db/schema';
import { col } from './exec';

// Counts of applications per state, kept by the statements that create applications and
// change their state, at two grains: per plan and unit, and per plan over all units
// (unit_id null). Reading them costs a few rows whatever the number of applications.

/**
 * The statement part that applies `moves` (a select of plan_id, unit_id, state, delta) to the
 * counts at both grains, summed per count row: a statement may update a row only once. Rows
 * go in key order so that concurrent writers lock shared count rows in the same order and
 * never deadlock.
 */
export function countChanges(moves: SQL): SQL {
  const m = { planId: col(applications.planId), unitId: col(applications.unitId) };
  return sql`insert into ${stateCounts} (${col(stateCounts.unitId)}, ${col(stateCounts.planId)}, ${col(stateCounts.state)}, ${col(stateCounts.count)})
    select case when g.all_units then null else m.${m.unitId} end, m.${m.planId}, m.state, sum(m.delta)
    from (${moves}) as m(${m.planId}, ${m.unitId}, state, delta), (values (true), (false)) as g(all_units)
    group by 1, 2, 3
    order by 2, 1 nulls first, 3
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
