import type { ApplicationContext } from './context';
import type { EventOf, EventType, MachineEvent, ServiceFacts } from './events';
import type { Material } from './facts';
import type { BanYears } from './rules/ban-window';
import { lastDayBefore, shanghaiDate } from './rules/dates';
import { passesAfter } from './rules/deadlines';
import { checkEligibility } from './rules/eligibility';
import { birthDateOf } from './rules/id-number';
import { isPlanOpen, type PlanWindow } from './rules/plan-window';
import type { Rule, RuleResult } from './rules/rule';
import { requiredVerifications, type VerifiableFact } from './rules/verification';
import { sameCode } from './verification-code';

// The conditions on an event beyond the state it is sent in. The machine's guards ask
// `refusalOf`; the service asks it again only to explain a refusal, and both get the one
// answer computed per event.

/** Why the machine refuses an event it otherwise accepts in this state; `details` become problem members. */
export type Refusal =
  | { code: 'NOT_ELIGIBLE'; details: { failures: RuleResult[] } }
  | { code: 'BANNED'; details: { bans: BanYears[] } }
  | { code: 'PLAN_CLOSED'; details: PlanWindow & { resubmitBy?: string } }
  | { code: 'FACTS_UNVERIFIED'; details: { unverified: VerifiableFact[] } }
  | { code: 'PUBLICITY_NOT_ELAPSED'; details: { firstAllowedDate: string } | { endsAt: string } }
  | { code: 'PUBLICITY_HELD'; details: { openObjections: number } }
  | { code: 'PAPER_INCOMPLETE'; details: { copies: number; stamped: boolean; watermarked: boolean } }
  | { code: 'REVIEW_FORM_MISMATCH'; details: { verificationCode: string } }
  | { code: 'MATERIAL_NOT_UPLOADED'; details: { sha256: string[] } }
  | { code: 'SUPPLEMENT_NOT_UPLOADED'; details: { sha256: string[]; requestedAt: string } }
  | { code: 'SUPPLEMENT_ITEMS_MISMATCH'; details: { items: string[]; given: number } }
  | { code: 'FEE_MISMATCH'; details: { expected: number } }
  | { code: 'ILLEGAL_TRANSITION'; details: { reason: string } }
  | { code: 'DATE_IN_PAST'; details: { field: string; earliest: string } }
  | { code: 'DEADLINE_NOT_PASSED'; details: { dueAt: string } }
  | { code: 'INTERVIEW_NOT_DUE'; details: { time: string } }
  | { code: 'INTERVIEW_STARTED'; details: { time: string } }
  | { code: 'VALIDATION_FAILED'; details: { errors: { in: 'body'; path: string; message: string }[] } };

/** Objections raised during the current platform publicity and not yet resolved. */
export const openObjections = (c: ApplicationContext) => c.publicity?.objections.filter((o) => o.resolvedAt === null).length ?? 0;

const invalid = (path: string, message: string): Refusal => ({
  code: 'VALIDATION_FAILED',
  details: { errors: [{ in: 'body', path, message }] },
});

/** A date the process does not allow in the past (SPEC §6 leaves it to us: nothing is back-dated). */
const notBefore = (field: string, value: string, earliest: string, isBefore = (a: string, b: string) => a < b): Refusal | null =>
  isBefore(value, earliest) ? { code: 'DATE_IN_PAST', details: { field, earliest } } : null;

/** What may refuse an event besides its payload: the time, and the facts only the service knows. */
export type Circumstances = ServiceFacts['SUBMIT'] & { at: string };

/**
 * 六: 逾期不再受理 — in the plan's window as it stands now (an admin may have extended it), except
 * a draft returned to the applicant, within the plan's days to resubmit.
 */
function windowRefusal(c: ApplicationContext, at: string, window: ServiceFacts['SUBMIT']['planWindow']): Refusal | null {
  const today = shanghaiDate(at);
  if (isPlanOpen(window, today)) return null;
  if (c.returned && window.opensAt <= today && today <= c.returned.resubmitBy) return null;
  const resubmitBy = c.returned ? { resubmitBy: c.returned.resubmitBy } : {};
  return { code: 'PLAN_CLOSED', details: { ...window, ...resubmitBy } };
}

function unitPublicityRefusal(c: ApplicationContext, at: string): Refusal | null {
  return c.unitPublicity && shanghaiDate(at) < c.unitPublicity.endsOn
    ? { code: 'PUBLICITY_NOT_ELAPSED', details: { firstAllowedDate: c.unitPublicity.endsOn } }
    : null;
}

function verificationRefusal(c: ApplicationContext): Refusal | null {
  const unverified = requiredVerifications(c.facts, c.plan).filter((fact) => !c.verifications[fact]);
  return unverified.length > 0 ? { code: 'FACTS_UNVERIFIED', details: { unverified } } : null;
}

