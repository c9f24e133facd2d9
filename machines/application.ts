import { and } from 'xstate';
import { defineNotice, initialContext, type NoticeConfig } from './notice';
import { refusalsFor } from './refusals';
import { annualAssessmentRule, continuingEducationProof, continuingEducationRule, publicInstitutionPost } from './rules/condition-rules';
import { intermediateSeniority, juniorMeetsInitialAppointment, juniorScoreRule, orSkilledRoute } from './rules/level-rules';
import type { Rule } from './rules/rule';
import { civilServant, retirementAge, scope, socialInsuranceProof, socialInsuranceYearRule } from './rules/scope-rules';
import { commitment, educationProof } from './rules/submission-rules';

// Definition version 1: the 2021 notice itself (SPEC §3, §4), released and frozen. Its rule
// list and transition table are its own: a rule added to machines/rules changes no released
// version until it is listed here, and test/machines/fingerprints.test.ts holds what this
// version is.

/** SPEC §4 items 1–7 with the 2021 notice's thresholds. "Not banned" and "plan open" answer with their own codes. */
export const rules2021: readonly Rule[] = [
  scope,
  socialInsuranceYearRule(1),
  socialInsuranceProof,
  civilServant,
  retirementAge,
  continuingEducationRule(18),
  continuingEducationProof,
  annualAssessmentRule(3),
  // 二(二): 自评分须达到120分方可申报
  orSkilledRoute(juniorScoreRule(120)),
  juniorMeetsInitialAppointment,
  orSkilledRoute(intermediateSeniority),
  publicInstitutionPost,
  educationProof,
  commitment,
];

export const refusals2021 = refusalsFor(rules2021);

const toFalsified = { FLAG_FALSIFIED: { target: '#application.falsified', actions: ['recordRemark', 'returnMaterials'] } } as const;

/**
 * Issue 24: an objection upheld closes the application as rejected with the finding — a ban
 * only through FLAG_FALSIFIED (五(四)); dismissed, it releases the publicity.
 */
const objectionResolved = [
  {
    target: '#application.rejected',
    guard: and(['allowed', 'objectionUpheld']),
    actions: ['resolveObjection', 'endPublicity', 'recordUpheldObjection'],
  },
  { guard: 'allowed', actions: 'resolveObjection' },
] as const;

export const config2021 = {
  id: 'application',
  initial: 'draft',
  context: initialContext,
  states: {
    draft: {
      on: {
        UPDATE_DRAFT: { guard: 'allowed', actions: 'updateDraft' },
        SUBMIT: { target: 'submitted', guard: 'allowed', actions: 'recordSubmission' },
        WITHDRAW: { target: 'withdrawn', actions: 'recordRemark' },
      },
    },
    submitted: {
      on: {
        START_UNIT_PUBLICITY: { target: 'unitPublicity', guard: 'allowed', actions: 'startUnitPublicity' },
        RETURN_TO_APPLICANT: { target: 'draft', actions: 'reopenDraft' },
        UNIT_VERIFY_FACT: { actions: 'recordVerification' },
        WITHDRAW: { target: 'withdrawn', actions: 'recordRemark' },
        ...toFalsified,
      },
    },
    unitPublicity: {
      on: {
        UNIT_APPROVE: { target: 'municipalAudit', guard: 'allowed', actions: 'recordRemark' },
        RETURN_TO_APPLICANT: { target: 'draft', actions: 'reopenDraft' },
        UNIT_VERIFY_FACT: { actions: 'recordVerification' },
        WITHDRAW: { target: 'withdrawn', actions: 'recordRemark' },
        ...toFalsified,
      },
    },
    municipalAudit: {
      on: {
        AUDIT_APPROVE: { target: 'paperSubmission', guard: 'allowed', actions: ['recordRemark', 'issueReviewForm'] },
        AUDIT_REJECT: { target: 'rejected', actions: 'recordRemark' },
        HR_VERIFY_FACT: { actions: 'recordVerification' },
        ...toFalsified,
      },
    },
    paperSubmission: {
      entry: 'startPaperDeadline',
      exit: 'clearDeadline',
      on: {
        PAPER_RECEIVED: { target: 'qualificationPublicity', guard: 'allowed', actions: 'startPublicity' },
        // Issue 24, the bureau's choice: copies not delivered by the deadline close the application.
        DEADLINE_PASSED: { target: 'abandoned', guard: 'allowed', actions: { type: 'recordDeadlineMissed', params: { kind: 'paper' } } },
        EXTEND_DEADLINE: { guard: 'allowed', actions: { type: 'extendDeadline', params: { kind: 'paper' } } },
        ...toFalsified,
      },
    },
    qualificationPublicity: {
      tags: ['publicity'],
      on: {
        RAISE_OBJECTION: { actions: 'raiseObjection' },
        RESOLVE_OBJECTION: objectionResolved,
        PUBLICITY_ENDED: { target: 'feePayment', guard: 'allowed', actions: ['endPublicity', 'fixFee'] },
        ...toFalsified,
      },
    },
    feePayment: {
      entry: 'startFeeDeadline',
      exit: 'clearDeadline',
      on: {
        PAY_FEE: { target: 'interview', guard: 'allowed' },
        // Issue 24, the bureau's choice: a fee unpaid by the deadline closes the application (四 names no period).
        DEADLINE_PASSED: { target: 'abandoned', guard: 'allowed', actions: { type: 'recordDeadlineMissed', params: { kind: 'fee' } } },
        EXTEND_DEADLINE: { guard: 'allowed', actions: { type: 'extendDeadline', params: { kind: 'fee' } } },
        ...toFalsified,
      },
    },
    interview: {
      initial: 'awaitingSchedule',
      on: toFalsified,
      states: {
        awaitingSchedule: { on: { SCHEDULE_INTERVIEW: { target: 'scheduled', guard: 'allowed', actions: 'scheduleInterview' } } },
        scheduled: {
          on: {
            // 三(三): 评审答辩时间和地点另行通知 — moved before it begins, the applicant notified again (issue 24).
            RESCHEDULE_INTERVIEW: { guard: 'allowed', actions: ['scheduleInterview', 'recordRemark'] },
            RECORD_ATTENDANCE: { target: 'deliberation', guard: 'allowed' },
            // 三(三): 未按规定参加的申报对象视作放弃
            MARK_NO_SHOW: { target: '#application.abandoned', guard: 'allowed' },
          },
        },
        deliberation: {
          on: {
            REVIEW_PASS: { target: '#application.resultPublicity', actions: ['recordRemark', 'startPublicity'] },
            REVIEW_FAIL: { target: '#application.rejected', actions: 'recordRemark' },
          },
        },
      },
    },
    resultPublicity: {
      tags: ['publicity'],
      on: {
        RAISE_OBJECTION: { actions: 'raiseObjection' },
        RESOLVE_OBJECTION: objectionResolved,
        PUBLICITY_ENDED: { target: 'certified', guard: 'allowed', actions: 'endPublicity' },
        ...toFalsified,
      },
    },
    certified: {
      on: { REVOKE: { target: 'revoked', actions: ['recordRemark', 'returnMaterials'] } },
    },
    withdrawn: { tags: ['closed'], on: toFalsified },
    rejected: { tags: ['closed'], on: toFalsified },
    abandoned: { tags: ['closed'], on: toFalsified },
    falsified: { tags: ['closed'], type: 'final' },
    revoked: { tags: ['closed'], type: 'final' },
  },
} satisfies NoticeConfig;

export const applicationMachine = defineNotice(config2021, refusals2021);

/** Its states as the API names them, for migrations the type checker holds to them (a test checks the list). */
export const stateNames2021 = [
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
