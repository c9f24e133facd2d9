import { assertEvent, assign, setup } from 'xstate';
import type { ApplicationContext, ApplicationInput } from './context';
import type { MachineEvent } from './events';
import type { Refusals } from './refusals';
import { feeDeadlineDays, lastDayAfter, paperDeadlineDays, passesAfter } from './rules/deadlines';
import { type VerifiableFact, verifiedFields } from './rules/verification';

// The one setup every released definition is built with (SPEC §3, §9): the types, tags and
// actions a notice's machine may use. A definition is its transition table (the config) and
// its frozen rule list, whose checks `defineNotice` plugs into the `allowed` guard and the
// warnings SUBMIT records. Pure: every fact that needs a clock, the calendar or the database
// arrives inside the event, filled in by the service, so replaying the stored events
// reproduces the stored snapshot. Tags carry what the service derives from the definition:
// `closed` states end an application, `publicity` states hold a platform publicity (三(三)).

const notice = setup({
  types: {
    context: {} as ApplicationContext,
    events: {} as MachineEvent,
    input: {} as ApplicationInput,
    tags: {} as 'closed' | 'publicity',
  },
  guards: {
    // Refuses until a definition provides its own checks (`defineNotice`).
    allowed: () => false,
    objectionUpheld: ({ event }) => event.type === 'RESOLVE_OBJECTION' && event.outcome === 'upheld',
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
    // Provided by `defineNotice`: the warnings are the definition's own rules'.
    recordSubmission: () => {},
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
      assertEvent(event, ['SCHEDULE_INTERVIEW', 'RESCHEDULE_INTERVIEW']);
      return { interview: { time: event.time, place: event.place } };
    }),
    // Issue 24: the fee is due `feeDeadlineDays` after its notice, the paper copies `paperDeadlineDays` after the audit approval.
    startFeeDeadline: assign(({ context, event }) => ({
      deadline: { kind: 'fee' as const, dueAt: passesAfter(lastDayAfter(event.at, feeDeadlineDays(context.plan))) },
    })),
    startPaperDeadline: assign(({ context, event }) => ({
      deadline: { kind: 'paper' as const, dueAt: passesAfter(lastDayAfter(event.at, paperDeadlineDays(context.plan))) },
    })),
    // An application from before deadlines has none: the bureau's extension gives it one of the state's kind.
    extendDeadline: assign(({ event }, params: { kind: 'fee' | 'paper' }) => {
      assertEvent(event, 'EXTEND_DEADLINE');
      return { deadline: { kind: params.kind, dueAt: passesAfter(event.until) }, remark: event.reason };
    }),
    clearDeadline: assign({ deadline: null }),
    // The deadline itself is cleared on leaving the state, before this runs: the state names its kind.
    recordDeadlineMissed: assign((_, params: { kind: 'fee' | 'paper' }) => ({
      remark:
        params.kind === 'paper'
          ? '未在规定期限内报送纸质评审表，视作放弃 (the paper copies did not arrive by the deadline)'
          : '未在规定期限内缴纳评审费，视作放弃 (the fee was not paid by the deadline)',
    })),
    // Issue 24: an objection upheld closes the application as rejected, the finding its remark.
    recordUpheldObjection: assign(({ event }) => {
      assertEvent(event, 'RESOLVE_OBJECTION');
      return { remark: event.resolution };
    }),
    recordRemark: assign(({ event }) => {
      if ('finding' in event) return { remark: event.finding };
      if ('reason' in event) return { remark: event.reason ?? null };
      return { remark: 'opinion' in event ? (event.opinion ?? null) : null };
    }),
    // Definition version 2: supplementary materials on request.
    requestSupplement: assign(({ event }) => {
      assertEvent(event, ['UNIT_REQUEST_SUPPLEMENT', 'HR_REQUEST_SUPPLEMENT']);
      const requestedBy = event.type === 'UNIT_REQUEST_SUPPLEMENT' ? ('unit' as const) : ('hr' as const);
      return { supplement: { requestedBy, items: event.items, requestedAt: event.at } };
    }),
    provideSupplement: assign(({ context, event }) => {
      assertEvent(event, 'SUPPLEMENT_PROVIDED');
      return { materials: [...context.materials, ...event.materials], supplement: null };
    }),
  },
});

/** A notice's transition table, in the vocabulary of the one setup. */
export type NoticeConfig = Parameters<typeof notice.createMachine>[0];

/** The machine of a notice: its transition table, checked by its own rule list's refusals. */
export function defineNotice(config: NoticeConfig, refusals: Refusals) {
  return notice.createMachine(config).provide({
    guards: {
      allowed: ({ context, event }) => refusals.refusalOf(context, event) === null,
    },
    actions: {
      recordSubmission: assign(({ context, event }) => {
        assertEvent(event, 'SUBMIT');
        return {
          submittedAt: event.at,
          warnings: refusals.eligibilityOf(context, event).warnings,
          plan: { ...context.plan, ...event.planWindow },
        };
      }),
    },
  });
}

export type ApplicationMachine = ReturnType<typeof defineNotice>;

/** The context every definition starts from. */
export const initialContext = ({ input }: { input: ApplicationInput }): ApplicationContext => ({
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
});
