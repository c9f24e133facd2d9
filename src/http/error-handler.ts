import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { databaseErrorFacts, isDatabaseUnavailable } from '../db/errors';
import { AppError, type ValidationIssue } from '../errors';
import { sendProblem } from './problem';

const requestParts = ['body', 'querystring', 'params', 'headers'] as const;

/** Seconds a client should wait before retrying a 503: about as long as a connection attempt. */
export const RETRY_AFTER_SECONDS = 2;

/** A refusal; a 503 also tells the client when to come back. */
function refuse(req: FastifyRequest, reply: FastifyReply, err: AppError) {
  if (err.status === 503) reply.header('retry-after', String(RETRY_AFTER_SECONDS));
  return sendProblem(req, reply, err);
}

/**
 * Errors Fastify raises before a route is chosen (a malformed percent-escape in the path),
 * which skip the error handler: the same problem+json.
 */
export function frameworkErrors(err: FastifyError, req: FastifyRequest, reply: FastifyReply) {
  const badPath = err.code === 'FST_ERR_BAD_URL';
  return refuse(req, reply, AppError.invalid(badPath ? 'params' : 'request', '/', badPath ? 'the path is not a valid URL' : err.message));
}

/** Every refusal leaves as problem+json with a registered code; a 5xx never carries internals. */
export function registerErrorHandling(app: FastifyInstance) {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    if (err instanceof AppError) return refuse(req, reply, err);
    if (hasZodFastifySchemaValidationErrors(err)) {
      const part: ValidationIssue['in'] = requestParts.find((p) => p === err.validationContext) ?? 'request';
      const errors = err.validation.map((v) => ({ in: part, path: v.instancePath || '/', message: v.message ?? 'invalid' }));
      return refuse(req, reply, new AppError('VALIDATION_FAILED', { errors }));
    }
    switch (err.code) {
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        // Fastify closes the connection after a body it will not read, while the client may still
        // be sending it: the client then meets a closed socket (EPIPE) before it reads the 413.
        // Kept open, Node reads the rest of the body and drops it (bounded by the request timeout).
        reply.removeHeader('connection');
        return refuse(
          req,
          reply,
          new AppError('PAYLOAD_TOO_LARGE', { limitBytes: req.routeOptions.bodyLimit ?? app.initialConfig.bodyLimit ?? 0 }),
        );
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return refuse(req, reply, new AppError('UNSUPPORTED_MEDIA_TYPE', { contentType: req.headers['content-type'] }));
      case 'FST_UNDER_PRESSURE':
        return refuse(req, reply, new AppError('UNAVAILABLE', { reason: 'overloaded' }));
    }
    if (isDatabaseUnavailable(err)) {
      app.databaseTrouble.note();
      req.log.warn({ db: databaseErrorFacts(err) }, 'database unavailable');
      return refuse(req, reply, new AppError('DATABASE_UNAVAILABLE'));
    }
    const status = err.statusCode ?? 500;
    if (status < 500) {
      if (status === 404) return refuse(req, reply, new AppError('NOT_FOUND'));
      if (status === 401) return refuse(req, reply, new AppError('UNAUTHENTICATED'));
      return refuse(req, reply, AppError.invalid('request', '/', err.message));
    }
    req.log.error({ err }, 'request failed');
    if (status === 503) return refuse(req, reply, new AppError('UNAVAILABLE'));
    return refuse(req, reply, new AppError('INTERNAL'));
  });
  app.setNotFoundHandler((req, reply) => refuse(req, reply, new AppError('NOT_FOUND')));
}
