import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Database, Db } from '../db/client';

/** Recent requests the database could not serve: /readyz is not ready while they keep coming. */
type DatabaseTrouble = { note(): void; recent(): boolean };

declare module 'fastify' {
  interface FastifyInstance {
    db: Db;
    databaseTrouble: DatabaseTrouble;
    /** How many timers may fire at once: every connection but one, which stays free for requests. */
    timerWidth: number;
  }
}

/** How long one failed request keeps the service "not ready": a connect attempt or two. */
const TROUBLE_WINDOW_MS = 3_000;

/** The app owns the database it is given: closing the app closes it, after every plugin registered later. */
export const databasePlugin = fp(
  async (app: FastifyInstance, opts: { database: Database }) => {
    app.decorate('db', opts.database.db);
    app.decorate('timerWidth', Math.max(1, opts.database.connections - 1));
    let lastTrouble = Number.NEGATIVE_INFINITY;
    app.decorate('databaseTrouble', {
      note: () => {
        lastTrouble = performance.now();
      },
      recent: () => performance.now() - lastTrouble < TROUBLE_WINDOW_MS,
    });
    app.addHook('onClose', async () => opts.database.close());
  },
  { name: 'database' },
);
