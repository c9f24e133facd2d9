import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { isValidIdNumber } from '../../machines/rules/id-number';
import { AppError } from '../errors';
import { Ban } from '../http/responses';
import { bansOf, liftBan } from '../store/bans';

export async function banRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/bans',
    {
      config: { problems: ['FORBIDDEN'], roles: ['applicant', 'hr', 'committee', 'admin'] },
      schema: {
        tags: ['bans'],
        summary: 'Bans recorded against an ID number (五(四))',
        querystring: z.strictObject({ idNumber: z.string().refine(isValidIdNumber, 'not a valid 18-digit ID number') }),
        response: { 200: z.object({ items: z.array(Ban) }) },
      },
    },
    async (req) => {
      if (req.actor.role === 'applicant' && req.actor.sub !== req.query.idNumber) throw new AppError('FORBIDDEN');
      return { items: await bansOf(app.db, req.query.idNumber) };
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
