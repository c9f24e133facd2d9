import { shanghaiMidnight } from '../../machines/rules/dates';
import { chineseDate } from './labels';
import { createPdf, FONT, type Pdf, pdfBytes, withoutMargins } from './pdf';
import { type Column, drawTable, ensureSpace } from './pdf-table';
import { header, type PublicityList, publicityIntro, publicityTitle, rows } from './publicity-list';

// 三(三): the publicity list as the committee office posts and files it — A4 landscape, the
// period and where objections go above the table, the table's header on every page, page
// numbers, and the publisher with the day it starts below.

const MARGIN = { top: 40, bottom: 44, left: 42, right: 42 };
const FOOTER_HEIGHT = 18;
/** Column widths in points, in the order of `header()`; they add up to the A4 landscape text width (758). */
const WIDTHS = [32, 56, 30, 112, 164, 104, 70, 72, 118];

export async function renderPublicityList(list: PublicityList): Promise<Buffer> {
  const title = publicityTitle(list);
  const doc = createPdf({
    size: 'A4',
    layout: 'landscape',
    margins: MARGIN,
    title,
    createdAt: new Date(shanghaiMidnight(list.period.start)),
  });
  const width = doc.page.width - MARGIN.left - MARGIN.right;

  doc.font(FONT.bold).fontSize(16).text(title, MARGIN.left, MARGIN.top, { width, align: 'center' });
  const intro = publicityIntro(list);
  doc.moveDown(0.6).font(FONT.regular).fontSize(10.5).text(intro.lead, { width, continued: true });
  doc.font(FONT.bold).text(intro.period, { continued: true });
  doc.font(FONT.regular).text(intro.objections, { width, lineGap: 3 });
  doc.moveDown(0.6);

  const columns: Column[] = header(list).map((label, i) => ({ width: WIDTHS[i] ?? 60, header: label, align: i === 0 ? 'center' : 'left' }));
  const body = rows(list);
  drawTable(doc, columns, body.length ? body : [['', '本期无公示对象']], { fontSize: 9.5, reserveBottom: FOOTER_HEIGHT });

  ensureSpace(doc, 48, FOOTER_HEIGHT);
  doc
    .moveDown(1.2)
    .font(FONT.regular)
    .fontSize(11)
    .text(list.publisher, MARGIN.left, doc.y, { width, align: 'right' })
    .text(chineseDate(list.period.start), { width, align: 'right' });

  drawPageNumbers(doc, title);
  return pdfBytes(doc);
}

/** The title and "第 n 页 共 N 页" at the foot of every page: a loose page says which list it belongs to. */
function drawPageNumbers(doc: Pdf, title: string): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    withoutMargins(doc, () => {
      const { width, height } = doc.page;
      const y = height - MARGIN.bottom + 12;
      doc.font(FONT.regular).fontSize(8.5).fillColor('#555555');
      doc.text(title, MARGIN.left, y, { width: width / 2, lineBreak: false });
      doc.text(`第 ${i - range.start + 1} 页  共 ${range.count} 页`, width / 2, y, {
        width: width / 2 - MARGIN.right,
        align: 'right',
        lineBreak: false,
      });
      doc.fillColor('#000000');
    });
  }
}
