import type { EligibilityInput, Rule, RuleResult } from './rule';

export type { EligibilityInput, Message, Rule, RuleResult } from './rule';

// SPEC §4: each released definition lists its own rules (machines/application*.ts), so a rule
// written here changes no released version until one lists it. "Not banned" and "plan open"
// answer with their own codes (BANNED, PLAN_CLOSED) and live in ban-window.ts and plan-window.ts.

/** Every rule is evaluated, so a refusal lists all that fail, not only the first. */
export function checkEligibility(input: EligibilityInput, ruleSet: readonly Rule[]): { failures: RuleResult[]; warnings: RuleResult[] } {
  const failures: RuleResult[] = [];
  const warnings: RuleResult[] = [];
  for (const rule of ruleSet) {
    const message = rule.check(input);
    if (message === null) continue;
    (rule.severity === 'warning' ? warnings : failures).push({ id: rule.id, clause: rule.clause, message });
  }
  return { failures, warnings };
}
