import type { ApplicationContext } from '../../machines/context';
import type { EventType, Role } from '../../machines/events';
import type { Facts } from '../../machines/facts';
import { addDays } from '../../machines/rules/dates';
import { sampleFacts, sampleIdNumber } from './samples';

// A review season as data: which state each demo application ends in, the steps that take
// it there, and the remarks people write on the way. Both the demo seed (in process, through
// applyTransition) and the simulator (over HTTP) drive applications along these paths, so
// what they create can only be what the real transition path accepts.

/** A small seeded PRNG (mulberry32): the same seed gives the same season. */
export function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  return { next, int, pick: <T>(items: readonly T[]): T => items[int(items.length)]!, chance: (p: number) => next() < p };
}
export type Rng = ReturnType<typeof prng>;

/** Registered on first start; all enterprises in Cixi, so every applicant is in scope (一(一)). */
export const demoUnits = [
  { id: 'U-DEMO-1', name: '慈溪市示范建设工程有限公司' },
  { id: 'U-DEMO-2', name: '慈溪市杭州湾建筑设计院有限公司' },
  { id: 'U-DEMO-3', name: '宁波慈星智能装备股份有限公司' },
  { id: 'U-DEMO-4', name: '慈溪市水利水电建筑工程有限公司' },
  { id: 'U-DEMO-5', name: '慈溪市交通工程检测有限公司' },
].map((u) => ({ ...u, inCixi: true, unitType: 'enterprise' as const }));

export type StepName =
  | 'submit'
  | 'return'
  | 'withdraw'
  | 'verifyUnit'
  | 'startUnitPublicity'
  | 'unitApprove'
  | 'verifyHr'
  | 'auditApprove'
  | 'auditReject'
  | 'paperReceived'
  | 'raiseObjection'
  | 'resolveObjection'
  | 'publicityEnds'
  | 'payFee'
  | 'schedule'
  | 'attend'
  | 'noShow'
  | 'pass'
  | 'fail'
  | 'falsify'
  | 'revoke';

export type DemoRequest = { role: Exclude<Role, 'admin'>; body: { type: EventType } & Record<string, unknown> };
type Context = Pick<ApplicationContext, 'plan' | 'reviewForm' | 'unitPublicity' | 'publicity' | 'interview'>;

export type Step = {
  /** The earliest instant the step may happen: a publicity must have elapsed, an interview begun. */
  notBefore?: (c: Context) => string;
  /** The events the step sends on `today` (Asia/Shanghai); none when the service's own timer takes it. */
  requests: (c: Context, today: string, rng: Rng) => DemoRequest[];
};

const at10 = (date: string) => `${date}T02:00:00.000Z`;
const one = (role: DemoRequest['role'], type: EventType, payload: Record<string, unknown> = {}) => [{ role, body: { type, ...payload } }];

const returnReasons = [
  '社保缴纳证明不完整，请补充近一年缴费记录',
  '业绩材料未加盖单位公章',
  '学历证书扫描件不清晰',
  '继续教育学时证明缺少2024年度记录',
];
const withdrawReasons = ['个人原因，明年再申报', '工作调动，暂不申报', '申报材料准备不充分'];
const objections = ['有群众反映其主持项目的业绩与实际不符', '来信反映其论文存在一稿多投情况', '有人反映其社保缴纳单位与工作单位不一致'];
const resolutions = ['经核实，反映情况不属实', '经单位书面说明并核对原件，材料真实有效', '经调查核实，不影响申报'];
const findings = ['经核查，申报业绩中的项目合同系伪造', '论文发表证明系伪造，属弄虚作假', '学历证书经学信网核验不实'];
const opinions = ['同意推荐，业绩突出', '经单位公示无异议，同意推荐', '该同志工作认真负责，同意推荐'];
const auditRejections = ['专业技术工作年限不足', '申报专业与所从事工作不符', '年度考核材料不全，不符合申报条件'];
const reviewFails = ['答辩中专业理论知识掌握不够扎实', '业绩成果与申报专业关联度不高'];
const places = ['慈溪市人力资源和社会保障局615会议室', '慈溪市行政服务中心三楼评审室'];

