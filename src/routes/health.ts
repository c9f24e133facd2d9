import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../http/errors';

export async function healthRoutes(app: FastifyInstance) {
  app.get('/healthz', { schema: { tags: ['health'], security: [] } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { tags: ['health'], security: [] } }, async (req) => {
    try {
      await app.db.execute(sql`select 1`);
    } catch (err) {
      req.log.warn({ err }, 'database not reachable');
      throw new AppError('UNAVAILABLE', { reason: 'database unreachable' });
    }
    return { status: 'ready' };
  });
}
