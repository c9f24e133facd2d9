import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { LightMyRequestResponse } from 'fastify';

// Real answers checked against the served OpenAPI document with a JSON Schema 2020-12
// validator of its own: the document is the oracle, not the zod schemas it came from.

type Operation = {
  responses: Record<string, { content?: Record<string, { schema: object }>; headers?: Record<string, { required?: boolean }> }>;
};
type Document = { paths: Record<string, Record<string, Operation>> };

const pointerSegment = (segment: string) => segment.replaceAll('~', '~0').replaceAll('/', '~1');

export function documentChecker(doc: Document) {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema(doc, 'openapi');
  const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.keys(methods).map((method) => ({
      path,
      method,
      pattern: new RegExp(`^${path.replace(/\{[^}]+\}/g, '[^/]+').replaceAll('.', '\\.')}$`),
      params: (path.match(/\{/g) ?? []).length,
    })),
  );
  const exercised = new Map<string, Set<string>>();

  /** The documented operation a request reached: of the paths that match, the one with fewest parameters. */
  function operationOf(method: string, url: string) {
    const path = url.split('?')[0] ?? url;
    const matching = operations
      .filter((o) => o.method === method.toLowerCase() && o.pattern.test(path))
      .sort((a, b) => a.params - b.params);
    return matching[0];
  }

  return {
    /** Fails unless the answer's status, media type and body are what the document says the operation answers. */
    check(method: string, url: string, res: LightMyRequestResponse): string[] {
      const op = operationOf(method, url);
      if (!op) return [`${method} ${url}: no documented operation`];
      const key = `${op.method.toUpperCase()} ${op.path}`;
      exercised.set(key, (exercised.get(key) ?? new Set()).add(String(res.statusCode)));
      const response = doc.paths[op.path]?.[op.method]?.responses[res.statusCode];
      if (!response) return [`${key}: status ${res.statusCode} is not documented (${res.body.slice(0, 200)})`];
      // A header the document says is always sent must be there.
      const missing = Object.entries(response.headers ?? {})
        .filter(([name, h]) => h.required && res.headers[name.toLowerCase()] === undefined)
        .map(([name]) => name);
      if (missing.length) return [`${key} ${res.statusCode}: documented header ${missing.join(', ')} not sent`];
      const mediaType = String(res.headers['content-type'] ?? '').split(';')[0] ?? '';
      if (!response.content?.[mediaType]) return [`${key} ${res.statusCode}: media type ${mediaType} is not documented`];
      if (!/json$/.test(mediaType)) return [];
      const pointer = ['paths', op.path, op.method, 'responses', String(res.statusCode), 'content', mediaType, 'schema']
        .map((s) => encodeURIComponent(pointerSegment(s)))
        .join('/');
      const validate = ajv.getSchema(`openapi#/${pointer}`);
      if (!validate) return [`${key}: no schema at ${pointer}`];
      return validate(res.json()) ? [] : [`${key} ${res.statusCode}: ${ajv.errorsText(validate.errors)} in ${res.body.slice(0, 300)}`];
    },
    /** The documented operations no request reached, and those never answered with success. */
    unexercised(): string[] {
      return operations
        .map((o) => `${o.method.toUpperCase()} ${o.path}`)
        .filter((key) => ![...(exercised.get(key) ?? [])].some((status) => status.startsWith('2')));
    },
    exercised,
  };
}
