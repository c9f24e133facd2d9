import { and, desc, eq, lt } from 'drizzle-orm';
import type { Db } from '../db/client';
import { type adminActionKinds, adminActions } from '../db/schema';

// The audit trail of admin actions: who did what to which record, when and why.

export type ActionKind = (typeof adminActionKinds)[number];
export type AdminAction = typeof adminActions.$inferSelect;
export type NewAdminAction = Omit<AdminAction, 'id'>;

export async function recordAction(db: Db, a: NewAdminAction): Promise<AdminAction> {
  const [row] = await db.insert(adminActions).values(a).returning();
  return row!;
}

/** Newest first, keyset-paginated by id. */
export async function listActions(db: Db, f: { action?: ActionKind; target?: string; before?: number; limit: number }) {
  const page = await db
    .select()
    .from(adminActions)
    .where(
      and(
        f.action ? eq(adminActions.action, f.action) : undefined,
        f.target ? eq(adminActions.target, f.target) : undefined,
        f.before !== undefined ? lt(adminActions.id, f.before) : undefined,
      ),
    )
    .orderBy(desc(adminActions.id))
    .limit(f.limit + 1);
  const items = page.slice(0, f.limit);
  return { items, last: page.length > f.limit ? items.at(-1)!.id : null };
}
