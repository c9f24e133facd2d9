import { createHash } from 'node:crypto';
import type { Clock } from '../clock';
import type { Db } from '../db/client';
import { AppError } from '../errors';
import { recordCreation, recordedCreation } from '../store/creation-keys';

// Idempotency-Key on the requests that create something, with the semantics of events'
// (apply-transition.ts): only an accepted request is recorded, in the transaction that
// creates; a repeat with the same key and body gets the first answer again and creates
// nothing; the same key with another route or body is 422 IDEMPOTENCY_KEY_REUSED.

export type CreateRequest = { actor: string; key: string | undefined; route: string; body: unknown };

/** Runs `create` in a transaction, and once per (actor, key) when a key is given: with the record of its answer. */
export async function createOnce<T>(db: Db, clock: Clock, req: CreateRequest, create: (tx: Db) => Promise<T>): Promise<T> {
  const { key } = req;
  if (key === undefined) return db.transaction(create);
  const requestHash = createHash('sha256')
    .update(JSON.stringify([req.route, req.body]))
    .digest('base64url');
  const replay = async () => {
    const prior = await recordedCreation(db, req.actor, key);
    if (!prior) return undefined;
    if (prior.requestHash !== requestHash) throw new AppError('IDEMPOTENCY_KEY_REUSED');
    return { answer: prior.response as T };
  };
  const before = await replay();
  if (before) return before.answer;
  try {
    return await db.transaction(async (tx) => {
      const answer = await create(tx);
      // Stored as it was sent (dates as strings): a repeat carries the same members.
      await recordCreation(tx, { actor: req.actor, key, requestHash }, JSON.parse(JSON.stringify(answer)), clock.now());
      return answer;
    });
  } catch (err) {
    // A concurrent repeat that won: its creation refuses this one (a duplicate) or its key does.
    const after = await replay();
    if (after) return after.answer;
    throw err;
  }
}
