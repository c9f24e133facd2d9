import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { scopeOf } from '../auth/access';
import { Stats } from '../http/responses';
import { countByState } from '../store/state-counts';

const Grouping = z
  .string()
  .transform((value, ctx) => {
    const parts = value.split(',').map((s) => s.trim());
    for (const p of parts) if (p !== 'plan' && p !== 'unit') ctx.addIssue({ code: 'custom', message: `cannot group by ${p || '(empty)'}` });
    return { plan: parts.includes('plan'), unit: parts.includes('unit') };
  })
  .describe('plan, unit, or plan,unit: count per plan and/or unit as well as per state');

const StatsQuery = z.strictObject({ by: Grouping.optional(), planId: z.uuid().optional(), unitId: z.string().min(1).max(64).optional() });

export async function statsRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/stats',
    {
      schema: {
        tags: ['operations'],
        summary: 'How many applications the caller may see are in each state (non-zero counts only); cheap enough to poll',
        querystring: StatsQuery,
        response: { 200: Stats },
      },
    },
    async (req) => {
      const by = req.query.by ?? { plan: false, unit: false };
      const rows = await countByState(app.db, scopeOf(req.actor), { ...req.query, by });
      const items = rows.map(({ state, planId, unitId, count }) => ({
        state,
        ...(planId !== null && { planId }),
        ...(unitId !== null && { unitId }),
        count,
      }));
      return { total: items.reduce((sum, i) => sum + i.count, 0), items };
    },
  );
}
