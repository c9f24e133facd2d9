import { assertEvent, assign, createMachine } from 'xstate';
import { applicationMachine as notice2021, stateNames2021 } from './application';
import { refusalsFor } from './refusals';
import { rules } from './rules/eligibility';
import { juniorScoreRuleWith } from './rules/level-rules';

// Definition version 2, "the 2022 notice" (the worked example of README "Changing the
// workflow"): the 2021 machine with two changes, written as the difference from it.
// 1. A reviewer may ask for named supplementary materials — the unit before it starts its
//    publicity, the bureau before it approves its audit; the applicant answers with them and
//    the application returns to where it was.
// 2. The junior quantified self-assessment needs 100 points instead of 120 (二(二)).

/** The 2022 notice's junior threshold (二(二)). */
export const MIN_JUNIOR_SCORE_2022 = 100;
const rules2022 = rules.map((rule) => (rule.id === 'junior-score' ? juniorScoreRuleWith(MIN_JUNIOR_SCORE_2022) : rule));
export const refusals2022 = refusalsFor(rules2022);

const states2021 = notice2021.config.states!;
const toFalsified = { FLAG_FALSIFIED: { target: '#application.falsified', actions: 'recordRemark' } } as const;

export const applicationMachine2022 = createMachine({
  ...notice2021.config,
  states: {
    ...states2021,
    submitted: {
      ...states2021.submitted,
      on: { ...states2021.submitted!.on, UNIT_REQUEST_SUPPLEMENT: { target: 'supplementRequested.byUnit', actions: 'requestSupplement' } },
    },
    municipalAudit: {
      ...states2021.municipalAudit,
      on: {
        ...states2021.municipalAudit!.on,
        HR_REQUEST_SUPPLEMENT: { target: 'supplementRequested.byBureau', actions: 'requestSupplement' },
      },
    },
    supplementRequested: {
      initial: 'byUnit',
      on: toFalsified,
      states: {
        byUnit: {
          on: {
            SUPPLEMENT_PROVIDED: { target: '#application.submitted', guard: 'allowed', actions: 'provideSupplement' },
            WITHDRAW: { target: '#application.withdrawn', actions: 'recordRemark' },
          },
        },
        byBureau: {
          on: { SUPPLEMENT_PROVIDED: { target: '#application.municipalAudit', guard: 'allowed', actions: 'provideSupplement' } },
        },
      },
    },
  },
}).provide({
  guards: {
    allowed: ({ context, event }) => refusals2022.refusalOf(context, event) === null,
  },
  actions: {
    ...notice2021.implementations.actions,
    recordSubmission: assign(({ context, event }) => {
      assertEvent(event, 'SUBMIT');
      return {
        submittedAt: event.at,
        warnings: refusals2022.eligibilityOf(context, event).warnings,
        plan: { ...context.plan, ...event.planWindow },
      };
    }),
    requestSupplement: assign(({ event }) => {
      assertEvent(event, ['UNIT_REQUEST_SUPPLEMENT', 'HR_REQUEST_SUPPLEMENT']);
      const requestedBy = event.type === 'UNIT_REQUEST_SUPPLEMENT' ? ('unit' as const) : ('bureau' as const);
      return { supplement: { requestedBy, items: event.items, requestedAt: event.at } };
    }),
    provideSupplement: assign(({ context, event }) => {
      assertEvent(event, 'SUPPLEMENT_PROVIDED');
      return { materials: [...context.materials, ...event.materials], supplement: null };
    }),
  },
});

export const stateNames2022 = [...stateNames2021, 'supplementRequested.byUnit', 'supplementRequested.byBureau'] as const;
