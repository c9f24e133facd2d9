import { and, asc, eq, sql } from 'drizzle-orm';
import type { Scope } from '../auth/access';
import type { Db } from '../db/client';
import { applicationEvents, applications } from '../db/schema';
import { type HistoryEntry, historyColumns } from './applications';
import { visibleTo } from './visibility';

// The change feed: every applied event in one global order, (writing transaction, position).
// Positions come from a sequence, so two transactions may commit out of position order; an
// event is served only once every transaction that started before its own has ended
// (its xid is below the snapshot's xmin). Then nothing can later appear before a position
// already served: a consumer resuming after it misses nothing and sees nothing twice.

/** Where a consumer stands: the last event it has seen. */
export type FeedPosition = { xid: string; position: number };

export type FeedItem = { position: FeedPosition; applicationId: string; event: HistoryEntry };

export async function feedAfter(db: Db, after: FeedPosition | null, scope: Scope, limit: number): Promise<FeedItem[]> {
  const e = applicationEvents;
  const rows = await db
    .select({ xid: e.xid, position: e.position, applicationId: e.applicationId, ...historyColumns })
    .from(e)
    .innerJoin(applications, eq(applications.id, e.applicationId))
    .where(
      and(
        after ? sql`(${e.xid}, ${e.position}) > (${after.xid}::xid8, ${after.position}::bigint)` : undefined,
        sql`${e.xid} < pg_snapshot_xmin(pg_current_snapshot())`,
        visibleTo(scope),
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
