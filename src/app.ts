import type { Server } from 'node:http';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import underPressure from '@fastify/under-pressure';
import Fastify, { type FastifyHttpOptions, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import fp from 'fastify-plugin';
import { jsonSchemaTransform, validatorCompiler } from 'fastify-type-provider-zod';
import type { Actor } from '../machines/events';
import { authenticate } from './auth/authenticate';
import type { TokenService } from './auth/jwt';
import type { Clock, ManualClock } from './clock';
import { DEFAULT_IDLE_WORKING_DAYS, type DocumentSettings, defaultLimits, loadConfig } from './config';
import type { Database } from './db/client';
import { refuseWhileClosing } from './http/closing';
import { answerLateRequests } from './http/deadline';
import { frameworkErrors, RETRY_AFTER_SECONDS, registerErrorHandling } from './http/error-handler';
import { documentOperationIds, documentProblems, namedSchemasOnce } from './http/openapi';
import { answerProtocolErrors } from './http/protocol-errors';
import { holdRequestsWhileStarting } from './http/startup';
import { refuseUnstorableStrings } from './http/storable-strings';
import { databasePlugin } from './plugins/database';
import { documentsPlugin } from './plugins/documents';
import { type PollerOptions, pollersPlugin } from './plugins/pollers';
import { applicationRoutes } from './routes/applications';
import { auditRoutes } from './routes/audit';
import { banRoutes } from './routes/bans';
import { batchRoutes } from './routes/batches';
import { bulkRoutes } from './routes/bulk';
import { calendarRoutes } from './routes/calendar';
import { consoleRoutes } from './routes/console';
import { demoRoutes } from './routes/demo';
import { documentRoutes } from './routes/documents';
import { feedRoutes } from './routes/feed';
import { healthRoutes } from './routes/health';
import { incidentRoutes } from './routes/incidents';
import { machineRoutes } from './routes/machine';
import { materialRoutes } from './routes/materials';
import { metricsRoutes } from './routes/metrics';
import { migrationRoutes } from './routes/migrations';
import { planRoutes } from './routes/plans';
import { publicRoutes } from './routes/public';
import { publicityRoutes } from './routes/publicities';
import { sessionRoutes } from './routes/session';
import { statsRoutes } from './routes/stats';
import { testClockRoutes } from './routes/test-clock';
import { unitRoutes } from './routes/units';
import { webhookOperationRoutes } from './routes/webhook-operations';
import { webhookRoutes } from './routes/webhooks';
import { sessionActor } from './store/sessions';
import { registeredUnits } from './store/units';
import { allowedDestinations, type Destinations } from './workflow/webhook-destinations';

export type AppOptions = {
  /** Owned by the app from now on: closing the app closes it. */
  database: Database;
  tokens: TokenService;
  clock: Clock;
  /** Present only with CLOCK=manual: enables POST /v1/test/clock. */
  manualClock?: ManualClock;
  /** Background timers and outbox; tests leave them out and drive time themselves. */
  pollers?: PollerOptions;
  /** A request not answered within this many ms is answered 503 then. */
  requestDeadlineMs?: number;
  /** Mean event-loop lag above which requests are shed with 503; 0 never sheds. */
  maxEventLoopDelayMs?: number;
  /** Serve /metrics on its own address, unauthenticated, instead of behind an admin token. */
  metricsListen?: { host: string; port: number };
  /** What documents print and how uploads are bounded; the configuration's defaults when not given. */
  documents?: DocumentSettings;
  /** Working days without a change after which an application is listed as idle. */
  idleWorkingDays?: number;
  /** Internal destinations webhooks may go to (WEBHOOK_ALLOWED_HOSTS); none when not given. */
  webhookAllowedHosts?: readonly string[];
  /** Serve GET /v1/demo/actors, a token for every demo actor to anyone: for demo data only, never a real season. */
  demoSignIn?: boolean;
};

declare module 'fastify' {
  interface FastifyInstance {
    clock: Clock;
    webhookDestinations: Destinations;
  }
  interface FastifyRequest {
    actor: Actor;
  }
}

/** The service as a plugin: everything but listening, which server.ts does. */
export const app = fp(
  async (fastify: FastifyInstance, opts: AppOptions) => {
    const documents = opts.documents ?? loadConfig({}).documents;
    fastify.setValidatorCompiler(validatorCompiler);
    // Response schemas document the API and type-check the handlers (the tests parse real
    // answers with them); serialising through zod on every request would cost the hot path.
    fastify.setSerializerCompiler(() => (data) => JSON.stringify(data));
    fastify.decorate('clock', opts.clock);
    fastify.decorate('webhookDestinations', allowedDestinations(opts.webhookAllowedHosts ?? []));
    fastify.decorateRequest('actor', null as unknown as Actor);
    await fastify.register(databasePlugin, { database: opts.database });
    if (opts.pollers) await fastify.register(pollersPlugin, { ...opts.pollers, manualClock: opts.manualClock });
    await fastify.register(documentsPlugin);
    registerErrorHandling(fastify);
    holdRequestsWhileStarting(fastify);
    answerLateRequests(fastify, opts.requestDeadlineMs ?? defaultLimits.requestDeadlineMs);
    fastify.addHook('onSend', (req, reply, payload, done) => {
      reply.header('x-request-id', req.id);
      done(null, payload);
    });
    refuseWhileClosing(fastify);
    await fastify.register(underPressure, {
      maxEventLoopDelay: opts.maxEventLoopDelayMs ?? defaultLimits.maxEventLoopDelayMs,
      retryAfter: RETRY_AFTER_SECONDS,
    });
    // The API speaks JSON only: any other body is 415, not a string handed to a JSON schema.
    fastify.removeContentTypeParser('text/plain');
    refuseUnstorableStrings(fastify);

    documentProblems(fastify);
    documentOperationIds(fastify);
    await fastify.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: {
          title: '职称评审 title-review workflow',
          version: '1.0.0',
          description: 'Cixi engineering-series title reviews (SPEC §7).',
        },
        components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
        security: [{ bearer: [] }],
      },
      transform: jsonSchemaTransform,
      transformObject: namedSchemasOnce,
    });
    await fastify.register(swaggerUi, { routePrefix: '/docs' });
    fastify.get('/openapi.json', { schema: { hide: true } }, () => fastify.swagger());

    await fastify.register(healthRoutes);
    await fastify.register(metricsRoutes, { tokens: opts.tokens, load: opts.database.load, listen: opts.metricsListen });
    await fastify.register(
      async (v1) => {
        v1.addHook(
          'onRequest',
          authenticate({
            tokens: opts.tokens,
            isRegisteredUnit: registeredUnits(fastify.db),
            sessionActor: async (value) => (await sessionActor(fastify.db, value, new Date()))?.actor,
          }),
        );
        await v1.register(sessionRoutes, { tokens: opts.tokens });
        await v1.register(planRoutes);
        await v1.register(applicationRoutes);
        await v1.register(materialRoutes, documents);
        await v1.register(documentRoutes, documents);
        await v1.register(banRoutes);
        await v1.register(unitRoutes);
        await v1.register(bulkRoutes);
        await v1.register(batchRoutes);
        await v1.register(statsRoutes);
        await v1.register(publicityRoutes);
        await v1.register(incidentRoutes, { idleWorkingDays: opts.idleWorkingDays ?? DEFAULT_IDLE_WORKING_DAYS });
        await v1.register(auditRoutes);
        await v1.register(calendarRoutes);
        await v1.register(machineRoutes);
        await v1.register(feedRoutes);
        await v1.register(webhookRoutes);
        await v1.register(webhookOperationRoutes);
        await v1.register(migrationRoutes);
        if (opts.manualClock) await v1.register(testClockRoutes, { clock: opts.manualClock });
      },
      { prefix: '/v1' },
    );
    await fastify.register(publicRoutes, { prefix: '/v1/public', ...documents });
    if (opts.demoSignIn) await fastify.register(demoRoutes, { prefix: '/v1', tokens: opts.tokens });
    await fastify.register(consoleRoutes);
  },
  { name: 'title-review' },
);

/**
 * Explicit limits, so a slow or idle client cannot hold a connection open indefinitely, and
 * a request waiting on a database that does not answer is itself answered (503) in time.
 */
const REQUEST_TIMEOUT_MS = 30_000;
const serverDefaults: FastifyServerOptions = {
  connectionTimeout: 60_000,
  requestTimeout: REQUEST_TIMEOUT_MS,
  keepAliveTimeout: 5_000,
  bodyLimit: 1024 * 1024,
  // refuseWhileClosing answers instead, as problem+json.
  return503OnClosing: false,
  frameworkErrors,
  requestIdHeader: 'x-request-id',
  genReqId: () => crypto.randomUUID(),
};

export async function buildApp(opts: AppOptions, server: FastifyHttpOptions<Server> = {}): Promise<FastifyInstance> {
  const fastify = Fastify({
    ...serverDefaults,
    clientErrorHandler: answerProtocolErrors(server.requestTimeout ?? REQUEST_TIMEOUT_MS),
    ...server,
  });
  await fastify.register(app, opts);
  await fastify.ready();
  return fastify;
}
