import { index, pgTable, text } from 'drizzle-orm/pg-core';
import { roles } from '../../../machines/events';
import { createdAt, instant } from './columns';

/**
 * A browser's signed-in session (the console's cookie), kept server-side so that signing out
 * ends every session of the person at once, wherever they are.
 */
export const sessions = pgTable(
  'sessions',
  {
    /** SHA-256 (hex) of the cookie's random value: a copy of this table opens no session. */
    id: text('id').primaryKey(),
    sub: text('sub').notNull(),
    role: text('role', { enum: roles }).notNull(),
    unitId: text('unit_id'),
    createdAt: createdAt(),
    /** Never later than the expiry of the bearer token the session was opened with. */
    expiresAt: instant('expires_at').notNull(),
    revokedAt: instant('revoked_at'),
  },
  (t) => [index('sessions_sub_idx').on(t.sub, t.role)],
);
