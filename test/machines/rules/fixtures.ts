import { rules2021 as rules } from '../../../machines/application';
import type { Plan } from '../../../machines/context';
import type { Facts, Material } from '../../../machines/facts';
import type { MaterialKind } from '../../../machines/material-kinds';
import { checkEligibility, type EligibilityInput } from '../../../machines/rules/eligibility';

// An applicant who meets every SPEC §4 rule, with no warning, for both 2021 plans below
// on `today2021`. Tests change one fact at a time from here.

export const today2021 = '2021-08-15';

export function validFacts(): Facts {
  return {
    name: '张伟',
    retirementCategory: 'male60',
    birthDate: '1990-05-12',
    retirementExtensionApproved: false,
    unitType: 'enterprise',
    unitInCixi: true,
    postedToBranchElsewhere: false,
    socialInsuranceSince: '2017-06-01',
    education: {
      level: 'juniorCollege',
      graduatedOn: '2012-06-30',
      origin: 'domestic',
      proof: { systemExtracted: true },
    },
    // Under 3 years by 2021-12-31: a 大专 graduate who does not yet meet 初定 (二(二)).
    engineeringWorkSince: '2019-03-01',
    assistantEngineerSince: null,
    // A registered qualification counts as time as 助理工程师 where registration, insurance and the
    // unit's appointment coincide (一(三)): here all from 2017-06-01, 4 years by 2021-12-31.
    registeredQualificationSince: '2017-06-01',
    qualificationAppointedSince: '2017-06-01',
    continuingEducation: [
      { year: 2019, publicHours: 24, professionalHours: 60, onRecord: true },
      { year: 2020, publicHours: 18, professionalHours: 40, onRecord: true },
      { year: 2021, publicHours: 30, professionalHours: 12, onRecord: true },
    ],
    annualAssessments: [
      { year: 2018, result: 'competent' },
      { year: 2019, result: 'excellent' },
      { year: 2020, result: 'competent' },
    ],
    achievements: [
      { itemId: 'project-lead', achievedOn: '2020-05-01', specialty: '建设工程' },
      { itemId: 'paper', achievedOn: '2019-11-20', specialty: '建设工程' },
      { itemId: 'patent', achievedOn: '2021-03-15', specialty: '建设工程' },
    ],
    postVacancy: false,
  };
}

export const junior2021Plan: Plan = {
  id: 'plan-2021-junior-construction',
  fee: 100,
  year: 2021,
  level: 'junior',
  specialty: '建设工程',
  opensAt: '2021-07-30',
  closesAt: '2021-09-30',
  scoringItems: [
    { id: 'project-lead', name: '主持完成工程项目', points: 60 },
    { id: 'paper', name: '发表专业论文', points: 40 },
    { id: 'patent', name: '获得实用新型专利', points: 30 },
    { id: 'award', name: '获得市级以上科技奖励', points: 50 },
  ],
  intermediateRoutes: [],
};

/** The normal route of the Ningbo enterprise conditions (SPEC §4 item 4). */
const ningboIntermediateRoutes: Plan['intermediateRoutes'] = [
  { education: 'master', seniority: 'engineering', years: 2 },
  { education: 'secondBachelor', seniority: 'assistantEngineer', years: 2 },
  { education: 'juniorCollege', seniority: 'assistantEngineer', years: 4 },
];

export const intermediate2021Plan: Plan = {
  id: 'plan-2021-intermediate-construction',
  fee: 180,
  year: 2021,
  level: 'intermediate',
  specialty: '建设工程',
  opensAt: '2021-07-30',
  closesAt: '2021-09-30',
  scoringItems: [],
  intermediateRoutes: ningboIntermediateRoutes,
};

export function eligibleInput(plan: Plan, facts: Facts = validFacts(), materials: Material[] = []): EligibilityInput {
  return { facts, materials, plan, today: today2021, commitmentSigned: true };
}

export function withFacts(plan: Plan, change: (facts: Facts) => void): EligibilityInput {
  const facts = validFacts();
  change(facts);
  return eligibleInput(plan, facts);
}
/** Files of these kinds, as a draft lists them. */
export const uploaded = (kinds: MaterialKind[]) => kinds.map((kind, i) => ({ kind, name: `${kind}.pdf`, sha256: String(i).repeat(64) }));
export const failureIds = (input: EligibilityInput) => checkEligibility(input, rules).failures.map((f) => f.id);
export const warningIds = (input: EligibilityInput) => checkEligibility(input, rules).warnings.map((w) => w.id);
