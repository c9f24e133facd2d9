import { parentPort, workerData } from 'node:worker_threads';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import type { Reply, Request } from './pglite-protocol';

// The embedded database's own thread (see pglite-thread.ts): PGlite runs here, its
// queries serialised by PGlite itself, while the request thread goes on parsing, deciding
// and answering.

const port = parentPort!;
const pg = await PGlite.create(workerData.dataDir as string);
/** Open transactions by id: a transaction's queries run on it, others wait for it to end. */
const transactions = new Map<number, { tx: Transaction; end: (commit: boolean) => void }>();
let nextTransaction = 1;
const identity = (value: unknown) => value;
/** Rolling back is throwing out of PGlite's transaction callback. */
const rollback = Symbol('rollback');

function reply(message: Reply): void {
  port.postMessage(message);
}

/** Errors cross threads as plain data: a structured clone would drop `code` and the rest. */
function failure(id: number, err: unknown): Reply {
  const e = err as Error & Record<string, unknown>;
  const fields = Object.fromEntries(Object.entries(e).filter(([, v]) => ['string', 'number'].includes(typeof v)));
  return { id, ok: false, error: { ...fields, name: e.name ?? 'Error', message: String(e.message ?? err) } };
}

async function handle(request: Request): Promise<void> {
  const { id } = request;
  try {
    switch (request.op) {
      case 'query': {
        const on = request.transaction === undefined ? pg : transactions.get(request.transaction)?.tx;
        if (!on) throw new Error(`no open transaction ${request.transaction}`);
        // drizzle keeps dates and times as the database's text: the same identity parsers, by type id.
        const parsers = Object.fromEntries(request.textTypes.map((oid) => [oid, identity]));
        const result = await on.query(request.sql, request.params, { rowMode: request.rowMode, parsers });
        reply({ id, ok: true, result: { rows: result.rows, fields: result.fields, affectedRows: result.affectedRows } });
        return;
      }
      case 'begin': {
        const transaction = nextTransaction++;
        pg.transaction(async (tx) => {
          const commit = await new Promise<boolean>((end) => {
            transactions.set(transaction, { tx, end });
            reply({ id, ok: true, transaction });
          });
          transactions.delete(transaction);
          if (!commit) throw rollback;
        }).then(
          () => reply({ id: -transaction, ok: true }),
          (err) => reply(err === rollback ? { id: -transaction, ok: true } : failure(-transaction, err)),
        );
        return;
      }
      case 'end': {
        const open = transactions.get(request.transaction);
        if (!open) throw new Error(`no open transaction ${request.transaction}`);
        open.end(request.commit);
        reply({ id, ok: true });
        return;
      }
      case 'close':
        await pg.close();
        reply({ id, ok: true });
        return;
    }
  } catch (err) {
    reply(failure(id, err));
  }
}

port.on('message', (request: Request) => void handle(request));
reply({ id: 0, ok: true });
