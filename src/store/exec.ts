import { fillPlaceholders, type Query, type SQL, sql } from 'drizzle-orm';
import { type AnyPgColumn, PgDialect } from 'drizzle-orm/pg-core';
import type { Db } from '../db/client';

// The store's one way to run a statement it composed itself (data-modifying CTEs, claims
// with SKIP LOCKED). Statements are built from drizzle's table and column objects, so
// schema.ts is the only place a name is spelled, and compiled to text once per shape.

const dialect = new PgDialect();

/** Statement text compiled once; its values are named placeholders filled per call. */
export const compile = (query: SQL): Query => dialect.sqlToQuery(query);

/** A column's bare name, for the places SQL does not take a qualified one (SET, INSERT lists). */
export const col = (c: AnyPgColumn) => sql.identifier(c.name);

/** A named value of a compiled statement. */
export const param = (name: string) => sql.placeholder(name);
export const jsonParam = (name: string) => sql`${sql.placeholder(name)}::jsonb`;
export const instantParam = (name: string) => sql`${sql.placeholder(name)}::timestamptz`;
export const uuidParam = (name: string) => sql`${sql.placeholder(name)}::uuid`;

/**
 * Rows of a compiled statement, run as a named prepared statement: drizzle's public
 * `execute` leaves statements unprepared, and postgres.js then describes each one first,
 * one more round trip per call. The two drivers shape results differently. `db._.session` is
 * drizzle's internal API, so package.json pins drizzle-orm to the version this was written against.
 */
export async function run<T>(db: Db, query: Query, values: Record<string, unknown> = {}): Promise<T[]> {
  const filled = { sql: query.sql, params: fillPlaceholders(query.params, values) };
  const result = (await db._.session.prepareQuery(filled, undefined, 'store', false).execute()) as unknown;
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

/** Statements that vary in shape: each shape is compiled the first time its key is seen. */
export function statementCache(): (key: string, build: () => SQL) => Query {
  const compiled = new Map<string, Query>();
  return (key, build) => {
    const known = compiled.get(key);
    if (known) return known;
    const query = compile(build());
    compiled.set(key, query);
    return query;
  };
}

/** A unique constraint refused the write (SQLSTATE 23505), whichever driver raised it. */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; cause?: { code?: string } };
  return (e.code ?? e.cause?.code) === '23505';
}
