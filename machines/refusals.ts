import type { ApplicationContext } from './context';
import type { EventOf, EventType, MachineEvent } from './events';
import { shanghaiDate } from './rules/dates';
import { checkEligibility } from './rules/eligibility';
import { birthDateOf } from './rules/id-number';
import { isPlanOpen } from './rules/plan-window';
import type { RuleResult } from './rules/rule';

// The conditions on an event beyond the state it is sent in. The machine's guards ask
// `refusalOf`; the service asks it again only to explain a refusal, and both get the one
// answer computed per event.

/** Why the machine refuses an event it otherwise accepts in this state; `details` become problem members. */
export type Refusal =
  | { code: 'NOT_ELIGIBLE'; details: { failures: RuleResult[] } }
  | { code: 'BANNED'; details: { bans: { fromYear: number; toYear: number }[] } }
  | { code: 'PLAN_CLOSED'; details: { opensAt: string; closesAt: string } }
  | { code: 'PUBLICITY_NOT_ELAPSED'; details: { firstAllowedDate: string } | { endsAt: string } }
  | { code: 'PUBLICITY_HELD'; details: { openObjections: number } }
  | { code: 'PAPER_INCOMPLETE'; details: { copies: number; stamped: boolean; watermarked: boolean } }
  | { code: 'FEE_MISMATCH'; details: { expected: number } }
  | { code: 'ILLEGAL_TRANSITION'; details: { reason: string } }
  | { code: 'VALIDATION_FAILED'; details: { errors: { in: 'body'; path: string; message: string }[] } };

/** Objections raised during the current platform publicity and not yet resolved. */
export const openObjections = (c: ApplicationContext) => c.publicity?.objections.filter((o) => o.resolvedAt === null).length ?? 0;

const invalid = (path: string, message: string): Refusal => ({
  code: 'VALIDATION_FAILED',
  details: { errors: [{ in: 'body', path, message }] },
});

/** SUBMIT's eligibility, evaluated once per event: the guard refuses on failures, the action records warnings. */
export const eligibilityOf = memoized((c: ApplicationContext, e: EventOf<'SUBMIT'>) =>
  checkEligibility({ facts: c.facts, plan: c.plan, today: shanghaiDate(e.at), commitmentSigned: e.commitmentSigned }),
);

export const refusalChecks: { [T in EventType]?: (c: ApplicationContext, e: EventOf<T>) => Refusal | null } = {
  UPDATE_DRAFT: (c, e) => {
    if (e.facts === undefined && e.materials === undefined) return invalid('/', 'nothing to update: send facts or materials');
    return e.facts?.birthDate && e.facts.birthDate !== birthDateOf(c.idNumber)
      ? invalid('/facts/birthDate', 'does not match the birth date in the ID number')
      : null;
  },
  SUBMIT: (c, e) => {
    if (!isPlanOpen(e.planWindow, shanghaiDate(e.at))) return { code: 'PLAN_CLOSED', details: e.planWindow };
    if (e.activeBans.length > 0) return { code: 'BANNED', details: { bans: e.activeBans } };
    const { failures } = eligibilityOf(c, e);
    return failures.length > 0 ? { code: 'NOT_ELIGIBLE', details: { failures } } : null;
  },
  START_UNIT_PUBLICITY: (_c, e) => (e.startDate < shanghaiDate(e.at) ? invalid('/startDate', 'publicity cannot start in the past') : null),
  UNIT_APPROVE: (c, e) =>
    c.unitPublicity && shanghaiDate(e.at) < c.unitPublicity.endsOn
      ? { code: 'PUBLICITY_NOT_ELAPSED', details: { firstAllowedDate: c.unitPublicity.endsOn } }
      : null,
  PAPER_RECEIVED: (_c, e) =>
    e.copies === 3 && e.stamped && e.watermarked
      ? null
      : { code: 'PAPER_INCOMPLETE', details: { copies: e.copies, stamped: e.stamped, watermarked: e.watermarked } },
  RESOLVE_OBJECTION: (c) => (openObjections(c) > 0 ? null : { code: 'ILLEGAL_TRANSITION', details: { reason: 'no open objection' } }),
  PUBLICITY_ENDED: (c, e) => {
    const open = openObjections(c);
    if (open > 0) return { code: 'PUBLICITY_HELD', details: { openObjections: open } };
    const endsAt = c.publicity?.endsAt ?? '';
    return Date.parse(e.at) < Date.parse(endsAt) ? { code: 'PUBLICITY_NOT_ELAPSED', details: { endsAt } } : null;
  },
  PAY_FEE: (c, e) => (e.amount === c.plan.fee ? null : { code: 'FEE_MISMATCH', details: { expected: c.plan.fee } }),
};

/** Null when the event may proceed in this context. */
export const refusalOf = memoized((context: ApplicationContext, event: MachineEvent): Refusal | null => {
  const check = refusalChecks[event.type] as ((c: ApplicationContext, e: MachineEvent) => Refusal | null) | undefined;
  return check ? check(context, event) : null;
});

/** Remembers the answer for an (event object, context object) pair; events are fresh objects per request. */
function memoized<E extends object, R>(
  compute: (context: ApplicationContext, event: E) => R,
): (context: ApplicationContext, event: E) => R {
  const answers = new WeakMap<E, { context: ApplicationContext; answer: R }>();
  return (context, event) => {
    const hit = answers.get(event);
    if (hit?.context === context) return hit.answer;
    const answer = compute(context, event);
    answers.set(event, { context, answer });
    return answer;
  };
}
