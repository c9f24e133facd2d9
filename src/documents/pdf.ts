import type { Font } from 'fontkit';
import PDFDocument from 'pdfkit';
import { type CjkWeight, cjkFont } from './fonts';

declare global {
  namespace PDFKit.Mixins {
    interface PDFFont {
      // pdfkit 0.20 takes a parsed fontkit font; @types/pdfkit 0.17 predates that.
      registerFont(name: string, src: Font): this;
    }
  }
}

export type Pdf = PDFKit.PDFDocument;

/** Font names for `doc.font()`; every document from `createPdf` has both. */
export const FONT: Record<CjkWeight, string> = { regular: 'cjk-regular', bold: 'cjk-bold' };

export interface PdfOptions {
  size: 'A3' | 'A4';
  /** Portrait unless said. */
  layout?: 'portrait' | 'landscape';
  /** The same on every page. */
  margins: { top: number; bottom: number; left: number; right: number };
  title: string;
  /** Also the PDF's CreationDate: with it fixed, the same input gives the same bytes. */
  createdAt: Date;
}

export function createPdf({ size, layout = 'portrait', margins, title, createdAt }: PdfOptions): Pdf {
  const doc = new PDFDocument({
    size,
    layout,
    margins,
    // Pages stay open so the watermark and "page n of N" go on every page at the end.
    bufferPages: true,
    info: { Title: title, CreationDate: createdAt, Producer: 'title-review' },
    displayTitle: true,
    lang: 'zh-CN',
  });
  for (const weight of Object.keys(FONT) as CjkWeight[]) doc.registerFont(FONT[weight], cjkFont(weight));
  return doc.font(FONT.regular);
}

/** Ends the document and resolves with its bytes. */
export function pdfBytes(doc: Pdf): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    doc.on('data', (chunk: Uint8Array) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}

/**
 * Draws outside the margins (footers, watermarks) without pdfkit deciding the text
 * overflows and adding a page behind our back.
 */
export function withoutMargins(doc: Pdf, draw: () => void): void {
  const saved = { ...doc.page.margins };
  doc.page.margins = { top: 0, bottom: 0, left: 0, right: 0 };
  try {
    draw();
  } finally {
    doc.page.margins = saved;
  }
}