export const steps: Record<StepName, Step> = {
  submit: { requests: () => one('applicant', 'SUBMIT', { commitmentSigned: true }) },
  return: { requests: (_c, _d, rng) => one('unit', 'RETURN_TO_APPLICANT', { reason: rng.pick(returnReasons) }) },
  withdraw: { requests: (_c, _d, rng) => one('applicant', 'WITHDRAW', { reason: rng.pick(withdrawReasons) }) },
  verifyUnit: { requests: () => one('unit', 'UNIT_VERIFY_FACT', { fact: 'socialInsurance', note: '社保缴纳记录已与社保系统核对' }) },
  startUnitPublicity: { requests: (_c, today) => one('unit', 'START_UNIT_PUBLICITY', { startDate: today }) },
  unitApprove: {
    notBefore: (c) => at10(c.unitPublicity!.endsOn),
    requests: (_c, _d, rng) => one('unit', 'UNIT_APPROVE', { publicityResult: 'noObjection', opinion: rng.pick(opinions) }),
  },
  verifyHr: {
    requests: (c) => [
      { role: 'hr', body: { type: 'HR_VERIFY_FACT', fact: 'education', note: '学信网学历信息已核对' } },
      ...(c.plan.level === 'intermediate'
        ? [{ role: 'hr' as const, body: { type: 'HR_VERIFY_FACT' as const, fact: 'continuingEducation', note: '继续教育学时已核对' } }]
        : []),
    ],
  },
  auditApprove: { requests: () => one('hr', 'AUDIT_APPROVE', { opinion: '资格审查通过' }) },
  auditReject: { requests: (_c, _d, rng) => one('hr', 'AUDIT_REJECT', { reason: rng.pick(auditRejections) }) },
  paperReceived: {
    requests: (c) =>
      one('committee', 'PAPER_RECEIVED', { copies: 3, stamped: true, watermarked: true, verificationCode: c.reviewForm!.verificationCode }),
  },
  raiseObjection: { requests: (_c, _d, rng) => one('committee', 'RAISE_OBJECTION', { objection: rng.pick(objections) }) },
  resolveObjection: { requests: (_c, _d, rng) => one('committee', 'RESOLVE_OBJECTION', { resolution: rng.pick(resolutions) }) },
  publicityEnds: { notBefore: (c) => c.publicity!.endsAt, requests: () => [] },
  payFee: { requests: (c) => one('applicant', 'PAY_FEE', { amount: c.plan.fee }) },
  schedule: {
    requests: (_c, today, rng) =>
      one('committee', 'SCHEDULE_INTERVIEW', { time: `${addDays(today, 3 + rng.int(5))}T09:00:00+08:00`, place: rng.pick(places) }),
  },
  attend: { notBefore: (c) => c.interview!.time, requests: () => one('committee', 'RECORD_ATTENDANCE') },
  noShow: { notBefore: (c) => c.interview!.time, requests: () => one('committee', 'MARK_NO_SHOW') },
  pass: { requests: () => one('committee', 'REVIEW_PASS', { opinion: '经评审委员会投票表决，同意通过' }) },
  fail: { requests: (_c, _d, rng) => one('committee', 'REVIEW_FAIL', { reason: rng.pick(reviewFails) }) },
  falsify: { requests: (_c, _d, rng) => one('hr', 'FLAG_FALSIFIED', { finding: rng.pick(findings) }) },
  revoke: { requests: (_c, _d, rng) => one('committee', 'REVOKE', { finding: rng.pick(findings) }) },
};

const toUnitPublicity: StepName[] = ['submit', 'verifyUnit', 'startUnitPublicity'];
const toAudit: StepName[] = [...toUnitPublicity, 'unitApprove'];
const toPaper: StepName[] = [...toAudit, 'verifyHr', 'auditApprove'];
const toQualification: StepName[] = [...toPaper, 'paperReceived'];
const toFee: StepName[] = [...toQualification, 'publicityEnds'];
const toScheduled: StepName[] = [...toFee, 'payFee', 'schedule'];
const toDeliberation: StepName[] = [...toScheduled, 'attend'];
const toResult: StepName[] = [...toDeliberation, 'pass'];
const toCertified: StepName[] = [...toResult, 'publicityEnds'];

/** The states of the 2021 notice's definition (version 1) and how many of a season's ~300 applications end in each. */
export const seasonMix: Record<string, number> = {
  draft: 20,
  submitted: 22,
  unitPublicity: 22,
  municipalAudit: 22,
  paperSubmission: 14,
  qualificationPublicity: 20,
  feePayment: 14,
  'interview.awaitingSchedule': 14,
  'interview.scheduled': 14,
  'interview.deliberation': 10,
  resultPublicity: 16,
  certified: 50,
  withdrawn: 12,
  rejected: 14,
  abandoned: 6,
  falsified: 8,
  revoked: 3,
};

