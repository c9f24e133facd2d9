import { FONT, type Pdf, withoutMargins } from './pdf';

// 三(二): the printed form carries the platform's watermark. Tiled across the whole page
// and drawn over the content, faintly, so that no part of a page can be cut out or
// pasted in from another application's form without the text showing it.

const ANGLE = -30;
const FONT_SIZE = 13;
const ROW_GAP = 120;
const COLUMN_GAP = 90;

/** Tiles `text` diagonally over every page of a document opened with `bufferPages`. */
export function watermarkEveryPage(doc: Pdf, text: string): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    drawWatermark(doc, text);
  }
}

function drawWatermark(doc: Pdf, text: string): void {
  const { width, height } = doc.page;
  const cover = Math.hypot(width, height);
  withoutMargins(doc, () => {
    doc.save();
    doc.rotate(ANGLE, { origin: [width / 2, height / 2] });
    doc.font(FONT.regular).fontSize(FONT_SIZE).fillColor('#7a7a7a', 0.16);
    const step = doc.widthOfString(text) + COLUMN_GAP;
    let row = 0;
    for (let y = (height - cover) / 2; y < (height + cover) / 2; y += ROW_GAP, row++) {
      const stagger = (row % 2) * (step / 2);
      for (let x = (width - cover) / 2 - stagger; x < (width + cover) / 2; x += step) {
        doc.text(text, x, y, { lineBreak: false });
      }
    }
    doc.restore();
  });
}
