import { shanghaiDate } from '../../machines/rules/dates';
import { gradeOfLevel, titleOfLevel } from './labels';
import { createPdf, FONT, type Pdf, pdfBytes, withoutMargins } from './pdf';
import type { ReviewFormInput } from './review-form-input';
import { sectionHeadings } from './review-form-layout';
import { drawMaterials, drawOpinions } from './review-form-record';
import { drawFactSections } from './review-form-sections';
import { watermarkEveryPage } from './watermark';

// 专业技术职务任职资格评审表: exported from the platform once the municipal audit has
// passed, printed on A3 with the platform's watermark, three copies bound with a seal
// across the seam, stamped by the unit and handed to the committee office (三(二)).

export type { ReviewFormInput, UploadedMaterial } from './review-form-input';

export const PRINTING_NOTE =
  '本表由平台导出，须带平台水印打印一式3份，使用A3纸，骑缝装订；所有内容填写在规定的页面范围内，不得增页、附页；' +
  '经所在单位审核盖章后上交评委会办公室。';

const MARGIN = { top: 56, bottom: 56, left: 78, right: 50 };
const FOOTER_HEIGHT = 24;

/** The applicant's name and the form's code on every page: a page of another form shows it. */
export function reviewFormWatermark(input: Pick<ReviewFormInput, 'platformName' | 'facts' | 'verificationCode'>): string {
  return `${input.platformName}  ${input.facts.name}  校验码 ${input.verificationCode}`;
}

export async function renderReviewForm(input: ReviewFormInput): Promise<Buffer> {
  const title = '专业技术职务任职资格评审表';
  const doc = createPdf({ size: 'A3', margins: MARGIN, title: `${title} ${input.facts.name}`, createdAt: input.printedAt });
  const width = doc.page.width - MARGIN.left - MARGIN.right;
  const layout = { width, reserveBottom: FOOTER_HEIGHT };
  const heading = sectionHeadings(layout);

  drawHeading(doc, input, title, width);
  drawPrintingNote(doc, width);
  drawFactSections(doc, input, layout, heading);
  drawMaterials(doc, input.materials, layout, heading);
  drawOpinions(doc, input, layout, heading);

  drawFooters(doc);
  watermarkEveryPage(doc, reviewFormWatermark(input));
  return pdfBytes(doc);
}

function drawHeading(doc: Pdf, input: ReviewFormInput, title: string, width: number): void {
  const { plan } = input;
  const left = MARGIN.left;
  doc.font(FONT.bold).fontSize(28).text(title, left, MARGIN.top, { width, align: 'center', characterSpacing: 2 });
  doc
    .moveDown(0.3)
    .font(FONT.regular)
    .fontSize(14)
    .text(`${plan.year}年度工程系列${gradeOfLevel[plan.level]}（${titleOfLevel[plan.level]}）· ${plan.specialty}专业`, left, doc.y, {
      width,
      align: 'center',
    });
  doc.moveDown(0.8).fontSize(11);
  const y = doc.y;
  doc.font(FONT.bold).text(`校验码：${input.verificationCode}`, left, y, { width: width / 2 });
  doc
    .font(FONT.regular)
    .text(`打印日期：${shanghaiDate(input.printedAt.toISOString())}`, left + width / 2, y, { width: width / 2, align: 'right' });
  doc.moveDown(0.6);
}

function drawPrintingNote(doc: Pdf, width: number): void {
  const padding = 8;
  const text = `打印说明：${PRINTING_NOTE}`;
  doc.font(FONT.regular).fontSize(10.5);
  const height = doc.heightOfString(text, { width: width - 2 * padding }) + 2 * padding;
  const top = doc.y;
  doc.rect(MARGIN.left, top, width, height).lineWidth(0.8).dash(3, { space: 2 }).strokeColor('#555555').stroke().undash();
  doc.fillColor('#000000').text(text, MARGIN.left + padding, top + padding, { width: width - 2 * padding });
  doc.y = top + height + 14;
}

/** "第 n 页 共 N 页" on every page, plus the binding line the seal goes across. */
function drawFooters(doc: Pdf): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    withoutMargins(doc, () => {
      const { width, height } = doc.page;
      doc
        .font(FONT.regular)
        .fontSize(10)
        .fillColor('#000000')
        .text(`第 ${i - range.start + 1} 页  共 ${range.count} 页`, 0, height - MARGIN.bottom + 8, {
          width,
          align: 'center',
          lineBreak: false,
        });
      const bindingX = MARGIN.left / 2;
      doc
        .moveTo(bindingX, MARGIN.top)
        .lineTo(bindingX, height - MARGIN.bottom)
        .lineWidth(0.5)
        .dash(4, { space: 4 })
        .strokeColor('#999999')
        .stroke()
        .undash();
      doc.fontSize(9).fillColor('#777777');
      for (const [n, ch] of [...'骑缝装订线'].entries()) doc.text(ch, bindingX - 14, height / 2 - 60 + n * 26, { lineBreak: false });
    });
  }
}
