import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Actor, eventSenders, eventTypes } from '../../machines/events';
import { scopeOf } from '../auth/access';
import { batchOutcomes, batchStatuses } from '../db/schema';
import { AppError, type ErrorCode, errorRegistry } from '../errors';
import { decodeCursor, encodeCursor } from '../http/cursor';
import { langOf } from '../http/problem';
import { page } from '../http/responses';
import { type Batch, batchCounts, batchItemsOf, batchOf, listBatches, runningBatchIds } from '../store/batches';
import { cancelBatch, MAX_BATCH_ITEMS, matchingIds, runBatch, startBatch } from '../workflow/batches';
import { ListQuery } from './application-query';

// Batches over a filter (issue 27, item 4), as Operate's batch operations: the caller names
// GET /v1/applications's filter, the event and its payload, and the count it confirmed; the
// service applies the event to every matching application in the background, each with its
// own outcome; progress, per-item outcomes and who started it are read back here; a running
// batch may be cancelled. Started and cancelled batches are in /v1/audit.

const staff = ['unit', 'hr', 'committee', 'admin'] as const;
const FilterFields = ListQuery.pick({ q: true, state: true, planId: true, unitId: true, updatedAfter: true, updatedBefore: true });
/** The filter as sent: GET /v1/applications's parameters, as text. */
const Filter = z
  .strictObject({
    q: z.string().max(100).optional(),
    state: z.string().max(1000).optional(),
    planId: z.string().max(100).optional(),
    unitId: z.string().max(64).optional(),
    updatedAfter: z.string().max(64).optional(),
    updatedBefore: z.string().max(64).optional(),
  })
  .describe("GET /v1/applications's filter parameters, with their meaning there");

/** The filter read as GET /v1/applications reads it; an invalid one is refused where it stands in the body. */
function listFilter(filter: z.infer<typeof Filter>, at: string) {
  const parsed = FilterFields.safeParse(filter);
  if (!parsed.success) {
    const errors = parsed.error.issues.map((i) => ({ in: 'body' as const, path: `${at}/${i.path.join('/')}`, message: i.message }));
    throw new AppError('VALIDATION_FAILED', { errors });
  }
  const { q, state, ...rest } = parsed.data;
  return { ...rest, search: q, states: state };
}

const Counts = z.object({
  pending: z.number().int(),
  applied: z.number().int(),
  refused: z.number().int(),
  notFound: z.number().int(),
  cancelled: z.number().int(),
});
const BatchView = z.object({
  id: z.uuid(),
  type: z.enum(eventTypes),
  payload: z.record(z.string(), z.unknown()),
  filter: z.record(z.string(), z.unknown()),
  startedBy: Actor,
  startedAt: z.coerce.date(),
  status: z.enum(batchStatuses),
  total: z.number().int(),
  counts: Counts.describe('items by outcome; pending until applied'),
  finishedAt: z.coerce.date().nullable(),
  cancelledBy: z.string().nullable(),
});
const BatchItem = z.object({
  position: z.number().int(),
  applicationId: z.uuid(),
  outcome: z.enum([...batchOutcomes, 'pending']),
  state: z.string().nullable().describe('the state the event reached, when applied'),
  problem: z
    .looseObject({ code: z.string(), detail: z.string() })
    .nullable()
    .describe("the refusal, as the event's own problem document words it"),
});
const Params = z.object({ id: z.uuid() });
const ItemsCursor = z.strictObject({ after: z.number().int() });
const ListCursor = z.strictObject({ before: z.uuid() });

