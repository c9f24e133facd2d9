import { z } from 'zod';
import { eventTypes, roles } from '../machines/events';
import { BanYears } from '../machines/rules/ban-window';
import { RuleResult } from '../machines/rules/rule';
import { bureauVerifiedFacts, unitVerifiedFacts } from '../machines/rules/verification';

// The one registry of refusals: a stable code, its HTTP status, the zh-CN / English detail,
// and the extension members its problem document carries. Tests assert on `code`, never on text.

const ValidationIssue = z.object({
  in: z.enum(['body', 'querystring', 'params', 'headers', 'request']),
  /** JSON Pointer into that part of the request; `/` for the whole of it. */
  path: z.string(),
  message: z.string(),
});

/**
 * Why a bearer token names nobody: none sent, not a JWT, a wrong signature, expired or issued
 * ahead, claims the service cannot use (which claim, and why), or a unit not registered.
 */
const TokenRefusal = z.object({
  reason: z.enum(['missing', 'malformed', 'signature', 'expired', 'not yet valid', 'claims', 'unregistered unit', 'session']),
  claims: z.array(z.object({ claim: z.string(), message: z.string() })).optional(),
});
export type TokenRefusal = z.infer<typeof TokenRefusal>;

/** Where the application stands when an event is refused in its state, and what the caller may send instead. */
const inState = {
  state: z.string().optional(),
  version: z.number().int().optional(),
  allowedEvents: z.array(z.enum(eventTypes)).optional(),
};
const Bans = z.array(BanYears);
const isoDate = z.iso.date();
const instant = z.union([z.iso.datetime(), z.date()]);

const entry = <M extends z.ZodRawShape>(status: number, title: string, zh: string, en: string, members: M) => ({
  status,
  title,
  zh,
  en,
  members: z.object(members),
});

