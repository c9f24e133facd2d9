import type { z } from 'zod';
import { AppError } from '../errors';

// Page cursors are opaque to clients: base64url JSON of where the last page ended, checked
// on the way back in so a forged or stale cursor is a 400, not a wrong page.

export const encodeCursor = (position: unknown): string => Buffer.from(JSON.stringify(position)).toString('base64url');

export function decodeCursor<S extends z.ZodType>(cursor: string, schema: S): z.infer<S> {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw AppError.invalid('querystring', '/cursor', 'not a cursor this service issued');
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw AppError.invalid('querystring', '/cursor', 'not a cursor for this list and order');
  return parsed.data;
}
