// Regenerates the README's pictures from the test fixtures: the first page of the review form,
// the certificate and the publicity list PDFs (pdftoppm, poppler-utils), and the verification
// page and the publicity list as a 390 px phone shows them (Chromium; its Chinese needs a CJK
// font installed, e.g. Debian's fonts-noto-cjk).
//
//   node --import tsx scripts/document-images.ts
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { renderCertificate } from '../src/documents/certificate';
import { publicityListHtml } from '../src/documents/publicity-list';
import { renderPublicityList } from '../src/documents/publicity-list-pdf';
import { renderReviewForm } from '../src/documents/review-form';
import { verificationHtml } from '../src/documents/verification-page';
import { certificateInput, publicityList, reviewFormInput, verification } from '../test/documents/fixtures';

const docs = resolve(import.meta.dirname, '..', 'docs');
const work = mkdtempSync(join(tmpdir(), 'document-images-'));

async function firstPagePng(name: string, pdf: Buffer, dpi: number): Promise<void> {
  const file = join(work, `${name}.pdf`);
  writeFileSync(file, pdf);
  execFileSync('pdftoppm', ['-png', '-r', String(dpi), '-f', '1', '-l', '1', '-singlefile', file, join(docs, name)]);
}

async function phonePngs(pages: Record<string, string>): Promise<void> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-dev-shm-usage'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    for (const [name, html] of Object.entries(pages)) {
      await page.setContent(html);
      await page.screenshot({ path: join(docs, `${name}.png`), fullPage: true });
    }
  } finally {
    await browser.close();
  }
}

try {
  await firstPagePng('review-form', await renderReviewForm(reviewFormInput()), 40);
  await firstPagePng('certificate', await renderCertificate(certificateInput()), 56);
  await firstPagePng('publicity-list', await renderPublicityList(publicityList()), 56);
  await phonePngs({
    verification: verificationHtml(verification()),
    'publicity-list-phone': publicityListHtml(publicityList()),
  });
} finally {
  rmSync(work, { recursive: true, force: true });
}
