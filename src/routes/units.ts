import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Facts } from '../../machines/facts';
import { AppError } from '../errors';
import { CreationHeaders, page, UnitRecord } from '../http/responses';
import { listUnits, unitOf } from '../store/units';
import { createOnce } from '../workflow/create-once';
import { editUnit, registerUnit } from '../workflow/unit-registry';

// The units registry (用人单位): an admin registers and edits units; everyone reads them,
// since applicants pick theirs and every list shows unit names.

const UnitId = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'letters, digits, dot, dash or underscore, at most 64')
  .describe('the id unit tokens carry in their unitId claim');
const UnitFields = z.strictObject({
  name: z.string().trim().min(1).max(200),
  inCixi: z.boolean().describe('registered in Cixi (一(一))'),
  unitType: Facts.shape.unitType,
});
const Params = z.strictObject({ id: UnitId });

export async function unitRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.post(
    '/units',
    {
      config: { roles: ['admin'], problems: ['DUPLICATE_UNIT', 'IDEMPOTENCY_KEY_REUSED'] },
      schema: {
        tags: ['units'],
        summary: 'Register a unit (admin)',
        headers: CreationHeaders,
        body: UnitFields.extend({ id: UnitId }),
        response: { 201: UnitRecord },
      },
    },
    async (req, reply) => {
      const { id, ...fields } = req.body;
      const request = { actor: req.actor.sub, key: req.headers['idempotency-key'], route: 'POST /v1/units', body: req.body };
      const unit = await createOnce(app.db, app.clock, request, async (tx) => {
        const created = await registerUnit(tx, id, fields, req.actor.sub, app.clock.now());
        if (!created) throw new AppError('DUPLICATE_UNIT', { unitId: id });
        return created;
      });
      return reply
        .status(201)
        .header('location', `/v1/units/${encodeURIComponent(unit.id)}`)
        .send(unit);
    },
  );

  app.patch(
    '/units/:id',
    {
      config: { roles: ['admin'], problems: ['NOT_FOUND', 'NOTHING_TO_CHANGE'] },
      schema: {
        tags: ['units'],
        summary: "Edit a unit's name, place or type (admin); recorded in the audit trail",
        params: Params,
        body: UnitFields.partial(),
        response: { 200: UnitRecord },
      },
    },
    async (req) => {
      if (Object.keys(req.body).length === 0) throw new AppError('NOTHING_TO_CHANGE', { fields: Object.keys(UnitFields.shape) });
      const unit = await editUnit(app.db, req.params.id, req.body, req.actor.sub, app.clock.now());
      if (!unit) throw new AppError('NOT_FOUND');
      return unit;
    },
  );

  app.get(
    '/units',
    {
      schema: {
        tags: ['units'],
        summary: 'Registered units by id; q matches any part of the id or name',
        querystring: z.strictObject({
          q: z.string().trim().min(1).max(100).optional(),
          cursor: UnitId.optional(),
          limit: z.coerce.number().int().min(1).max(200).default(50),
        }),
        response: { 200: page(UnitRecord) },
      },
    },
    async (req) => listUnits(app.db, req.query),
  );

  app.get(
    '/units/:id',
    {
      config: { problems: ['NOT_FOUND'] },
      schema: { tags: ['units'], summary: 'One registered unit', params: Params, response: { 200: UnitRecord } },
    },
    async (req) => {
      const unit = await unitOf(app.db, req.params.id);
      if (!unit) throw new AppError('NOT_FOUND');
      return unit;
    },
  );
}
