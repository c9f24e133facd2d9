import { chineseDate, materialKindLabel } from './labels';
import { FONT, type Pdf } from './pdf';
import { drawTable, ensureSpace } from './pdf-table';
import type { ReviewFormInput, UploadedMaterial } from './review-form-input';
import { columns, FONT_SIZE, NONE, type SectionLayout } from './review-form-layout';

// The review form's record of the application: the files uploaded (五(一)) and the opinion
// of each step of the review that has happened (三(一)2, 三(二)), beside the space the paper
// copies' signatures and stamps go in.

type Heading = (doc: Pdf, title: string) => void;

export function drawMaterials(doc: Pdf, materials: readonly UploadedMaterial[], layout: SectionLayout, heading: Heading): void {
  heading(doc, '上传材料清单（五(一)：审核递交后不再补充材料）');
  drawTable(
    doc,
    columns(layout.width, [
      ['序号', 0.5],
      ['材料类别', 1.9],
      ['文件名', 2.8],
      ['大小', 0.9],
      ['SHA-256', 5],
    ]),
    materials.length
      ? materials.map((m, i) => [String(i + 1), materialKindLabel[m.kind], m.name, fileSize(m.size), m.sha256])
      : [[NONE, '无', NONE, NONE, NONE]],
    { fontSize: 8.5, reserveBottom: layout.reserveBottom },
  );
}

const PUBLICITY_RESULT = { noObjection: '无异议', objectionsResolved: '有异议，已核实处理' } as const;

/** One box per step: what was recorded, then the line for the signature and stamp the paper copy carries. */
export function drawOpinions(
  doc: Pdf,
  { unitReview, audit, paperReceipt }: ReviewFormInput,
  layout: SectionLayout,
  heading: Heading,
): void {
  const unit = [
    unitReview.publicity
      ? `单位内公示：${chineseDate(unitReview.publicity.start)}至${chineseDate(unitReview.publicity.end)}（不少于5个工作日）` +
        (unitReview.approval ? `，公示结果：${PUBLICITY_RESULT[unitReview.approval.publicityResult]}。` : '。')
      : '单位内公示：尚未公示。',
    unitReview.approval ? `审核意见：${unitReview.approval.opinion}` : '审核意见：尚未审核。',
  ];
  const boxes: Array<{ title: string; lines: string[]; on: string | null; signature: string }> = [
    {
      title: '所在单位审核意见（三(一)2：业绩档案、申报信息审核及单位内公示情况）',
      lines: unit,
      on: unitReview.approval?.on ?? null,
      signature: '单位负责人签字：　　　　　　（单位盖章）',
    },
    {
      title: '宁波市人社部门资格审查意见（三(二)）',
      lines: [audit ? `审查意见：${audit.opinion ?? '资格审查通过'}` : '尚未审查。'],
      on: audit?.on ?? null,
      signature: '',
    },
    {
      title: '评委会办公室收件意见（三(二)：份数、盖章、水印核对）',
      lines: paperReceipt ? [`已收到纸质评审表${paperReceipt.copies}份，经核对已盖章、带平台水印。`] : [],
      on: paperReceipt?.on ?? null,
      signature: '经办人签字：　　　　　　',
    },
  ];
  heading(doc, '审核意见');
  for (const box of boxes) drawBox(doc, box, layout);
}

function drawBox(doc: Pdf, box: { title: string; lines: string[]; on: string | null; signature: string }, layout: SectionLayout): void {
  const height = 130;
  ensureSpace(doc, height, layout.reserveBottom);
  const top = doc.y;
  const left = doc.page.margins.left;
  const inner = { x: left + 8, width: layout.width - 16 };
  doc.rect(left, top, layout.width, height).lineWidth(0.6).strokeColor('#333333').stroke();
  doc
    .font(FONT.bold)
    .fontSize(FONT_SIZE)
    .fillColor('#000000')
    .text(box.title, inner.x, top + 6, inner);
  doc.font(FONT.regular).moveDown(0.4);
  for (const line of box.lines) doc.text(line, inner.x, doc.y, { ...inner, lineGap: 2 });
  const date = box.on ? chineseDate(box.on) : '　　年　　月　　日';
  doc.text(`${box.signature}　　　　${date}`, inner.x, top + height - 22, { ...inner, align: 'right' });
  doc.y = top + height + 8;
}

function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
