import type { FastifyInstance } from 'fastify';
import { AppError, type ValidationIssue } from '../errors';

// PostgreSQL stores neither U+0000 (in text or jsonb) nor a lone UTF-16 surrogate (jsonb
// refuses its \u escape). One hook over every parsed part of every request refuses them
// as bad input, before any schema or statement sees them, instead of a 500 from the driver.

const NUL = '\u0000';
/** With the u flag a well-formed pair is one code point; only a lone surrogate is in category Cs. */
const loneSurrogate = /\p{Cs}/u;
export const isStorable = (s: string) => !s.includes(NUL) && !loneSurrogate.test(s);
const escapePointer = (key: string) => key.replaceAll('~', '~0').replaceAll('/', '~1');

/** The JSON Pointer of the first string (value or key) PostgreSQL cannot store, or null. Iterative: bodies may nest deeply. */
export function unstorableAt(root: unknown): string | null {
  const pending: [unknown, string][] = [[root, '']];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [value, at] = next;
    if (typeof value === 'string') {
      if (!isStorable(value)) return at || '/';
    } else if (typeof value === 'object' && value !== null) {
      for (const [key, child] of Object.entries(value)) {
        const path = `${at}/${escapePointer(key)}`;
        if (!isStorable(key)) return path;
        pending.push([child, path]);
      }
    }
  }
  return null;
}

const parts = ['params', 'querystring', 'headers', 'body'] as const satisfies readonly ValidationIssue['in'][];

export function refuseUnstorableStrings(app: FastifyInstance): void {
  app.addHook('preValidation', async (req) => {
    const values = { params: req.params, querystring: req.query, headers: req.headers, body: req.body };
    for (const part of parts) {
      const at = unstorableAt(values[part]);
      if (at !== null) throw AppError.invalid(part, at, 'contains U+0000 or a lone surrogate, which cannot be stored');
    }
  });
}
