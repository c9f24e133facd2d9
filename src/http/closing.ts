import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors';

/**
 * From the moment the app starts closing, a request that still arrives (on a kept-alive
 * connection) is refused as problem+json, and told to reconnect, rather than with
 * Fastify's own 503 (`return503OnClosing`, plain JSON).
 */
export function refuseWhileClosing(app: FastifyInstance): void {
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onRequest', async (_req, reply) => {
    if (!closing) return;
    reply.header('connection', 'close');
    throw new AppError('UNAVAILABLE', { reason: 'shutting down' });
  });
}
