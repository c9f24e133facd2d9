// What the request thread and the embedded database's thread say to each other.

export type Request =
  | {
      id: number;
      op: 'query';
      sql: string;
      params: unknown[];
      rowMode: 'array' | 'object';
      /** Type ids whose values stay the database's text (drizzle parses dates itself). */
      textTypes: number[];
      transaction?: number;
    }
  | { id: number; op: 'begin' }
  | { id: number; op: 'end'; transaction: number; commit: boolean }
  | { id: number; op: 'close' };

export type QueryResult = { rows: unknown[]; fields: { name: string; dataTypeID: number }[]; affectedRows?: number };

/**
 * Id 0 says the thread is ready; a negative id is a transaction's outcome once PGlite has
 * committed or rolled it back.
 */
export type Reply =
  | { id: number; ok: true; result?: QueryResult; transaction?: number }
  | { id: number; ok: false; error: { name: string; message: string } & Record<string, unknown> };
