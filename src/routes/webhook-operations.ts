import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../errors';
import { deliveriesOf, liveEndpoint } from '../store/webhooks';
import { rotateSecret } from '../workflow/webhook-admin';
import { guardedPoster } from '../workflow/webhook-destinations';
import { httpPoster, signedPost } from '../workflow/webhooks';
import { shown, Webhook } from './webhooks';

// Running an endpoint (admin): what was delivered and what came back, a test request, and a
// key rotation with an overlap in which both keys sign.

const Params = z.object({ id: z.uuid() });
const DeliveryPage = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  before: z.uuid().optional().describe('the last delivery id of the previous page'),
});
const Delivery = z.object({
  id: z.uuid().describe('the delivery id the receiver sees'),
  applicationId: z.uuid(),
  seq: z.number().int(),
  eventType: z.string(),
  attempts: z.number().int(),
  lastStatus: z.number().int().nullable().describe("the receiver's HTTP status at the last attempt; null: no answer"),
  lastError: z.string().nullable(),
  nextAttemptAt: z.coerce.date(),
  deliveredAt: z.coerce.date().nullable(),
  givenUpAt: z.coerce.date().nullable(),
  createdAt: z.coerce.date(),
});
const Ping = z.object({
  status: z.number().int().nullable().describe("the receiver's HTTP status; null: no answer"),
  error: z.string().nullable(),
  ms: z.number().int().describe('how long the request took'),
});
const Rotation = z.strictObject({
  overlapMinutes: z
    .number()
    .int()
    .min(0)
    .max(7 * 24 * 60)
    .default(24 * 60)
    .describe('how long the previous key still signs beside the new one (default a day)'),
  reason: z.string().trim().min(1).max(2000),
});
const Rotated = Webhook.extend({ secret: z.string().describe('shown here only: the new signing key') });

export async function webhookOperationRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const adminOnly = { roles: ['admin'] as const, problems: ['NOT_FOUND'] as const };
  const endpointOf = async (id: string) => {
    const endpoint = await liveEndpoint(app.db, id);
    if (!endpoint) throw new AppError('NOT_FOUND');
    return endpoint;
  };

  app.get(
    '/webhooks/:id/deliveries',
    {
      config: adminOnly,
      schema: {
        tags: ['webhooks'],
        summary: "An endpoint's deliveries, newest first, with the receiver's last answer (admin)",
        params: Params,
        querystring: DeliveryPage,
        response: { 200: z.object({ items: z.array(Delivery), nextBefore: z.uuid().nullable() }) },
      },
    },
    async (req) => {
      await endpointOf(req.params.id);
      const items = await deliveriesOf(app.db, req.params.id, req.query.limit, req.query.before);
      return { items, nextBefore: items.length === req.query.limit ? items.at(-1)!.id : null };
    },
  );

  app.post(
    '/webhooks/:id/ping',
    {
      config: adminOnly,
      schema: {
        tags: ['webhooks'],
        summary: 'Send the endpoint a signed test request now, and say what it answered (admin); no delivery is recorded',
        params: Params,
        response: { 200: Ping },
      },
    },
    async (req) => {
      const endpoint = await endpointOf(req.params.id);
      const id = randomUUID();
      const body = JSON.stringify({ id, type: 'ping', endpointId: endpoint.id });
      const started = performance.now();
      const attempt = await signedPost(guardedPoster(httpPoster, app.webhookDestinations), endpoint, id, body, app.clock.now());
      return { ...attempt, ms: Math.round(performance.now() - started) };
    },
  );

  app.post(
    '/webhooks/:id/rotate-secret',
    {
      config: adminOnly,
      schema: {
        tags: ['webhooks'],
        summary: 'A new signing key; the previous one signs beside it until the overlap ends (admin)',
        params: Params,
        body: Rotation,
        response: { 200: Rotated },
      },
    },
    async (req) => {
      const { endpoint, secret } = await rotateSecret(
        app.db,
        app.clock,
        req.params.id,
        req.body.overlapMinutes,
        req.actor.sub,
        req.body.reason,
      );
      return { ...shown(endpoint), secret };
    },
  );
}
