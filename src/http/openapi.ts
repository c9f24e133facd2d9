import type { FastifyInstance, RouteOptions } from 'fastify';
import { createJsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { materialKinds } from '../../machines/material-kinds';
import { type ErrorCode, errorRegistry } from '../errors';
import { webhooksSection } from './openapi-webhooks';

// The OpenAPI 3.1 document a client generator can trust: every refusal a route may give as
// application/problem+json, one named schema per problem code with its members typed.

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Refusals this route gives beyond those any route may (`problemsOf` adds those). */
    problems?: readonly ErrorCode[];
  }
}

const codes = Object.keys(errorRegistry) as ErrorCode[];

/** `NOT_FOUND` → the component `Problem_NOT_FOUND`: the RFC 9457 members, the code and its own members. */
const problemSchemas = Object.fromEntries(
  codes.map((code) => {
    const entry = errorRegistry[code];
    const schema = z
      .object({
        type: z.string(),
        title: z.string(),
        status: z.literal(entry.status),
        code: z.literal(code),
        detail: z.string().describe('zh-CN by default, English with Accept-Language: en'),
        instance: z.string(),
        requestId: z.string().describe('the x-request-id of this answer'),
        ...entry.members.shape,
      })
      .meta({ id: `Problem_${code}`, description: entry.title });
    return [code, schema];
  }),
) as unknown as Record<ErrorCode, z.ZodObject>;

/**
 * What any route may answer besides its own refusals: a malformed request (an invalid part, or
 * HTTP the parser cannot read: http/protocol-errors.ts), a body the API does not take, a missing
 * token or a role the route does not serve, and the service or its database being unavailable.
 */
const anyRoute: readonly ErrorCode[] = ['VALIDATION_FAILED', 'BAD_REQUEST', 'HEADERS_TOO_LARGE', 'REQUEST_TIMEOUT'];
function problemsOf(route: RouteOptions): ErrorCode[] {
  const found = new Set<ErrorCode>([...anyRoute, ...(route.config?.problems ?? []), 'INTERNAL', 'UNAVAILABLE']);
  const methods = [route.method].flat();
  if (methods.some((m) => m !== 'GET' && m !== 'HEAD')) found.add('PAYLOAD_TOO_LARGE').add('UNSUPPORTED_MEDIA_TYPE');
  // Everything under /v1 but the public pages is behind a token (app.ts); so is /metrics on the API port.
  if ((route.url.startsWith('/v1/') && !route.url.startsWith('/v1/public/')) || route.url === '/metrics') found.add('UNAUTHENTICATED');
  // A write made with the console's session cookie must come from the console (auth/session-cookie.ts).
  if (route.url.startsWith('/v1/') && !route.url.startsWith('/v1/public/') && methods.some((m) => m !== 'GET' && m !== 'HEAD'))
    found.add('CROSS_SITE_REQUEST');
  if (route.config?.roles) found.add('FORBIDDEN');
  if (route.url !== '/healthz') found.add('DATABASE_UNAVAILABLE');
  return [...found];
}

/** The problem responses of a route, by status; each one schema or a union of the codes sharing a status. */
function problemResponses(list: readonly ErrorCode[]) {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of list) byStatus.set(errorRegistry[code].status, [...(byStatus.get(errorRegistry[code].status) ?? []), code]);
  return Object.fromEntries(
    [...byStatus].map(([status, sharing]) => {
      const schemas = sharing.map((code) => problemSchemas[code]);
      return [
        status,
        {
          description: sharing.join(', '),
          content: { 'application/problem+json': { schema: schemas.length === 1 ? schemas[0] : z.union(schemas) } },
        },
      ];
    }),
  );
}

/** Adds each route's problem responses to its schema; call before @fastify/swagger registers, so it sees them. */
export function documentProblems(app: FastifyInstance) {
  app.addHook('onRoute', (route) => {
    if (!route.schema || route.schema.hide) return;
    route.schema.response = { ...(route.schema.response as object), ...problemResponses(problemsOf(route)) };
  });
}

/**
 * Every documented operation gets an operationId from its method and path, so generated clients
 * name their functions by it: GET /v1/applications/:id/history is getApplicationsByIdHistory.
 */
export function documentOperationIds(app: FastifyInstance) {
  app.addHook('onRoute', (route) => {
    const method = [route.method].flat()[0]!.toLowerCase();
    // A HEAD route shares its GET's schema, which already has the GET's name.
    if (!route.schema || route.schema.hide || method === 'head' || 'operationId' in route.schema) return;
    const words = route.url
      .replace(/^\/v1\//, '/')
      .split('/')
      .filter((s) => s !== '')
      .map((s) => (s.startsWith(':') ? `By${pascal(s.slice(1))}` : pascal(s)));
    Object.assign(route.schema, { operationId: `${method}${words.join('')}` });
  });
}

const pascal = (s: string) =>
  s
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w !== '')
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');

