import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import fp from 'fastify-plugin';
import { jsonSchemaTransform, validatorCompiler } from 'fastify-type-provider-zod';
import type { Actor } from './auth/access';
import type { TokenService } from './auth/jwt';
import type { Clock, ManualClock } from './clock';
import { DEFAULT_IDLE_WORKING_DAYS } from './config';
import type { Database } from './db/client';
import { registerErrorHandling } from './http/error-handler';
import { AppError } from './http/errors';
import { databasePlugin } from './plugins/database';
import { type PollerOptions, pollersPlugin } from './plugins/pollers';
import { applicationRoutes } from './routes/applications';
import { auditRoutes } from './routes/audit';
import { banRoutes } from './routes/bans';
import { bulkRoutes } from './routes/bulk';
import { calendarRoutes } from './routes/calendar';
import { healthRoutes } from './routes/health';
import { incidentRoutes } from './routes/incidents';
import { machineRoutes } from './routes/machine';
import { metricsRoutes } from './routes/metrics';
import { planRoutes } from './routes/plans';
import { publicityRoutes } from './routes/publicities';
import { statsRoutes } from './routes/stats';
import { testClockRoutes } from './routes/test-clock';
import { unitRoutes } from './routes/units';
import { registeredUnits } from './store/units';

export type AppOptions = {
  /** Owned by the app from now on: closing the app closes it. */
  database: Database;
  tokens: TokenService;
  clock: Clock;
  /** Present only with CLOCK=manual: enables POST /v1/test/clock. */
  manualClock?: ManualClock;
  /** Background timers and outbox; tests leave them out and drive time themselves. */
  pollers?: PollerOptions;
  /** Working days without a change after which an application is listed as idle. */
  idleWorkingDays?: number;
};

declare module 'fastify' {
  interface FastifyInstance {
    clock: Clock;
  }
  interface FastifyRequest {
    actor: Actor;
  }
}

/** The service as a plugin: everything but listening, which server.ts does. */
export const app = fp(
  async (fastify: FastifyInstance, opts: AppOptions) => {
    fastify.setValidatorCompiler(validatorCompiler);
    // Response schemas document the API and type-check the handlers (the tests parse real
    // answers with them); serialising through zod on every request would cost the hot path.
    fastify.setSerializerCompiler(() => (data) => JSON.stringify(data));
    fastify.decorate('clock', opts.clock);
    fastify.decorateRequest('actor', null as unknown as Actor);
    await fastify.register(databasePlugin, { database: opts.database });
    if (opts.pollers) await fastify.register(pollersPlugin, opts.pollers);
    registerErrorHandling(fastify);
    fastify.addHook('onSend', async (req, reply) => {
      reply.header('x-request-id', req.id);
    });

    await fastify.register(swagger, {
      openapi: {
        info: {
          title: '职称评审 title-review workflow',
          version: '1.0.0',
          description: 'Cixi engineering-series title reviews (SPEC §7).',
        },
        components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
        security: [{ bearer: [] }],
      },
      transform: jsonSchemaTransform,
    });
    await fastify.register(swaggerUi, { routePrefix: '/docs' });
    fastify.get('/openapi.json', { schema: { hide: true } }, () => fastify.swagger());

    await fastify.register(healthRoutes);
    await fastify.register(metricsRoutes);
    await fastify.register(
      async (v1) => {
        const isRegisteredUnit = registeredUnits(fastify.db);
        v1.addHook('onRequest', async (req) => {
          const actor = opts.tokens.actorOf(req.headers.authorization);
          if (!actor) throw new AppError('UNAUTHENTICATED');
          // A unit token speaks for a registered unit only.
          if (actor.role === 'unit' && !(await isRegisteredUnit(actor.unitId ?? ''))) throw new AppError('UNAUTHENTICATED');
          req.actor = actor;
        });
        await v1.register(planRoutes);
        await v1.register(applicationRoutes);
        await v1.register(banRoutes);
        await v1.register(unitRoutes);
        await v1.register(bulkRoutes);
        await v1.register(statsRoutes);
        await v1.register(publicityRoutes);
        await v1.register(incidentRoutes, { idleWorkingDays: opts.idleWorkingDays ?? DEFAULT_IDLE_WORKING_DAYS });
        await v1.register(auditRoutes);
        await v1.register(calendarRoutes);
        await v1.register(machineRoutes);
        if (opts.manualClock) await v1.register(testClockRoutes, { clock: opts.manualClock });
      },
      { prefix: '/v1' },
    );
  },
  { name: 'title-review' },
);

/** Explicit limits, so a slow or idle client cannot hold a connection open indefinitely. */
const serverDefaults: FastifyServerOptions = {
  connectionTimeout: 60_000,
  requestTimeout: 30_000,
  keepAliveTimeout: 5_000,
  requestIdHeader: 'x-request-id',
  genReqId: () => crypto.randomUUID(),
};

export async function buildApp(opts: AppOptions, server: FastifyServerOptions = {}): Promise<FastifyInstance> {
  const fastify = Fastify({ ...serverDefaults, ...server });
  await fastify.register(app, opts);
  await fastify.ready();
  return fastify;
}
