import type { EventType, Role, Sender } from '../../machines/events';

// The oracle: SPEC §1, §3, §7 and §9 copied by hand as data. Nothing here may be computed
// from `applicationMachine` or `eventSenders`: the model suite checks the machine against
// this table, so a table derived from the machine would prove nothing.

/** States as the API names them (SPEC §3), nested interview states included. */
export const specStates = [
  'draft',
  'submitted',
  'unitPublicity',
  'municipalAudit',
  'paperSubmission',
  'qualificationPublicity',
  'feePayment',
  'interview.awaitingSchedule',
  'interview.scheduled',
  'interview.deliberation',
  'resultPublicity',
  'certified',
  'withdrawn',
  'rejected',
  'abandoned',
  'falsified',
  'revoked',
] as const;
export type SpecState = (typeof specStates)[number];

/**
 * The codes of SPEC §7 an accepted event may still be refused with, plus PUBLICITY_HELD (§3:
 * held by an objection) and issue 13's REVIEW_FORM_MISMATCH and MATERIAL_NOT_UPLOADED.
 */
type SpecRefusal =
  | 'NOT_ELIGIBLE'
  | 'BANNED'
  | 'PLAN_CLOSED'
  | 'PUBLICITY_NOT_ELAPSED'
  | 'PUBLICITY_HELD'
  | 'PAPER_INCOMPLETE'
  | 'REVIEW_FORM_MISMATCH'
  | 'MATERIAL_NOT_UPLOADED'
  | 'SUPPLEMENT_ITEMS_MISMATCH'
  | 'SUPPLEMENT_NOT_UPLOADED'
  | 'FEE_MISMATCH'
  | 'ILLEGAL_TRANSITION'
  | 'VALIDATION_FAILED'
  | 'DATE_IN_PAST'
  | 'FACTS_UNVERIFIED'
  // Issue 24 / SPEC §9 "No dead ends".
  | 'DEADLINE_NOT_PASSED'
  | 'INTERVIEW_NOT_DUE'
  | 'INTERVIEW_STARTED';

/** `self` leaves the state as it is; `whenUpheld`: where an objection resolved as upheld leads instead (SPEC §9). */
export type SpecTransition<S extends string = SpecState> = { to: S | 'self'; refusals: readonly SpecRefusal[]; whenUpheld?: S };

/** SPEC §1: the JWT `role` claims. */
export const specRoles = ['applicant', 'unit', 'hr', 'committee', 'admin'] as const satisfies readonly Role[];

/** SPEC §1 and the role column of §3; `system` is the service's own timer. */
export const specSenders: Record<EventType, readonly Sender[]> = {
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
  // SPEC §9: the committee moves an interview; the bureau (hr) extends a fee or paper deadline; the service's clock ends one.
  RESCHEDULE_INTERVIEW: ['committee'],
  EXTEND_DEADLINE: ['hr'],
  DEADLINE_PASSED: ['system'],
  RECORD_ATTENDANCE: ['committee'],
  MARK_NO_SHOW: ['committee'],
  REVIEW_PASS: ['committee'],
  REVIEW_FAIL: ['committee'],
  FLAG_FALSIFIED: ['hr', 'committee'],
  REVOKE: ['hr', 'committee'],
  // Issue 10 / SPEC §9: the unit vouches for social insurance and the post, the bureau for education and hours.
  UNIT_VERIFY_FACT: ['unit'],
  HR_VERIFY_FACT: ['hr'],
  // The 2022 notice (definition version 2): the unit or the bureau asks, the applicant answers.
  UNIT_REQUEST_SUPPLEMENT: ['unit'],
  HR_REQUEST_SUPPLEMENT: ['hr'],
  SUPPLEMENT_PROVIDED: ['applicant'],
};

/** SPEC §3: any state from submitted through resultPublicity, withdrawn, rejected, and (§9) abandoned. */
const falsifiable = { FLAG_FALSIFIED: { to: 'falsified', refusals: [] } } as const;

/**
 * RESOLVE_OBJECTION with no objection open has nothing to release: ILLEGAL_TRANSITION; an
 * objection upheld closes the application as rejected with the finding (§9, no ban).
 * PUBLICITY_ENDED waits for 5 working days and for every objection to be resolved (§3).
 */
const publicity = (end: SpecState) =>
  ({
    RAISE_OBJECTION: { to: 'self', refusals: [] },
    RESOLVE_OBJECTION: { to: 'self', refusals: ['ILLEGAL_TRANSITION'], whenUpheld: 'rejected' },
    PUBLICITY_ENDED: { to: end, refusals: ['PUBLICITY_NOT_ELAPSED', 'PUBLICITY_HELD'] },
    ...falsifiable,
  }) as const;

/**
 * SPEC §9 "No dead ends": past the plan's fee or paper deadline the service closes the
 * application as abandoned; hr may extend the deadline first, with a reason, to a day after it
 * and not in the past.
 */