function resolveRefusal(c: ApplicationContext): Refusal | null {
  return openObjections(c) > 0 ? null : { code: 'ILLEGAL_TRANSITION', details: { reason: 'no open objection' } };
}

function publicityEndRefusal(c: ApplicationContext, at: string): Refusal | null {
  const open = openObjections(c);
  if (open > 0) return { code: 'PUBLICITY_HELD', details: { openObjections: open } };
  const endsAt = c.publicity?.endsAt ?? '';
  return Date.parse(at) < Date.parse(endsAt) ? { code: 'PUBLICITY_NOT_ELAPSED', details: { endsAt } } : null;
}

/** Issue 24: the service closes the application only once its deadline has passed. */
function deadlineRefusal(c: ApplicationContext, at: string): Refusal | null {
  const dueAt = c.deadline?.dueAt;
  if (!dueAt) return { code: 'ILLEGAL_TRANSITION', details: { reason: 'no deadline runs' } };
  return Date.parse(at) < Date.parse(dueAt) ? { code: 'DEADLINE_NOT_PASSED', details: { dueAt } } : null;
}

/** Attendance and no-show are facts of the interview: recorded from its scheduled time on (issue 24). */
function interviewDueRefusal(c: ApplicationContext, at: string): Refusal | null {
  const time = c.interview?.time;
  return time && Date.parse(at) < Date.parse(time) ? { code: 'INTERVIEW_NOT_DUE', details: { time } } : null;
}

/** An interview is moved only before it begins (issue 24). */
function interviewStartedRefusal(c: ApplicationContext, at: string): Refusal | null {
  const time = c.interview?.time;
  return time && Date.parse(at) >= Date.parse(time) ? { code: 'INTERVIEW_STARTED', details: { time } } : null;
}

/** The extended deadline ends after the current one, and not before today (issue 24). */
function extensionRefusal(c: ApplicationContext, until: string, at: string): Refusal | null {
  const today = shanghaiDate(at);
  if (until < today) return { code: 'DATE_IN_PAST', details: { field: 'until', earliest: today } };
  const current = c.deadline?.dueAt;
  return current && Date.parse(passesAfter(until)) <= Date.parse(current)
    ? invalid('/until', `must be after the current deadline's last day, ${lastDayBefore(current)}`)
    : null;
}

/**
 * A draft lists each file once, and only files it already lists or that this request
 * uploaded: naming a hash is no proof of holding the file (the content store is shared).
 */
function materialsRefusal(c: ApplicationContext, materials: readonly Material[], uploaded: readonly string[]): Refusal | null {
  const seen = new Set<string>();
  for (const [i, m] of materials.entries()) {
    if (seen.has(m.sha256)) return invalid(`/materials/${i}/sha256`, 'this file is already listed');
    seen.add(m.sha256);
  }
  const held = new Set([...c.materials.map((m) => m.sha256), ...uploaded]);
  const missing = materials.filter((m) => !held.has(m.sha256)).map((m) => m.sha256);
  return missing.length > 0 ? { code: 'MATERIAL_NOT_UPLOADED', details: { sha256: missing } } : null;
}

/**
 * Definition version 2: a supplement is answered with one file per requested item, each
 * uploaded to the application since the request — not a file it listed before, not one
 * uploaded for an earlier request.
 */
function supplementRefusal(c: ApplicationContext, materials: readonly Material[], uploaded: readonly string[]): Refusal | null {
  const duplicate = materials.findIndex((m, i) => materials.findIndex((n) => n.sha256 === m.sha256) !== i);
  if (duplicate >= 0) return invalid(`/materials/${duplicate}/sha256`, 'this file is already listed');
  const items = c.supplement?.items ?? [];
  if (materials.length !== items.length) return { code: 'SUPPLEMENT_ITEMS_MISMATCH', details: { items, given: materials.length } };
  const since = new Set(uploaded);
  const missing = materials.filter((m) => !since.has(m.sha256)).map((m) => m.sha256);
  return missing.length > 0
    ? { code: 'SUPPLEMENT_NOT_UPLOADED', details: { sha256: missing, requestedAt: c.supplement?.requestedAt ?? '' } }
    : null;
}

