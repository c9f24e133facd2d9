import { expect, it } from 'vitest';
import { drillReplicas } from '../../scripts/drills/replicas';
import { usingRealPostgres } from '../support/db';

// Issue 28, item 1, shortened for the suite; `npm run drill:replicas` runs it for a minute.
// Replicas share a server; the embedded database belongs to one process, so this runs on PostgreSQL only.
it.runIf(usingRealPostgres())(
  'three replicas on one database, one killed -9 and restarted every few seconds: nothing lost or applied twice, timers once, feed and webhooks whole, stats true',
  async () => {
    const report = await drillReplicas({
      databaseUrl: process.env.DATABASE_URL!,
      replicas: 3,
      seconds: 12,
      killEveryMs: 3000,
      writers: 3,
      timers: 4,
      log: () => {},
    });
    expect(report.kills).toBeGreaterThanOrEqual(3);
    expect(report.acknowledged).toBeGreaterThan(20);
    expect(report).toMatchObject({
      lost: 0,
      duplicated: 0,
      timersFiredOnce: 4,
      feedGapsOrRepeats: 0,
      webhookEventsMissing: 0,
      webhookOutOfOrder: 0,
      statsMatch: true,
    });
    expect(report.feedEvents).toBe(report.historyEvents);
  },
  // Three restarts on a machine busy with the rest of the suite: minutes, not seconds.
  600_000,
);
