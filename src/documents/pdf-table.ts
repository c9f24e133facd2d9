import { FONT, type Pdf } from './pdf';

// A bordered grid that wraps cell text, breaks across pages and repeats its header row,
// so a long materials list stays a table on every page it reaches.

export interface Column {
  width: number;
  header?: string;
  align?: 'left' | 'center' | 'right';
  /** Shaded, bold cells: the labels of a label/value grid. */
  label?: boolean;
}

export interface TableOptions {
  fontSize: number;
  /** Space kept free at the bottom of each page (the footer's). */
  reserveBottom: number;
  /** Minimum row height, for rows that are meant to be written in by hand. */
  minRowHeight?: number;
}

const PADDING = 4;
const LINE_GAP = 1.5;
const BORDER = '#333333';
const SHADE = '#eeeeee';

export function drawTable(doc: Pdf, columns: readonly Column[], rows: ReadonlyArray<readonly string[]>, options: TableOptions): void {
  const hasHeader = columns.some((c) => c.header !== undefined);
  const header = columns.map((c) => c.header ?? '');
  if (hasHeader) {
    // A header alone at the foot of a page heads nothing: it goes over with the first row.
    const first = rows[0];
    const height = rowHeight(doc, columns, header, options, true) + (first ? rowHeight(doc, columns, first, options) : 0);
    if (!fits(doc, height, options)) doc.addPage();
    drawRow(doc, columns, header, options, true);
  }
  for (const row of rows) {
    if (!fits(doc, rowHeight(doc, columns, row, options), options)) {
      doc.addPage();
      if (hasHeader) drawRow(doc, columns, header, options, true);
    }
    drawRow(doc, columns, row, options, false);
  }
  doc.x = doc.page.margins.left;
}

/** Starts a new page unless `height` points fit above the reserved bottom. */
export function ensureSpace(doc: Pdf, height: number, reserveBottom: number): void {
  if (doc.y + height > doc.page.height - doc.page.margins.bottom - reserveBottom) doc.addPage();
}

function fits(doc: Pdf, height: number, { reserveBottom }: TableOptions): boolean {
  return doc.y + height <= doc.page.height - doc.page.margins.bottom - reserveBottom;
}

function cellFont(column: Column, isHeader: boolean): string {
  return isHeader || column.label ? FONT.bold : FONT.regular;
}

function rowHeight(doc: Pdf, columns: readonly Column[], row: readonly string[], options: TableOptions, isHeader = false): number {
  let tallest = 0;
  columns.forEach((column, i) => {
    doc.font(cellFont(column, isHeader)).fontSize(options.fontSize);
    const text = row[i] ?? '';
    const height =
      text === '' ? doc.currentLineHeight(true) : doc.heightOfString(text, { width: column.width - 2 * PADDING, lineGap: LINE_GAP });
    tallest = Math.max(tallest, height);
  });
  return Math.max(tallest + 2 * PADDING, isHeader ? 0 : (options.minRowHeight ?? 0));
}

function drawRow(doc: Pdf, columns: readonly Column[], row: readonly string[], options: TableOptions, isHeader: boolean): void {
  const height = rowHeight(doc, columns, row, options, isHeader);
  const top = doc.y;
  let x = doc.page.margins.left;
  columns.forEach((column, i) => {
    if (isHeader || column.label) doc.rect(x, top, column.width, height).fill(SHADE);
    doc.rect(x, top, column.width, height).lineWidth(0.6).strokeColor(BORDER).stroke();
    doc.fillColor('#000000').font(cellFont(column, isHeader)).fontSize(options.fontSize);
    doc.text(row[i] ?? '', x + PADDING, top + PADDING, {
      width: column.width - 2 * PADDING,
      align: isHeader ? 'center' : (column.align ?? 'left'),
      lineGap: LINE_GAP,
    });
    x += column.width;
  });
  doc.y = top + height;
}
