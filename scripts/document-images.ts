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
import { applicantId, reviewFormInput } from '../test/documents/fixtures';

const docs = resolve(import.meta.dirname, '..', 'docs');
const work = mkdtempSync(join(tmpdir(), 'document-images-'));

async function firstPagePng(name: string, pdf: Buffer, dpi: number): Promise<void> {
  const file = join(work, `${name}.pdf`);
  writeFileSync(file, pdf);
  execFileSync('pdftoppm', ['-png', '-r', String(dpi), '-f', '1', '-l', '1', '-singlefile', file, join(docs, name)]);
}

try {
  await firstPagePng('review-form', await renderReviewForm(reviewFormInput()), 40);
  await firstPagePng(
    'certificate',
    await renderCertificate({
      certificateNumber: 'CX2021M-0193A5C27F1E7C3A9B1D2F4E6A8C0B12',
      name: '王喆',
      idNumber: applicantId,
      level: 'intermediate',
      specialty: '建设工程',
      year: 2021,
      issuedOn: '2021-12-06',
      issuer: '慈溪市人力资源和社会保障局',
      verificationUrl: 'https://titles.example.cn/v1/public/certificates/3F9A1C07B24E',
      verificationCode: '3F9A-1C07-B24E',
    }),
    56,
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