const deadline = {
  DEADLINE_PASSED: { to: 'abandoned', refusals: ['DEADLINE_NOT_PASSED'] },
  EXTEND_DEADLINE: { to: 'self', refusals: ['DATE_IN_PAST', 'VALIDATION_FAILED'] },
} as const;

/**
 * SPEC §3, state by state. VALIDATION_FAILED on UPDATE_DRAFT and DATE_IN_PAST on
 * START_UNIT_PUBLICITY are the README's "choices where the notice is silent": the birth date
 * must match the ID number, an edit must change something, and unit publicity may not start
 * in the past (issue 18: a rule of the process, with its own code).
 */
export const specTransitions: Record<SpecState, Partial<Record<EventType, SpecTransition>>> = {
  draft: {
    // Issue 13: a draft lists only files uploaded to it.
    UPDATE_DRAFT: { to: 'self', refusals: ['VALIDATION_FAILED', 'MATERIAL_NOT_UPLOADED'] },
    // PLAN_CLOSED after closesAt, unless returned and within the plan's days to resubmit (issue 10).
    SUBMIT: { to: 'submitted', refusals: ['NOT_ELIGIBLE', 'BANNED', 'PLAN_CLOSED'] },
    WITHDRAW: { to: 'withdrawn', refusals: [] },
  },
  submitted: {
    START_UNIT_PUBLICITY: { to: 'unitPublicity', refusals: ['DATE_IN_PAST'] },
    RETURN_TO_APPLICANT: { to: 'draft', refusals: [] },
    WITHDRAW: { to: 'withdrawn', refusals: [] },
    UNIT_VERIFY_FACT: { to: 'self', refusals: [] },
    ...falsifiable,
  },
  unitPublicity: {
    UNIT_APPROVE: { to: 'municipalAudit', refusals: ['PUBLICITY_NOT_ELAPSED'] },
    RETURN_TO_APPLICANT: { to: 'draft', refusals: [] },
    WITHDRAW: { to: 'withdrawn', refusals: [] },
    UNIT_VERIFY_FACT: { to: 'self', refusals: [] },
    ...falsifiable,
  },
  municipalAudit: {
    // Issue 10: not while a fact that comes from records is only declared.
    AUDIT_APPROVE: { to: 'paperSubmission', refusals: ['FACTS_UNVERIFIED'] },
    AUDIT_REJECT: { to: 'rejected', refusals: [] },
    HR_VERIFY_FACT: { to: 'self', refusals: [] },
    ...falsifiable,
  },
  paperSubmission: {
    // Issue 13: the copies must carry the code of this application's current review form.
    PAPER_RECEIVED: { to: 'qualificationPublicity', refusals: ['PAPER_INCOMPLETE', 'REVIEW_FORM_MISMATCH'] },
    ...deadline,
    ...falsifiable,
  },
  qualificationPublicity: publicity('feePayment'),
  feePayment: {
    PAY_FEE: { to: 'interview.awaitingSchedule', refusals: ['FEE_MISMATCH'] },
    ...deadline,
    ...falsifiable,
  },
  'interview.awaitingSchedule': {
    // Issue 10: never in the past.
    SCHEDULE_INTERVIEW: { to: 'interview.scheduled', refusals: ['DATE_IN_PAST'] },
    ...falsifiable,
  },
  'interview.scheduled': {
    // SPEC §9: moved only before the scheduled time, to a time in the future.
    RESCHEDULE_INTERVIEW: { to: 'self', refusals: ['INTERVIEW_STARTED', 'DATE_IN_PAST'] },
    // SPEC §9: attendance and no-show only from the scheduled time on.
    RECORD_ATTENDANCE: { to: 'interview.deliberation', refusals: ['INTERVIEW_NOT_DUE'] },
    // 三(三): 未按规定参加的申报对象视作放弃
    MARK_NO_SHOW: { to: 'abandoned', refusals: ['INTERVIEW_NOT_DUE'] },
    ...falsifiable,
  },
  'interview.deliberation': {
    REVIEW_PASS: { to: 'resultPublicity', refusals: [] },
    REVIEW_FAIL: { to: 'rejected', refusals: [] },
    ...falsifiable,
  },
  resultPublicity: publicity('certified'),
  certified: {
    REVOKE: { to: 'revoked', refusals: [] },
  },
  withdrawn: { ...falsifiable },
  rejected: { ...falsifiable },
  abandoned: { ...falsifiable },
  falsified: {},
  revoked: {},
};

/** SPEC §3 and §4: an event the state does not list is 409; an edit after SUBMIT says why. */
export const illegalCode = (type: EventType) => (type === 'UPDATE_DRAFT' ? 'MATERIALS_FROZEN' : 'ILLEGAL_TRANSITION');

/** SPEC §7: `POST /v1/applications` answers a draft. */
export const specInitial: SpecState = 'draft';
