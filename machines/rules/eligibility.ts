import { annualAssessment, continuingEducation, continuingEducationProof, publicInstitutionPost } from './condition-rules';
import { intermediateRoute, juniorMeetsInitialAppointment, juniorScoreRule } from './level-rules';
import type { EligibilityInput, Rule, RuleResult } from './rule';
import { civilServant, retirementAge, scope, socialInsurance } from './scope-rules';
import { commitment, educationProof } from './submission-rules';

export type { EligibilityInput, Message, Rule, RuleResult } from './rule';

// SPEC §4 items 1–7. "Not banned" and "plan open" answer with their own codes
// (BANNED, PLAN_CLOSED) and live in ban-window.ts and plan-window.ts.
export const rules: readonly Rule[] = [
  scope,
  socialInsurance,
  civilServant,
  retirementAge,
  continuingEducation,
  continuingEducationProof,
  annualAssessment,
  juniorScoreRule,
  juniorMeetsInitialAppointment,
  intermediateRoute,
  publicInstitutionPost,
  educationProof,
  commitment,
];

/** Every rule is evaluated, so a refusal lists all that fail, not only the first. */
export function checkEligibility(
  input: EligibilityInput,
  ruleSet: readonly Rule[] = rules,
): { failures: RuleResult[]; warnings: RuleResult[] } {
  const failures: RuleResult[] = [];
  const warnings: RuleResult[] = [];
  for (const rule of ruleSet) {
    const message = rule.check(input);
    if (message === null) continue;
    (rule.severity === 'warning' ? warnings : failures).push({ id: rule.id, clause: rule.clause, message });
  }
  return { failures, warnings };
}
