import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { eventTypes } from '../../machines/events';
import { AppError } from '../errors';
import { AuditEntry, CreationHeaders } from '../http/responses';
import { type Endpoint, givenUpDeliveries, liveEndpoint, liveEndpoints } from '../store/webhooks';
import { createOnce } from '../workflow/create-once';
import { changeEndpoint, newSecret, registerEndpoint, removeEndpoint, replayGivenUp } from '../workflow/webhook-admin';
import { refusedDestination } from '../workflow/webhook-destinations';

// Webhooks (admin): where applied events are pushed. Deliveries and their signature: workflow/webhooks.ts.

const Fields = z.strictObject({
  url: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .describe('receives a POST per event; redirects are not followed'),
  eventTypes: z
    .array(z.enum(['xstate.init', 'definition.migrate', ...eventTypes]))
    .max(50)
    .describe('the event types to deliver (xstate.init: creation); empty: every event'),
  secret: z.string().min(24).max(200).describe('the signing key'),
});
/** Registration: every event unless filtered, a key generated unless given. */
const Registration = Fields.extend({
  eventTypes: Fields.shape.eventTypes.default([]),
  secret: Fields.shape.secret.optional().describe('the signing key; generated when not given'),
});
/** A change names what it changes and nothing else: no default may fill a field it left out. */
const Change = Fields.extend({
  paused: z.boolean().describe('true: deliveries wait, in order, until false; false: they go out again'),
}).partial();
export const Webhook = z.object({
  id: z.uuid(),
  url: z.string(),
  eventTypes: z.array(z.string()),
  createdBy: z.string(),
  createdAt: z.coerce.date(),
  pausedAt: z.coerce.date().nullable().describe('paused since; null: delivering'),
  previousSecretUntil: z.coerce.date().nullable().describe('after a rotation, the previous key also signs until then'),
});
const Created = Webhook.extend({ secret: z.string().describe('shown here only: keep it to verify signatures') });
const Params = z.object({ id: z.uuid() });
const Reason = z.strictObject({ reason: z.string().trim().min(1).max(2000) });
const GivenUp = z.object({
  id: z.uuid().describe('the delivery id the receiver sees'),
  endpointId: z.uuid(),
  url: z.string(),
  applicationId: z.uuid(),
  seq: z.number().int(),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  givenUpAt: z.coerce.date().nullable(),
});

export const shown = ({ secret: _secret, previousSecret: _previous, deletedAt: _deleted, ...rest }: Endpoint) => rest;

export async function webhookRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const destinationAllowed = async (url: string | undefined) => {
    const refused = url === undefined ? null : await refusedDestination(url, app.webhookDestinations);
    if (refused) throw new AppError('WEBHOOK_DESTINATION_REFUSED', refused);
  };
  const adminOnly = { roles: ['admin'] as const };

  app.post(
    '/webhooks',
    {
      config: { ...adminOnly, problems: ['IDEMPOTENCY_KEY_REUSED', 'WEBHOOK_DESTINATION_REFUSED'] },
      schema: {
        tags: ['webhooks'],
        summary: 'Register an endpoint (admin)',
        headers: CreationHeaders,
        body: Registration,
        response: { 201: Created },
      },
    },
    async (req, reply) => {
      await destinationAllowed(req.body.url);
      const fields = { ...req.body, secret: req.body.secret ?? newSecret() };
      const request = { actor: req.actor.sub, key: req.headers['idempotency-key'], route: 'POST /v1/webhooks', body: req.body };
      const created = await createOnce(app.db, app.clock, request, async (tx) => {
        const endpoint = await registerEndpoint(tx, req.actor.sub, fields, app.clock.now());
        return { ...shown(endpoint), secret: fields.secret };
      });
      return reply.status(201).header('location', `/v1/webhooks/${created.id}`).send(created);
    },
  );

  app.get(
    '/webhooks',
    {
      config: adminOnly,
      schema: { tags: ['webhooks'], summary: 'The registered endpoints (admin)', response: { 200: z.object({ items: z.array(Webhook) }) } },
    },
    async () => ({ items: (await liveEndpoints(app.db)).map(shown) }),
  );

  app.get(
    '/webhooks/:id',
    {
      config: { ...adminOnly, problems: ['NOT_FOUND'] },
      schema: { tags: ['webhooks'], summary: 'One endpoint (admin)', params: Params, response: { 200: Webhook } },
    },
    async (req) => {
      const endpoint = await liveEndpoint(app.db, req.params.id);
      if (!endpoint) throw new AppError('NOT_FOUND');
      return shown(endpoint);
    },
  );

  app.patch(
    '/webhooks/:id',
    {
      config: { ...adminOnly, problems: ['NOT_FOUND', 'NOTHING_TO_CHANGE', 'WEBHOOK_DESTINATION_REFUSED'] },
      schema: {
        tags: ['webhooks'],
        summary: "Change an endpoint's address, event types or secret, or pause it (admin); fields not sent stay as they are",
        params: Params,
        body: Change,
        response: { 200: Webhook },
      },
    },
    async (req) => {
      if (Object.keys(req.body).length === 0) throw new AppError('NOTHING_TO_CHANGE', { fields: Object.keys(Change.shape) });
      await destinationAllowed(req.body.url);
      return shown(await changeEndpoint(app.db, app.clock, req.params.id, req.body, req.actor.sub));
    },
  );

  app.delete(
    '/webhooks/:id',
    {
      config: { ...adminOnly, problems: ['NOT_FOUND'] },
      schema: { tags: ['webhooks'], summary: 'Stop delivering to an endpoint (admin)', params: Params, response: { 200: Webhook } },
    },
    async (req) => shown(await removeEndpoint(app.db, app.clock, req.params.id, req.actor.sub)),
  );

  app.get(
    '/incidents/webhooks',
    {
      config: adminOnly,
      schema: {
        tags: ['incidents'],
        summary: 'Webhook deliveries given up after repeated failures; later events of the same application wait behind them (admin)',
        response: { 200: z.object({ items: z.array(GivenUp) }) },
      },
    },
    async () => ({ items: await givenUpDeliveries(app.db) }),
  );

  app.post(
    '/incidents/webhooks/:id/retry',
    {
      config: { ...adminOnly, problems: ['NOT_FOUND', 'INCIDENT_CLOSED'] },
      schema: {
        tags: ['incidents'],
        summary: 'Deliver a given-up webhook again, with the same delivery id (admin)',
        params: Params,
        body: Reason,
        response: { 200: AuditEntry },
      },
    },
    async (req) => replayGivenUp(app.db, app.clock, req.params.id, req.actor.sub, req.body.reason),
  );
}
