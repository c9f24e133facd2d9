import { type MaterialKind, materialKinds } from '../material-kinds';
import type { EligibilityInput, Rule, RuleResult } from './rule';

export type { EligibilityInput, Rule, RuleResult } from './rule';

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

/** An input that notes whether a rule looked at its materials. */
class MaterialsProbe implements EligibilityInput {
  read = false;
  constructor(private readonly input: EligibilityInput) {}
  get facts() {
    return this.input.facts;
  }
  get plan() {
    return this.input.plan;
  }
  get today() {
    return this.input.today;
  }
  get commitmentSigned() {
    return this.input.commitmentSigned;
  }
  get materials() {
    this.read = true;
    return this.input.materials;
  }
}

/**
 * The files these facts call for: each kind without which a rule that holds with every kind
 * uploaded would fail, with that rule. Read off the rules themselves, so the checklist an
 * applicant sees never disagrees with what SUBMIT asks. A rule that fails whatever is uploaded
 * (a public institution with no vacancy) lists nothing: its refusal says what it needs.
 */
export function materialChecklist(
  input: Omit<EligibilityInput, 'materials'>,
  ruleSet: readonly Rule[],
): { kind: MaterialKind; rule: RuleResult }[] {
  const file = (kind: MaterialKind) => ({ kind, name: kind, sha256: '0'.repeat(64) });
  const withKinds = (kinds: readonly MaterialKind[]): EligibilityInput => ({ ...input, materials: kinds.map(file) });
  const everything = withKinds(materialKinds);
  // A rule is a pure function of its input: one that holds with every kind without reading the
  // materials holds without any of them too, so only the rules that read them are asked again
  // per kind (asking every rule once per kind was an eighth of an UPDATE_DRAFT's CPU).
  const probe = new MaterialsProbe(everything);
  const readers = ruleSet.filter((rule) => {
    probe.read = false;
    return rule.severity !== 'warning' && rule.check(probe) === null && probe.read;
  });
  return materialKinds.flatMap((kind) => {
    const without = withKinds(materialKinds.filter((k) => k !== kind));
    return readers.flatMap((rule) => {
      const message = rule.check(without);
      return message === null ? [] : [{ kind, rule: { id: rule.id, clause: rule.clause, message } }];
    });
  });
}
