import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, type ValidationIssue } from './errors';
import { sendProblem } from './problem';

const requestParts = ['body', 'querystring', 'params', 'headers'] as const;

/** Every refusal leaves as problem+json with a registered code; a 5xx never carries internals. */
export function registerErrorHandling(app: FastifyInstance) {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    if (err instanceof AppError) return sendProblem(req, reply, err);
    if (hasZodFastifySchemaValidationErrors(err)) {
      const part: ValidationIssue['in'] = requestParts.find((p) => p === err.validationContext) ?? 'request';
      const errors = err.validation.map((v) => ({ in: part, path: v.instancePath || '/', message: v.message ?? 'invalid' }));
      return sendProblem(req, reply, new AppError('VALIDATION_FAILED', { errors }));
    }
    const status = err.statusCode ?? 500;
    if (status < 500) {
      if (status === 404) return sendProblem(req, reply, new AppError('NOT_FOUND'));
      if (status === 401) return sendProblem(req, reply, new AppError('UNAUTHENTICATED'));
      return sendProblem(req, reply, AppError.invalid('request', '/', err.message));
    }
    req.log.error({ err }, 'request failed');
    return sendProblem(req, reply, new AppError(status === 503 ? 'UNAVAILABLE' : 'INTERNAL'));
  });
  app.setNotFoundHandler((req, reply) => sendProblem(req, reply, new AppError('NOT_FOUND')));
}
