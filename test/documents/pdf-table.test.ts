import { expect, it } from 'vitest';
import { createPdf, pdfBytes } from '../../src/documents/pdf';
import { drawTable } from '../../src/documents/pdf-table';
import { sectionHeadings } from '../../src/documents/review-form-layout';
import { readPdf } from './pdf-reader';

const columns = [
  { width: 100, header: '序号' },
  { width: 300, header: '文件名' },
];
const options = { fontSize: 10.5, reserveBottom: 24 };

/** A table, under a section heading if asked, started `fromBottom` points above the lowest line a row may reach. */
async function tableStartedAt(fromBottom: number, withHeading = false): Promise<string[]> {
  const doc = createPdf({ size: 'A4', margins: { top: 50, bottom: 50, left: 50, right: 50 }, title: 't', createdAt: new Date(0) });
  doc.y = doc.page.height - doc.page.margins.bottom - options.reserveBottom - fromBottom;
  if (withHeading) sectionHeadings({ width: 400, reserveBottom: options.reserveBottom })(doc, '上传材料清单');
  drawTable(doc, columns, [['1', '扫描件-001.pdf']], options);
  return (await readPdf(await pdfBytes(doc))).pageTexts;
}

it('never leaves its header alone at the foot of a page: the header goes over with the first row', async () => {
  // Room for the header row (about 22 pt) but not for it and the first row.
  expect(await tableStartedAt(30)).toEqual(['', '序号文件名1扫描件-001.pdf']);
  // Room for both: they stay together on the first page.
  expect(await tableStartedAt(60)).toEqual(['序号文件名1扫描件-001.pdf']);
});

it('moves a section heading over with its table when the table would not start below it', async () => {
  expect(await tableStartedAt(70, true)).toEqual(['', '一、上传材料清单序号文件名1扫描件-001.pdf']);
  expect(await tableStartedAt(110, true)).toEqual(['一、上传材料清单序号文件名1扫描件-001.pdf']);
});
