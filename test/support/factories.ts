import type { EventType } from '../../machines/events';
import type { Facts, PlanInput } from '../../machines/facts';
import { checkCharFor } from '../../machines/rules/id-number';
import { validFacts } from '../machines/rules/fixtures';

export const unitId = 'U-TEST-1';

/** A valid ID number, distinct per `n`. */
export function idNumberFor(n: number): string {
  const body = `33028219900512${String(n % 1000).padStart(3, '0')}`;
  return body + checkCharFor(body);
}

/** A 2021 plan open 2021-07-30..2021-09-30, matching the rules fixtures. */
export function planBody(level: 'junior' | 'intermediate'): PlanInput {
  return {
    year: 2021, level, specialty: '建设工程', opensAt: '2021-07-30', closesAt: '2021-09-30',
    scoringItems: [
      { id: 'project-lead', name: '主持完成工程项目', points: 60 },
      { id: 'paper', name: '发表专业论文', points: 40 },
      { id: 'patent', name: '取得专利', points: 30 },
    ],
    intermediateRoutes: [
      { education: 'master', seniority: 'engineering', years: 2 },
      { education: 'secondBachelor', seniority: 'assistantEngineer', years: 2 },
      { education: 'bachelor', seniority: 'assistantEngineer', years: 4 },
      { education: 'juniorCollege', seniority: 'assistantEngineer', years: 4 },
    ],
  };
}

export function factsFor(_level: 'junior' | 'intermediate'): Facts {
  return validFacts();
}

/** A payload each event accepts when its state and time allow it. */
export const validPayloads: Record<EventType, Record<string, unknown>> = {
  UPDATE_DRAFT: { facts: { name: '张伟' } },
  SUBMIT: { commitmentSigned: true },
  WITHDRAW: { reason: '个人原因' },
  RETURN_TO_APPLICANT: { reason: '材料不全' },
  START_UNIT_PUBLICITY: { startDate: '2021-08-02' },
  UNIT_APPROVE: { publicityResult: 'noObjection', opinion: '同意推荐' },
  AUDIT_APPROVE: { opinion: '审核通过' },
  AUDIT_REJECT: { reason: '资历不符' },
  PAPER_RECEIVED: { copies: 3, stamped: true, watermarked: true },
  RAISE_OBJECTION: { objection: '业绩存疑' },
  RESOLVE_OBJECTION: { resolution: '经核实无误' },
  PUBLICITY_ENDED: {},
  PAY_FEE: { amount: 100 },
  SCHEDULE_INTERVIEW: { time: '2021-10-20T09:00:00+08:00', place: '慈溪市人力资源和社会保障局615办公室' },
  RECORD_ATTENDANCE: {},
  MARK_NO_SHOW: {},
  REVIEW_PASS: { opinion: '通过' },
  REVIEW_FAIL: { reason: '未通过答辩' },
  FLAG_FALSIFIED: { finding: '业绩材料弄虚作假' },
  REVOKE: { finding: '证书取得后发现弄虚作假' },
};

/** A plan of `year` open all that year, for tests that move the clock to other years (bans). */
export function planBodyFor(year: number, level: 'junior' | 'intermediate' = 'junior'): PlanInput {
  return { ...planBody(level), year, opensAt: `${year}-01-01`, closesAt: `${year}-12-31` };
}

/** validFacts() moved to a plan of `year`: assessments and public hours for its window, achievements the year before. */
export function factsForYear(year: number): Facts {
  const facts = validFacts();
  return {
    ...facts,
    continuingEducation: [year - 2, year - 1, year].map((y) => ({ year: y, publicHours: 24, professionalHours: 0 })),
    annualAssessments: [year - 3, year - 2, year - 1].map((y) => ({ year: y, result: 'competent' as const })),
    achievements: facts.achievements.map((a) => ({ ...a, achievedOn: `${year - 1}${a.achievedOn.slice(4)}` })),
  };
}
