import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { roles } from '../../machines/events';
import type { TokenService } from '../auth/jwt';
import { demoActors } from '../demo/actors';

const DemoActors = z.object({
  items: z.array(
    z.object({
      role: z.enum(roles),
      sub: z.string(),
      unitId: z.string().nullable(),
      label: z.string().describe('who this is, for a sign-in list'),
      token: z.string().describe('a bearer token for this actor, valid 12 hours'),
    }),
  ),
});

/**
 * The demo sign-in: a token for each demo actor, unauthenticated. app.ts registers it only
 * when asked to, and the server asks only for demo data on the embedded database.
 */
export async function demoRoutes(fastify: FastifyInstance, opts: { tokens: TokenService }) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/demo/actors',
    {
      schema: {
        tags: ['demo'],
        security: [],
        summary: 'Demo actors and a token for each (only with the demo data on the embedded database; 404 otherwise)',
        querystring: z.strictObject({}),
        response: { 200: DemoActors },
      },
    },
    async (_req, reply) => {
      reply.header('cache-control', 'no-store');
      return {
        items: demoActors.map(({ claims, label }) => ({
          role: claims.role,
          sub: claims.sub,
          unitId: claims.unitId ?? null,
          label,
          token: opts.tokens.sign(claims),
        })),
      };
    },
  );
}
