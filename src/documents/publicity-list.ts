import type { PlanInput } from '../../machines/facts';
import { sexOf } from '../../machines/rules/id-number';
import { toCsv } from './csv';
import { escapeHtml } from './html';
import { chineseDate, gradeOfLevel, sexLabel, titleOfLevel } from './labels';
import { maskIdNumber } from './mask';

// 三(三): before and after the review the committee office publishes the applicants' basic
// facts with the audit or review result for 5 working days. Publicity is public, so
// the lists take full ID numbers and print them masked only.

export type PublicityStage = 'qualification' | 'result';

export interface PublicityEntry {
  name: string;
  /** The full number; every output masks it. */
  idNumber: string;
  unitName: string;
  /** The audit result (qualification) or the review result (result), as published. */
  result: string;
}

export interface PublicityList {
  stage: PublicityStage;
  plan: Pick<PlanInput, 'year' | 'level' | 'specialty'>;
  /** First and last day, YYYY-MM-DD. */
  period: { start: string; end: string };
  /** Where to send objections: office, address, telephone. */
  objectionsTo: string;
  /** Who publishes, e.g. the committee office; printed under the table. */
  publisher: string;
  entries: readonly PublicityEntry[];
}

const STAGE: Record<PublicityStage, { title: string; result: string }> = {
  qualification: { title: '资格审查公示', result: '资格审查结果' },
  result: { title: '评审结果公示', result: '评审结果' },
};

export function publicityTitle({ stage, plan }: Pick<PublicityList, 'stage' | 'plan'>): string {
  return `${plan.year}年度工程系列${gradeOfLevel[plan.level]}专业技术职务任职资格（${plan.specialty}）${STAGE[stage].title}`;
}

export function header(list: PublicityList): string[] {
  return ['序号', '姓名', '性别', '身份证号码', '工作单位', '申报资格', '申报专业', STAGE[list.stage].result, '公示期'];
}

export function rows(list: PublicityList): string[][] {
  const { plan, period } = list;
  const qualification = `${titleOfLevel[plan.level]}（${gradeOfLevel[plan.level]}）`;
  return list.entries.map((e, i) => [
    String(i + 1),
    e.name,
    sexLabel[sexOf(e.idNumber)],
    maskIdNumber(e.idNumber),
    e.unitName,
    qualification,
    plan.specialty,
    e.result,
    `${period.start}至${period.end}`,
  ]);
}

/** What the notice prescribes to say above the list: what is published, for how long, where objections go. */
export function publicityIntro(list: PublicityList): { lead: string; period: string; objections: string } {
  return {
    lead: `根据评审工作安排，现将以下人员的基本情况及${STAGE[list.stage].result}予以公示。`,
    period: `公示期为${chineseDate(list.period.start)}至${chineseDate(list.period.end)}（5个工作日）。`,
    objections: `公示期内如有异议，请向${list.objectionsTo}反映。`,
  };
}

/** The list as CSV for Excel: one header row, one row per application. */
export function publicityListCsv(list: PublicityList): string {
  return toCsv([header(list), ...rows(list)]);
}

/** The list as one printable, self-contained HTML page (no script, no external resource). */
export function publicityListHtml(list: PublicityList): string {
  const title = escapeHtml(publicityTitle(list));
  const intro = publicityIntro(list);
  const labels = header(list);
  const head = labels.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('');
  // Each cell carries its column's name, which a phone shows beside it (a card per row).
  const body = rows(list)
    .map((row) => `<tr>${row.map((v, i) => `<td data-label="${escapeHtml(labels[i] ?? '')}">${escapeHtml(v)}</td>`).join('')}</tr>`)
    .join('\n');
  const empty = `<tr><td colspan="${header(list).length}">本期无公示对象</td></tr>`;
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>
body { font-family: "Noto Sans SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif; margin: 2rem auto; max-width: 72rem; padding: 0 1rem; color: #111; }
h1 { font-size: 1.5rem; text-align: center; }
p { line-height: 1.7; }
table { border-collapse: collapse; width: 100%; font-size: 0.9rem; }
th, td { border: 1px solid #444; padding: 0.35rem 0.5rem; text-align: left; }
th { background: #eee; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
.publisher { text-align: right; margin-top: 2rem; }
@page { size: A4 landscape; margin: 15mm; }
@media print { body { margin: 0; max-width: none; } }
/* A phone: nine columns do not fit 390 px, so each row becomes a card of label and value. */
@media screen and (max-width: 40rem) {
  body { margin: 1rem auto; }
  h1 { font-size: 1.2rem; }
  table, tbody, tr, td { display: block; }
  thead { display: none; }
  tr { border: 1px solid #444; margin-bottom: 0.75rem; }
  td { border: 0; border-bottom: 1px solid #ddd; display: grid; grid-template-columns: 6.5em 1fr; gap: 0.5rem; overflow-wrap: anywhere; }
  td:last-child { border-bottom: 0; }
  td::before { content: attr(data-label); font-weight: 600; color: #444; }
  td[colspan]::before { content: none; }
}
</style>
</head>
<body>
<h1>${title}</h1>
<p>${escapeHtml(intro.lead)}<strong>${escapeHtml(intro.period)}</strong>${escapeHtml(intro.objections)}</p>
<table>
<thead><tr>${head}</tr></thead>
<tbody>
${list.entries.length ? body : empty}
</tbody>
</table>
<p class="publisher">${escapeHtml(list.publisher)}<br>${escapeHtml(chineseDate(list.period.start))}</p>
</body>
</html>
`;
}
