import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { creationKeys } from '../db/schema';

export type CreationKey = { actor: string; key: string; requestHash: string };

/** The answer recorded for (actor, key), if any. */
export async function recordedCreation(
  db: Db,
  actor: string,
  key: string,
): Promise<{ requestHash: string; response: unknown } | undefined> {
  const [row] = await db
    .select({ requestHash: creationKeys.requestHash, response: creationKeys.response })
    .from(creationKeys)
    .where(and(eq(creationKeys.actor, actor), eq(creationKeys.key, key)));
  return row;
}

/** Fails with a unique violation when a concurrent request recorded the key first. */
export async function recordCreation(db: Db, k: CreationKey, response: unknown, at: Date): Promise<void> {
  await db.insert(creationKeys).values({ ...k, response, createdAt: at });
}
