import closeWithGrace from 'close-with-grace';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { createTokenService } from './auth/jwt';
import { jwtSecretFor } from './auth/secret';
import { ManualClock, systemClock } from './clock';
import { type Config, ConfigError, demoSignInEnabled, listenUrl, loadConfig, publicUrlWarning } from './config';
import { openDatabase } from './db/client';
import { loggerOptions } from './log';
import { followManualClock } from './workflow/manual-clock';

/**
 * The service's modules, loaded while the database opens: an embedded one runs initdb on its
 * own thread at a first start (seconds), and loading the modules is most of the rest.
 */
const serviceModules = () => Promise.all([import('./app'), import('./demo/seed'), import('./workflow/outbox')]);

async function main() {
  let config: Config;
  let jwtSecret: string;
  try {
    config = loadConfig();
    jwtSecret = jwtSecretFor(config);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`title-review: ${err.message}\n`);
    process.exit(1);
  }
  const logger = pino({
    ...loggerOptions(config.logLevel),
    ...(process.stdout.isTTY ? { transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss' } } } : {}),
  });
  const [database, [{ buildApp }, { demoTokenLines, startDemo }, { logSender }]] = await Promise.all([
    openDatabase({
      url: config.databaseUrl,
      dataDir: config.dataDir,
      poolSize: config.dbPoolSize,
      timeouts: config.dbTimeouts,
    }),
    serviceModules(),
  ]);
  const tokens = createTokenService(jwtSecret);
  const manualClock = config.clock === 'manual' ? new ManualClock(new Date()) : undefined;
  // A manual clock goes on from the time last set, here or through another replica.
  if (manualClock) await followManualClock(database.db, manualClock);
  const clock = manualClock ?? systemClock;
  const app = await buildApp(
    {
      database,
      tokens,
      clock,
      manualClock,
      pollers: { everyMs: config.timerPollMs, send: logSender(logger) },
      maxEventLoopDelayMs: config.maxEventLoopDelayMs,
      requestDeadlineMs: config.requestDeadlineMs,
      metricsListen: config.metricsListen,
      documents: config.documents,
      idleWorkingDays: config.idleWorkingDays,
      webhookAllowedHosts: config.webhookAllowedHosts,
      demoSignIn: demoSignInEnabled(config),
    },
    { loggerInstance: logger },
  );

  closeWithGrace({ delay: 10_000 }, async ({ signal, err }) => {
    if (err) app.log.error({ err }, 'shutting down after an error');
    else app.log.info({ signal }, 'shutting down');
    await app.close();
  });

  await app.listen({ port: config.port, host: config.host });
  const base = listenUrl(app.server.address());
  const publicUrlProblem = publicUrlWarning(config.documents.publicUrl, config.documents.publicUrl ?? base);
  // The season seeds while the service listens: /readyz says so, and requests wait for it (src/http/startup.ts).
  const { seeding } = config.seedDemo ? await startDemo(database.db, clock) : {};
  if (seeding) app.startup.until(seeding, 'seeding the demo season');
  const lines = [
    `title-review is up on ${database.kind === 'pglite' ? `the embedded database in ${config.dataDir}` : 'PostgreSQL'}`,
    `  console:   ${base}/console/`,
    `  API docs:  ${base}/docs`,
    `  health:    ${base}/healthz  ${base}/readyz`,
    ...(config.metricsListen ? [`  metrics:   http://${config.metricsListen.host}:${metricsPort(app)}/metrics`] : []),
    ...(seeding ? ['', 'Seeding the demo season: /readyz answers 503 until it is in, and requests sent meanwhile wait for it.'] : []),
    ...(config.seedDemo ? ['', ...demoTokenLines(tokens, clock)] : []),
  ];
  process.stdout.write(`\n${lines.join('\n')}\n\n`);
  if (publicUrlProblem) app.log.warn(publicUrlProblem);
  if (seeding) process.stdout.write(`${(await seeding).join('\n')}\n\n`);
}

function metricsPort(app: FastifyInstance): number | string {
  const address = app.metricsServer?.address();
  return typeof address === 'object' && address ? address.port : '?';
}

// One line: an operator reads it in a terminal, and a driver's message may go on with the statement and its parameters.
main().catch((err) => {
  process.stderr.write(`title-review: failed to start: ${(err instanceof Error ? err.message : String(err)).split('\n')[0]}\n`);
  process.exit(1);
});
