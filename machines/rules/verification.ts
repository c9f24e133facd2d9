import type { Facts, PlanInput } from '../facts';

// Facts the notice says come from records, not from the applicant's word: social insurance
// paid by the unit and the post (一(一), 二(五)), checked by the unit; education (学信网,
// 五(二)), continuing-education hours (二(三)) and a 高技能人才's certified skill (一(二)), checked
// by the bureau at its audit (三(二)).

export const unitVerifiedFacts = ['socialInsurance', 'post'] as const;
export const hrVerifiedFacts = ['education', 'continuingEducation', 'skill'] as const;
export type VerifiableFact = (typeof unitVerifiedFacts)[number] | (typeof hrVerifiedFacts)[number];

/** The facts a verification vouches for: changing any of them in a draft withdraws it. */
export const verifiedFields: Record<VerifiableFact, readonly (keyof Facts)[]> = {
  socialInsurance: ['socialInsuranceSince', 'socialInsuranceOnRecord', 'unitInCixi', 'postedToBranchElsewhere'],
  post: ['unitType', 'postVacancy'],
  education: ['education'],
  continuingEducation: ['continuingEducation'],
  skill: ['skill'],
};

/** What must be verified before the municipal audit may approve (SPEC §9). */
export function requiredVerifications(facts: Facts, plan: Pick<PlanInput, 'level' | 'skilledRoutes'>): VerifiableFact[] {
  return [
    'socialInsurance',
    ...(facts.unitType === 'publicInstitution' ? (['post'] as const) : []),
    'education',
    ...(plan.level === 'intermediate' ? (['continuingEducation'] as const) : []),
    // Only where the plan has a route the skill could qualify by.
    ...(facts.skill && plan.skilledRoutes?.length ? (['skill'] as const) : []),
  ];
}
