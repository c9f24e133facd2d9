import type { Facts, Plan } from '../facts';

// The shape of an eligibility rule at SUBMIT (SPEC §4): a stable id, the notice clause
// it enforces, and a bilingual message when it does not hold.

export type Message = { zh: string; en: string };
export type RuleResult = { id: string; clause: string; message: Message };
export type EligibilityInput = { facts: Facts; plan: Plan; today: string; commitmentSigned: boolean };
export type Rule = {
  id: string;
  clause: string;
  /** A warning is reported but does not refuse the submission. Default: failure. */
  severity?: 'failure' | 'warning';
  check(input: EligibilityInput): Message | null;
};
