import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PNG } from 'pngjs';
import { expect } from 'vitest';

// Golden documents: each rendered from a fixed input and compared with what was looked at
// and committed under test/documents/golden/ — by its text, and by its pages as small
// grey images within a tolerance (a viewer's anti-aliasing may differ by a shade, a moved
// table or a lost line may not). `GOLDEN_UPDATE=1 npx vitest run test/documents` rewrites
// them; look at the new images before committing them.

const GOLDEN = resolve(import.meta.dirname, 'golden');
const OUTPUT = resolve(import.meta.dirname, '..', '..', 'test-output', 'golden');
const update = process.env.GOLDEN_UPDATE === '1';

/** Pixels per inch of the reference images: enough to see a table's lines, small enough to commit. */
const GOLDEN_DPI = 30;
/** A pixel differs when its grey level moves by more than this (of 255). */
const SHADE = 64;
/** The share of a page's pixels that may differ. */
const TOLERANCE = 0.001;

/** Each page of the PDF as a grey PNG, as pdftoppm (poppler) draws it. */
function pageImages(pdf: Uint8Array, dpi = GOLDEN_DPI): PNG[] {
  const dir = mkdtempSync(join(tmpdir(), 'golden-'));
  try {
    writeFileSync(join(dir, 'doc.pdf'), pdf);
    execFileSync('pdftoppm', ['-png', '-gray', '-r', String(dpi), join(dir, 'doc.pdf'), join(dir, 'page')]);
    return readdirSync(dir)
      .filter((f) => f.endsWith('.png'))
      .sort()
      .map((f) => PNG.sync.read(readFileSync(join(dir, f))));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The share of pixels whose grey level differs by more than SHADE; 1 when the sizes differ. */
function differingShare(a: PNG, b: PNG): number {
  if (a.width !== b.width || a.height !== b.height) return 1;
  let differing = 0;
  for (let i = 0; i < a.data.length; i += 4) if (Math.abs(a.data[i]! - b.data[i]!) > SHADE) differing++;
  return differing / (a.width * a.height);
}

/** Compares each page with its reference image; a failing page is written beside a diff into test-output/golden/. */
export function expectPagesMatch(name: string, pdf: Uint8Array): void {
  const pages = pageImages(pdf);
  const file = (n: number) => join(GOLDEN, `${name}-${n}.png`);
  if (update) {
    for (const f of readdirSync(GOLDEN).filter((f) => f.startsWith(`${name}-`) && f.endsWith('.png'))) rmSync(join(GOLDEN, f));
    for (const [i, page] of pages.entries()) writeFileSync(file(i + 1), PNG.sync.write(page, { colorType: 0 }));
    return;
  }
  const references = readdirSync(GOLDEN).filter((f) => new RegExp(`^${name}-\\d+\\.png$`).test(f));
  expect(pages.length, `${name}: pages`).toBe(references.length);
  pages.forEach((page, i) => {
    expect(existsSync(file(i + 1)), `${file(i + 1)} exists`).toBe(true);
    const reference = PNG.sync.read(readFileSync(file(i + 1)));
    const share = differingShare(page, reference);
    if (share > TOLERANCE) {
      mkdirSync(OUTPUT, { recursive: true });
      writeFileSync(join(OUTPUT, `${name}-${i + 1}.png`), PNG.sync.write(page, { colorType: 0 }));
    }
    expect(share, `${name} page ${i + 1}: share of differing pixels (see test-output/golden/)`).toBeLessThanOrEqual(TOLERANCE);
  });
}

/** Compares the text with test/documents/golden/<name>.txt. */
export async function expectTextMatches(name: string, text: string): Promise<void> {
  const file = join(GOLDEN, `${name}.txt`);
  if (update) {
    writeFileSync(file, text);
    return;
  }
  expect(existsSync(file), `${file} exists`).toBe(true);
  expect(text).toBe(readFileSync(file, 'utf8'));
}
