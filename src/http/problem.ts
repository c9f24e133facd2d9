import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError, errorRegistry, type ErrorCode } from './errors';

export type Lang = 'zh' | 'en';

export function langOf(req: FastifyRequest): Lang {
  return /^\s*en\b/i.test(req.headers['accept-language'] ?? '') ? 'en' : 'zh';
}

/** RFC 9457 problem document for a registered error. */
export function problem(req: FastifyRequest, err: AppError) {
  const entry = errorRegistry[err.code];
  const lang = langOf(req);
  return {
    type: `urn:title-review:problem:${err.code.toLowerCase().replaceAll('_', '-')}`,
    title: entry.title,
    status: entry.status,
    code: err.code,
    detail: err.detail ? err.detail[lang] : entry[lang],
    instance: req.url,
    requestId: req.id,
    ...err.extensions,
  };
}

export function sendProblem(req: FastifyRequest, reply: FastifyReply, err: AppError) {
  return reply.status(err.status).type('application/problem+json').send(problem(req, err));
}

export function errorFor(code: ErrorCode, extensions?: Record<string, unknown>) {
  return new AppError(code, extensions);
}