/** A state drawn with the season's proportions. */
export function mixedTarget(rng: Rng): string {
  const mix = Object.entries(seasonMix);
  let pick = rng.int(mix.reduce((sum, [, n]) => sum + n, 0));
  for (const [state, n] of mix) {
    if (pick < n) return state;
    pick -= n;
  }
  throw new Error('unreachable: the pick is below the total');
}

/** States an application waits in for someone's next step, as opposed to closed ones and `certified`. */
export const inProgress = (state: string) => !['certified', 'withdrawn', 'rejected', 'abandoned', 'falsified', 'revoked'].includes(state);

/**
 * The steps from a new draft to `target`, varied by `rng`: some drafts come back from the
 * unit once, some publicities draw an objection that is resolved (or, in a publicity still
 * running, stays open).
 */
export function pathTo(target: string, rng: Rng): StepName[] {
  const path = ((): StepName[] => {
    switch (target) {
      case 'draft':
        return rng.chance(0.4) ? ['submit', 'return'] : [];
      case 'submitted':
        return ['submit'];
      case 'unitPublicity':
        return toUnitPublicity;
      case 'municipalAudit':
        return toAudit;
      case 'paperSubmission':
        return toPaper;
      case 'qualificationPublicity':
        return rng.chance(0.3) ? [...toQualification, 'raiseObjection'] : toQualification;
      case 'feePayment':
        return toFee;
      case 'interview.awaitingSchedule':
        return [...toFee, 'payFee'];
      case 'interview.scheduled':
        return toScheduled;
      case 'interview.deliberation':
        return toDeliberation;
      case 'resultPublicity':
        return rng.chance(0.3) ? [...toResult, 'raiseObjection'] : toResult;
      case 'certified':
        return toCertified;
      case 'withdrawn':
        return [...rng.pick<StepName[]>([[], ['submit'], toUnitPublicity]), 'withdraw'];
      case 'rejected':
        return rng.chance(0.5) ? [...toAudit, 'auditReject'] : [...toDeliberation, 'fail'];
      case 'abandoned':
        return [...toScheduled, 'noShow'];
      case 'falsified':
        // Found at the audit, or through an objection during the qualification publicity (五(四)).
        return rng.chance(0.5) ? [...toAudit, 'falsify'] : [...toQualification, 'raiseObjection', 'falsify'];
      case 'revoked':
        return [...toCertified, 'revoke'];
      default:
        throw new RangeError(`no demo path to ${target}`);
    }
  })();
  const returned = path[0] === 'submit' && path.length > 2 && rng.chance(0.15);
  const objected = path.includes('publicityEnds') && rng.chance(0.2);
  const varied: StepName[] = returned ? ['submit', 'return', ...path] : [...path];
  if (objected) varied.splice(varied.indexOf('paperReceived') + 1, 0, 'raiseObjection', 'resolveObjection');
  return varied;
}

const surnames = [
  '王',
  '李',
  '张',
  '刘',
  '陈',
  '杨',
  '黄',
  '赵',
  '周',
  '吴',
  '徐',
  '孙',
  '胡',
  '朱',
  '高',
  '林',
  '何',
  '郭',
  '马',
  '罗',
  '沈',
  '俞',
  '岑',
  '孙',
];
const givenMale = ['伟', '强', '磊', '军', '洋', '勇', '杰', '涛', '明', '超', '建国', '海峰', '志刚', '晓东', '国华'];
const givenFemale = ['芳', '娜', '敏', '静', '丽', '艳', '婷', '雪', '慧', '佳怡', '晓燕', '丽娟', '雅琴'];

export type DemoApplicant = { idNumber: string; facts: Facts };

/** The `n`-th demo applicant (0–499), eligible for either plan of `year`. */
export function demoApplicant(n: number, year: number, rng: Rng): DemoApplicant {
  const female = rng.chance(0.4);
  const name = rng.pick(surnames) + rng.pick(female ? givenFemale : givenMale);
  const birth = `${1978 + rng.int(18)}-${String(1 + rng.int(12)).padStart(2, '0')}-${String(1 + rng.int(28)).padStart(2, '0')}`;
  // GB 11643: the sequence's last digit is odd for men and even for women.
  const idNumber = sampleIdNumber(2 * n + (female ? 0 : 1), birth);
  return { idNumber, facts: sampleFacts(name, idNumber, year) };
}
