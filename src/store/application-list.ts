import { and, asc, desc, eq, gte, inArray, lt, type SQL, sql } from 'drizzle-orm';
import type { Scope } from '../auth/access';
import type { Db } from '../db/client';
import { applications, certificates, plans, units } from '../db/schema';
import { rowColumns } from './row-columns';
import { visibleTo } from './visibility';

// Finding applications: search, filters and keyset pages in creation order (the id is a
// UUIDv7) or in order of last change. Each search has an index of its own (schema.ts).

/** What `q` was recognised as (see the route's query schema). */
export type Search =
  | { kind: 'applicationId'; id: string }
  | { kind: 'certificate'; number: string }
  | { kind: 'idNumber'; idNumber: string }
  | { kind: 'idNumberSuffix'; digits: string }
  | { kind: 'name'; text: string };

export const sorts = ['createdAt', '-createdAt', 'updatedAt', '-updatedAt'] as const;
type Sort = (typeof sorts)[number];
/** Where the previous page ended: the last row's id, and its last change for that order. */
type Keyset = { id: string; updatedAt?: Date };

export type ListFilter = {
  search?: Search;
  states?: readonly string[];
  planId?: string;
  unitId?: string;
  updatedBefore?: Date;
  updatedAfter?: Date;
  sort: Sort;
  after?: Keyset;
  limit: number;
};

const a = applications;

function searchCondition(s: Search): SQL {
  switch (s.kind) {
    case 'applicationId':
      return eq(a.id, s.id);
    case 'certificate':
      return eq(a.id, sql`(select ${certificates.applicationId} from ${certificates} where ${certificates.number} = ${s.number})`);
    case 'idNumber':
      return eq(a.idNumber, s.idNumber);
    case 'idNumberSuffix': {
      // A range over the reversed number, which its index serves with or without a custom plan.
      const reversed = [...s.digits].reverse().join('');
      const key = sql`reverse(${a.idNumber}) collate "C"`;
      return sql`${key} >= ${reversed} and ${key} < ${`${reversed}Z`}`;
    }
    case 'name':
      return sql`string_to_array(lower(${a.name}), null) @> string_to_array(lower(${s.text}), null) and strpos(lower(${a.name}), lower(${s.text})) > 0`;
  }
}

function keysetCondition(sort: Sort, k: Keyset): SQL {
  const forward = !sort.startsWith('-');
  if (sort.endsWith('createdAt')) return forward ? sql`${a.id} > ${k.id}` : sql`${a.id} < ${k.id}`;
  const at = sql`${(k.updatedAt ?? new Date(0)).toISOString()}::timestamptz`;
  return forward ? sql`(${a.updatedAt}, ${a.id}) > (${at}, ${k.id}::uuid)` : sql`(${a.updatedAt}, ${a.id}) < (${at}, ${k.id}::uuid)`;
}

function ordering(sort: Sort): SQL[] {
  const dir = sort.startsWith('-') ? desc : asc;
  return sort.endsWith('createdAt') ? [dir(a.id)] : [dir(a.updatedAt), dir(a.id)];
}

export async function listApplications(db: Db, f: ListFilter, scope: Scope) {
  const page = await db
    .select({
      id: a.id,
      name: a.name,
      idNumber: a.idNumber,
      ...rowColumns,
      createdAt: a.createdAt,
      updatedAt: a.updatedAt,
    })
    .from(a)
    .innerJoin(plans, eq(plans.id, a.planId))
    .leftJoin(units, eq(units.id, a.unitId))
    .where(
      and(
        f.search ? searchCondition(f.search) : undefined,
        f.states ? inArray(a.state, [...f.states]) : undefined,
        f.planId ? eq(a.planId, f.planId) : undefined,
        f.unitId ? eq(a.unitId, f.unitId) : undefined,
        f.updatedBefore ? lt(a.updatedAt, f.updatedBefore) : undefined,
        f.updatedAfter ? gte(a.updatedAt, f.updatedAfter) : undefined,
        f.after ? keysetCondition(f.sort, f.after) : undefined,
        visibleTo(scope),
      ),
    )
    .orderBy(...ordering(f.sort))
    .limit(f.limit + 1);
  const items = page.slice(0, f.limit);
  const last = page.length > f.limit ? items.at(-1)! : undefined;
  return { items, next: last ? { id: last.id, updatedAt: last.updatedAt } : null };
}
