import { assign, setup } from 'xstate';
import type { Facts, Material, Plan } from './facts';
import type { ClientPayload, EventType } from './events';
import { checkEligibility, type RuleResult } from './rules/eligibility';
import { shanghaiDate } from './rules/dates';
import { birthDateOf } from './rules/id-number';
import { isPlanOpen } from './rules/plan-window';

// The application machine of SPEC §3. Pure: every fact that needs a clock, the calendar
// or the database arrives inside the event, filled in by the service, so that replaying
// the stored events reproduces the stored snapshot.

/** What the service adds to every client payload. */
type Stamp = { at: string };
/** Facts only the service can supply, per event. */
type ServiceFacts = {
  SUBMIT: { activeBans: { fromYear: number; toYear: number }[] };
  START_UNIT_PUBLICITY: { endsOn: string };
  PAPER_RECEIVED: { publicityEndsAt: string };
  REVIEW_PASS: { publicityEndsAt: string };
};
export type MachineEvent = {
  [T in EventType]: { type: T } & Stamp & ClientPayload<T> & (T extends keyof ServiceFacts ? ServiceFacts[T] : unknown);
}[EventType];
export type EventOf<T extends EventType> = Extract<MachineEvent, { type: T }>;

export type Objection = { text: string; raisedAt: string; resolution: string | null; resolvedAt: string | null };

export type ApplicationContext = {
  applicationId: string;
  idNumber: string;
  unitId: string;
  plan: Plan;
  facts: Facts;
  materials: Material[];
  submittedAt: string | null;
  warnings: RuleResult[];
  unitPublicity: { startDate: string; endsOn: string } | null;
  /** The platform publicity in progress (qualification or result, 三(三)). */
  publicity: { endsAt: string; objections: Objection[] } | null;
  interview: { time: string; place: string } | null;
  /** Last reason, opinion or finding recorded by a reviewer. */
  remark: string | null;
};

export type ApplicationInput = Pick<ApplicationContext, 'applicationId' | 'idNumber' | 'unitId' | 'plan' | 'facts' | 'materials'>;

/** Why the machine refuses an event it otherwise accepts in this state. */
export type Refusal = {
  code: 'NOT_ELIGIBLE' | 'BANNED' | 'PLAN_CLOSED' | 'PUBLICITY_NOT_ELAPSED' | 'PUBLICITY_HELD' | 'PAPER_INCOMPLETE'
    | 'FEE_MISMATCH' | 'ILLEGAL_TRANSITION' | 'VALIDATION_FAILED';
  details?: Record<string, unknown>;
};

/** Objections raised during the current platform publicity and not yet resolved. */
export const openObjections = (c: ApplicationContext) => c.publicity?.objections.filter((o) => o.resolvedAt === null).length ?? 0;

/** The conditions on an event beyond the state it is sent in; null means it may proceed. */
export const refusals: { [T in EventType]?: (c: ApplicationContext, e: EventOf<T>) => Refusal | null } = {
  UPDATE_DRAFT: (c, e) => {
    if (e.facts === undefined && e.materials === undefined) return { code: 'VALIDATION_FAILED', details: { reason: 'nothing to update: send facts or materials' } };
    return e.facts?.birthDate && e.facts.birthDate !== birthDateOf(c.idNumber)
      ? { code: 'VALIDATION_FAILED', details: { field: 'facts.birthDate', reason: 'does not match the birth date in the ID number' } }
      : null;
  },
  SUBMIT: (c, e) => {
    const today = shanghaiDate(e.at);
    if (!isPlanOpen(c.plan, today)) return { code: 'PLAN_CLOSED', details: { opensAt: c.plan.opensAt, closesAt: c.plan.closesAt } };
    if (e.activeBans.length > 0) return { code: 'BANNED', details: { bans: e.activeBans } };
    const { failures } = checkEligibility({ facts: c.facts, plan: c.plan, today, commitmentSigned: e.commitmentSigned });
    return failures.length > 0 ? { code: 'NOT_ELIGIBLE', details: { failures } } : null;
  },
  START_UNIT_PUBLICITY: (_c, e) => (e.startDate < shanghaiDate(e.at)
    ? { code: 'VALIDATION_FAILED', details: { field: 'startDate', reason: 'publicity cannot start in the past' } }
    : null),
  UNIT_APPROVE: (c, e) => (c.unitPublicity && shanghaiDate(e.at) < c.unitPublicity.endsOn
    ? { code: 'PUBLICITY_NOT_ELAPSED', details: { firstAllowedDate: c.unitPublicity.endsOn } }
    : null),
  PAPER_RECEIVED: (_c, e) => (e.copies === 3 && e.stamped && e.watermarked ? null : { code: 'PAPER_INCOMPLETE' }),
  RESOLVE_OBJECTION: (c) => (openObjections(c) > 0 ? null : { code: 'ILLEGAL_TRANSITION', details: { reason: 'no open objection' } }),
  PUBLICITY_ENDED: (c, e) => {
    if (openObjections(c) > 0) return { code: 'PUBLICITY_HELD' };
    const endsAt = c.publicity?.endsAt ?? '';
    return Date.parse(e.at) < Date.parse(endsAt) ? { code: 'PUBLICITY_NOT_ELAPSED', details: { endsAt } } : null;
  },
  PAY_FEE: (c, e) => (e.amount === c.plan.fee ? null : { code: 'FEE_MISMATCH', details: { expected: c.plan.fee } }),
};

