import { hasMaterial } from '../../machines/material-kinds';
import {
  assessmentLabel,
  educationLabel,
  educationOriginLabel,
  gradeOfLevel,
  materialKindLabel,
  sexLabel,
  titleOfLevel,
  unitTypeLabel,
} from './labels';
import { FONT, type Pdf } from './pdf';
import { type Column, drawTable, ensureSpace } from './pdf-table';
import type { ReviewFormInput, UploadedMaterial } from './review-form';

// The body of the review form, section by section, each citing the clause its facts answer.

export interface SectionLayout {
  width: number;
  reserveBottom: number;
}

const FONT_SIZE = 10.5;
const NONE = '—';

export function drawFactSections(doc: Pdf, input: ReviewFormInput, layout: SectionLayout): void {
  const { facts, plan } = input;
  sectionTitle(doc, '一、基本情况', layout);
  labelValueGrid(doc, basicFacts(input), layout);

  sectionTitle(doc, '二、学历（五(二)）', layout);
  labelValueGrid(doc, educationFacts(input), layout);

  sectionTitle(doc, '三、继续教育学时（二(三)）', layout);
  const hours = [...facts.continuingEducation].sort((a, b) => a.year - b.year);
  drawTable(
    doc,
    columns(
      layout.width,
      [
        ['年度', 1],
        ['一般公需科目（学时）', 2],
        ['专业科目（学时）', 2],
      ],
      'center',
    ),
    hours.length ? hours.map((h) => [String(h.year), String(h.publicHours), String(h.professionalHours)]) : [[NONE, NONE, NONE]],
    { fontSize: FONT_SIZE, reserveBottom: layout.reserveBottom },
  );

  sectionTitle(doc, '四、年度考核（二(四)）', layout);
  const assessments = [...facts.annualAssessments].sort((a, b) => a.year - b.year);
  drawTable(
    doc,
    columns(
      layout.width,
      [
        ['年度', 1],
        ['考核结果', 4],
      ],
      'center',
    ),
    assessments.length ? assessments.map((a) => [String(a.year), assessmentLabel[a.result]]) : [[NONE, NONE]],
    { fontSize: FONT_SIZE, reserveBottom: layout.reserveBottom },
  );

  sectionTitle(doc, plan.level === 'junior' ? '五、工作业绩（近三年，二(二)量化评价）' : '五、工作业绩', layout);
  const itemName = new Map(plan.scoringItems.map((item) => [item.id, item]));
  drawTable(
    doc,
    columns(layout.width, [
      ['序号', 0.6],
      ['业绩项目', 4],
      ['取得日期', 1.4],
      ['专业', 1.6],
      ['标准分值', 1],
    ]),
    facts.achievements.length
      ? facts.achievements.map((a, i) => {
          const item = itemName.get(a.itemId);
          return [String(i + 1), item?.name ?? a.itemId, a.achievedOn, a.specialty, item ? String(item.points) : NONE];
        })
      : [[NONE, '无', NONE, NONE, NONE]],
    { fontSize: FONT_SIZE, reserveBottom: layout.reserveBottom },
  );
}

