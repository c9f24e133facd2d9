import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { defaultVersion, definitions, definitionVersions } from '../../machines/definitions';
import { machineDescription, mermaidDiagram } from '../../machines/diagram';
import { eventTypes, roles } from '../../machines/events';

const Kind = z
  .enum(['notice', 'example'])
  .describe('`notice`: the notice itself; `example`: a worked example of a changed notice, never a default');

const Description = z
  .object({
    version: z.number().int(),
    notice: z.string().describe('the notice (year) the definition implements'),
    kind: Kind,
    description: z.string(),
    id: z.string(),
    definition: z.unknown().describe("XState's own JSON description of the state nodes"),
    transitions: z.array(
      z.object({ from: z.string(), to: z.string(), event: z.enum(eventTypes), senders: z.array(z.enum([...roles, 'system'])).readonly() }),
    ),
    mermaid: z.string().describe('the same as ?format=mermaid gives'),
    versions: z.array(z.object({ version: z.number().int(), notice: z.string(), kind: Kind, description: z.string() })),
    defaultVersion: z.number().int().describe('what a plan that names no definition runs: the notice itself'),
  })
  .meta({ id: 'MachineDescription' });

export async function machineRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const descriptions = new Map(
    definitions.map((d) => [
      d.version,
      {
        version: d.version,
        notice: d.notice,
        kind: d.kind,
        description: d.description,
        ...machineDescription(d.machine),
        mermaid: mermaidDiagram(d.machine),
      },
    ]),
  );
  app.get(
    '/machine',
    {
      schema: {
        tags: ['machine'],
        summary:
          'A machine definition (the default, version 1 — the 2021 notice — or ?version=) as JSON, or as a Mermaid stateDiagram-v2 with ?format=mermaid; `versions` lists them all',
        querystring: z
          .object({
            format: z.enum(['json', 'mermaid']).default('json'),
            version: z.coerce
              .number()
              .int()
              .refine((v) => descriptions.has(v), `one of ${definitionVersions.join(', ')}`)
              .default(defaultVersion),
          })
          .strict(),
        response: {
          200: {
            content: {
              'application/json': { schema: Description },
              'text/vnd.mermaid': { schema: z.string().describe('a Mermaid stateDiagram-v2') },
            },
          },
        },
      },
    },
    async (req, reply) => {
      const description = descriptions.get(req.query.version)!;
      if (req.query.format === 'mermaid') return reply.type('text/vnd.mermaid; charset=utf-8').send(description.mermaid);
      const versions = definitions.map((d) => ({ version: d.version, notice: d.notice, kind: d.kind, description: d.description }));
      return { ...description, versions, defaultVersion };
    },
  );
}
