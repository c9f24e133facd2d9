import type { ApplicationContext } from '../../machines/context';
import type { EventType } from '../../machines/events';
import type { Facts, PlanInput } from '../../machines/facts';
import { sampleIdNumber, samplePlan } from '../../src/demo/samples';
import { validFacts } from '../machines/rules/fixtures';

export const unitId = 'U-TEST-1';

/** The units every test app registers: the factories' unit and a second one for visibility tests. */
export const testUnits = [
  { id: unitId, name: '慈溪市测试建设工程有限公司', inCixi: true, unitType: 'enterprise' },
  { id: 'U-TEST-2', name: '慈溪市测试水利工程有限公司', inCixi: true, unitType: 'enterprise' },
] as const;

/** A valid ID number, distinct per `n` (0–999). */
export const idNumberFor = (n: number): string => sampleIdNumber(n);

/** A 2021 plan on the 2021 notice's machine (definition version 1), open 2021-07-30..2021-09-30 like the rules fixtures. */
export const planBody = (level: 'junior' | 'intermediate', definitionVersion = 1): PlanInput => ({
  ...samplePlan(2021, level, { opensAt: '2021-07-30', closesAt: '2021-09-30' }),
  definitionVersion,
  // Tests park applications in feePayment and paperSubmission while walking others months ahead:
  // the longest deadlines keep them there. test/api/no-dead-ends.test.ts tests short ones.
  feeDeadlineDays: 90,
  paperDeadlineDays: 90,
});

export function factsFor(_level: 'junior' | 'intermediate'): Facts {
  return validFacts();
}

/**
 * A payload each event accepts when its state and time allow it. PAPER_RECEIVED's code
 * must be the application's own form's: `validPayload` reads it from the context.
 */
export const validPayloads: Record<EventType, Record<string, unknown>> = {
  UPDATE_DRAFT: { facts: { name: '张伟' } },
  SUBMIT: { commitmentSigned: true },
  WITHDRAW: { reason: '个人原因' },
  RETURN_TO_APPLICANT: { reason: '材料不全' },
  START_UNIT_PUBLICITY: { startDate: '2021-08-02' },
  UNIT_APPROVE: { publicityResult: 'noObjection', opinion: '同意推荐' },
  AUDIT_APPROVE: { opinion: '审核通过' },
  AUDIT_REJECT: { reason: '资历不符' },
  PAPER_RECEIVED: { copies: 3, stamped: true, watermarked: true, verificationCode: 'NOT-THIS-FORM' },
  RAISE_OBJECTION: { objection: '业绩存疑' },
  RESOLVE_OBJECTION: { resolution: '经核实无误' },
  PUBLICITY_ENDED: {},
  PAY_FEE: { amount: 100 },
  SCHEDULE_INTERVIEW: { time: '2021-10-20T09:00:00+08:00', place: '慈溪市人力资源和社会保障局615办公室' },
  RESCHEDULE_INTERVIEW: { time: '2021-10-22T09:00:00+08:00', place: '慈溪市人力资源和社会保障局615办公室', reason: '评委会时间调整' },
  RECORD_ATTENDANCE: {},
  MARK_NO_SHOW: {},
  REVIEW_PASS: { opinion: '通过' },
  REVIEW_FAIL: { reason: '未通过答辩' },
  FLAG_FALSIFIED: { finding: '业绩材料弄虚作假' },
  REVOKE: { finding: '证书取得后发现弄虚作假' },
  UNIT_VERIFY_FACT: { fact: 'socialInsurance', note: '社保缴纳记录已核对' },
  HR_VERIFY_FACT: { fact: 'education', note: '学信网学历信息已核对' },
  EXTEND_DEADLINE: { until: '2021-12-31', reason: '申报人住院，经本人申请延期' },
  DEADLINE_PASSED: {},
  UNIT_REQUEST_SUPPLEMENT: { items: ['近一年社保缴费证明'] },
  HR_REQUEST_SUPPLEMENT: { items: ['学历认证报告'] },
  SUPPLEMENT_PROVIDED: { materials: [{ kind: 'socialInsuranceProof', name: '社保缴费证明.pdf', sha256: 'a'.repeat(64) }] },
};

/** `validPayloads[type]` completed from the application: the code its review form carries, the fee its plan asks. */
export function validPayload(type: EventType, context: Pick<ApplicationContext, 'reviewForm' | 'plan'>): Record<string, unknown> {
  switch (type) {
    case 'PAPER_RECEIVED':
      return { ...validPayloads.PAPER_RECEIVED, verificationCode: context.reviewForm?.verificationCode ?? 'NO-FORM-YET' };
    case 'PAY_FEE':
      return { amount: context.plan.fee };
    default:
      return validPayloads[type];
  }
}

/** A plan of `year` open all that year, for tests that move the clock to other years (bans). */
export const planBodyFor = (year: number, level: 'junior' | 'intermediate' = 'junior'): PlanInput => samplePlan(year, level);

/** validFacts() moved to a plan of `year`: assessments and public hours for its window, achievements the year before. */
export function factsForYear(year: number): Facts {
  const facts = validFacts();
  return {
    ...facts,
    continuingEducation: [year - 2, year - 1, year].map((y) => ({ year: y, publicHours: 24, professionalHours: 0, onRecord: true })),
    annualAssessments: [year - 3, year - 2, year - 1].map((y) => ({ year: y, result: 'competent' as const })),
    achievements: facts.achievements.map((a) => ({ ...a, achievedOn: `${year - 1}${a.achievedOn.slice(4)}` })),
  };
}
