import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// ARCHITECTURE.md, layer 5: the workflow owns transactions and audit records. Imports cannot
// say who calls `db.transaction` or `recordAction`, so dependency-cruiser does not check it;
// this reads the source. Besides src/workflow, only the drivers (src/db) and the demo seed, which
// seeds a season all or nothing, open a transaction.

const mayOpenTransactions = [/^src\/workflow\//, /^src\/db\//, /^src\/demo\/seed\.ts$/];
const mayRecordActions = [/^src\/workflow\//];

const opensTransaction = /\.transaction\(/;
/** A call, not the definition in src/store/audit.ts. */
const recordsAction = /(?<!function )\brecordAction\(/;

/** `file:line` of every line under `root`'s src that matches `pattern` in a file no `allowed` path matches. */
function offenders(root: string, pattern: RegExp, allowed: RegExp[]): string[] {
  const files = readdirSync(join(root, 'src'), { recursive: true, encoding: 'utf8' })
    .map((f) => `src/${f.split('\\').join('/')}`)
    .filter((f) => f.endsWith('.ts') && !allowed.some((a) => a.test(f)));
  return files.flatMap((f) =>
    readFileSync(join(root, f), 'utf8')
      .split('\n')
      .flatMap((line, i) => (pattern.test(line) ? [`${f}:${i + 1}`] : [])),
  );
}

const scratch = mkdtempSync(join(tmpdir(), 'transactions-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(scratch, 'tree-'));
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    writeFileSync(join(root, file), text);
  }
  return root;
}

describe('transactions and audit records', () => {
  it('are refused outside the workflow', () => {
    const root = tree({
      'src/store/units.ts': 'export const f = (db) => db.transaction(async (tx) => tx);\n',
      'src/routes/units.ts': "import { recordAction } from '../store/audit';\nawait recordAction(db, a);\n",
      'src/store/audit.ts': 'export async function recordAction(db, a) {}\n',
    });
    expect(offenders(root, opensTransaction, mayOpenTransactions)).toEqual(['src/store/units.ts:1']);
    expect(offenders(root, recordsAction, mayRecordActions)).toEqual(['src/routes/units.ts:2']);
  });

  it('are let through in the workflow, the drivers and the demo seed', () => {
    const root = tree({
      'src/workflow/unit-registry.ts': 'return db.transaction(async (tx) => recordAction(tx, a));\n',
      'src/db/pglite-worker.ts': 'pg.transaction(async (tx) => tx);\n',
      'src/demo/seed.ts': 'await db.transaction((tx) => seedSeason(tx));\n',
    });
    expect(offenders(root, opensTransaction, mayOpenTransactions)).toEqual([]);
    expect(offenders(root, recordsAction, mayRecordActions)).toEqual([]);
  });

  it('hold for the whole tree', () => {
    expect(offenders('.', opensTransaction, mayOpenTransactions)).toEqual([]);
    expect(offenders('.', recordsAction, mayRecordActions)).toEqual([]);
  });
});
