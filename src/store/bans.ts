import { and, desc, eq, isNotNull, isNull, lt, or, type SQL } from 'drizzle-orm';
import type { PlanLevel } from '../../machines/facts';
import type { Db } from '../db/client';
import { applications, bans, plans } from '../db/schema';
import { planSummary } from './row-columns';

export type Ban = typeof bans.$inferSelect;

export async function bansOf(db: Db, idNumber: string): Promise<Ban[]> {
  return db.select().from(bans).where(eq(bans.idNumber, idNumber)).orderBy(desc(bans.createdAt));
}

/** The ban, lifted now; undefined if there is no such ban or it already was. */
export async function markBanLifted(tx: Db, id: string, by: string, reason: string, at: Date): Promise<Ban | undefined> {
  const [lifted] = await tx
    .update(bans)
    .set({ liftedAt: at, liftedBy: by, liftReason: reason })
    .where(and(eq(bans.id, id), isNull(bans.liftedAt)))
    .returning();
  return lifted;
}

export async function banExists(db: Db, id: string): Promise<boolean> {
  const [existing] = await db.select({ id: bans.id }).from(bans).where(eq(bans.id, id));
  return existing !== undefined;
}

export type BanFilter = {
  idNumber?: string;
  /** The year of the plan whose application the finding was made on (not always the ban's first year). */
  year?: number;
  level?: PlanLevel;
  state?: 'standing' | 'lifted';
  /** Where the last page ended: newest first. */
  after?: { createdAt: string; id: string };
  limit: number;
};

/** Bans with the applicant's name and the plan of the finding, newest first, keyset-paginated. */
export async function listBans(db: Db, f: BanFilter) {
  const after: SQL | undefined = f.after
    ? or(lt(bans.createdAt, new Date(f.after.createdAt)), and(eq(bans.createdAt, new Date(f.after.createdAt)), lt(bans.id, f.after.id)))
    : undefined;
  const rows = await db
    .select({ ban: bans, name: applications.name, plan: planSummary })
    .from(bans)
    .innerJoin(applications, eq(applications.id, bans.applicationId))
    .innerJoin(plans, eq(plans.id, applications.planId))
    .where(
      and(
        f.idNumber ? eq(bans.idNumber, f.idNumber) : undefined,
        f.year ? eq(plans.year, f.year) : undefined,
        f.level ? eq(plans.level, f.level) : undefined,
        f.state === 'standing' ? isNull(bans.liftedAt) : f.state === 'lifted' ? isNotNull(bans.liftedAt) : undefined,
        after,
      ),
    )
    .orderBy(desc(bans.createdAt), desc(bans.id))
    .limit(f.limit + 1);
  const items = rows.slice(0, f.limit).map((r) => ({ ...r.ban, name: r.name, plan: r.plan }));
  const last = rows.length > f.limit ? items.at(-1)! : null;
  return { items, last: last && { createdAt: last.createdAt.toISOString(), id: last.id } };
}
