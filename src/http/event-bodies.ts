import { z } from 'zod';
import { type ClientPayload, clientEventSchemas, type EventType, type ServiceEventType, serviceEventTypes } from '../../machines/events';

// The body of POST /v1/applications/:id/events: one named schema per event a client may send,
// each with an example, joined by `type`. Events only the service sends (PUBLICITY_ENDED, DEADLINE_PASSED) are
// not offered: a client sending one is refused 403 before validation (routes/applications.ts).

type ClientEventType = Exclude<EventType, ServiceEventType>;

export const isServiceOnly = (type: string): boolean => (serviceEventTypes as string[]).includes(type);

const examples: { [T in ClientEventType]: ClientPayload<T> } = {
  UPDATE_DRAFT: { facts: { name: '张伟' } },
  SUBMIT: { commitmentSigned: true },
  WITHDRAW: { reason: '个人原因' },
  RETURN_TO_APPLICANT: { reason: '材料不全' },
  START_UNIT_PUBLICITY: { startDate: '2021-08-02' },
  UNIT_APPROVE: { publicityResult: 'noObjection', opinion: '同意推荐' },
  AUDIT_APPROVE: { opinion: '审核通过' },
  AUDIT_REJECT: { reason: '资历不符' },
  PAPER_RECEIVED: { copies: 3, stamped: true, watermarked: true, verificationCode: 'K7Q2-M9XD' },
  RAISE_OBJECTION: { objection: '业绩存疑' },
  RESOLVE_OBJECTION: { resolution: '经核实无误', outcome: 'dismissed' },
  PAY_FEE: { amount: 100 },
  SCHEDULE_INTERVIEW: { time: '2021-09-01T09:00:00+08:00', place: '慈溪市人力资源和社会保障局 615 会议室' },
  RESCHEDULE_INTERVIEW: { time: '2021-09-03T09:00:00+08:00', place: '慈溪市人力资源和社会保障局 615 会议室', reason: '评委会时间调整' },
  RECORD_ATTENDANCE: {},
  MARK_NO_SHOW: {},
  REVIEW_PASS: { opinion: '同意通过' },
  REVIEW_FAIL: { reason: '未通过答辩' },
  FLAG_FALSIFIED: { finding: '业绩材料弄虚作假' },
  REVOKE: { finding: '证书取得后发现弄虚作假' },
  UNIT_VERIFY_FACT: { fact: 'socialInsurance', note: '社保缴纳记录已核对' },
  HR_VERIFY_FACT: { fact: 'education', note: '学信网学历信息已核对' },
  EXTEND_DEADLINE: { until: '2021-09-30', reason: '申报人住院，经本人申请延期缴费' },
  UNIT_REQUEST_SUPPLEMENT: { items: ['近一年社保缴费证明'] },
  HR_REQUEST_SUPPLEMENT: { items: ['学历认证报告'] },
  SUPPLEMENT_PROVIDED: { materials: [{ kind: 'socialInsuranceProof', name: '社保缴费证明.pdf', sha256: 'a'.repeat(64) }] },
};

/** `SCHEDULE_INTERVIEW` → `ScheduleInterviewEvent`: the component name a generated client will use. */
export const componentName = (type: string): string =>
  `${type
    .toLowerCase()
    .split('_')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('')}Event`;

const clientEventTypes = Object.keys(examples) as ClientEventType[];

/** Each event's body as a client sends it: its payload and its `type`. */
const ClientEvents = Object.fromEntries(
  clientEventTypes.map((type) => [
    type,
    clientEventSchemas[type].extend({ type: z.literal(type) }).meta({ id: componentName(type), examples: [{ type, ...examples[type] }] }),
  ]),
) as unknown as Record<ClientEventType, z.ZodObject>;

export const EventBody = z
  .discriminatedUnion('type', clientEventTypes.map((type) => ClientEvents[type]) as [z.ZodObject, ...z.ZodObject[]])
  .meta({
    id: 'EventBody',
    discriminator: {
      propertyName: 'type',
      mapping: Object.fromEntries(clientEventTypes.map((type) => [type, `#/components/schemas/${componentName(type)}`])),
    },
  });
