import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { scopeOf } from '../auth/access';
import { asHistoryItem, FeedPage } from '../http/responses';
import { type FeedPosition, feedAfter } from '../store/feed';

/** The longest a request may wait for the next event: well inside the request deadline. */
export const MAX_WAIT_SECONDS = 10;
/** How often a waiting request looks again. */
const LOOK_EVERY_MS = 250;

const encode = (p: FeedPosition) => `${p.xid}.${p.position}`;
const Position = z
  .string()
  .regex(/^\d{1,20}\.\d{1,19}$/, 'a position this feed gave (nextPosition or an item position)')
  .transform((s): FeedPosition => {
    const [xid, position] = s.split('.');
    return { xid: xid!, position: Number(position) };
  });

export async function feedRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/feed',
    {
      schema: {
        tags: ['feed'],
        summary:
          'Every applied event the caller may see, in one global order, resumable after any position without gaps or repeats; `wait` long-polls',
        querystring: z.strictObject({
          after: Position.optional().describe('the last position seen; from the beginning when absent'),
          limit: z.coerce.number().int().min(1).max(500).default(100),
          wait: z.coerce
            .number()
            .int()
            .min(0)
            .max(MAX_WAIT_SECONDS)
            .default(0)
            .describe('seconds to wait for an event when there is none yet'),
        }),
        response: { 200: FeedPage },
      },
    },
    async (req) => {
      const { after, limit, wait } = req.query;
      const until = Date.now() + wait * 1000;
      let items = await feedAfter(app.db, after ?? null, scopeOf(req.actor), limit);
      while (items.length === 0 && Date.now() < until && !req.raw.destroyed) {
        await sleep(LOOK_EVERY_MS);
        items = await feedAfter(app.db, after ?? null, scopeOf(req.actor), limit);
      }
      const last = items.at(-1)?.position ?? after;
      return {
        items: items.map((i) => ({ position: encode(i.position), applicationId: i.applicationId, event: asHistoryItem(i.event) })),
        nextPosition: last ? encode(last) : null,
      };
    },
  );
}
