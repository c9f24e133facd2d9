/**
 * The one registry of refusals: a stable code, its HTTP status, and the zh-CN / English
 * detail. Tests assert on `code`, never on text.
 */
export const errorRegistry = {
  VALIDATION_FAILED: { status: 400, title: 'Validation failed', zh: '请求内容不合法', en: 'The request is not valid' },
  UNAUTHENTICATED: { status: 401, title: 'Unauthenticated', zh: '未登录或令牌无效', en: 'Missing or invalid bearer token' },
  FORBIDDEN: { status: 403, title: 'Forbidden', zh: '当前角色无权执行此操作', en: 'Your role may not do this' },
  NOT_FOUND: { status: 404, title: 'Not found', zh: '资源不存在', en: 'No such resource' },
  ILLEGAL_TRANSITION: { status: 409, title: 'Illegal transition', zh: '当前状态不允许此操作', en: 'This event is not allowed in the current state' },
  VERSION_CONFLICT: { status: 409, title: 'Version conflict', zh: '申报已被他人修改，请刷新后重试', en: 'The application changed since you read it' },
  MATERIALS_FROZEN: { status: 409, title: 'Materials frozen', zh: '申报材料审核递交后，不再补充材料', en: 'Materials cannot change after submission' },
  DUPLICATE_APPLICATION: { status: 409, title: 'Duplicate application', zh: '该申报人在本评审计划中已有申报', en: 'This applicant already has an application in this plan' },
  BAN_ALREADY_LIFTED: { status: 409, title: 'Ban already lifted', zh: '该禁止申报记录已解除', en: 'This ban was already lifted' },
  CERTIFICATE_REVOKED: { status: 410, title: 'Certificate revoked', zh: '该证书已被取消', en: 'This certificate has been revoked' },
  IDEMPOTENCY_KEY_REUSED: { status: 422, title: 'Idempotency key reused', zh: '幂等键已用于另一个请求', en: 'This Idempotency-Key was used for a different request' },
  NOT_ELIGIBLE: { status: 422, title: 'Not eligible', zh: '不符合申报条件', en: 'The applicant does not meet the conditions' },
  BANNED: { status: 422, title: 'Banned', zh: '因弄虚作假，在禁止申报期内', en: 'The applicant is banned for falsified materials' },
  PLAN_CLOSED: { status: 422, title: 'Plan closed', zh: '不在申报时间内，逾期不再受理', en: 'The plan is not open for applications' },
  PUBLICITY_NOT_ELAPSED: { status: 422, title: 'Publicity not elapsed', zh: '公示期未满5个工作日', en: 'The publicity period of 5 working days has not elapsed' },
  PUBLICITY_HELD: { status: 422, title: 'Publicity held', zh: '公示期间有未处理的异议', en: 'An objection to the publicity is still open' },
  PAPER_INCOMPLETE: { status: 422, title: 'Paper incomplete', zh: '纸质评审表须一式3份，盖章并带平台水印', en: 'Three stamped, watermarked copies are required' },
  FEE_MISMATCH: { status: 422, title: 'Fee mismatch', zh: '缴费金额与评审费标准不符', en: 'The amount does not match the review fee' },
  CALENDAR_UNAVAILABLE: { status: 422, title: 'Calendar unavailable', zh: '该年度节假日安排尚未载入，无法计算工作日', en: 'No holiday schedule is loaded for that year' },
  INTERNAL: { status: 500, title: 'Internal error', zh: '服务内部错误', en: 'Internal server error' },
  UNAVAILABLE: { status: 503, title: 'Service unavailable', zh: '服务暂不可用', en: 'Service unavailable' },
} as const;

export type ErrorCode = keyof typeof errorRegistry;

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    /** Extension members of the problem document (state, allowedEvents, failures …). */
    readonly extensions: Record<string, unknown> = {},
    /** Overrides the registry's detail when a more precise sentence is known. */
    readonly detail?: { zh: string; en: string },
  ) {
    super(code);
    this.status = errorRegistry[code].status;
  }
}
