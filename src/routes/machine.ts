import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { definitions, definitionVersions, latestVersion } from '../../machines/definitions';
import { machineDescription, mermaidDiagram } from '../../machines/diagram';

export async function machineRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const descriptions = new Map(
    definitions.map((d) => [
      d.version,
      { version: d.version, notice: d.notice, ...machineDescription(d.machine), mermaid: mermaidDiagram(d.machine) },
    ]),
  );
  app.get(
    '/machine',
    {
      schema: {
        tags: ['machine'],
        summary:
          'A machine definition (the latest, or ?version=) as JSON, or as a Mermaid stateDiagram-v2 with ?format=mermaid; `versions` lists them all',
        querystring: z
          .object({
            format: z.enum(['json', 'mermaid']).default('json'),
            version: z.coerce
              .number()
              .int()
              .refine((v) => descriptions.has(v), `one of ${definitionVersions.join(', ')}`)
              .default(latestVersion),
          })
          .strict(),
      },
    },
    async (req, reply) => {
      const description = descriptions.get(req.query.version)!;
      if (req.query.format === 'mermaid') return reply.type('text/vnd.mermaid; charset=utf-8').send(description.mermaid);
      return { ...description, versions: definitions.map((d) => ({ version: d.version, notice: d.notice })), latestVersion };
    },
  );
}
