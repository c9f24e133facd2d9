import type { FastifyInstance, FastifyReply } from 'fastify';
import { AppError } from '../errors';

/** How often unanswered requests are looked at: a late one is answered within this much of its deadline. */
const SWEEP_MS = 250;

/**
 * A request not answered within `ms` (a database that does not answer, say) is answered with
 * 503 UNAVAILABLE then. Fastify's `handlerTimeout` does the same but gives every request an
 * AbortController that it aborts when the request closes, which costs a DOMException per
 * request; here a request costs a set entry, and one sweep serves them all.
 */
export function answerLateRequests(app: FastifyInstance, ms: number): void {
  const pending = new Map<FastifyReply, number>();
  app.addHook('onRequest', (_req, reply, done) => {
    pending.set(reply, Date.now() + ms);
    done();
  });
  // A client that went away never gets an onResponse: its entry goes at its deadline.
  app.addHook('onResponse', (_req, reply, done) => {
    pending.delete(reply);
    done();
  });
  const sweep = setInterval(() => {
    const now = Date.now();
    for (const [reply, deadline] of pending) {
      if (deadline > now) continue;
      pending.delete(reply);
      if (reply.sent || reply.raw.destroyed) continue;
      reply.log.warn('request deadline passed');
      if (reply.raw.headersSent) reply.raw.destroy();
      else reply.send(new AppError('UNAVAILABLE', { reason: 'timeout' }));
    }
  }, SWEEP_MS);
  sweep.unref();
  app.addHook('onClose', (_app, done) => {
    clearInterval(sweep);
    done();
  });
}
