import { createServer, type Server } from 'node:http';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { z } from 'zod';
import { eventTypes } from '../../machines/events';
import { authenticate } from '../auth/authenticate';
import type { TokenService } from '../auth/jwt';
import type { DatabaseLoad } from '../db/load';
import { outboxBacklog } from '../store/outbox';
import { timerCounts } from '../store/timers';
import { registeredUnits } from '../store/units';

const known = new Set<string>(eventTypes);

export type MetricsOptions = {
  tokens: TokenService;
  /** The database's connections in use and waiters, now. */
  load: () => DatabaseLoad;
  /** Serve /metrics here, unauthenticated (a scrape network), and not on the API port. */
  listen?: { host: string; port: number };
};

declare module 'fastify' {
  interface FastifyInstance {
    /** The separate metrics listener, when one is configured. */
    metricsServer: Server | null;
  }
}

// Prometheus metrics with the standard client, one registry per app (tests build several).
export const metricsRoutes = fp(
  async (app: FastifyInstance, opts: MetricsOptions) => {
    const registry = new Registry();
    // Process and runtime: CPU, memory, event-loop delay, GC, handles.
    collectDefaultMetrics({ register: registry });
    const requests = new Counter({
      name: 'http_requests_total',
      help: 'HTTP requests answered, by method, route and status',
      labelNames: ['method', 'route', 'status'],
      registers: [registry],
    });
    const durations = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'Time from receiving a request to answering it, by method and route',
      labelNames: ['method', 'route'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 15],
      registers: [registry],
    });
    const events = new Counter({
      name: 'application_events_total',
      help: 'Events sent to applications, by type and answer status',
      labelNames: ['type', 'status'],
      registers: [registry],
    });
    const gauge = (name: string, help: string, read: () => number | Promise<number>) =>
      new Gauge({
        name,
        help,
        registers: [registry],
        async collect() {
          this.set(await read());
        },
      });
    gauge('db_connections_in_use', 'Database connections running a statement or a transaction', () => opts.load().inUse);
    gauge('db_requests_waiting', 'Statements and transactions waiting for a database connection', () => opts.load().waiting);
    // A scrape during a database outage reports what it can.
    const counts = () => timerCounts(app.db, app.clock.now()).catch(() => ({ due: Number.NaN, fired: Number.NaN }));
    gauge('timers_due', 'Durable timers due by the service clock and not fired yet', async () => (await counts()).due);
    gauge('timers_fired', 'Durable timers fired so far', async () => (await counts()).fired);
    gauge('outbox_backlog', 'Notices still to deliver', () => outboxBacklog(app.db).catch(() => Number.NaN));

    app.addHook('onResponse', async (req, reply) => {
      const route = req.routeOptions.url ?? 'unmatched';
      requests.inc({ method: req.method, route, status: reply.statusCode });
      durations.observe({ method: req.method, route }, reply.elapsedTime / 1000);
      const type = (req.body as { type?: unknown } | undefined)?.type;
      if (route === '/v1/applications/:id/events' && typeof type === 'string' && known.has(type)) {
        events.inc({ type, status: reply.statusCode });
      }
    });
    const render = () => registry.metrics();
    const contentType = registry.contentType;

    const { listen } = opts;
    if (!listen) {
      app.decorate('metricsServer', null);
      app.get(
        '/metrics',
        {
          schema: {
            tags: ['health'],
            summary: 'Prometheus metrics (admin; served on METRICS_LISTEN instead, unauthenticated, when that is set)',
            response: { 200: { content: { 'text/plain': { schema: z.string().describe('Prometheus text exposition format 0.0.4') } } } },
          },
          config: { roles: ['admin'] },
          onRequest: authenticate({ tokens: opts.tokens, isRegisteredUnit: registeredUnits(app.db) }),
        },
        async (_req, reply) => reply.type(contentType).send(await render()),
      );
      return;
    }
    const server = createServer(async (req, res) => {
      const found = req.method === 'GET' && req.url === '/metrics';
      const body = found ? await render() : 'not found\n';
      res.writeHead(found ? 200 : 404, { 'content-type': found ? contentType : 'text/plain' }).end(body);
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