export function drawMaterials(doc: Pdf, materials: readonly UploadedMaterial[], layout: SectionLayout): void {
  sectionTitle(doc, '六、上传材料清单（五(一)：审核递交后不再补充材料）', layout);
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

/** Blank boxes for the stamps and signatures the paper copies carry (三(一)2, 三(二)). */
export function drawOpinions(doc: Pdf, layout: SectionLayout): void {
  const boxes = ['所在单位审核意见（业绩档案、申报信息审核及单位内公示情况）', '评委会办公室收件意见（份数、盖章、水印核对）'];
  sectionTitle(doc, '七、审核意见', layout);
  for (const heading of boxes) {
    const height = 150;
    ensureSpace(doc, height, layout.reserveBottom);
    const top = doc.y;
    const left = doc.page.margins.left;
    doc.rect(left, top, layout.width, height).lineWidth(0.6).strokeColor('#333333').stroke();
    doc
      .font(FONT.bold)
      .fontSize(FONT_SIZE)
      .fillColor('#000000')
      .text(heading, left + 6, top + 6, { width: layout.width - 12 });
    doc.font(FONT.regular).text('负责人签字：                    （盖章）              年    月    日', left + 6, top + height - 24, {
      width: layout.width - 12,
      align: 'right',
    });
    doc.y = top + height + 8;
  }
}

function basicFacts({ facts, plan, idNumber, unitName, materials }: ReviewFormInput): Array<[string, string]> {
  const rows: Array<[string, string]> = [
    ['姓名', facts.name],
    ['性别', sexLabel[facts.retirementCategory]],
    ['身份证号码', idNumber],
    ['出生日期', facts.birthDate],
    ['工作单位', unitName],
    ['单位性质', unitTypeLabel[facts.unitType]],
    ['申报专业', plan.specialty],
    ['申报资格', `${titleOfLevel[plan.level]}（${gradeOfLevel[plan.level]}）`],
    ['评审年度', String(plan.year)],
    ['现单位缴纳社保起始', facts.socialInsuranceSince ?? NONE],
    ['从事工程技术工作起始', facts.engineeringWorkSince ?? NONE],
    ['聘任助理工程师起始', facts.assistantEngineerSince ?? NONE],
    ['注册职业资格起始（一(三)）', facts.registeredQualificationSince ?? NONE],
    ['总部在慈溪、派驻外地', yesNo(facts.postedToBranchElsewhere)],
    ['经批准延长退休年龄', yesNo(facts.retirementExtensionApproved)],
  ];
  if (facts.unitType === 'publicInstitution') {
    rows.push(
      ['岗位结构比例内有空缺（二(五)）', yesNo(facts.postVacancy)],
      ['岗位信息表（附件3）', hasMaterial(materials, 'postInfoForm') ? '已上传' : '未上传'],
    );
  }
  return rows;
}

const EDUCATION_PROOFS = ['educationCertificate', 'chsiRecord', 'graduateRegistrationForm', 'degreeCertification'] as const;

function educationFacts({ facts, materials }: ReviewFormInput): Array<[string, string]> {
  const { education } = facts;
  const proofs = [
    ...(education.proof.systemExtracted ? ['系统提取学历信息'] : []),
    ...EDUCATION_PROOFS.filter((kind) => hasMaterial(materials, kind)).map((kind) => materialKindLabel[kind]),
  ];
  return [
    ['学历', educationLabel[education.level]],
    ['毕业时间', education.graduatedOn],
    ['取得地', educationOriginLabel[education.origin]],
    ['学历证明', proofs.length ? proofs.join('、') : NONE],
  ];
}

function sectionTitle(doc: Pdf, title: string, layout: SectionLayout): void {
  // A heading alone at the foot of a page is moved over with the table it heads.
  ensureSpace(doc, 60, layout.reserveBottom);
  doc.moveDown(0.6).font(FONT.bold).fontSize(13).fillColor('#000000').text(title, doc.page.margins.left, doc.y, { width: layout.width });
  doc.moveDown(0.3);
}

/** Pairs of label and value, two pairs to a row. */
function labelValueGrid(doc: Pdf, pairs: ReadonlyArray<[string, string]>, layout: SectionLayout): void {
  const label = layout.width * 0.2;
  const value = layout.width / 2 - label;
  const grid: Column[] = [{ width: label, label: true }, { width: value }, { width: label, label: true }, { width: value }];
  const rows: string[][] = [];
  for (let i = 0; i < pairs.length; i += 2) rows.push([...(pairs[i] ?? ['', '']), ...(pairs[i + 1] ?? ['', ''])]);
  drawTable(doc, grid, rows, { fontSize: FONT_SIZE, reserveBottom: layout.reserveBottom, minRowHeight: 24 });
}

/** Columns sharing `width` in the given proportions. */
function columns(width: number, spec: ReadonlyArray<[string, number]>, align: Column['align'] = 'left'): Column[] {
  const total = spec.reduce((sum, [, share]) => sum + share, 0);
  return spec.map(([header, share]) => ({ header, width: (width * share) / total, align }));
}

function yesNo(value: boolean): string {
  return value ? '是' : '否';
}

function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
