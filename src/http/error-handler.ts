import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError } from './errors';
import { sendProblem } from './problem';

/** Every refusal leaves as problem+json with a registered code; a 5xx never carries internals. */
export function registerErrorHandling(app: FastifyInstance) {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    if (err instanceof AppError) return sendProblem(req, reply, err);
    if (hasZodFastifySchemaValidationErrors(err)) {
      const errors = err.validation.map((v) => ({
        in: err.validationContext, path: v.instancePath || '/', message: v.message,
      }));
      return sendProblem(req, reply, new AppError('VALIDATION_FAILED', { errors }));
    }
    const status = err.statusCode ?? 500;
    if (status < 500) {
      const code = status === 404 ? 'NOT_FOUND' : status === 401 ? 'UNAUTHENTICATED' : 'VALIDATION_FAILED';
      return sendProblem(req, reply, new AppError(code, { errors: [{ in: 'request', path: '/', message: err.message }] }));
    }
    req.log.error({ err }, 'request failed');
    return sendProblem(req, reply, new AppError(status === 503 ? 'UNAVAILABLE' : 'INTERNAL'));
  });
  app.setNotFoundHandler((req, reply) => sendProblem(req, reply, new AppError('NOT_FOUND')));
}