/** The refusal checks of a definition whose SUBMIT applies `ruleSet` (SPEC §4; a later notice may change the rules). */
export function refusalsFor(ruleSet: readonly Rule[]) {
  /** SUBMIT's eligibility, evaluated once per event: the guard refuses on failures, the action records warnings. */
  const eligibilityOf = memoized((c: ApplicationContext, e: Pick<EventOf<'SUBMIT'>, 'at' | 'commitmentSigned'>) =>
    checkEligibility(
      { facts: c.facts, materials: c.materials, plan: c.plan, today: shanghaiDate(e.at), commitmentSigned: e.commitmentSigned },
      ruleSet,
    ),
  );

  const submitRefusal = (
    c: ApplicationContext,
    e: Pick<EventOf<'SUBMIT'>, 'at' | 'activeBans' | 'planWindow' | 'commitmentSigned'>,
  ): Refusal | null => {
    const closed = windowRefusal(c, e.at, e.planWindow);
    if (closed) return closed;
    if (e.activeBans.length > 0) return { code: 'BANNED', details: { bans: e.activeBans } };
    const { failures } = eligibilityOf(c, e);
    return failures.length > 0 ? { code: 'NOT_ELIGIBLE', details: { failures } } : null;
  };

  /**
   * Whether an event its state accepts would be accepted now, whatever the client sends with it
   * (SUBMIT with the pledge signed). Each entry is the same code the full check below runs.
   */
  const readinessChecks: { [T in EventType]?: (c: ApplicationContext, now: Circumstances) => Refusal | null } = {
    SUBMIT: (c, now) => submitRefusal(c, { ...now, commitmentSigned: true }),
    UNIT_APPROVE: (c, now) => unitPublicityRefusal(c, now.at),
    AUDIT_APPROVE: (c) => verificationRefusal(c),
    RESOLVE_OBJECTION: (c) => resolveRefusal(c),
    PUBLICITY_ENDED: (c, now) => publicityEndRefusal(c, now.at),
    DEADLINE_PASSED: (c, now) => deadlineRefusal(c, now.at),
    RESCHEDULE_INTERVIEW: (c, now) => interviewStartedRefusal(c, now.at),
    RECORD_ATTENDANCE: (c, now) => interviewDueRefusal(c, now.at),
    MARK_NO_SHOW: (c, now) => interviewDueRefusal(c, now.at),
  };

  const readinessOf = (c: ApplicationContext, type: EventType, now: Circumstances): Refusal | null =>
    readinessChecks[type]?.(c, now) ?? null;

  const refusalChecks: { [T in EventType]?: (c: ApplicationContext, e: EventOf<T>) => Refusal | null } = {
    UPDATE_DRAFT: (c, e) => {
      if (e.facts === undefined && e.materials === undefined) return invalid('/', 'nothing to update: send facts or materials');
      if (e.facts?.birthDate && e.facts.birthDate !== birthDateOf(c.idNumber))
        return invalid('/facts/birthDate', 'does not match the birth date in the ID number');
      return e.materials ? materialsRefusal(c, e.materials, e.uploaded) : null;
    },
    SUBMIT: submitRefusal,
    START_UNIT_PUBLICITY: (_c, e) => notBefore('startDate', e.startDate, shanghaiDate(e.at)),
    UNIT_APPROVE: (c, e) => unitPublicityRefusal(c, e.at),
    AUDIT_APPROVE: (c) => verificationRefusal(c),
    PAPER_RECEIVED: (c, e) => {
      if (e.copies !== 3 || !e.stamped || !e.watermarked)
        return { code: 'PAPER_INCOMPLETE', details: { copies: e.copies, stamped: e.stamped, watermarked: e.watermarked } };
      // The copies must be prints of this application's form, not another's or a made-up one.
      return c.reviewForm && sameCode(e.verificationCode, c.reviewForm.verificationCode)
        ? null
        : { code: 'REVIEW_FORM_MISMATCH', details: { verificationCode: e.verificationCode } };
    },
    RESOLVE_OBJECTION: (c) => resolveRefusal(c),
    PUBLICITY_ENDED: (c, e) => publicityEndRefusal(c, e.at),
    PAY_FEE: (c, e) => (e.amount === c.plan.fee ? null : { code: 'FEE_MISMATCH', details: { expected: c.plan.fee } }),
    SCHEDULE_INTERVIEW: (_c, e) => notBefore('time', e.time, e.at, (a, b) => Date.parse(a) < Date.parse(b)),
    SUPPLEMENT_PROVIDED: (c, e) => supplementRefusal(c, e.materials, e.uploaded),
    RESCHEDULE_INTERVIEW: (c, e) =>
      interviewStartedRefusal(c, e.at) ?? notBefore('time', e.time, e.at, (a, b) => Date.parse(a) <= Date.parse(b)),
    RECORD_ATTENDANCE: (c, e) => interviewDueRefusal(c, e.at),
    MARK_NO_SHOW: (c, e) => interviewDueRefusal(c, e.at),
    EXTEND_DEADLINE: (c, e) => extensionRefusal(c, e.until, e.at),
    DEADLINE_PASSED: (c, e) => deadlineRefusal(c, e.at),
  };

  /** Null when the event may proceed in this context. */
  const refusalOf = memoized((context: ApplicationContext, event: MachineEvent): Refusal | null => {
    const check = refusalChecks[event.type] as ((c: ApplicationContext, e: MachineEvent) => Refusal | null) | undefined;
    return check ? check(context, event) : null;
  });

  return { eligibilityOf, readinessOf, refusalChecks, refusalOf };
}

export type Refusals = ReturnType<typeof refusalsFor>;

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
