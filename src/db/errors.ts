import { postgresUrlHosts } from '../config';

// What a database error means to a caller, and what of it may be logged. Drivers wrap
// errors (drizzle's DrizzleQueryError carries the statement and every parameter, the
// snapshot with ID number and name among them), so the facts are read from the chain.

/** Node's socket errors on the way to the server. */
const socketCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
/** postgres.js's own connection errors. */
const driverCodes = new Set(['CONNECTION_CLOSED', 'CONNECTION_ENDED', 'CONNECTION_DESTROYED', 'CONNECT_TIMEOUT']);

/**
 * SQLSTATEs that say the server cannot serve now, not that the statement is wrong:
 * connection exceptions (08…), insufficient resources (53…, e.g. 53300 too many
 * connections), shutdown or start-up (57P01–57P03), a statement cancelled by
 * statement_timeout (57014), a session ended by idle_in_transaction_session_timeout (25P03),
 * and a write sent to a server that is (still, or again) a read-only standby (25006), as
 * during a failover.
 */
const unavailableSqlState = (code: string) =>
  /^(08|53)[0-9A-Z]{3}$/.test(code) || ['57P01', '57P02', '57P03', '57014', '25P03', '25006'].includes(code);

/** The error and every cause or alternative attempt behind it (DrizzleQueryError.cause, AggregateError.errors). */
function* chain(err: unknown, depth = 0): Generator<object> {
  if (typeof err !== 'object' || err === null || depth > 5) return;
  yield err;
  if ('cause' in err) yield* chain(err.cause, depth + 1);
  if ('errors' in err && Array.isArray(err.errors)) for (const e of err.errors) yield* chain(e, depth + 1);
}

const stringField = (e: object, key: string): string | undefined => {
  const value = (e as Record<string, unknown>)[key];
  return typeof value === 'string' ? value : undefined;
};

/** The database is down, unreachable, out of connections, shutting down or too slow: a 503, not a bug. */
export function isDatabaseUnavailable(err: unknown): boolean {
  for (const e of chain(err)) {
    const code = stringField(e, 'code');
    if (code && (socketCodes.has(code) || driverCodes.has(code) || unavailableSqlState(code))) return true;
    // PGlite's own words once closed; it has no code for it.
    if (stringField(e, 'message') === 'PGlite is closed') return true;
  }
  return false;
}

export type DatabaseErrorFacts = { error: string; code?: string; constraint?: string; table?: string };

/**
 * What may be logged of a database error: names and codes, never the message (values appear
 * in it: `invalid input syntax for type uuid: "…"`), the statement or its parameters.
 * Null when nothing in the chain came from a database or its driver.
 */
export function databaseErrorFacts(err: unknown): DatabaseErrorFacts | null {
  const errors = [...chain(err)];
  const fromDatabase = errors.some((e) => {
    const name = e.constructor?.name ?? '';
    return /Drizzle|Postgres|Database/.test(name) || isDatabaseUnavailable(e);
  });
  if (!fromDatabase) return null;
  const innermost = errors.at(-1) ?? {};
  const withCode = [...errors].reverse().find((e) => stringField(e, 'code'));
  return {
    error: innermost.constructor?.name ?? 'Error',
    ...(withCode && { code: stringField(withCode, 'code') }),
    ...pick(errors, 'constraint', 'constraint_name'),
    ...pick(errors, 'table', 'table_name'),
  };
}

function pick(errors: object[], as: 'constraint' | 'table', driverKey: string) {
  for (const e of errors) {
    const value = stringField(e, as) ?? stringField(e, driverKey);
    if (value) return { [as]: value };
  }
  return {};
}

/** One line for an operator whose service could not reach its database at start-up. */
export function describeUnreachable(err: unknown, url: string): string | null {
  if (!isDatabaseUnavailable(err)) return null;
  const hosts = (postgresUrlHosts(url) ?? []).map(({ hostname, port }) => `${hostname || 'localhost'}:${port || '5432'}`);
  const codes = [...chain(err)].map((e) => stringField(e, 'code')).filter((c) => c !== undefined);
  const reason = codes.includes('ECONNREFUSED')
    ? 'the connection was refused'
    : codes.includes('CONNECT_TIMEOUT') || codes.includes('ETIMEDOUT')
      ? 'the connection timed out'
      : `the server could not be used (${codes[0] ?? 'unavailable'})`;
  return `cannot reach PostgreSQL at ${hosts.join(', ')}: ${reason}`;
}
