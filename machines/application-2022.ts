import { config2021, stateNames2021 } from './application';
import { defineNotice, type NoticeConfig } from './notice';
import { refusalsFor } from './refusals';
import { annualAssessmentRule, continuingEducationProof, continuingEducationRule, publicInstitutionPost } from './rules/condition-rules';
import { intermediateRoute, juniorMeetsInitialAppointment, juniorScoreRule } from './rules/level-rules';
import type { Rule } from './rules/rule';
import { civilServant, retirementAge, scope, socialInsuranceRule } from './rules/scope-rules';
import { commitment, educationProof } from './rules/submission-rules';

// Definition version 2, "the 2022 notice": NOT a real notice, and never a plan's default. It is
// the worked example of README "Changing the workflow" — what a changed notice looks like as a
// new released version — written as the difference from version 1:
// 1. A reviewer may ask for named supplementary materials — the unit before it starts its
//    publicity, the bureau before it approves its audit; the applicant answers with them and
//    the application returns to where it was. (The 2021 notice forbids this: 五(一) 不再补充材料.)
// 2. The junior quantified self-assessment needs 100 points instead of 120 (二(二)).
// Released and frozen like version 1: test/machines/fingerprints.test.ts holds what it is.

export const rules2022: readonly Rule[] = [
  scope,
  socialInsuranceRule(1),
  civilServant,
  retirementAge,
  continuingEducationRule(18),
  continuingEducationProof,
  annualAssessmentRule(3),
  juniorScoreRule(100),
  juniorMeetsInitialAppointment,
  intermediateRoute,
  publicInstitutionPost,
  educationProof,
  commitment,
];

export const refusals2022 = refusalsFor(rules2022);

const states2021 = config2021.states;
// 五(四) as in version 1: a falsification finding returns the materials.
const toFalsified = { FLAG_FALSIFIED: { target: '#application.falsified', actions: ['recordRemark', 'returnMaterials'] } } as const;

export const config2022 = {
  ...config2021,
  states: {
    ...states2021,
    submitted: {
      ...states2021.submitted,
      on: { ...states2021.submitted.on, UNIT_REQUEST_SUPPLEMENT: { target: 'supplementRequested.byUnit', actions: 'requestSupplement' } },
    },
    municipalAudit: {
      ...states2021.municipalAudit,
      on: {
        ...states2021.municipalAudit.on,
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
} satisfies NoticeConfig;

export const applicationMachine2022 = defineNotice(config2022, refusals2022);

export const stateNames2022 = [...stateNames2021, 'supplementRequested.byUnit', 'supplementRequested.byBureau'] as const;
