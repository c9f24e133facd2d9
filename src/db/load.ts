/** How many database connections the service is using now, and how many requests wait for one. */
export type DatabaseLoad = { inUse: number; waiting: number };

type Session = {
  prepareQuery(...args: unknown[]): { execute(...args: unknown[]): Promise<unknown> };
  transaction(...args: unknown[]): Promise<unknown>;
};

/**
 * Counts statements and transactions in flight on the database's top-level session (a
 * transaction holds one connection for its whole life), for /metrics. Neither driver reports
 * its pool, so the count is kept here; whatever runs beyond `connections` waits in the pool.
 * `db._.session` is drizzle's internal API: package.json pins drizzle-orm (checked by
 * test/architecture/pinned-internals.test.ts).
 */
export function trackLoad(db: { _: { session: object } }, connections: number): () => DatabaseLoad {
  const session = db._.session as Session;
  let inFlight = 0;
  const counted = async <T>(work: () => Promise<T>): Promise<T> => {
    inFlight += 1;
    try {
      return await work();
    } finally {
      inFlight -= 1;
    }
  };
  const prepare = session.prepareQuery.bind(session);
  session.prepareQuery = (...args) => {
    const query = prepare(...args);
    const execute = query.execute.bind(query);
    query.execute = (...a) => counted(() => execute(...a));
    return query;
  };
  const transaction = session.transaction.bind(session);
  session.transaction = (...args) => counted(() => transaction(...args));
  return () => ({ inUse: Math.min(inFlight, connections), waiting: Math.max(0, inFlight - connections) });
}
