import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';

/** Asserts an RFC 9457 refusal: status, problem+json content type and the stable `code`; returns the document. */
export function expectProblem(res: LightMyRequestResponse, status: number, code: string): Record<string, any> {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = res.json();
  expect(body.code, res.body).toBe(code);
  expect(body.status).toBe(status);
  return body;
}

export function expectOk(res: LightMyRequestResponse): Record<string, any> {
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}
