import { and, asc, count, eq, gte, inArray, lt, type SQL, sql } from 'drizzle-orm';
import type { Objection } from '../../machines/context';
import { lastDayBefore, shanghaiDate } from '../../machines/rules/dates';
import { publicityStates } from '../../machines/states';
import type { Scope } from '../auth/access';
import type { Db } from '../db/client';
import { applications, plans, units } from '../db/schema';
import { rowColumns } from './row-columns';
import { visibleTo } from './visibility';

// The publicities in progress: the unit's own (三(一)2) and the platform's before and after
// the review (三(三)) — who is in publicity, when each ends and the objections raised, in
// order of end, filtered by a range of end times.

/** Every publicity an application can be in: the unit's, then the platform's. */
export const allPublicityStates = ['unitPublicity', ...publicityStates];

export type PublicityFilter = {
  states?: readonly string[];
  endsAfter?: Date;
  endsBefore?: Date;
  planId?: string;
  unitId?: string;
  after?: { endsAt: string; id: string };
  limit: number;
};

const a = applications;
/** publicity_ends_at holds ISO 8601 in UTC as the service writes instants, so comparing text compares times. */
const iso = (d: Date) => d.toISOString();

/**
 * When the publicity ends, as the same ISO text: a platform publicity keeps its instant; the
 * unit's keeps `endsOn`, the day after its last, whose 00:00 Asia/Shanghai is 16:00 UTC the day before.
 */
const endsAt: SQL<string> = sql`(case when ${a.state} = 'unitPublicity'
  then to_char((${a.snapshot} #>> '{context,unitPublicity,endsOn}')::date - 1, 'YYYY-MM-DD') || 'T16:00:00.000Z'
  else ${a.publicityEndsAt} end)`;

function matching(f: PublicityFilter, scope: Scope): SQL | undefined {
  return and(
    inArray(a.state, [...(f.states ?? allPublicityStates)]),
    f.endsAfter ? gte(endsAt, iso(f.endsAfter)) : undefined,
    f.endsBefore ? lt(endsAt, iso(f.endsBefore)) : undefined,
    f.planId ? eq(a.planId, f.planId) : undefined,
    f.unitId ? eq(a.unitId, f.unitId) : undefined,
    visibleTo(scope),
  );
}

export async function listPublicities(db: Db, f: PublicityFilter, scope: Scope) {
  const keyset: SQL | undefined = f.after && sql`(${endsAt}, ${a.id}) > (${f.after.endsAt}, ${f.after.id}::uuid)`;
  const page = await db
    .select({
      applicationId: a.id,
      name: a.name,
      ...rowColumns,
      endsAt,
      unitStart: sql<string | null>`${a.snapshot} #>> '{context,unitPublicity,startDate}'`,
      startedAt: sql<string | null>`${a.snapshot} #>> '{context,publicity,startedAt}'`,
      objections: sql<Objection[] | null>`${a.snapshot} #> '{context,publicity,objections}'`,
    })
    .from(a)
    .innerJoin(plans, eq(plans.id, a.planId))
    .leftJoin(units, eq(units.id, a.unitId))
    .where(and(matching(f, scope), keyset))
    .orderBy(asc(endsAt), asc(a.id))
    .limit(f.limit + 1);
  const [{ total }] = (await db.select({ total: count() }).from(a).where(matching(f, scope))) as [{ total: number }];
  const items = page.slice(0, f.limit).map(({ unitStart, startedAt, objections, ...p }) => {
    const unit = p.state === 'unitPublicity';
    // The unit's own publicity takes no objections through the service: its result is the unit's opinion.
    const raised = unit ? [] : (objections ?? []);
    return {
      ...p,
      kind: unit ? ('unit' as const) : p.state === 'qualificationPublicity' ? ('qualification' as const) : ('result' as const),
      start: unit ? unitStart! : shanghaiDate(startedAt!),
      lastDay: lastDayBefore(p.endsAt),
      objections: raised,
      openObjections: raised.filter((o) => o.resolvedAt === null).length,
    };
  });
  const last = page.length > f.limit ? items.at(-1)! : undefined;
  return { items, total, next: last ? { endsAt: last.endsAt, id: last.applicationId } : null };
}