export function refusalOf(context: ApplicationContext, event: MachineEvent): Refusal | null {
  const check = refusals[event.type] as ((c: ApplicationContext, e: MachineEvent) => Refusal | null) | undefined;
  return check ? check(context, event) : null;
}

const toFalsified = { FLAG_FALSIFIED: { target: '#application.falsified', actions: 'recordRemark' } } as const;

export const applicationMachine = setup({
  types: {
    context: {} as ApplicationContext,
    events: {} as MachineEvent,
    input: {} as ApplicationInput,
  },
  guards: {
    allowed: ({ context, event }) => refusalOf(context, event) === null,
  },
  actions: {
    updateDraft: assign(({ context, event }) => {
      const e = event as EventOf<'UPDATE_DRAFT'>;
      return { facts: { ...context.facts, ...e.facts }, materials: e.materials ?? context.materials };
    }),
    recordSubmission: assign(({ context, event }) => {
      const e = event as EventOf<'SUBMIT'>;
      const today = shanghaiDate(e.at);
      return { submittedAt: e.at, warnings: checkEligibility({ facts: context.facts, plan: context.plan, today, commitmentSigned: true }).warnings };
    }),
    reopenDraft: assign(({ event }) => ({
      submittedAt: null, unitPublicity: null, remark: (event as EventOf<'RETURN_TO_APPLICANT'>).reason,
    })),
    startUnitPublicity: assign(({ event }) => {
      const e = event as EventOf<'START_UNIT_PUBLICITY'>;
      return { unitPublicity: { startDate: e.startDate, endsOn: e.endsOn } };
    }),
    startPublicity: assign(({ event }) => ({
      publicity: { endsAt: (event as EventOf<'PAPER_RECEIVED' | 'REVIEW_PASS'>).publicityEndsAt, objections: [] },
    })),
    endPublicity: assign({ publicity: null }),
    raiseObjection: assign(({ context, event }) => {
      const e = event as EventOf<'RAISE_OBJECTION'>;
      const p = context.publicity!;
      return { publicity: { ...p, objections: [...p.objections, { text: e.objection, raisedAt: e.at, resolution: null, resolvedAt: null }] } };
    }),
    resolveObjection: assign(({ context, event }) => {
      const e = event as EventOf<'RESOLVE_OBJECTION'>;
      const p = context.publicity!;
      const i = p.objections.findIndex((o) => o.resolvedAt === null);
      const objections = p.objections.map((o, j) => (j === i ? { ...o, resolution: e.resolution, resolvedAt: e.at } : o));
      return { publicity: { ...p, objections } };
    }),
    scheduleInterview: assign(({ event }) => {
      const e = event as EventOf<'SCHEDULE_INTERVIEW'>;
      return { interview: { time: e.time, place: e.place } };
    }),
    recordRemark: assign(({ event }) => {
      const e = event as Partial<Record<'reason' | 'opinion' | 'finding', string>>;
      return { remark: e.finding ?? e.reason ?? e.opinion ?? null };
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
    interview: null,
    remark: null,
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
        WITHDRAW: { target: 'withdrawn', actions: 'recordRemark' },
        ...toFalsified,
      },
    },
    unitPublicity: {
      on: {
        UNIT_APPROVE: { target: 'municipalAudit', guard: 'allowed', actions: 'recordRemark' },
        RETURN_TO_APPLICANT: { target: 'draft', actions: 'reopenDraft' },
        WITHDRAW: { target: 'withdrawn', actions: 'recordRemark' },
        ...toFalsified,
      },
    },
    municipalAudit: {
      on: {
        AUDIT_APPROVE: { target: 'paperSubmission', actions: 'recordRemark' },
        AUDIT_REJECT: { target: 'rejected', actions: 'recordRemark' },
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
      on: {
        RAISE_OBJECTION: { actions: 'raiseObjection' },
        RESOLVE_OBJECTION: { guard: 'allowed', actions: 'resolveObjection' },
        PUBLICITY_ENDED: { target: 'feePayment', guard: 'allowed', actions: 'endPublicity' },
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
        awaitingSchedule: { on: { SCHEDULE_INTERVIEW: { target: 'scheduled', actions: 'scheduleInterview' } } },
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
      on: {
        RAISE_OBJECTION: { actions: 'raiseObjection' },
        RESOLVE_OBJECTION: { guard: 'allowed', actions: 'resolveObjection' },
        PUBLICITY_ENDED: { target: 'certified', guard: 'allowed', actions: 'endPublicity' },
        ...toFalsified,
      },
    },
    certified: {
      on: { REVOKE: { target: 'revoked', actions: 'recordRemark' } },
    },
    withdrawn: { on: toFalsified },
    rejected: { on: toFalsified },
    abandoned: { on: toFalsified },
    falsified: { type: 'final' },
    revoked: { type: 'final' },
  },
});

export type ApplicationMachine = typeof applicationMachine;
