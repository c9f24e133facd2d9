import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { machineDescription, mermaidDiagram } from '../../machines/diagram';

export async function machineRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const description = { ...machineDescription(), mermaid: mermaidDiagram() };
  app.get(
    '/machine',
    {
      schema: {
        tags: ['machine'],
        summary: 'The application machine as JSON, or as a Mermaid stateDiagram-v2 with ?format=mermaid',
        querystring: z.strictObject({ format: z.enum(['json', 'mermaid']).default('json') }),
      },
    },
    async (req, reply) =>
      req.query.format === 'mermaid' ? reply.type('text/vnd.mermaid; charset=utf-8').send(description.mermaid) : description,
  );
}
