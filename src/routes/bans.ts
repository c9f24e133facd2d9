import { and, desc, eq, isNull } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { isValidIdNumber } from '../../machines/rules/id-number';
import { requireRole } from '../auth/require-role';
import { bans } from '../db/schema';
import { AppError } from '../http/errors';
import { Ban, problems } from '../http/responses';

export async function banRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.get('/bans', {
    schema: {
      tags: ['bans'], summary: 'Bans recorded against an ID number (五(四))',
      querystring: z.object({ idNumber: z.string().refine(isValidIdNumber, 'not a valid 18-digit ID number') }),
      response: { 200: z.object({ items: z.array(Ban) }), ...problems },
    },
  }, async (req) => {
    if (req.actor.role === 'applicant') {
      if (req.actor.sub !== req.query.idNumber) throw new AppError('FORBIDDEN');
    } else requireRole(req, 'hr', 'committee', 'admin');
    const items = await app.db.select().from(bans).where(eq(bans.idNumber, req.query.idNumber)).orderBy(desc(bans.createdAt));
    return { items: items };
  });

  app.post('/bans/:id/lift', {
    schema: {
      tags: ['bans'], summary: 'Lift a ban, with a written reason (admin)',
      params: z.object({ id: z.uuid() }), body: z.object({ reason: z.string().trim().min(1).max(2000) }).strict(),
      response: { 200: Ban, ...problems },
    },
  }, async (req) => {
    requireRole(req, 'admin');
    const [lifted] = await app.db.update(bans)
      .set({ liftedAt: app.clock.now(), liftedBy: req.actor.sub, liftReason: req.body.reason })
      .where(and(eq(bans.id, req.params.id), isNull(bans.liftedAt))).returning();
    if (lifted) return lifted;
    const [existing] = await app.db.select({ id: bans.id }).from(bans).where(eq(bans.id, req.params.id));
    throw new AppError(existing ? 'BAN_ALREADY_LIFTED' : 'NOT_FOUND');
  });
}