export const errorRegistry = {
  VALIDATION_FAILED: entry(400, 'Validation failed', '请求内容不合法', 'The request is not valid', {
    errors: z.array(ValidationIssue),
    ...inState,
  }),
  NOTHING_TO_CHANGE: entry(400, 'Nothing to change', '请求未指明要修改的内容', 'The request names nothing to change', {
    /** What the request may change. */
    fields: z.array(z.string()),
  }),
  BAD_REQUEST: entry(400, 'Bad request', '无法解析的HTTP请求', 'The HTTP request could not be read', {
    /** What the HTTP parser could not read: the request line, a header, the body's framing (Content-Length beside Transfer-Encoding) or a chunk. */
    reason: z.enum(['request line', 'header', 'framing', 'chunk', 'malformed']),
  }),
  HEADERS_TOO_LARGE: entry(431, 'Headers too large', '请求行或请求头过长', 'The request line or headers are too large', {
    limitBytes: z.number().int(),
  }),
  REQUEST_TIMEOUT: entry(408, 'Request timeout', '请求未在限定时间内发送完毕', 'The request was not received in time', {
    timeoutMs: z.number().int(),
  }),
  UNAUTHENTICATED: entry(401, 'Unauthenticated', '未登录或令牌无效', 'Missing or invalid bearer token', TokenRefusal.partial().shape),
  FORBIDDEN: entry(403, 'Forbidden', '当前角色无权执行此操作', 'Your role may not do this', {
    role: z.enum([...roles, 'system']).optional(),
    eventType: z.enum(eventTypes).optional(),
  }),
  CROSS_SITE_REQUEST: entry(
    403,
    'Cross-site request',
    '请求未带本控制台的标记或来自其他网站，已拒绝',
    'A request made with the session cookie must come from the console itself',
    {},
  ),
  NOT_FOUND: entry(404, 'Not found', '资源不存在', 'No such resource', {}),
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
  DUPLICATE_UNIT: entry(409, 'Duplicate unit', '该单位编号已登记', 'A unit with this id is already registered', { unitId: z.string() }),
  WEBHOOK_DESTINATION_REFUSED: entry(
    422,
    'Webhook destination refused',
    '该地址为内部地址或无法解析，未在 WEBHOOK_ALLOWED_HOSTS 中允许',
    'The address is internal (private, loopback or link-local) or does not resolve, and WEBHOOK_ALLOWED_HOSTS does not name it',
    { host: z.string(), address: z.string().nullable().describe('the internal address it resolves to; null: it does not resolve') },
  ),
  PLAN_INCOMPLETE: entry(
    422,
    'Plan incomplete',
    '评审计划缺少其级别所需的申报条件或量化评分项目',
    'The plan lacks what its level is reviewed against: scoring items (junior) or intermediate routes',
    { missing: z.array(z.enum(['scoringItems', 'intermediateRoutes'])) },
  ),
  FEED_POSITION_AHEAD: entry(
    422,
    'Feed position ahead',
    '该位置超出变更流的末尾，不是本服务给出的位置',
    'The position lies past every event written: this feed never gave it',
    { head: z.string().nullable().describe('the last position the feed serves now; null before any event') },
  ),
  FEE_LOCKED: entry(
    409,
    'Fee locked',
    '已有申报人收到缴费通知，评审费不可再改',
    'The fee notice has gone out to applicants of this plan; the fee can no longer change',
    { planId: z.uuid() },
  ),
  INCIDENT_CLOSED: entry(409, 'Incident closed', '该异常已处理或无需处理', 'This is not an open incident', { reason: z.string() }),
  BAN_ALREADY_LIFTED: entry(409, 'Ban already lifted', '该禁止申报记录已解除', 'This ban was already lifted', {}),
  BATCH_COUNT_CHANGED: entry(
    409,
    'Batch count changed',
    '符合条件的申报件数已变化，请确认新的件数后重试',
    'The number of matching applications changed; confirm the new count and retry',
    { matching: z.number().int().describe('how many applications the filter matches now'), expectedCount: z.number().int() },
  ),
  BATCH_FINISHED: entry(409, 'Batch finished', '该批量操作已结束，不能取消', 'This batch has finished and cannot be cancelled', {
    batchStatus: z.enum(['done', 'cancelled']),
  }),
  REVIEW_FORM_NOT_READY: entry(
    409,
    'Review form not ready',
    '市人社部门审核通过后方可导出评审表',
    'The review form exists once the municipal audit has approved the application',
    inState,
  ),
  CERTIFICATE_REVOKED: entry(410, 'Certificate revoked', '该证书已被取消', 'This certificate has been revoked', {
    number: z.string(),
    revokedAt: instant,
  }),
  FILE_TOO_LARGE: entry(413, 'File too large', '上传文件超过大小限制', 'The upload exceeds a size limit', {
    /** Which limit: one file, or all of an application's materials together. */
    limit: z.enum(['file', 'application']),
    limitBytes: z.number().int(),
  }),
  FILE_TYPE_NOT_ALLOWED: entry(
    415,
    'File type not allowed',
    '仅接受PDF、JPEG或PNG格式的扫描件',
    'Only PDF, JPEG or PNG scans are accepted (judged by content)',
    { accepted: z.array(z.string()) },
  ),
  IDEMPOTENCY_KEY_REUSED: entry(
    422,
    'Idempotency key reused',
    '幂等键已用于另一个请求',
    'This Idempotency-Key was used for a different request',
    {},
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
      unverified: z.array(z.enum([...unitVerifiedFacts, ...bureauVerifiedFacts])),
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
  NO_SUCH_MIGRATION: entry(422, 'No such migration', '没有这两个流程版本之间的迁移', 'No migration connects these definition versions', {
    from: z.number().int(),
    to: z.number().int(),
    available: z.array(z.object({ from: z.number().int(), to: z.number().int() })),
  }),
  CALENDAR_UNAVAILABLE: entry(
    422,
    'Calendar unavailable',
    '该年度节假日安排尚未载入，无法计算工作日',
    'No holiday schedule is loaded for that year',
    {
      year: z.number().int(),
    },
  ),
  PAYLOAD_TOO_LARGE: entry(413, 'Payload too large', '请求内容过大', 'The request body is too large', { limitBytes: z.number().int() }),
  UNSUPPORTED_MEDIA_TYPE: entry(
    415,
    'Unsupported media type',
    '不支持的请求内容类型，请使用 application/json',
    'Unsupported content type; send application/json',
    { contentType: z.string().optional() },
  ),
  RATE_LIMITED: entry(429, 'Too many requests', '请求过于频繁，请稍后再试', 'Too many requests; try again later', {
    retryAfterSeconds: z.number().int(),
  }),
  INTERNAL: entry(500, 'Internal error', '服务内部错误', 'Internal server error', {}),
  UNAVAILABLE: entry(503, 'Service unavailable', '服务暂不可用，请稍后重试', 'Service unavailable; retry later', {
    reason: z.enum(['shutting down', 'overloaded', 'timeout', 'database unreachable', 'seeding the demo season']).optional(),
  }),
  DATABASE_UNAVAILABLE: entry(503, 'Database unavailable', '数据库暂不可用，请稍后重试', 'The database is unavailable; retry later', {}),
} as const;

export type ErrorCode = keyof typeof errorRegistry;
/** The extension members a problem of this code carries. */
export type ProblemMembers<C extends ErrorCode> = C extends ErrorCode ? z.input<(typeof errorRegistry)[C]['members']> : never;
export type ValidationIssue = z.infer<typeof ValidationIssue>;

export class AppError<C extends ErrorCode = ErrorCode> extends Error {
  readonly status: number;
  readonly extensions: ProblemMembers<C>;
  constructor(
    readonly code: C,
    ...[extensions]: Record<never, never> extends ProblemMembers<C> ? [ProblemMembers<C>?] : [ProblemMembers<C>]
  ) {
    super(code);
    this.status = errorRegistry[code].status;
    this.extensions = (extensions ?? {}) as ProblemMembers<C>;
  }

  /** The one shape of VALIDATION_FAILED: which part of the request, where in it, and why. */
  static invalid(part: ValidationIssue['in'], path: string, message: string): AppError<'VALIDATION_FAILED'> {
    return new AppError('VALIDATION_FAILED', { errors: [{ in: part, path, message }] });
  }
}
