import { z } from 'zod';
import { Facts, Material } from './facts';
import type { BanYears } from './rules/ban-window';
import type { PlanWindow } from './rules/plan-window';
import { hrVerifiedFacts, unitVerifiedFacts } from './rules/verification';

// What a client may send with each event (SPEC §3). The service adds `at` and the facts
// it alone knows (bans, publicity end dates) before the machine sees the event (`MachineEvent`).

const text = (max = 2000) => z.string().trim().min(1).max(max);
const isoDate = z.iso.date();

export const clientEventSchemas = {
  UPDATE_DRAFT: z.object({ facts: Facts.partial().optional(), materials: z.array(Material).max(100).optional() }).strict(),
  SUBMIT: z.object({ commitmentSigned: z.boolean() }).strict(),
  WITHDRAW: z.object({ reason: text().optional() }).strict(),
  RETURN_TO_APPLICANT: z.object({ reason: text() }).strict(),
  START_UNIT_PUBLICITY: z.object({ startDate: isoDate }).strict(),
  UNIT_APPROVE: z.object({ publicityResult: z.enum(['noObjection', 'objectionsResolved']), opinion: text() }).strict(),
  AUDIT_APPROVE: z.object({ opinion: text().optional() }).strict(),
  AUDIT_REJECT: z.object({ reason: text() }).strict(),
  PAPER_RECEIVED: z
    .object({
      copies: z.number().int().min(0).max(100),
      stamped: z.boolean(),
      watermarked: z.boolean(),
      /** As read from the copies' header and watermark. */
      verificationCode: z.string().trim().min(1).max(32),
    })
    .strict(),
  RAISE_OBJECTION: z.object({ objection: text() }).strict(),
  RESOLVE_OBJECTION: z
    .object({
      resolution: text(),
      /** `upheld` closes the application as rejected with the finding (issue 24); `dismissed` when not given. */
      outcome: z.enum(['dismissed', 'upheld']).optional(),
    })
    .strict(),
  PUBLICITY_ENDED: z.object({}).strict(),
  PAY_FEE: z.object({ amount: z.number().min(0).max(100000) }).strict(),
  SCHEDULE_INTERVIEW: z.object({ time: z.iso.datetime({ offset: true }), place: text(200) }).strict(),
  /** Issue 24: before the scheduled time, to a time in the future; the applicant is notified again. */
  RESCHEDULE_INTERVIEW: z.object({ time: z.iso.datetime({ offset: true }), place: text(200), reason: text() }).strict(),
  RECORD_ATTENDANCE: z.object({}).strict(),
  MARK_NO_SHOW: z.object({}).strict(),
  REVIEW_PASS: z.object({ opinion: text().optional() }).strict(),
  REVIEW_FAIL: z.object({ reason: text() }).strict(),
  FLAG_FALSIFIED: z.object({ finding: text() }).strict(),
  REVOKE: z.object({ finding: text() }).strict(),
  /** Issue 24: the fee or paper deadline moved to the end of `until` (Asia/Shanghai), with the bureau's reason. */
  EXTEND_DEADLINE: z.object({ until: isoDate, reason: text() }).strict(),
  /** The service's timer: the fee or paper deadline passed (issue 24). */
  DEADLINE_PASSED: z.object({}).strict(),
  UNIT_VERIFY_FACT: z.object({ fact: z.enum(unitVerifiedFacts), note: text() }).strict(),
  HR_VERIFY_FACT: z.object({ fact: z.enum(hrVerifiedFacts), note: text() }).strict(),
  // From the 2022 notice (definition version 2) on: supplementary materials on request.
  UNIT_REQUEST_SUPPLEMENT: z.object({ items: z.array(text(200)).min(1).max(20) }).strict(),
  HR_REQUEST_SUPPLEMENT: z.object({ items: z.array(text(200)).min(1).max(20) }).strict(),
  SUPPLEMENT_PROVIDED: z.object({ materials: z.array(Material).min(1).max(20) }).strict(),
} as const;

export type EventType = keyof typeof clientEventSchemas;
export const eventTypes = Object.keys(clientEventSchemas) as EventType[];
export type ClientPayload<T extends EventType> = z.infer<(typeof clientEventSchemas)[T]>;

