import { createServer, type Server } from 'node:http';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { eventTypes } from '../../machines/events';
import { authenticate } from '../auth/authenticate';
import type { TokenService } from '../auth/jwt';
import { registeredUnits } from '../store/units';

const known = new Set<string>(eventTypes);

export type MetricsOptions = {
  tokens: TokenService;
  /** Serve /metrics here, unauthenticated (a scrape network), and not on the API port. */
  listen?: { host: string; port: number };
};

declare module 'fastify' {
  interface FastifyInstance {
    /** The separate metrics listener, when one is configured. */
    metricsServer: Server | null;
  }
}

// Prometheus text exposition, kept by hand: a few counters do not justify a client library.
export const metricsRoutes = fp(
  async (app: FastifyInstance, opts: MetricsOptions) => {
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
    const render = () => {
      const lines = Object.entries(counters).flatMap(([name, values]) => [
        `# TYPE ${name} counter`,
        ...[...values].map(([labels, n]) => `${name}{${labels}} ${n}`),
      ]);
      lines.push('# TYPE process_resident_memory_bytes gauge', `process_resident_memory_bytes ${process.memoryUsage().rss}`);
      return `${lines.join('\n')}\n`;
    };
    const contentType = 'text/plain; version=0.0.4';

    const { listen } = opts;
    if (!listen) {
      app.decorate('metricsServer', null);
      app.get(
        '/metrics',
        { schema: { hide: true }, config: { roles: ['admin'] }, onRequest: authenticate(opts.tokens, registeredUnits(app.db)) },
        async (_req, reply) => reply.type(contentType).send(render()),
      );
      return;
    }
    const server = createServer((req, res) => {
      const found = req.method === 'GET' && req.url === '/metrics';
      res.writeHead(found ? 200 : 404, { 'content-type': found ? contentType : 'text/plain' }).end(found ? render() : 'not found\n');
    });
    app.decorate('metricsServer', server);
    app.addHook(
      'onReady',
      () => new Promise<void>((resolve, reject) => server.once('error', reject).listen(listen.port, listen.host, resolve)),
    );
    app.addHook('onClose', () => new Promise<void>((resolve) => server.close(() => resolve())));
  },
  { name: 'metrics' },
);
