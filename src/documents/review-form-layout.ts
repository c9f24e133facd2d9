import { FONT, type Pdf } from './pdf';
import { type Column, drawTable, ensureSpace } from './pdf-table';

// The review form's building blocks: numbered section headings, label/value grids and
// proportional columns, in one size, so every section reads alike.

export interface SectionLayout {
  width: number;
  reserveBottom: number;
}

export const FONT_SIZE = 10.5;
/** What an empty cell says: the application has nothing to print there. */
export const NONE = '—';

const NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

/** Headings numbered 一、二、… in the order drawn, so a section left out leaves no gap. */
export function sectionHeadings(layout: SectionLayout): (doc: Pdf, title: string) => void {
  let n = 0;
  return (doc, title) => {
    // A heading alone at the foot of a page is moved over with the table it heads: room for
    // the heading (about 35 pt), a header row and a first row (about 24 pt each).
    ensureSpace(doc, 90, layout.reserveBottom);
    const heading = `${NUMERALS[n++] ?? String(n)}、${title}`;
    doc
      .moveDown(0.6)
      .font(FONT.bold)
      .fontSize(13)
      .fillColor('#000000')
      .text(heading, doc.page.margins.left, doc.y, { width: layout.width });
    doc.moveDown(0.3);
  };
}

/** Pairs of label and value, two pairs to a row. */
export function labelValueGrid(doc: Pdf, pairs: ReadonlyArray<[string, string]>, layout: SectionLayout): void {
  const label = layout.width * 0.2;
  const value = layout.width / 2 - label;
  const grid: Column[] = [{ width: label, label: true }, { width: value }, { width: label, label: true }, { width: value }];
  const rows: string[][] = [];
  for (let i = 0; i < pairs.length; i += 2) rows.push([...(pairs[i] ?? ['', '']), ...(pairs[i + 1] ?? ['', ''])]);
  drawTable(doc, grid, rows, { fontSize: FONT_SIZE, reserveBottom: layout.reserveBottom, minRowHeight: 24 });
}

/** Columns sharing `width` in the given proportions. */
export function columns(width: number, spec: ReadonlyArray<[string, number]>, align: Column['align'] = 'left'): Column[] {
  const total = spec.reduce((sum, [, share]) => sum + share, 0);
  return spec.map(([header, share]) => ({ header, width: (width * share) / total, align }));
}
