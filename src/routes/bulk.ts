import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { eventSenders, eventTypes } from '../../machines/events';
import { AppError } from '../errors';
import { problem } from '../http/problem';
import { BulkResult } from '../http/responses';
import { applyBulk } from '../workflow/bulk';

const MAX_BULK_ITEMS = 500;

const Payload = z.record(z.string(), z.unknown());
const BulkBody = z
  .strictObject({
    type: z.enum(eventTypes),
    payload: Payload.default({}).describe("fields every item's event carries"),
    items: z
      .array(z.strictObject({ applicationId: z.uuid(), payload: Payload.optional().describe('fields of this item, over the shared ones') }))
      .min(1)
      .max(MAX_BULK_ITEMS),
  })
  .superRefine((body, ctx) => {
    const seen = new Set<string>();
    body.items.forEach((item, i) => {
      if (seen.has(item.applicationId)) ctx.addIssue({ code: 'custom', path: ['items', i, 'applicationId'], message: 'listed twice' });
      seen.add(item.applicationId);
    });
  });

export async function bulkRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.post(
    '/applications/bulk-events',
    {
      config: { problems: ['FORBIDDEN'] },
      schema: {
        tags: ['applications'],
        summary: `One event type to up to ${MAX_BULK_ITEMS} applications, each its own transition with its own outcome; retry with the same Idempotency-Key`,
        body: BulkBody,
        headers: z.object({ 'idempotency-key': z.string().min(1).max(200).describe('required: makes retrying the request safe') }),
        response: { 200: BulkResult },
      },
    },
    async (req) => {
      const { type } = req.body;
      if (!eventSenders[type].includes(req.actor.role)) throw new AppError('FORBIDDEN', { eventType: type, role: req.actor.role });
      const outcomes = await applyBulk(app.db, app.clock, req.actor, req.body, req.headers['idempotency-key']);
      const items = outcomes.map((o) =>
        o.outcome === 'applied' ? o : { applicationId: o.applicationId, outcome: o.outcome, problem: problem(req, o.error) },
      );
      const count = (outcome: string) => outcomes.filter((o) => o.outcome === outcome).length;
      return { summary: { applied: count('applied'), refused: count('refused'), notFound: count('notFound') }, items };
    },
  );
}
