import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { definitionVersions } from '../../machines/definitions';
import { PlanInput } from '../../machines/facts';
import { PlanRecord, problems } from '../http/responses';
import { createPlan, listPlans } from '../store/plans';

const PlanBody = PlanInput.refine((p) => p.opensAt <= p.closesAt, {
  message: 'opensAt must not be after closesAt',
  path: ['closesAt'],
}).refine((p) => p.definitionVersion === undefined || definitionVersions.includes(p.definitionVersion), {
  message: `definitionVersion must be one of ${definitionVersions.join(', ')}`,
  path: ['definitionVersion'],
});

export async function planRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.post(
    '/plans',
    {
      config: { roles: ['admin'] },
      schema: { tags: ['plans'], summary: 'Create a review plan (admin)', body: PlanBody, response: { 201: PlanRecord, ...problems } },
    },
    async (req, reply) => reply.status(201).send(await createPlan(app.db, req.body, req.actor.sub, app.clock.now())),
  );
  app.get(
    '/plans',
    { schema: { tags: ['plans'], summary: 'List review plans', response: { 200: z.object({ items: z.array(PlanRecord) }), ...problems } } },
    async () => ({ items: await listPlans(app.db) }),
  );
}
