import { z } from 'zod';
import type { Facts, Material, PlanInput } from '../facts';

// The shape of an eligibility rule at SUBMIT (SPEC §4): a stable id, the notice clause
// it enforces, and a bilingual message when it does not hold.

export const Message = z.object({ zh: z.string(), en: z.string() });
export type Message = z.infer<typeof Message>;
export const RuleResult = z.object({ id: z.string(), clause: z.string(), message: Message });
export type RuleResult = z.infer<typeof RuleResult>;

/** `materials`: the files uploaded to the draft, which the proof rules look at by kind. */
export type EligibilityInput = { facts: Facts; materials: readonly Material[]; plan: PlanInput; today: string; commitmentSigned: boolean };
export type Rule = {
  id: string;
  clause: string;
  /** A warning is reported but does not refuse the submission. Default: failure. */
  severity?: 'failure' | 'warning';
  /** The thresholds the notice sets for this rule (hours, years, points): part of a released definition's fingerprint. */
  params?: Readonly<Record<string, number>>;
  check(input: EligibilityInput): Message | null;
};
