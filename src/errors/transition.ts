import { z } from 'zod';
import { RuleResult } from '../../machines/rules/rule';
import { hrVerifiedFacts, unitVerifiedFacts } from '../../machines/rules/verification';
import { Bans, entry, inState, isoDate } from './entry';

/** Refusals of an application's event: its state, its rules, the notice's clauses. */
export const transitionErrors = {
  ILLEGAL_TRANSITION: entry(409, 'Illegal transition', '当前状态不允许此操作', 'This event is not allowed in the current state', {
    ...inState,
    reason: z.string().optional(),
  }),
  VERSION_CONFLICT: entry(409, 'Version conflict', '申报已被他人修改，请刷新后重试', 'The application changed since you read it', {
    currentVersion: z.number().int().optional(),
    reason: z.string().optional(),
  }),
  MATERIALS_FROZEN: entry(409, 'Materials frozen', '申报材料审核递交后，不再补充材料', 'Materials cannot change after submission', inState),
  DUPLICATE_APPLICATION: entry(
    409,
    'Duplicate application',
    '该申报人在本评审计划中已有申报',
    'This applicant already has an application in this plan',
    {
      planId: z.uuid(),
    },
  ),
  UNKNOWN_UNIT: entry(422, 'Unknown unit', '用人单位未登记', 'No such unit is registered', { unitId: z.string() }),
  NOT_ELIGIBLE: entry(422, 'Not eligible', '不符合申报条件', 'The applicant does not meet the conditions', {
    ...inState,
    failures: z.array(RuleResult),
  }),
  BANNED: entry(422, 'Banned', '因弄虚作假，在禁止申报期内', 'The applicant is banned for falsified materials', { ...inState, bans: Bans }),
  PLAN_CLOSED: entry(422, 'Plan closed', '不在申报时间内，逾期不再受理', 'The plan is not open for applications', {
    ...inState,
    opensAt: isoDate,
    closesAt: isoDate,
    resubmitBy: isoDate.optional(),
  }),
  FACTS_UNVERIFIED: entry(
    422,
    'Facts unverified',
    '有来自档案记录的申报信息尚未核实',
    'Facts that come from records are not verified yet',
    {
      ...inState,
      unverified: z.array(z.enum([...unitVerifiedFacts, ...hrVerifiedFacts])),
    },
  ),
  PUBLICITY_NOT_ELAPSED: entry(
    422,
    'Publicity not elapsed',
    '公示期未满5个工作日',
    'The publicity period of 5 working days has not elapsed',
    {
      ...inState,
      firstAllowedDate: isoDate.optional(),
      endsAt: z.iso.datetime().optional(),
    },
  ),
  PUBLICITY_HELD: entry(422, 'Publicity held', '公示期间有未处理的异议', 'An objection to the publicity is still open', {
    ...inState,
    openObjections: z.number().int(),
  }),
  PAPER_INCOMPLETE: entry(
    422,
    'Paper incomplete',
    '纸质评审表须一式3份，盖章并带平台水印',
    'Three stamped, watermarked copies are required',
    {
      ...inState,
      copies: z.number().int(),
      stamped: z.boolean(),
      watermarked: z.boolean(),
    },
  ),
  REVIEW_FORM_MISMATCH: entry(
    422,
    'Review form mismatch',
    '纸质评审表的校验码与本申报当前评审表不符',
    "The code on the paper copies is not this application's current review form's",
    { ...inState, verificationCode: z.string() },
  ),
  MATERIAL_NOT_UPLOADED: entry(
    422,
    'Material not uploaded',
    '申报材料须先上传文件',
    'A material must name a file uploaded to this application',
    { ...inState, sha256: z.array(z.string()) },
  ),
  SUPPLEMENT_ITEMS_MISMATCH: entry(
    422,
    'Supplement items mismatch',
    '补充材料须按要求逐项提供，每项一个文件',
    'A supplement needs one file per requested item',
    { ...inState, items: z.array(z.string()), given: z.number().int() },
  ),
  SUPPLEMENT_NOT_UPLOADED: entry(
    422,
    'Supplement not uploaded',
    '补充材料须为补正要求提出后上传的文件',
    'A supplement must name files uploaded to this application since the request',
    { ...inState, sha256: z.array(z.string()), requestedAt: z.iso.datetime() },
  ),
  FEE_MISMATCH: entry(422, 'Fee mismatch', '缴费金额与评审费标准不符', 'The amount does not match the review fee', {
    ...inState,
    expected: z.number(),
  }),
  DATE_IN_PAST: entry(422, 'Date in the past', '日期不得早于当前日期', 'The date may not be in the past', {
    ...inState,
    field: z.string(),
    earliest: z.union([isoDate, z.iso.datetime()]),
  }),
  DEADLINE_NOT_PASSED: entry(422, 'Deadline not passed', '缴费或纸质材料报送期限未届满', 'The fee or paper deadline has not passed', {
    ...inState,
    dueAt: z.iso.datetime(),
  }),
  INTERVIEW_NOT_DUE: entry(422, 'Interview not due', '评审答辩时间未到', 'The interview has not begun', {
    ...inState,
    time: z.string(),
  }),
  INTERVIEW_STARTED: entry(
    422,
    'Interview started',
    '评审答辩时间已到，不能再调整',
    'The interview time has come; it can no longer be moved',
    {
      ...inState,
      time: z.string(),
    },
  ),
} as const;
