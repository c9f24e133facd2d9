import type { Clock } from '../clock';
import type { Db } from '../db/client';
import { openSession, revokeSessionsOf, type SessionHolder } from '../store/sessions';

// The console's sessions: opened with a bearer token, ended everywhere at once.

/** A new session for `holder` until `expiresAt`; answers the value the cookie carries. */
export const signIn = (db: Db, clock: Clock, holder: SessionHolder, expiresAt: Date): Promise<string> =>
  openSession(db, holder, expiresAt, clock.now());

/** Ends every open session of this person in this role, in every browser; answers how many. */
export const signOutEverywhere = (db: Db, clock: Clock, holder: SessionHolder): Promise<number> =>
  revokeSessionsOf(db, holder, clock.now());
