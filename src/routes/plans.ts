import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { definitionVersions } from '../../machines/definitions';
import { PlanInput } from '../../machines/facts';
import { missingPlanParts } from '../../machines/rules/plan-window';
import { AppError } from '../errors';
import { AuditEntry, CreationHeaders, PlanRecord } from '../http/responses';
import { listActions } from '../store/audit';
import { listPlans, planOf } from '../store/plans';
import { createOnce } from '../workflow/create-once';
import { createPlan } from '../workflow/create-plan';
import { editPlan } from '../workflow/edit-plan';

const Params = z.strictObject({ id: z.uuid() });
const PlanEdit = z
  .strictObject({
    opensAt: PlanInput.shape.opensAt.optional(),
    closesAt: PlanInput.shape.closesAt.optional(),
    fee: z.number().int().min(0).max(100000).optional().describe('yuan; refused once a fee notice of this plan went out'),
    reason: z.string().trim().min(1).max(2000),
  })
  .refine((e) => e.opensAt !== undefined || e.closesAt !== undefined || e.fee !== undefined, 'send opensAt, closesAt or fee');

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
      config: { roles: ['admin'], problems: ['IDEMPOTENCY_KEY_REUSED', 'PLAN_INCOMPLETE'] },
      schema: {
        tags: ['plans'],
        summary: 'Create a review plan (admin)',
        headers: CreationHeaders,
        body: PlanBody,
        response: { 201: PlanRecord },
      },
    },
    async (req, reply) => {
      const missing = missingPlanParts(req.body);
      if (missing.length > 0) throw new AppError('PLAN_INCOMPLETE', { missing });
      const request = { actor: req.actor.sub, key: req.headers['idempotency-key'], route: 'POST /v1/plans', body: req.body };
      const plan = await createOnce(app.db, app.clock, request, (tx) => createPlan(tx, req.body, req.actor.sub, app.clock.now()));
      return reply.status(201).send(plan);
    },
  );
  app.get(
    '/plans',
    { schema: { tags: ['plans'], summary: 'List review plans', response: { 200: z.object({ items: z.array(PlanRecord) }) } } },
    async () => ({ items: await listPlans(app.db) }),
  );
  app.patch(
    '/plans/:id',
    {
      config: { roles: ['admin'], problems: ['NOT_FOUND', 'FEE_LOCKED'] },
      schema: {
        tags: ['plans'],
        summary: "Change a plan's window or fee, with a reason (admin); open applications follow it",
        params: Params,
        body: PlanEdit,
        response: { 200: PlanRecord },
      },
    },
    async (req) => {
      return editPlan(app.db, req.params.id, req.body, req.actor.sub, app.clock.now());
    },
  );
  app.get(
    '/plans/:id/history',
    {
      config: { problems: ['NOT_FOUND'] },
      schema: {
        tags: ['plans'],
        summary: "Every change to a plan's window or fee: who, when, why, from and to; newest first",
        params: Params,
        response: { 200: z.object({ items: z.array(AuditEntry) }) },
      },
    },
    async (req) => {
      if (!(await planOf(app.db, req.params.id))) throw new AppError('NOT_FOUND');
      return { items: (await listActions(app.db, { action: 'plan.edit', target: req.params.id, limit: 1000 })).items };
    },
  );
}
