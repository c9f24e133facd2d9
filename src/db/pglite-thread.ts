import { Worker } from 'node:worker_threads';
import { workerBoot } from '../project-files';
import type { QueryResult, Reply, Request } from './pglite-protocol';

// The embedded database off the request thread (issue 14): PGlite is single-threaded WASM,
// and on the request thread every statement it runs stalls every other request — a read
// waited behind each write. Here it runs on a worker thread of its own, behind the small
// part of PGlite's interface drizzle uses (`query`, `transaction`), so that parsing,
// deciding and answering go on while it works.

/** What drizzle's PGlite driver calls on its client. */
export type PgliteClient = {
  query(
    sql: string,
    params?: unknown[],
    options?: { rowMode?: 'array' | 'object'; parsers?: Record<number, unknown> },
  ): Promise<QueryResult>;
  transaction<T>(fn: (tx: Pick<PgliteClient, 'query'>) => Promise<T>): Promise<T>;
  close(): Promise<void>;
};

const BOOT = workerBoot('db/pglite-worker.ts');

type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;
type Pending = { resolve: (reply: Extract<Reply, { ok: true }>) => void; reject: (err: Error) => void };

/** The error the database raised, with its `code` and fields, as if it had been raised here. */
function rebuilt(error: Extract<Reply, { ok: false }>['error']): Error {
  return Object.assign(new Error(error.message), error);
}

export async function pgliteThread(dataDir: string): Promise<PgliteClient> {
  const worker = new Worker(BOOT, { eval: true, workerData: { dataDir } });
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let closed = false;
  const failAll = (err: Error) => {
    for (const p of pending.values()) p.reject(err);
    pending.clear();
  };
  const ready = new Promise<void>((resolve, reject) => {
    pending.set(0, { resolve: () => resolve(), reject });
  });
  worker.on('message', (reply: Reply) => {
    const p = pending.get(reply.id);
    if (!p) return;
    pending.delete(reply.id);
    if (reply.ok) p.resolve(reply);
    else p.reject(rebuilt(reply.error));
  });
  worker.on('error', (err) => failAll(err));
  worker.on('exit', () => {
    closed = true;
    failAll(new Error('PGlite is closed'));
  });

  function ask(request: WithoutId<Request>, id = nextId++): Promise<Extract<Reply, { ok: true }>> {
    if (closed) return Promise.reject(new Error('PGlite is closed'));
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      worker.postMessage({ ...request, id } as Request);
    });
  }

  const query =
    (transaction?: number): PgliteClient['query'] =>
    async (sql, params = [], options = {}) =>
      (
        await ask({
          op: 'query',
          sql,
          params,
          rowMode: options.rowMode ?? 'object',
          textTypes: Object.keys(options.parsers ?? {}).map(Number),
          transaction,
        })
      ).result!;

  await ready;
  return {
    query: query(),
    async transaction(fn) {
      const { transaction } = await ask({ op: 'begin' });
      const id = transaction!;
      // PGlite answers the commit or rollback under the transaction's negative id.
      const outcome = new Promise<unknown>((resolve, reject) => pending.set(-id, { resolve, reject }));
      let result: Awaited<ReturnType<typeof fn>>;
      try {
        result = await fn({ query: query(id) });
      } catch (err) {
        await ask({ op: 'end', transaction: id, commit: false });
        await outcome.catch(() => {});
        throw err;
      }
      await ask({ op: 'end', transaction: id, commit: true });
      await outcome;
      return result;
    },
    async close() {
      if (closed) return;
      await ask({ op: 'close' });
      closed = true;
      await worker.terminate();
    },
  };
}
