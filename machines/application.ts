import { assertEvent, assign, setup } from 'xstate';
import type { ApplicationContext, ApplicationInput } from './context';
import type { MachineEvent } from './events';
import { eligibilityOf, refusalOf } from './refusals';
import { type VerifiableFact, verifiedFields } from './rules/verification';

// The application machine of SPEC §3. Pure: every fact that needs a clock, the calendar
// or the database arrives inside the event, filled in by the service, so that replaying
// the stored events reproduces the stored snapshot. Tags carry what the service derives
// from the definition: `closed` states end an application, `publicity` states hold a
// platform publicity (三(三)).

const toFalsified = { FLAG_FALSIFIED: { target: '#application.falsified', actions: ['recordRemark', 'returnMaterials'] } } as const;

export const applicationMachine = setup({
  types: {
    context: {} as ApplicationContext,
    events: {} as MachineEvent,
    input: {} as ApplicationInput,
    tags: {} as 'closed' | 'publicity',
  },
  guards: {
    allowed: ({ context, event }) => refusalOf(context, event) === null,
  },
  actions: {
    updateDraft: assign(({ context, event }) => {
      assertEvent(event, 'UPDATE_DRAFT');
      const facts = { ...context.facts, ...event.facts };
      // A verified fact the applicant changes is only declared again.
      const verifications = Object.fromEntries(
        Object.entries(context.verifications).filter(([fact]) =>
          verifiedFields[fact as VerifiableFact].every((field) => JSON.stringify(facts[field]) === JSON.stringify(context.facts[field])),
        ),
      );
      return { facts, materials: event.materials ?? context.materials, verifications };
    }),
    recordSubmission: assign(({ context, event }) => {
      assertEvent(event, 'SUBMIT');
      return {
        submittedAt: event.at,
        warnings: eligibilityOf(context, event).warnings,
        plan: { ...context.plan, ...event.planWindow },
      };
    }),
    reopenDraft: assign(({ event }) => {
      assertEvent(event, 'RETURN_TO_APPLICANT');
      return { submittedAt: null, unitPublicity: null, remark: event.reason, returned: { at: event.at, resubmitBy: event.resubmitBy } };
    }),
    recordVerification: assign(({ context, event }) => {
      assertEvent(event, ['UNIT_VERIFY_FACT', 'HR_VERIFY_FACT']);
      return { verifications: { ...context.verifications, [event.fact]: { at: event.at, note: event.note } } };
    }),
    startUnitPublicity: assign(({ event }) => {
      assertEvent(event, 'START_UNIT_PUBLICITY');
      return { unitPublicity: { startDate: event.startDate, endsOn: event.endsOn } };
    }),
    startPublicity: assign(({ event }) => {
      assertEvent(event, ['PAPER_RECEIVED', 'REVIEW_PASS']);
      return { publicity: { startedAt: event.at, endsAt: event.publicityEndsAt, objections: [] } };
    }),
    endPublicity: assign({ publicity: null }),
    issueReviewForm: assign(({ event }) => {
      assertEvent(event, 'AUDIT_APPROVE');
      return { reviewForm: { verificationCode: event.reviewFormCode, issuedAt: event.at } };
    }),
    // 五(四): 弄虚作假的，其申报材料一律予以退回
    returnMaterials: assign(({ event }) => ({ materialsReturnedAt: event.at })),
    fixFee: assign(({ context, event }) => {
      assertEvent(event, 'PUBLICITY_ENDED');
      return { plan: { ...context.plan, fee: event.fee } };
    }),
    raiseObjection: assign(({ context, event }) => {
      assertEvent(event, 'RAISE_OBJECTION');
      const p = context.publicity!;
      return {
        publicity: {
          ...p,
          objections: [...p.objections, { text: event.objection, raisedAt: event.at, resolution: null, resolvedAt: null }],
        },
      };
    }),
    resolveObjection: assign(({ context, event }) => {
      assertEvent(event, 'RESOLVE_OBJECTION');
      const p = context.publicity!;
      const i = p.objections.findIndex((o) => o.resolvedAt === null);
      const objections = p.objections.map((o, j) => (j === i ? { ...o, resolution: event.resolution, resolvedAt: event.at } : o));
      return { publicity: { ...p, objections } };
    }),
    scheduleInterview: assign(({ event }) => {
      assertEvent(event, 'SCHEDULE_INTERVIEW');
      return { interview: { time: event.time, place: event.place } };
    }),
    recordRemark: assign(({ event }) => {
      if ('finding' in event) return { remark: event.finding };
      if ('reason' in event) return { remark: event.reason ?? null };
      return { remark: 'opinion' in event ? (event.opinion ?? null) : null };
    }),
  },
}).createMachine({
  id: 'application',
  initial: 'draft',
  context: ({ input }) => ({
    ...input,
    submittedAt: null,
    warnings: [],
    unitPublicity: null,
    publicity: null,
    reviewForm: null,
    materialsReturnedAt: null,
    interview: null,
    remark: null,
    returned: null,
    verifications: {},
  }),
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
      on: {
        PAPER_RECEIVED: { target: 'qualificationPublicity', guard: 'allowed', actions: 'startPublicity' },
        ...toFalsified,
      },
    },
    qualificationPublicity: {
      tags: ['publicity'],
      on: {
        RAISE_OBJECTION: { actions: 'raiseObjection' },
        RESOLVE_OBJECTION: { guard: 'allowed', actions: 'resolveObjection' },
        PUBLICITY_ENDED: { target: 'feePayment', guard: 'allowed', actions: ['endPublicity', 'fixFee'] },
        ...toFalsified,
      },
    },
    feePayment: {
      on: {
        PAY_FEE: { target: 'interview', guard: 'allowed' },
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
            RECORD_ATTENDANCE: { target: 'deliberation' },
            // 三(三): 未按规定参加的申报对象视作放弃
            MARK_NO_SHOW: { target: '#application.abandoned' },
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
        RESOLVE_OBJECTION: { guard: 'allowed', actions: 'resolveObjection' },
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
});

export type ApplicationMachine = typeof applicationMachine;

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
