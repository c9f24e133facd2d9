import { describe, expect, it } from 'vitest';
import { renderCertificate } from '../../src/documents/certificate';
import { publicityListCsv, publicityListHtml } from '../../src/documents/publicity-list';
import { renderPublicityList } from '../../src/documents/publicity-list-pdf';
import { renderReviewForm } from '../../src/documents/review-form';
import { verificationFormHtml, verificationHtml, verificationRefusedHtml } from '../../src/documents/verification-page';
import { idNumberFor } from '../support/factories';
import { applicantId, certificateInput, publicityList, reviewFormInput, verification } from './fixtures';
import { expectPagesMatch, expectTextMatches } from './golden-match';
import { readPdf } from './pdf-reader';
import { expectReadable } from './readable';

// Each document from a fixed input, compared with the copy that was looked at and committed
// (test/documents/golden/): its text, and for a PDF its pages as images. Beside it, what no
// document may print: internal ids, scoring item ids, a sex the ID number contradicts.

const known = {
  unitIds: ['U-TEST-1'],
  itemIds: reviewFormInput().plan.scoringItems.map((item) => item.id),
  internalIds: ['0193a5c2'],
};
const applicant = [{ name: '王喆', idNumber: applicantId }];
const listed = publicityList().entries.map(({ name, idNumber }) => ({ name, idNumber }));

/** A page's visible text: no markup, one line per block. */
const htmlText = (html: string) =>
  html
    .replace(/<style[\s\S]*?<\/style>/g, '')
    .replace(/<[^>]+>/g, '\n')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .join('\n');

const compact = (text: string) => text.replace(/\s+/g, '');

async function expectPdfGolden(name: string, bytes: Buffer, people: typeof applicant) {
  const pdf = await readPdf(bytes);
  await expectTextMatches(name, pdf.rawTexts.map((page, i) => `--- page ${i + 1}\n${page}\n`).join(''));
  expectReadable(pdf.pageTexts.join(''), { ...known, people });
  expectPagesMatch(name, bytes);
}

describe('golden documents', () => {
  it('the review form of a junior applicant', async () => {
    await expectPdfGolden('review-form', await renderReviewForm(reviewFormInput()), applicant);
  });

  it('the certificate', async () => {
    await expectPdfGolden('certificate', await renderCertificate(certificateInput()), applicant);
  });

  it('the publicity list as a PDF', async () => {
    await expectPdfGolden('publicity-list', await renderPublicityList(publicityList()), listed);
  });

  it('the verification page, the form and a refusal', async () => {
    const page = htmlText(verificationHtml(verification()));
    await expectTextMatches('verification.html', page);
    expectReadable(compact(page), { ...known, people: applicant });
    await expectTextMatches('verification-form.html', htmlText(verificationFormHtml()));
    await expectTextMatches('verification-unknown.html', htmlText(verificationRefusedHtml('unknown', { code: '3F9A-1C07-B24F' })));
  });

  it('the publicity list as CSV and as HTML', async () => {
    const csv = publicityListCsv(publicityList());
    await expectTextMatches('publicity-list.csv', csv);
    expectReadable(compact(csv.replaceAll(',', '')), { ...known, people: listed });
    const html = htmlText(publicityListHtml(publicityList()));
    await expectTextMatches('publicity-list.html', html);
    expectReadable(compact(html), { ...known, people: listed });
  });
});

describe('what a document may not print', () => {
  const form = async (change: Parameters<typeof reviewFormInput>[0]) =>
    (await readPdf(await renderReviewForm(reviewFormInput(change)))).pageTexts.join('');

  it('fails on a unit id, a scoring item id, or a sex the ID number contradicts', async () => {
    expect(() => expectReadable(`工作单位U-TEST-1`, { ...known, people: [] })).toThrow(/internal id/);
    // A woman's ID number (17th digit even) beside the fixture's man's name and form.
    const man = await form({});
    expect(() => expectReadable(man, { ...known, people: [{ name: '王喆', idNumber: idNumberFor(2) }] })).toThrow(/contradicts/);
    const unnamed = reviewFormInput().plan.scoringItems.map((item) => ({ ...item, name: item.id }));
    const text = await form({ plan: { ...reviewFormInput().plan, scoringItems: unnamed } });
    expect(() => expectReadable(text, { ...known, people: applicant })).toThrow(/scoring item id/);
  });
});
