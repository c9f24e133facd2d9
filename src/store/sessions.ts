import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Actor, Role } from '../../machines/events';
import type { Db } from '../db/client';
import { sessions } from '../db/schema';

// The console's sessions: the browser holds a random value, the table its hash and whose it is.

/** Whom a session speaks for: a person in a role, never the service itself. */
export type SessionHolder = { sub: string; role: Role; unitId: string | null };

const hashOf = (value: string) => createHash('sha256').update(value).digest('hex');

/** A new session for `actor` until `expiresAt`; answers the value the cookie carries. */
export async function openSession(db: Db, actor: SessionHolder, expiresAt: Date, now: Date): Promise<string> {
  const value = randomBytes(32).toString('base64url');
  await db
    .insert(sessions)
    .values({ id: hashOf(value), sub: actor.sub, role: actor.role, unitId: actor.unitId, createdAt: now, expiresAt });
  return value;
}

/** Who a cookie's value speaks for, while its session is neither revoked nor expired. */
export async function sessionActor(db: Db, value: string, now: Date): Promise<{ actor: Actor; expiresAt: Date } | undefined> {
  const [row] = await db
    .select()
    .from(sessions)
    .where(and(eq(sessions.id, hashOf(value)), isNull(sessions.revokedAt), gt(sessions.expiresAt, now)));
  if (!row) return undefined;
  return { actor: Object.freeze({ sub: row.sub, role: row.role, unitId: row.unitId }), expiresAt: row.expiresAt };
}

/** Ends every open session of this person in this role, in every browser; answers how many. */
export async function revokeSessionsOf(db: Db, actor: SessionHolder, now: Date): Promise<number> {
  const revoked = await db
    .update(sessions)
    .set({ revokedAt: now })
    .where(and(eq(sessions.sub, actor.sub), eq(sessions.role, actor.role), isNull(sessions.revokedAt)))
    .returning({ id: sessions.id });
  return revoked.length;
}
