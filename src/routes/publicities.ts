import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { scopeOf } from '../auth/access';
import { decodeCursor, encodeCursor } from '../http/cursor';
import { countedPage, Publicity } from '../http/responses';
import { allPublicityStates, listPublicities } from '../store/publicities';

const instant = z.iso.datetime({ offset: true }).transform((v) => new Date(v));

const PublicityQuery = z.strictObject({
  state: z
    .string()
    .refine((s) => allPublicityStates.includes(s), `one of ${allPublicityStates.join(', ')}`)
    .optional()
    .describe("the unit's, the qualification or the result publicity only"),
  endsAfter: instant.optional().describe('ending at or after this instant'),
  endsBefore: instant.optional().describe('ending before this instant'),
  planId: z.uuid().optional(),
  unitId: z.string().min(1).max(64).optional(),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
const PublicityCursor = z.strictObject({ endsAt: z.iso.datetime(), id: z.uuid() });

export async function publicityRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/publicities',
    {
      schema: {
        tags: ['operations'],
        summary:
          "Publicities in progress that the caller may see — the unit's own and the platform's before and after the review — in order of end, with their objections and how many the whole list holds",
        querystring: PublicityQuery,
        response: { 200: countedPage(Publicity) },
      },
    },
    async (req) => {
      const { cursor, state, ...filter } = req.query;
      const after = cursor === undefined ? undefined : decodeCursor(cursor, PublicityCursor);
      const result = await listPublicities(app.db, { ...filter, states: state ? [state] : undefined, after }, scopeOf(req.actor));
      return { items: result.items, total: result.total, nextCursor: result.next && encodeCursor(result.next) };
    },
  );
}
