import { describe, expect, it } from 'vitest';
import { renderReviewForm, reviewFormWatermark } from '../../src/documents/review-form';
import { reviewFormInput, uploadedMaterials } from './fixtures';
import { A3, compact, readPdf } from './pdf-reader';

describe('renderReviewForm', () => {
  it('is an A3 form whose extracted text carries the applicant, the code and the printing note', async () => {
    const input = reviewFormInput();
    const pdf = await readPdf(await renderReviewForm(input));

    expect(pdf.pageSizes.length).toBeGreaterThanOrEqual(1);
    for (const size of pdf.pageSizes) expect(size).toEqual(A3);
    const text = pdf.pageTexts.join('');
    expect(text).toContain('专业技术职务任职资格评审表');
    expect(text).toContain('王喆');
    expect(text).toContain(`校验码：${input.verificationCode}`);
    expect(text).toContain(input.unitName);
    expect(text).toContain('助理工程师（初级）');
    for (const words of ['一式3份', 'A3纸', '骑缝装订', '不得增页、附页']) expect(text).toContain(words);
    for (const m of input.materials) {
      expect(text).toContain(m.name);
      expect(text).toContain(m.sha256);
    }
  });

  it('names each achievement by the plan scoring item it claims', async () => {
    const text = (await readPdf(await renderReviewForm(reviewFormInput()))).pageTexts.join('');
    expect(text).toContain('主持完成工程项目');
  });

  it('runs onto more A3 pages when the materials need it, with the watermark and page count on every page', async () => {
    const input = reviewFormInput({ materials: uploadedMaterials(90) });
    const pdf = await readPdf(await renderReviewForm(input));

    expect(pdf.pageSizes.length).toBeGreaterThanOrEqual(3);
    for (const size of pdf.pageSizes) expect(size).toEqual(A3);
    const watermark = compact(reviewFormWatermark(input));
    pdf.pageTexts.forEach((text, i) => {
      expect(text, `page ${i + 1}`).toContain(watermark);
      expect(text, `page ${i + 1}`).toContain(`第${i + 1}页共${pdf.pageSizes.length}页`);
    });
    const all = pdf.pageTexts.join('');
    for (const m of input.materials) expect(all).toContain(m.sha256);
  });

  it('gives the same bytes for the same input, and other bytes for another code', async () => {
    const input = reviewFormInput();
    const first = await renderReviewForm(input);
    expect((await renderReviewForm(input)).equals(first)).toBe(true);
    expect((await renderReviewForm({ ...input, verificationCode: 'ZZZZ-0000' })).equals(first)).toBe(false);
  });

  it('embeds a subset of the font, not the whole 8 MB file', async () => {
    const bytes = await renderReviewForm(reviewFormInput());
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(bytes.length).toBeLessThan(400_000);
  });
});
