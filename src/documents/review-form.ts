import type { Facts, Material, PlanInput } from '../../machines/facts';
import { shanghaiDate } from '../../machines/rules/dates';
import { gradeOfLevel, titleOfLevel } from './labels';
import { createPdf, FONT, type Pdf, pdfBytes, withoutMargins } from './pdf';
import { drawFactSections, drawMaterials, drawOpinions } from './review-form-sections';
import { watermarkEveryPage } from './watermark';

// 专业技术职务任职资格评审表: exported from the platform once the municipal audit has
// passed, printed on A3 with the platform's watermark, three copies bound with a seal
// across the seam, stamped by the unit and handed to the committee office (三(二)).

/** An uploaded file as the form lists it; `size` in bytes. */
export type UploadedMaterial = Pick<Material, 'kind' | 'name' | 'sha256'> & { size: number };

export interface ReviewFormInput {
  applicationId: string;
  /** Printed on the form and in the watermark; `PAPER_RECEIVED` checks the copies against it. */
  verificationCode: string;
  /** Whose watermark the form carries, e.g. 慈溪市职称评审平台. */
  platformName: string;
  /** The applicant's full ID number: the form goes to the unit and the committee only. */
  idNumber: string;
  unitName: string;
  plan: Pick<PlanInput, 'year' | 'level' | 'specialty' | 'scoringItems'>;
  facts: Facts;
  materials: readonly UploadedMaterial[];
  /** Printed as the export date and kept as the PDF's CreationDate. */
  generatedAt: Date;
}

export const PRINTING_NOTE =
  '本表由平台导出，须带平台水印打印一式3份，使用A3纸，骑缝装订；所有内容填写在规定的页面范围内，不得增页、附页；' +
  '经所在单位审核盖章后上交评委会办公室。';

const MARGIN = { top: 56, bottom: 56, left: 78, right: 50 };
const FOOTER_HEIGHT = 24;

export function reviewFormWatermark(input: Pick<ReviewFormInput, 'platformName' | 'applicationId' | 'verificationCode'>): string {
  return `${input.platformName}  申报编号 ${input.applicationId}  校验码 ${input.verificationCode}`;
}

export async function renderReviewForm(input: ReviewFormInput): Promise<Buffer> {
  const title = '专业技术职务任职资格评审表';
  const doc = createPdf({ size: 'A3', margins: MARGIN, title: `${title} ${input.facts.name}`, createdAt: input.generatedAt });
  const width = doc.page.width - MARGIN.left - MARGIN.right;
  const layout = { width, reserveBottom: FOOTER_HEIGHT };

  drawHeading(doc, input, title, width);
  drawPrintingNote(doc, width);
  drawFactSections(doc, input, layout);
  drawMaterials(doc, input.materials, layout);
  drawOpinions(doc, layout);

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
  doc.text(`申报编号：${input.applicationId}`, left, y, { width: width / 2 });
  doc.text(`导出日期：${shanghaiDate(input.generatedAt.toISOString())}`, left + width / 2, y, { width: width / 2, align: 'right' });
  doc.font(FONT.bold).text(`校验码：${input.verificationCode}`, left, doc.y + 2, { width });
  doc.font(FONT.regular).moveDown(0.6);
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