const transformObject = createJsonSchemaTransformObject({});

type Json = { [key: string]: unknown };
const prefix = '#/components/schemas/';

/** The component names a value refers to with `$ref`. */
const refsIn = (value: unknown): string[] =>
  [...JSON.stringify(value).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1] as string);

type Response = { content?: Record<string, unknown>; headers?: Record<string, unknown> };
type Operation = { responses?: Record<string, Response>; requestBody?: unknown };

const header = (description: string, required = true) => ({ description, required, schema: { type: 'string' } });

/**
 * The response headers clients act on, as the service sends them: the request id on every
 * answer, `Retry-After` with every 503 and 429, the version as `ETag` where `If-Match` takes it
 * back, `Content-Disposition` with every file (its name), `Location` where a POST made something
 * there is a GET for; and the upload's multipart body.
 */
function documentHeaders(paths: Record<string, Record<string, Operation>>) {
  // The resource a POST on `path` makes is read at `path/{param}`.
  const readAt = (path: string) =>
    Object.keys(paths).find((p) => p.startsWith(`${path}/{`) && !p.slice(path.length + 1).includes('/') && paths[p]?.get);
  for (const [path, methods] of Object.entries(paths)) {
    const made = readAt(path);
    for (const [method, op] of Object.entries(methods)) {
      for (const [status, response] of Object.entries(op.responses ?? {})) {
        const headers: Record<string, unknown> = {
          'X-Request-Id': header('the id of this request, as logs and problem documents carry it'),
        };
        if (status === '503' || status === '429') headers['Retry-After'] = header('seconds to wait before trying again');
        if (status.startsWith('2') && method === 'get' && path === '/v1/applications/{id}')
          headers.ETag = header("the application's version, quoted: send it back as If-Match to act on this version");
        if (status.startsWith('2') && method === 'get' && /\.(pdf|csv|html)$|\/materials\/\{sha256\}$/.test(path))
          headers['Content-Disposition'] = header('attachment (or inline) with the file name, RFC 6266 and RFC 5987 encoded');
        if ((status === '201' || status === '202') && method === 'post' && made)
          headers.Location = header(`where what this made is read: ${made}, relative to the service's address`);
        response.headers = { ...response.headers, ...headers };
      }
      if (method === 'post' && path === '/v1/applications/{id}/materials') {
        op.requestBody = {
          required: true,
          content: {
            'multipart/form-data': {
              schema: {
                type: 'object',
                required: ['kind', 'file'],
                properties: {
                  kind: { type: 'string', enum: [...materialKinds], description: 'sent before the file' },
                  file: { type: 'string', format: 'binary', description: 'one PDF, JPEG or PNG' },
                },
              },
              encoding: { file: { contentType: 'application/pdf, image/jpeg, image/png' } },
            },
          },
        };
      }
    }
  }
}

/**
 * fastify-type-provider-zod emits every named schema twice, as `X` (what the service sends)
 * and `XInput` (what it takes), whether used or not. Keep those the document refers to, and
 * call `XInput` plain `X` where there is no other `X` or both are the same, so a generator
 * sees one type per shape under the name the code gave it.
 */
export function namedSchemasOnce(doc: Parameters<typeof transformObject>[0]) {
  const { components, ...rest } = transformObject(doc) as unknown as Json & { components: { schemas: Record<string, unknown> } };
  const all = components.schemas;
  const used = new Set(refsIn(rest));
  for (const name of used) for (const ref of refsIn(all[name])) used.add(ref);
  const renamed = new Map<string, string>();
  for (const name of used) {
    const plain = name.replace(/Input$/, '');
    if (plain !== name && (!used.has(plain) || JSON.stringify(all[plain]) === JSON.stringify(all[name]))) renamed.set(name, plain);
  }
  const rename = (value: unknown) =>
    JSON.parse(JSON.stringify(value), (key, v) =>
      key === '$ref' && typeof v === 'string' && renamed.has(v.slice(prefix.length)) ? prefix + renamed.get(v.slice(prefix.length)) : v,
    );
  const schemas = Object.fromEntries([...used].map((name) => [renamed.get(name) ?? name, rename(all[name])]));
  const document = rename(rest);
  documentHeaders(document.paths);
  return { ...document, webhooks: webhooksSection(document.paths), components: { ...components, schemas } } as unknown as ReturnType<
    typeof transformObject
  >;
}
