import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { eventTypes } from '../../machines/events';

const known = new Set<string>(eventTypes);

// Prometheus text exposition, kept by hand: a few counters do not justify a client library.
export const metricsRoutes = fp(
  async (app: FastifyInstance) => {
    const counters = { http_requests_total: new Map<string, number>(), application_events_total: new Map<string, number>() };
    const count = (name: keyof typeof counters, labels: string) => counters[name].set(labels, (counters[name].get(labels) ?? 0) + 1);
    app.addHook('onResponse', async (req, reply) => {
      const route = req.routeOptions.url ?? 'unmatched';
      count('http_requests_total', `method="${req.method}",route="${route}",status="${reply.statusCode}"`);
      const type = (req.body as { type?: unknown } | undefined)?.type;
      if (route === '/v1/applications/:id/events' && typeof type === 'string' && known.has(type)) {
        count('application_events_total', `type="${type}",status="${reply.statusCode}"`);
      }
    });
    app.get('/metrics', { schema: { hide: true } }, async (_req, reply) => {
      const lines = Object.entries(counters).flatMap(([name, values]) => [
        `# TYPE ${name} counter`,
        ...[...values].map(([labels, n]) => `${name}{${labels}} ${n}`),
      ]);
      lines.push('# TYPE process_resident_memory_bytes gauge', `process_resident_memory_bytes ${process.memoryUsage().rss}`);
      return reply.type('text/plain; version=0.0.4').send(`${lines.join('\n')}\n`);
    });
  },
  { name: 'metrics' },
);
