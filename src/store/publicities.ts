import { and, asc, eq, gte, inArray, lt, type SQL, sql } from 'drizzle-orm';
import type { Objection } from '../../machines/context';
import { publicityStates } from '../../machines/states';
import type { Scope } from '../auth/access';
import type { Db } from '../db/client';
import { applications, plans, units } from '../db/schema';
import { visibleTo } from './visibility';

// The platform publicities in progress (三(三)): who is in publicity, when each ends and the
// objections raised, in order of end, filtered by a range of end times.

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

export async function listPublicities(db: Db, f: PublicityFilter, scope: Scope) {
  const keyset: SQL | undefined = f.after && sql`(${a.publicityEndsAt}, ${a.id}) > (${f.after.endsAt}, ${f.after.id}::uuid)`;
  const page = await db
    .select({
      applicationId: a.id,
      name: a.name,
      planId: a.planId,
      plan: { year: plans.year, level: plans.level, specialty: plans.specialty },
      unitId: a.unitId,
      unitName: units.name,
      state: a.state,
      version: a.version,
      endsAt: sql<string>`${a.publicityEndsAt}`,
      objections: sql<Objection[]>`${a.snapshot} #> '{context,publicity,objections}'`,
    })
    .from(a)
    .innerJoin(plans, eq(plans.id, a.planId))
    .leftJoin(units, eq(units.id, a.unitId))
    .where(
      and(
        inArray(a.state, [...(f.states ?? publicityStates)]),
        f.endsAfter ? gte(a.publicityEndsAt, iso(f.endsAfter)) : undefined,
        f.endsBefore ? lt(a.publicityEndsAt, iso(f.endsBefore)) : undefined,
        f.planId ? eq(a.planId, f.planId) : undefined,
        f.unitId ? eq(a.unitId, f.unitId) : undefined,
        keyset,
        visibleTo(scope),
      ),
    )
    .orderBy(asc(a.publicityEndsAt), asc(a.id))
    .limit(f.limit + 1);
  const items = page.slice(0, f.limit).map((p) => ({ ...p, openObjections: p.objections.filter((o) => o.resolvedAt === null).length }));
  const last = page.length > f.limit ? items.at(-1)! : undefined;
  return { items, next: last ? { endsAt: last.endsAt, id: last.applicationId } : null };
}
