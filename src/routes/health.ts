import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { databaseErrorFacts } from '../db/errors';
import { AppError } from '../http/errors';

/** A load balancer's probe must get an answer quickly, whatever the database is doing. */
const READY_WITHIN_MS = 2_000;

export async function healthRoutes(app: FastifyInstance) {
  app.get('/healthz', { schema: { tags: ['health'], security: [] } }, async () => ({ status: 'ok' }));
  app.get(
    '/readyz',
    {
      schema: {
        tags: ['health'],
        security: [],
        description: 'Ready: the database answers now, and no request failed for want of it in the last seconds.',
      },
    },
    async (req) => {
      const cancel = new AbortController();
      const outcome = await Promise.race([
        app.db.execute(sql`select 1`).then(
          () => 'ok' as const,
          (err: unknown) => err,
        ),
        sleep(READY_WITHIN_MS, 'timeout' as const, { signal: cancel.signal }),
      ]).finally(() => cancel.abort());
      if (outcome !== 'ok') {
        req.log.warn({ db: outcome === 'timeout' ? 'no answer in time' : databaseErrorFacts(outcome) }, 'database not ready');
        throw new AppError('UNAVAILABLE', { reason: 'database unreachable' });
      }
      if (app.databaseTrouble.recent()) throw new AppError('UNAVAILABLE', { reason: 'database unreachable' });
      return { status: 'ready' };
    },
  );
}
