import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { databaseErrorFacts } from '../db/errors';
import { AppError } from '../errors';

/** A load balancer's probe must get an answer quickly, whatever the database is doing. */
const READY_WITHIN_MS = 2_000;

export async function healthRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/healthz',
    { schema: { tags: ['health'], security: [], response: { 200: z.object({ status: z.literal('ok') }) } } },
    async () => ({ status: 'ok' as const }),
  );
  app.get(
    '/readyz',
    {
      schema: {
        tags: ['health'],
        security: [],
        description:
          'Ready: the work after start-up is done (503 with its reason meanwhile, e.g. "seeding the demo season"), the database answers now, and no request failed for want of it in the last seconds.',
        response: { 200: z.object({ status: z.literal('ready') }) },
      },
    },
    async (req) => {
      const starting = app.startup.pending();
      if (starting) throw new AppError('UNAVAILABLE', { reason: starting });
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
      return { status: 'ready' as const };
    },
  );
}
