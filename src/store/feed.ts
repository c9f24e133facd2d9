import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Scope } from '../auth/access';
import type { Db } from '../db/client';
import { applicationEvents, applications } from '../db/schema';
import type { HistoryEntry } from './applications';
import { historyColumns } from './history-columns';
import { visibleTo } from './visibility';

// The change feed: every applied event in one global order, (writing transaction, position).
// Positions come from a sequence, so two transactions may commit out of position order; an
// event is served only once every transaction that started before its own has ended
// (its xid is below the snapshot's xmin). Then nothing can later appear before a position
// already served: a consumer resuming after it misses nothing and sees nothing twice.

/** Where a consumer stands: the last event it has seen. */
export type FeedPosition = { xid: string; position: number };

export type FeedItem = { position: FeedPosition; applicationId: string; event: HistoryEntry };

/** Narrows the feed to one application, unit or plan, or to some event types; every field optional. */
export type FeedFilter = { applicationId?: string; unitId?: string; planId?: string; types?: readonly string[] };

const servable = () => sql`${applicationEvents.xid} < pg_snapshot_xmin(pg_current_snapshot())`;

export async function feedAfter(
  db: Db,
  after: FeedPosition | null,
  scope: Scope,
  limit: number,
  filter: FeedFilter = {},
): Promise<FeedItem[]> {
  const e = applicationEvents;
  const rows = await db
    .select({ xid: e.xid, position: e.position, applicationId: e.applicationId, ...historyColumns })
    .from(e)
    .innerJoin(applications, eq(applications.id, e.applicationId))
    .where(
      and(
        after ? sql`(${e.xid}, ${e.position}) > (${after.xid}::xid8, ${after.position}::bigint)` : undefined,
        servable(),
        visibleTo(scope),
        filter.applicationId ? eq(e.applicationId, filter.applicationId) : undefined,
        filter.unitId ? eq(applications.unitId, filter.unitId) : undefined,
        filter.planId ? eq(applications.planId, filter.planId) : undefined,
        filter.types?.length ? inArray(e.type, [...filter.types]) : undefined,
      ),
    )
    .orderBy(asc(e.xid), asc(e.position))
    .limit(limit);
  return rows.map(({ xid, position, applicationId, ...event }) => ({
    position: { xid, position },
    applicationId,
    event: { ...event, type: event.type as HistoryEntry['type'] },
  }));
}

/**
 * The last position the feed can serve now, whoever asks (positions are global); null before any
 * event. A consumer that has reached it is up to date.
 */
export async function feedHead(db: Db): Promise<FeedPosition | null> {
  const e = applicationEvents;
  const [row] = await db
    .select({ xid: e.xid, position: e.position })
    .from(e)
    .where(servable())
    .orderBy(desc(e.xid), desc(e.position))
    .limit(1);
  return row ?? null;
}

/** Whether `p` lies past every event written so far: no feed gave it. */
export async function isPastEveryEvent(db: Db, p: FeedPosition): Promise<boolean> {
  const e = applicationEvents;
  const rows = await db
    .select({ one: sql`1` })
    .from(e)
    .where(sql`(${e.xid}, ${e.position}) >= (${p.xid}::xid8, ${p.position}::bigint)`)
    .limit(1);
  return rows.length === 0;
}
