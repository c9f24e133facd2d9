import { hasMaterial } from '../../machines/material-kinds';
import { birthDateOf, sexOf } from '../../machines/rules/id-number';
import {
  assessmentLabel,
  educationLabel,
  educationOriginLabel,
  gradeOfLevel,
  materialKindLabel,
  sexLabel,
  skillLevelLabel,
  titleOfLevel,
  unitTypeLabel,
} from './labels';
import { FONT, type Pdf } from './pdf';
import { drawTable } from './pdf-table';
import type { ReviewFormInput } from './review-form-input';
import { columns, FONT_SIZE, labelValueGrid, NONE, type SectionLayout } from './review-form-layout';

// The facts of the review form, section by section, each citing the clause its facts answer.

type Heading = (doc: Pdf, title: string) => void;

export function drawFactSections(doc: Pdf, input: ReviewFormInput, layout: SectionLayout, heading: Heading): void {
  const { facts } = input;
  const table = (spec: ReadonlyArray<[string, number]>, rows: string[][], align: 'left' | 'center' = 'left') =>
    drawTable(doc, columns(layout.width, spec, align), rows, { fontSize: FONT_SIZE, reserveBottom: layout.reserveBottom });

  heading(doc, '基本情况');
  labelValueGrid(doc, basicFacts(input), layout);

  heading(doc, '学历（五(二)）');
  labelValueGrid(doc, educationFacts(input), layout);

  heading(doc, '继续教育学时（二(三)）');
  const hours = [...facts.continuingEducation].sort((a, b) => a.year - b.year);
  table(
    [
      ['年度', 1],
      ['一般公需科目（学时）', 2],
      ['专业科目（学时）', 2],
    ],
    hours.length ? hours.map((h) => [String(h.year), String(h.publicHours), String(h.professionalHours)]) : [[NONE, NONE, NONE]],
    'center',
  );

  heading(doc, '年度考核（二(四)）');
  const assessments = [...facts.annualAssessments].sort((a, b) => a.year - b.year);
  table(
    [
      ['年度', 1],
      ['考核结果', 4],
    ],
    assessments.length ? assessments.map((a) => [String(a.year), assessmentLabel[a.result]]) : [[NONE, NONE]],
    'center',
  );

  if (input.selfAssessment) drawSelfAssessment(doc, input, input.selfAssessment, layout, heading);
}

/** 二(二): each achievement by its scoring item, the points it counts for, and the total beside the minimum. */
function drawSelfAssessment(
  doc: Pdf,
  { plan, facts }: ReviewFormInput,
  { points, minimum }: NonNullable<ReviewFormInput['selfAssessment']>,
  layout: SectionLayout,
  heading: Heading,
): void {
  heading(doc, '工作业绩量化评价（二(二)：近三年、与申报专业相关的业绩）');
  const items = new Map(plan.scoringItems.map((item) => [item.id, item]));
  const rows = facts.achievements.map((a, i) => {
    const item = items.get(a.itemId);
    return [
      String(i + 1),
      item?.name ?? '本计划评价标准未列的项目',
      a.achievedOn,
      a.specialty,
      item ? String(item.points) : NONE,
      String(points[i] ?? 0),
    ];
  });
  const total = points.reduce((sum, p) => sum + p, 0);
  rows.push(['', '合计', '', '', '', String(total)]);
  drawTable(
    doc,
    columns(layout.width, [
      ['序号', 0.6],
      ['业绩项目（附件2评价标准）', 4],
      ['取得日期', 1.4],
      ['专业', 1.6],
      ['标准分值', 1],
      ['计分', 1],
    ]),
    rows,
    { fontSize: FONT_SIZE, reserveBottom: layout.reserveBottom },
  );
  const verdict = total >= minimum ? '已达到' : '未达到';
  doc
    .moveDown(0.3)
    .font(FONT.bold)
    .fontSize(FONT_SIZE)
    .text(`自评总分 ${total} 分，本计划须达到 ${minimum} 分，${verdict}。`, doc.page.margins.left, doc.y, { width: layout.width });
}

function basicFacts({ facts, plan, idNumber, unitName, materials }: ReviewFormInput): Array<[string, string]> {
  const rows: Array<[string, string]> = [
    ['姓名', facts.name],
    ['性别', sexLabel[sexOf(idNumber)]],
    ['身份证号码', idNumber],
    ['出生日期', birthDateOf(idNumber)],
    ['工作单位', unitName],
    ['单位性质', unitTypeLabel[facts.unitType]],
    ['申报专业', plan.specialty],
    ['申报资格', `${titleOfLevel[plan.level]}（${gradeOfLevel[plan.level]}）`],
    ['评审年度', String(plan.year)],
    ['现单位缴纳社保起始', facts.socialInsuranceSince ?? NONE],
    ['从事工程技术工作起始', facts.engineeringWorkSince ?? NONE],
    ['聘任助理工程师起始', facts.assistantEngineerSince ?? NONE],
    ['注册职业资格起始（一(三)）', facts.registeredQualificationSince ?? NONE],
    ['资格聘任起始（一(三)）', facts.qualificationAppointedSince ?? NONE],
    ['总部在慈溪、派驻外地', yesNo(facts.postedToBranchElsewhere)],
    ['社保由系统提取（五(三)）', yesNo(facts.socialInsuranceOnRecord ?? !facts.postedToBranchElsewhere)],
    ['经批准延长退休年龄', yesNo(facts.retirementExtensionApproved)],
  ];
  if (facts.skill) rows.push(['职业技能等级（一(二)）', `${skillLevelLabel[facts.skill.level]}（${facts.skill.certifiedOn}取得）`]);
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

function yesNo(value: boolean): string {
  return value ? '是' : '否';
}
