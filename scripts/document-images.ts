// Regenerates docs/review-form.png and docs/certificate.png, the README's pictures of
// the first page of each PDF, from the test fixtures. Needs pdftoppm (poppler-utils).
//
//   node --import tsx scripts/document-images.ts
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { renderCertificate } from '../src/documents/certificate';
import { renderReviewForm } from '../src/documents/review-form';
import { certificateInput, reviewFormInput } from '../test/documents/fixtures';

const docs = resolve(import.meta.dirname, '..', 'docs');
const work = mkdtempSync(join(tmpdir(), 'document-images-'));

async function firstPagePng(name: string, pdf: Buffer, dpi: number): Promise<void> {
  const file = join(work, `${name}.pdf`);
  writeFileSync(file, pdf);
  execFileSync('pdftoppm', ['-png', '-r', String(dpi), '-f', '1', '-l', '1', '-singlefile', file, join(docs, name)]);
}

try {
  await firstPagePng('review-form', await renderReviewForm(reviewFormInput()), 40);
  await firstPagePng('certificate', await renderCertificate(certificateInput()), 56);
} finally {
  rmSync(work, { recursive: true, force: true });
}