export async function batchRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  // Runs in progress in this process; a closing service lets each finish its chunk, and a
  // restarted one resumes what was running.
  const running = new Map<string, Promise<void>>();
  let stopping = false;
  const run = (id: string) => {
    if (running.has(id)) return;
    const done = runBatch(app.db, app.clock, id, () => stopping)
      .catch((err) => app.log.error({ err, batchId: id }, 'batch run failed; it resumes at the next start'))
      .finally(() => running.delete(id));
    running.set(id, done);
  };
  app.addHook('onReady', async () => {
    for (const id of await runningBatchIds(app.db)) run(id);
  });
  app.addHook('onClose', async () => {
    stopping = true;
    await Promise.all(running.values());
  });

  const visible = (req: FastifyRequest, b: Batch | undefined) =>
    b && (req.actor.role !== 'unit' || b.startedBy.unitId === req.actor.unitId) ? b : undefined;
  const view = async (b: Batch) => ({ ...b, type: b.type as (typeof eventTypes)[number], counts: await batchCounts(app.db, b.id) });

  app.post(
    '/batches',
    {
      config: { problems: ['FORBIDDEN', 'BATCH_COUNT_CHANGED'], roles: [...staff] },
      schema: {
        tags: ['batches'],
        summary: `One event to every application a filter matches (at most ${MAX_BATCH_ITEMS}), run by the service; answers at once, progress under GET /v1/batches/{id}`,
        body: z.strictObject({
          type: z.enum(eventTypes),
          payload: z.record(z.string(), z.unknown()).default({}).describe("fields every application's event carries"),
          filter: Filter,
          expectedCount: z
            .number()
            .int()
            .min(1)
            .max(MAX_BATCH_ITEMS)
            .describe('the count the caller confirmed; 409 BATCH_COUNT_CHANGED when the filter matches another number now'),
        }),
        response: { 202: BatchView },
      },
    },
    async (req, reply) => {
      const { type, payload, filter, expectedCount } = req.body;
      if (!eventSenders[type].includes(req.actor.role)) throw new AppError('FORBIDDEN', { eventType: type, role: req.actor.role });
      const batch = await startBatch(
        app.db,
        app.clock,
        req.actor,
        { type, payload, filter, list: listFilter(filter, '/filter'), expectedCount },
        scopeOf(req.actor),
      );
      run(batch.id);
      return reply
        .status(202)
        .header('location', `/v1/batches/${batch.id}`)
        .send(await view(batch));
    },
  );

  app.get(
    '/batches/matching',
    {
      config: { roles: [...staff] },
      schema: {
        tags: ['batches'],
        summary: `How many applications a filter matches for the caller (up to ${MAX_BATCH_ITEMS} + 1): the count a batch is confirmed with`,
        querystring: Filter,
        response: { 200: z.object({ matching: z.number().int(), max: z.number().int() }) },
      },
    },
    async (req) => ({ matching: (await matchingIds(app.db, listFilter(req.query, ''), scopeOf(req.actor))).length, max: MAX_BATCH_ITEMS }),
  );

  app.get(
    '/batches',
    {
      config: { roles: [...staff] },
      schema: {
        tags: ['batches'],
        summary: 'Batches, newest first, with who started them and their progress (a unit: its own)',
        querystring: z.strictObject({ cursor: z.string().max(500).optional(), limit: z.coerce.number().int().min(1).max(100).default(20) }),
        response: { 200: page(BatchView) },
      },
    },
    async (req) => {
      const before = req.query.cursor === undefined ? undefined : decodeCursor(req.query.cursor, ListCursor).before;
      const unitId = req.actor.role === 'unit' ? (req.actor.unitId ?? '') : undefined;
      const p = await listBatches(app.db, { unitId, before, limit: req.query.limit });
      return { items: await Promise.all(p.items.map(view)), nextCursor: p.last ? encodeCursor({ before: p.last }) : null };
    },
  );

  app.get(
    '/batches/:id',
    {
      config: { problems: ['NOT_FOUND'], roles: [...staff] },
      schema: { tags: ['batches'], summary: 'One batch and its progress', params: Params, response: { 200: BatchView } },
    },
    async (req) => {
      const batch = visible(req, await batchOf(app.db, req.params.id));
      if (!batch) throw new AppError('NOT_FOUND');
      return view(batch);
    },
  );

  app.get(
    '/batches/:id/items',
    {
      config: { problems: ['NOT_FOUND'], roles: [...staff] },
      schema: {
        tags: ['batches'],
        summary: "A batch's applications in order, each with its outcome",
        params: Params,
        querystring: z.strictObject({
          outcome: z.enum([...batchOutcomes, 'pending']).optional(),
          cursor: z.string().max(500).optional(),
          limit: z.coerce.number().int().min(1).max(1000).default(200),
        }),
        response: { 200: page(BatchItem) },
      },
    },
    async (req) => {
      if (!visible(req, await batchOf(app.db, req.params.id))) throw new AppError('NOT_FOUND');
      const after = req.query.cursor === undefined ? undefined : decodeCursor(req.query.cursor, ItemsCursor).after;
      const p = await batchItemsOf(app.db, req.params.id, { after, outcome: req.query.outcome, limit: req.query.limit });
      const lang = langOf(req);
      return {
        items: p.items.map((i) => ({
          position: i.position,
          applicationId: i.applicationId,
          outcome: i.outcome ?? ('pending' as const),
          state: i.state,
          problem: i.problem ? { ...i.problem, detail: errorRegistry[i.problem.code as ErrorCode]?.[lang] ?? i.problem.code } : null,
        })),
        nextCursor: p.last === null ? null : encodeCursor({ after: p.last }),
      };
    },
  );

  app.post(
    '/batches/:id/cancel',
    {
      config: { problems: ['NOT_FOUND', 'BATCH_FINISHED'], roles: [...staff] },
      schema: {
        tags: ['batches'],
        summary: 'Stop a running batch: the applications not reached yet are left as they are (outcome cancelled)',
        params: Params,
        response: { 200: BatchView },
      },
    },
    async (req) => {
      if (!visible(req, await batchOf(app.db, req.params.id))) throw new AppError('NOT_FOUND');
      const result = await cancelBatch(app.db, req.params.id, req.actor, app.clock.now());
      if (!result) throw new AppError('NOT_FOUND');
      if (typeof result === 'string') throw new AppError('BATCH_FINISHED', { batchStatus: result });
      return view(result);
    },
  );
}
