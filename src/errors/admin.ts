import { z } from 'zod';
import { entry } from './entry';

/** Refusals of the admins' registers and of the integrations: units, plans, calendar, migrations, incidents, bans, batches, webhooks, the feed. */
export const adminErrors = {
  DUPLICATE_UNIT: entry(409, 'Duplicate unit', '该单位编号已登记', 'A unit with this id is already registered', { unitId: z.string() }),
  PLAN_INCOMPLETE: entry(
    422,
    'Plan incomplete',
    '评审计划缺少其级别所需的申报条件或量化评分项目',
    'The plan lacks what its level is reviewed against: scoring items (junior) or intermediate routes',
    { missing: z.array(z.enum(['scoringItems', 'intermediateRoutes'])) },
  ),
  FEE_LOCKED: entry(
    409,
    'Fee locked',
    '已有申报人收到缴费通知，评审费不可再改',
    'The fee notice has gone out to applicants of this plan; the fee can no longer change',
    { planId: z.uuid() },
  ),
  CALENDAR_UNAVAILABLE: entry(
    422,
    'Calendar unavailable',
    '该年度节假日安排尚未载入，无法计算工作日',
    'No holiday schedule is loaded for that year',
    {
      year: z.number().int(),
    },
  ),
  NO_SUCH_MIGRATION: entry(422, 'No such migration', '没有这两个流程版本之间的迁移', 'No migration connects these definition versions', {
    from: z.number().int(),
    to: z.number().int(),
    available: z.array(z.object({ from: z.number().int(), to: z.number().int() })),
  }),
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
  WEBHOOK_DESTINATION_REFUSED: entry(
    422,
    'Webhook destination refused',
    '该地址为内部地址或无法解析，未在 WEBHOOK_ALLOWED_HOSTS 中允许',
    'The address is internal (private, loopback or link-local) or does not resolve, and WEBHOOK_ALLOWED_HOSTS does not name it',
    { host: z.string(), address: z.string().nullable().describe('the internal address it resolves to; null: it does not resolve') },
  ),
  FEED_POSITION_AHEAD: entry(
    422,
    'Feed position ahead',
    '该位置超出变更流的末尾，不是本服务给出的位置',
    'The position lies past every event written: this feed never gave it',
    { head: z.string().nullable().describe('the last position the feed serves now; null before any event') },
  ),
} as const;
