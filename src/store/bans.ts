import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../db/client';
import { bans } from '../db/schema';
import { recordAction } from './audit';

export type Ban = typeof bans.$inferSelect;

export async function bansOf(db: Db, idNumber: string): Promise<Ban[]> {
  return db.select().from(bans).where(eq(bans.idNumber, idNumber)).orderBy(desc(bans.createdAt));
}

/** The lifted ban, audited; 'lifted' if it already was, undefined if there is no such ban. */
export async function liftBan(db: Db, id: string, by: string, reason: string, at: Date): Promise<Ban | 'lifted' | undefined> {
  return db.transaction(async (tx) => {
    const [lifted] = await tx
      .update(bans)
      .set({ liftedAt: at, liftedBy: by, liftReason: reason })
      .where(and(eq(bans.id, id), isNull(bans.liftedAt)))
      .returning();
    if (lifted) {
      const details = { idNumber: lifted.idNumber, fromYear: lifted.fromYear, toYear: lifted.toYear, applicationId: lifted.applicationId };
      await recordAction(tx, { action: 'ban.lift', target: id, actor: by, reason, details, at });
      return lifted;
    }
    const [existing] = await tx.select({ id: bans.id }).from(bans).where(eq(bans.id, id));
    return existing ? 'lifted' : undefined;
  });
}
