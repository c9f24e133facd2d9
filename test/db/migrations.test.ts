import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { afterAll, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const work = mkdtempSync(join(tmpdir(), 'migrations-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

// Migrations are drizzle-kit output only: generating again from the schema must add nothing.
it('the committed migrations match src/db/schema.ts', () => {
  const out = join(work, 'migrations');
  cpSync(join(root, 'migrations'), out, { recursive: true });
  const config = join(work, 'drizzle.config.ts');
  // drizzle-kit resolves `out` as ./<path> from the working directory.
  writeFileSync(
    config,
    `export default ${JSON.stringify({ dialect: 'postgresql', schema: './src/db/schema.ts', out: relative(root, out) })};\n`,
  );
  const before = readdirSync(out).sort();
  const output = execFileSync(join(root, 'node_modules/.bin/drizzle-kit'), ['generate', '--config', config], {
    cwd: root,
    encoding: 'utf8',
  });
  expect(output).toContain('No schema changes');
  expect(readdirSync(out).sort()).toEqual(before);
}, 60_000);
