import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Database, Db } from '../db/client';

declare module 'fastify' {
  interface FastifyInstance {
    db: Db;
  }
}

/** The app owns the database it is given: closing the app closes it, after every plugin registered later. */
export const databasePlugin = fp(
  async (app: FastifyInstance, opts: { database: Database }) => {
    app.decorate('db', opts.database.db);
    app.addHook('onClose', async () => opts.database.close());
  },
  { name: 'database' },
);
