import { z } from 'zod';
import { eventTypes, roles } from '../../machines/events';
import { entry, inState, TokenRefusal, ValidationIssue } from './entry';

/** Refusals of the request itself and of who sends it, before any record is read. */
export const requestErrors = {
  VALIDATION_FAILED: entry(400, 'Validation failed', '请求内容不合法', 'The request is not valid', {
    errors: z.array(ValidationIssue),
    ...inState,
  }),
  NOTHING_TO_CHANGE: entry(400, 'Nothing to change', '请求未指明要修改的内容', 'The request names nothing to change', {
    /** What the request may change. */
    fields: z.array(z.string()),
  }),
  BAD_REQUEST: entry(400, 'Bad request', '无法解析的HTTP请求', 'The HTTP request could not be read', {
    /** What the HTTP parser could not read: the request line, a header, the body's framing (Content-Length beside Transfer-Encoding) or a chunk. */
    reason: z.enum(['request line', 'header', 'framing', 'chunk', 'malformed']),
  }),
  HEADERS_TOO_LARGE: entry(431, 'Headers too large', '请求行或请求头过长', 'The request line or headers are too large', {
    limitBytes: z.number().int(),
  }),
  REQUEST_TIMEOUT: entry(408, 'Request timeout', '请求未在限定时间内发送完毕', 'The request was not received in time', {
    timeoutMs: z.number().int(),
  }),
  PAYLOAD_TOO_LARGE: entry(413, 'Payload too large', '请求内容过大', 'The request body is too large', { limitBytes: z.number().int() }),
  UNSUPPORTED_MEDIA_TYPE: entry(
    415,
    'Unsupported media type',
    '不支持的请求内容类型，请使用 application/json',
    'Unsupported content type; send application/json',
    { contentType: z.string().optional() },
  ),
  UNAUTHENTICATED: entry(401, 'Unauthenticated', '未登录或令牌无效', 'Missing or invalid bearer token', TokenRefusal.partial().shape),
  FORBIDDEN: entry(403, 'Forbidden', '当前角色无权执行此操作', 'Your role may not do this', {
    role: z.enum([...roles, 'system']).optional(),
    eventType: z.enum(eventTypes).optional(),
  }),
  CROSS_SITE_REQUEST: entry(
    403,
    'Cross-site request',
    '请求未带本控制台的标记或来自其他网站，已拒绝',
    'A request made with the session cookie must come from the console itself',
    {},
  ),
  NOT_FOUND: entry(404, 'Not found', '资源不存在', 'No such resource', {}),
  IDEMPOTENCY_KEY_REUSED: entry(
    422,
    'Idempotency key reused',
    '幂等键已用于另一个请求',
    'This Idempotency-Key was used for a different request',
    {},
  ),
  RATE_LIMITED: entry(429, 'Too many requests', '请求过于频繁，请稍后再试', 'Too many requests; try again later', {
    retryAfterSeconds: z.number().int(),
  }),
  INTERNAL: entry(500, 'Internal error', '服务内部错误', 'Internal server error', {}),
  UNAVAILABLE: entry(503, 'Service unavailable', '服务暂不可用，请稍后重试', 'Service unavailable; retry later', {
    reason: z.enum(['shutting down', 'overloaded', 'timeout', 'database unreachable', 'seeding the demo season']).optional(),
  }),
  DATABASE_UNAVAILABLE: entry(503, 'Database unavailable', '数据库暂不可用，请稍后重试', 'The database is unavailable; retry later', {}),
} as const;
