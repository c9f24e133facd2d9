import { parentPort, workerData } from 'node:worker_threads';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import type { Reply, Request } from './pglite-protocol';
import { pgliteStartParams } from './pglite-start';

// The embedded database's own thread (see pglite-thread.ts): PGlite runs here, its
// queries serialised by PGlite itself, while the request thread goes on parsing, deciding
// and answering.

const port = parentPort!;
// drizzle keeps dates and times as the database's text, and names these types, by type id, on
// every query it sends; set once, PGlite does not merge them into its own parsers per query.
const identity = (value: unknown) => value;
const DRIZZLE_TEXT_TYPES = [1082, 1114, 1115, 1182, 1184, 1185, 1186, 1187, 1231];
const pg = await PGlite.create(workerData.dataDir as string, {
  parsers: Object.fromEntries(DRIZZLE_TEXT_TYPES.map((oid) => [oid, identity])),
  startParams: pgliteStartParams,
});
// The literals of prepared statements (below) rely on it: a backslash is then an ordinary character.
await pg.exec('set standard_conforming_strings = on');
/** Open transactions by id: a transaction's queries run on it, others wait for it to end. */
const transactions = new Map<number, { tx: Transaction; end: (commit: boolean) => void }>();
let nextTransaction = 1;
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

// PGlite parses and plans every statement it is sent, and the service's statements are few
// and long (the transition's write is one statement of several parts): planning them again
// cost more than running them. So each statement with parameters is prepared once, by SQL
// PREPARE (PGlite has no named statements of the protocol), and run by EXECUTE with its
// values as quoted literals of unknown type — what the protocol's text parameters are too.
const prepared = new Map<string, string | null>();
/** Beyond this many distinct statements, the rest run as before. */
const MAX_PREPARED = 1000;
let statementsPrepared = 0;
const preparable = /^\s*(select|insert|update|delete|with)\b/i;

/** The prepared statement's name, preparing it now if that is safe; null where it is not to be prepared. */
async function preparedName(sql: string, params: unknown[], outsideTransactions: boolean): Promise<string | null> {
  const known = prepared.get(sql);
  if (known !== undefined) return known;
  // A failed PREPARE inside a transaction would abort it: prepare only between transactions.
  if (params.length === 0 || !outsideTransactions || prepared.size >= MAX_PREPARED || !preparable.test(sql)) return null;
  // Named before the first await, so two statements being prepared at once never share a name.
  const name = `s${++statementsPrepared}`;
  try {
    await pg.exec(`prepare ${name} as ${sql}`);
    prepared.set(sql, name);
    return name;
  } catch {
    prepared.set(sql, null);
    return null;
  }
}

/** The values as SQL literals (standard strings: a quote doubled is the only escape), or undefined if one cannot be. */
function asLiterals(params: unknown[]): string | undefined {
  const out: string[] = [];
  for (const v of params) {
    if (v === null || v === undefined) out.push('null');
    else if (typeof v === 'string' && !v.includes('\0')) out.push(`'${v.replaceAll("'", "''")}'`);
    else if (typeof v === 'number' && Number.isFinite(v)) out.push(`'${v}'`);
    else if (typeof v === 'boolean') out.push(v ? `'t'` : `'f'`);
    else if (typeof v === 'bigint') out.push(`'${v}'`);
    else return undefined;
  }
  return out.join(', ');
}

async function handle(request: Request): Promise<void> {
  const { id } = request;
  try {
    switch (request.op) {
      case 'query': {
        const on = request.transaction === undefined ? pg : transactions.get(request.transaction)?.tx;
        if (!on) throw new Error(`no open transaction ${request.transaction}`);
        const { textTypes } = request;
        const usual = textTypes.length === DRIZZLE_TEXT_TYPES.length && textTypes.every((oid) => DRIZZLE_TEXT_TYPES.includes(oid));
        const options = usual
          ? { rowMode: request.rowMode }
          : { rowMode: request.rowMode, parsers: Object.fromEntries(textTypes.map((oid) => [oid, identity])) };
        const name = await preparedName(request.sql, request.params, request.transaction === undefined);
        const literals = name ? asLiterals(request.params) : undefined;
        const result = literals
          ? await on.query(`execute ${name}(${literals})`, [], options)
          : await on.query(request.sql, request.params, options);
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
