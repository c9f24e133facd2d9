import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

// Prometheus text exposition, kept by hand: a few counters do not justify a client library.
export const metricsRoutes = fp(async (app: FastifyInstance) => {
  const counts = new Map<string, number>();
  app.addHook('onResponse', async (req, reply) => {
    const key = `http_requests_total{method="${req.method}",route="${req.routeOptions.url ?? 'unmatched'}",status="${reply.statusCode}"}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  });
  app.get('/metrics', { schema: { hide: true } }, async (_req, reply) => {
    const { rss } = process.memoryUsage();
    const lines = [
      '# TYPE http_requests_total counter', ...[...counts].map(([k, v]) => `${k} ${v}`),
      '# TYPE process_resident_memory_bytes gauge', `process_resident_memory_bytes ${rss}`,
    ];
    return reply.type('text/plain; version=0.0.4').send(`${lines.join('\n')}\n`);
  });
}, { name: 'metrics' });
