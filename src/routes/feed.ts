import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { eventTypes } from '../../machines/events';
import { scopeOf } from '../auth/access';
import { AppError } from '../errors';
import { asHistoryItem, FeedPage } from '../http/responses';
import { type FeedItem, type FeedPosition, feedAfter, feedHead, isPastEveryEvent } from '../store/feed';

/** The longest a request may wait for the next event: well inside the request deadline. */
const MAX_WAIT_SECONDS = 10;
/** How often a waiting request or an open stream looks again. */
const LOOK_EVERY_MS = 250;
/** A comment line this often keeps proxies from closing a quiet stream. */
const HEARTBEAT_MS = 15_000;

const encode = (p: FeedPosition) => `${p.xid}.${p.position}`;
const Position = z
  .string()
  .regex(/^\d{1,20}\.\d{1,19}$/, 'a position this feed gave (nextPosition or an item position)')
  .transform((s): FeedPosition => {
    const [xid, position] = s.split('.');
    return { xid: xid!, position: Number(position) };
  });
const Filters = z.strictObject({
  applicationId: z.uuid().optional().describe("only this application's events"),
  unitId: z.string().min(1).max(64).optional().describe("only events of this unit's applications"),
  planId: z.uuid().optional().describe("only events of this plan's applications"),
  types: z
    .string()
    .transform((v) => v.split(','))
    .pipe(z.array(z.enum(['xstate.init', 'definition.migrate', ...eventTypes])).max(50))
    .optional()
    .describe('only these event types, comma-separated (xstate.init: creation)'),
});
const asItem = (i: FeedItem) => ({ position: encode(i.position), applicationId: i.applicationId, event: asHistoryItem(i.event) });

export async function feedRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const notAhead = async (after: FeedPosition | undefined) => {
    if (after && (await isPastEveryEvent(app.db, after))) {
      const head = await feedHead(app.db);
      throw new AppError('FEED_POSITION_AHEAD', { head: head ? encode(head) : null });
    }
  };

  app.get(
    '/feed',
    {
      config: { problems: ['FEED_POSITION_AHEAD'] },
      schema: {
        tags: ['feed'],
        summary:
          'Every applied event the caller may see, in one global order, resumable after any position without gaps or repeats; `wait` long-polls',
        querystring: Filters.extend({
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
      const { after, limit, wait, ...filter } = req.query;
      const until = Date.now() + wait * 1000;
      const read = () => feedAfter(app.db, after ?? null, scopeOf(req.actor), limit, filter);
      let items = await read();
      // Only an empty page can be past every event: a consumer reading along pays no extra query.
      if (items.length === 0) await notAhead(after);
      while (items.length === 0 && Date.now() < until && !req.raw.destroyed) {
        await sleep(LOOK_EVERY_MS);
        items = await read();
      }
      const last = items.at(-1)?.position ?? after;
      return { items: items.map(asItem), nextPosition: last ? encode(last) : null };
    },
  );

  app.get(
    '/feed/head',
    {
      schema: {
        tags: ['feed'],
        summary: 'The last position the feed serves now: a consumer that reached it is up to date',
        response: { 200: z.object({ position: z.string().nullable().describe('null before any event') }) },
      },
    },
    async () => {
      const head = await feedHead(app.db);
      return { position: head ? encode(head) : null };
    },
  );

  // Open streams end when the service closes, so a shutdown does not wait on them; their
  // clients reconnect elsewhere with Last-Event-ID.
  const open = new Set<AbortController>();
  app.addHook('preClose', async () => {
    for (const stream of open) stream.abort();
  });

  app.get(
    '/feed/stream',
    {
      config: { problems: ['FEED_POSITION_AHEAD'] },
      schema: {
        tags: ['feed'],
        summary:
          'The feed as Server-Sent Events (text/event-stream): one `event` message per event, its `id` the position, a comment line every 15 s; reconnect with Last-Event-ID to resume',
        querystring: Filters.extend({ after: Position.optional().describe('the last position seen, if there is no Last-Event-ID') }),
        headers: z.object({ 'last-event-id': Position.optional().describe('the id of the last message received: resume after it') }),
        produces: ['text/event-stream'],
        response: {
          200: z.string().describe('`id: <position>`, `event: event`, `data: {"position","applicationId","event"}` per message'),
        },
      },
    },
    async (req, reply) => {
      const { after: fromQuery, ...filter } = req.query;
      let after = req.headers['last-event-id'] ?? fromQuery;
      await notAhead(after);
      const scope = scopeOf(req.actor);
      const stream = new AbortController();
      open.add(stream);
      reply.hijack();
      const out = reply.raw;
      // The response closes when the client goes away (or when it ends).
      out.on('close', () => stream.abort());
      out.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        'x-accel-buffering': 'no',
        'x-request-id': req.id,
      });
      const write = async (text: string) => {
        if (!out.write(text)) await once(out, 'drain', { signal: stream.signal });
      };
      try {
        await write('retry: 2000\n\n');
        let quietSince = Date.now();
        while (!stream.signal.aborted) {
          const items = await feedAfter(app.db, after ?? null, scope, 100, filter);
          for (const item of items) await write(`id: ${encode(item.position)}\nevent: event\ndata: ${JSON.stringify(asItem(item))}\n\n`);
          after = items.at(-1)?.position ?? after;
          if (items.length > 0) quietSince = Date.now();
          else if (Date.now() - quietSince >= HEARTBEAT_MS) {
            await write(': heartbeat\n\n');
            quietSince = Date.now();
          }
          if (items.length < 100) await sleep(LOOK_EVERY_MS, undefined, { signal: stream.signal }).catch(() => {});
        }
      } catch (err) {
        // A database that stopped answering ends the stream; the client resumes from its last id.
        if (!stream.signal.aborted) req.log.warn({ err }, 'feed stream ended');
      } finally {
        open.delete(stream);
        out.end();
      }
    },
  );
}
