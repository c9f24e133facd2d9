import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { type Browser, chromium } from 'playwright-core';
import { buildApp } from '../../src/app';
import { createTokenService } from '../../src/auth/jwt';
import { ManualClock } from '../../src/clock';
import { seedDemo } from '../../src/demo/seed';
import { JWT_SECRET } from './app';
import { copyOf } from './db';

/** Debian's chromium; these machines cannot download a browser build of Playwright's own. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export type ConsoleServer = {
  app: FastifyInstance;
  base: string;
  token: ReturnType<typeof createTokenService>['sign'];
  close(): Promise<void>;
};

/**
 * The service with the demo season seeded at `now`, listening on an ephemeral port, on a test
 * database of its own (PGlite, or a fresh database with DATABASE_URL): a copy of the season the
 * run seeded once (test/support/db.ts), as a restart finds it. The demo sign-in is switched on
 * here by the app option, as the server does only for the embedded database.
 */
export async function consoleServer(now: string): Promise<ConsoleServer> {
  const clock = new ManualClock(new Date(now));
  const tokens = createTokenService(JWT_SECRET);
  const database = await copyOf(`demo_${now.replace(/\D/g, '')}`, async ({ db }) => {
    await seedDemo(db, clock, tokens);
  });
  const app = await buildApp({ database, tokens, clock, manualClock: clock, demoSignIn: true, maxEventLoopDelayMs: 0 }, { logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return { app, base: `http://127.0.0.1:${port}`, token: tokens.sign, close: () => app.close() };
}

/** Chromium, or a clear failure when it is not installed: the browser tests never skip. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(`the console's browser tests need Chromium at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
}
