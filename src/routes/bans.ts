import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { PlanLevel } from '../../machines/facts';
import { isValidIdNumber } from '../../machines/rules/id-number';
import { AppError } from '../errors';
import { decodeCursor, encodeCursor } from '../http/cursor';
import { Ban, BanRow, page } from '../http/responses';
import { listBans } from '../store/bans';
import { liftBan } from '../workflow/lift-ban';

const BanCursor = z.strictObject({ createdAt: z.iso.datetime(), id: z.uuid() });

export async function banRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/bans',
    {
      config: { problems: ['FORBIDDEN'], roles: ['applicant', 'hr', 'committee', 'admin'] },
      schema: {
        tags: ['bans'],
        summary:
          'Bans (五(四)), newest first, with the applicant and the plan of the finding: by ID number, plan year, level and whether lifted; an applicant sees only their own',
        querystring: z.strictObject({
          idNumber: z.string().refine(isValidIdNumber, 'not a valid 18-digit ID number').optional(),
          year: z.coerce.number().int().min(2000).max(2100).optional().describe("the year of the finding's plan"),
          level: PlanLevel.optional(),
          state: z.enum(['standing', 'lifted']).optional(),
          cursor: z.string().max(500).optional(),
          limit: z.coerce.number().int().min(1).max(200).default(50),
        }),
        response: { 200: page(BanRow) },
      },
    },
    async (req) => {
      const { idNumber = req.actor.role === 'applicant' ? req.actor.sub : undefined, cursor, ...filter } = req.query;
      if (req.actor.role === 'applicant' && req.actor.sub !== idNumber) throw new AppError('FORBIDDEN');
      const after = cursor ? decodeCursor(cursor, BanCursor) : undefined;
      const { items, last } = await listBans(app.db, { ...filter, idNumber, after });
      return { items, nextCursor: last && encodeCursor(last) };
    },
  );

  app.post(
    '/bans/:id/lift',
    {
      config: { problems: ['NOT_FOUND', 'BAN_ALREADY_LIFTED'], roles: ['admin'] },
      schema: {
        tags: ['bans'],
        summary: 'Lift a ban, with a written reason (admin)',
        params: z.object({ id: z.uuid() }),
        body: z.object({ reason: z.string().trim().min(1).max(2000) }).strict(),
        response: { 200: Ban },
      },
    },
    async (req) => {
      const lifted = await liftBan(app.db, req.params.id, req.actor.sub, req.body.reason, app.clock.now());
      if (lifted === 'lifted') throw new AppError('BAN_ALREADY_LIFTED');
      if (!lifted) throw new AppError('NOT_FOUND');
      return lifted;
    },
  );
}
