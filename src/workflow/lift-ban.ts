import type { Db } from '../db/client';
import { recordAction } from '../store/audit';
import { type Ban, banExists, markBanLifted } from '../store/bans';

/** The lifted ban, audited; 'lifted' if it already was, undefined if there is no such ban. */
export async function liftBan(db: Db, id: string, by: string, reason: string, at: Date): Promise<Ban | 'lifted' | undefined> {
  return db.transaction(async (tx) => {
    const lifted = await markBanLifted(tx, id, by, reason, at);
    if (lifted) {
      const details = { idNumber: lifted.idNumber, fromYear: lifted.fromYear, toYear: lifted.toYear, applicationId: lifted.applicationId };
      await recordAction(tx, { action: 'ban.lift', target: id, actor: by, reason, details, at });
      return lifted;
    }
    return (await banExists(tx, id)) ? 'lifted' : undefined;
  });
}
