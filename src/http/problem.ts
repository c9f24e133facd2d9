import type { FastifyReply, FastifyRequest } from 'fastify';
import { type AppError, errorRegistry } from '../errors';

export type Lang = 'zh' | 'en';

export function langOf(req: FastifyRequest): Lang {
  return /^\s*en\b/i.test(req.headers['accept-language'] ?? '') ? 'en' : 'zh';
}

/** RFC 9457 problem document for a registered error. */
export function problem(req: FastifyRequest, err: AppError) {
  const entry = errorRegistry[err.code];
  return {
    type: `urn:title-review:problem:${err.code.toLowerCase().replaceAll('_', '-')}`,
    title: entry.title,
    status: entry.status,
    code: err.code,
    detail: entry[langOf(req)],
    instance: req.url,
    requestId: req.id,
    ...err.extensions,
  };
}

export function sendProblem(req: FastifyRequest, reply: FastifyReply, err: AppError) {
  return reply.status(err.status).type('application/problem+json').send(problem(req, err));
}