/** Facts only the service can supply, per event: the service fills them from one table keyed by this type. */
export type ServiceFacts = {
  /** sha256 of the files this request uploaded: the only files a draft may list that it did not list before. */
  UPDATE_DRAFT: { uploaded: string[] };
  /** The plan's window as it stands at submission: an admin may have extended it since the draft was created. */
  SUBMIT: { activeBans: BanYears[]; planWindow: PlanWindow };
  START_UNIT_PUBLICITY: { endsOn: string };
  RETURN_TO_APPLICANT: { resubmitBy: string };
  /** The code of the review form the application may export from now on (三(二)). */
  AUDIT_APPROVE: { reviewFormCode: string };
  PAPER_RECEIVED: { publicityEndsAt: string };
  REVIEW_PASS: { publicityEndsAt: string };
  /** The files uploaded to the application since the supplement was requested (definition version 2): only they may answer it. */
  SUPPLEMENT_PROVIDED: { uploaded: string[] };
  /** The plan's fee as it stands when the fee notice goes out (四); fixed from then on. */
  PUBLICITY_ENDED: { fee: number };
};
/** An event as the machine receives it: the client payload, the service's facts and the time it was applied. */
export type MachineEvent = {
  [T in EventType]: { type: T; at: string } & ClientPayload<T> & (T extends keyof ServiceFacts ? ServiceFacts[T] : unknown);
}[EventType];
export type EventOf<T extends EventType> = Extract<MachineEvent, { type: T }>;

export const roles = ['applicant', 'unit', 'hr', 'committee', 'admin'] as const;
export type Role = (typeof roles)[number];
/** `system` is the service itself (durable timers); no token carries it. */
const senders = [...roles, 'system'] as const;
export type Sender = (typeof senders)[number];

/** Who sent an event, as its history records it. */
export const Actor = z.object({
  sub: z.string(),
  role: z.enum(senders),
  unitId: z.string().nullable(),
  onBehalfOf: z
    .object({ sub: z.string(), reason: z.string() })
    .optional()
    .describe("the service acted on an admin's word (an incident action): who and why"),
});
export type Actor = z.infer<typeof Actor>;

const sendersByEvent = {
  UPDATE_DRAFT: ['applicant'],
  SUBMIT: ['applicant'],
  WITHDRAW: ['applicant'],
  RETURN_TO_APPLICANT: ['unit'],
  START_UNIT_PUBLICITY: ['unit'],
  UNIT_APPROVE: ['unit'],
  AUDIT_APPROVE: ['hr'],
  AUDIT_REJECT: ['hr'],
  PAPER_RECEIVED: ['committee'],
  RAISE_OBJECTION: ['committee'],
  RESOLVE_OBJECTION: ['committee'],
  PUBLICITY_ENDED: ['system'],
  PAY_FEE: ['applicant'],
  SCHEDULE_INTERVIEW: ['committee'],
  RESCHEDULE_INTERVIEW: ['committee'],
  RECORD_ATTENDANCE: ['committee'],
  MARK_NO_SHOW: ['committee'],
  REVIEW_PASS: ['committee'],
  REVIEW_FAIL: ['committee'],
  FLAG_FALSIFIED: ['hr', 'committee'],
  REVOKE: ['hr', 'committee'],
  EXTEND_DEADLINE: ['hr'],
  DEADLINE_PASSED: ['system'],
  UNIT_VERIFY_FACT: ['unit'],
  HR_VERIFY_FACT: ['hr'],
  UNIT_REQUEST_SUPPLEMENT: ['unit'],
  HR_REQUEST_SUPPLEMENT: ['hr'],
  SUPPLEMENT_PROVIDED: ['applicant'],
} as const satisfies Record<EventType, readonly Sender[]>;
/** Who may send each event (SPEC §1, §3). */
export const eventSenders: Record<EventType, readonly Sender[]> = sendersByEvent;

/** Events only the service sends (its timers): no client may. */
export type ServiceEventType = {
  [T in EventType]: (typeof sendersByEvent)[T] extends readonly 'system'[] ? T : never;
}[EventType];
export const serviceEventTypes = eventTypes.filter((type) => eventSenders[type].every((sender) => sender === 'system')) as [
  ServiceEventType,
  ...ServiceEventType[],
];
