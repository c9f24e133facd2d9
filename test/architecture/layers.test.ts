import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { cruise, type ICruiseResult } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import { afterAll, describe, expect, it } from 'vitest';

// The layer rules of ARCHITECTURE.md as data written from it, not read from the rules file:
// imports the rules must refuse and imports they must let through, cruised in a scratch tree.

const upward: [from: string, to: string][] = [
  ['src/db/schema.ts', 'src/auth/access.ts'],
  ['src/http/responses.ts', 'src/store/applications.ts'],
  ['src/documents/warm-up.ts', 'src/demo/samples.ts'],
  ['src/store/bans.ts', 'src/workflow/view.ts'],
  ['src/workflow/view.ts', 'src/routes/bans.ts'],
  ['src/workflow/bulk.ts', 'src/demo/seed.ts'],
  ['src/demo/seed.ts', 'src/routes/demo.ts'],
  ['src/routes/bans.ts', 'src/plugins/database.ts'],
  ['src/plugins/database.ts', 'src/server.ts'],
  ['src/app.ts', 'scripts/token.ts'],
  ['src/errors/index.ts', 'src/http/problem.ts'],
  ['src/config.ts', 'src/log.ts'],
  ['machines/states.ts', 'src/clock.ts'],
  ['src/console/app.js', 'src/errors/index.ts'],
];
const downward: [from: string, to: string][] = [
  ['scripts/token.ts', 'src/auth/jwt.ts'],
  ['src/server.ts', 'src/app.ts'],
  ['src/app.ts', 'src/routes/bans.ts'],
  ['src/routes/bans.ts', 'src/workflow/view.ts'],
  ['src/demo/seed.ts', 'src/workflow/bulk.ts'],
  ['src/workflow/view.ts', 'src/store/bans.ts'],
  ['src/store/bans.ts', 'src/db/schema.ts'],
  ['src/documents/certificate.ts', 'src/http/problem.ts'],
  ['src/http/problem.ts', 'src/errors/index.ts'],
  ['src/auth/access.ts', 'machines/events.ts'],
  ['src/db/schema.ts', 'machines/states.ts'],
  ['src/console/app.js', 'src/console/ui.js'],
];
const circle: [from: string, to: string][] = [
  ['machines/context.ts', 'machines/rules/rule.ts'],
  ['machines/rules/rule.ts', 'machines/context.ts'],
];

const root = mkdtempSync(join(tmpdir(), 'layers-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Writes each file with one import per pair it starts, and cruises the tree with the project's rules. */
async function violationsOf(pairs: [string, string][]): Promise<string[]> {
  const dir = mkdtempSync(join(root, 'tree-'));
  const imports = new Map<string, string[]>();
  for (const [from, to] of pairs) {
    imports.set(from, [...(imports.get(from) ?? []), to]);
    imports.set(to, imports.get(to) ?? []);
  }
  for (const [file, targets] of imports) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    const lines = targets.map((t, i) => `import * as m${i} from '${join(dir, t)}';\nconsole.log(m${i});`);
    writeFileSync(join(dir, file), `${lines.join('\n')}\nexport const here = 1;\n`);
  }
  const options = await extractDepcruiseOptions('./.dependency-cruiser.cjs');
  const { tsConfig: _, ...rest } = options;
  const { output } = await cruise([...new Set(pairs.map(([from]) => from.split('/')[0]!))], { ...rest, baseDir: dir });
  const result = output as ICruiseResult;
  const edges = result.modules.flatMap((m) => m.dependencies.map((d) => `${m.source} → ${d.resolved}`));
  for (const [from, to] of pairs) expect(edges, 'the scratch import resolves').toContain(`${from} → ${to}`);
  return result.summary.violations.map((v) => `${v.from} → ${v.to}`);
}

describe('layer rules', () => {
  it('refuse every import from a lower layer to a higher one', async () => {
    const found = await violationsOf(upward);
    for (const [from, to] of upward) expect(found, `${from} → ${to}`).toContain(`${from} → ${to}`);
  });

  it('let every import to the same or a lower layer through', async () => {
    expect(await violationsOf(downward)).toEqual([]);
  });

  it('refuse an import cycle', async () => {
    expect(await violationsOf(circle)).toContain('machines/context.ts → machines/rules/rule.ts');
  });

  it('hold for the whole tree', async () => {
    const options = await extractDepcruiseOptions('./.dependency-cruiser.cjs');
    const { output } = await cruise(['src', 'machines', 'scripts', 'bench'], options);
    expect((output as ICruiseResult).summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`)).toEqual([]);
  });
});
