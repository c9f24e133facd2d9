import type { MachineEvent, ServiceEventType } from './events';
import { openObjections } from './refusals';
import { type BanYears, banYears } from './rules/ban-window';
import { shanghaiDate } from './rules/dates';
import { inPublicity, type Snapshot, stateName } from './states';

// What a transition asks the world to do. Pure: the service writes these in the same
// statement as the transition itself (SPEC §8), so they are never lost nor doubled.

export type Effect =
  | { kind: 'notify'; template: 'feeDue' | 'interviewScheduled' | 'materialsReturned'; data: Record<string, unknown> }
  | { kind: 'armTimer'; eventType: ServiceEventType; dueAt: string }
  | { kind: 'cancelTimers' }
  | ({ kind: 'ban'; idNumber: string; finding: string } & BanYears)
  /** Its number is the plan's next, drawn by the statement that writes it (README, Documents). */
  | { kind: 'issueCertificate'; idNumber: string; name: string; year: number; level: string; specialty: string }
  | { kind: 'revokeCertificate'; reason: string };

const open = (s: Snapshot) => openObjections(s.context);
/** Whether `s` is in `state` or one of its sub-states (`interview` covers `interview.scheduled`). */
const isIn = (s: Snapshot, state: string) => {
  const name = stateName(s.value);
  return name === state || name.startsWith(`${state}.`);
};
const entered = (prev: Snapshot, next: Snapshot, state: string) => isIn(next, state) && !isIn(prev, state);

export function effectsOf(prev: Snapshot, next: Snapshot, event: MachineEvent): Effect[] {
  const effects: Effect[] = [];
  const { context } = next;
  const deadlineBefore = prev.context.deadline?.dueAt;
  const deadlineAfter = context.deadline?.dueAt;

  if ((inPublicity(prev) && (!inPublicity(next) || open(next) > open(prev))) || (deadlineBefore && deadlineBefore !== deadlineAfter)) {
    effects.push({ kind: 'cancelTimers' });
  }
  if (deadlineAfter && deadlineAfter !== deadlineBefore) {
    // Issue 24: the service's clock closes the application once the fee or paper deadline has passed.
    effects.push({ kind: 'armTimer', eventType: 'DEADLINE_PASSED', dueAt: deadlineAfter });
  }
  if (inPublicity(next) && context.publicity) {
    const wasHeld = open(prev) > 0;
    if (stateName(next.value) !== stateName(prev.value)) {
      effects.push({ kind: 'armTimer', eventType: 'PUBLICITY_ENDED', dueAt: context.publicity.endsAt });
    } else if (wasHeld && open(next) === 0) {
      // The objection held the publicity past its end: it ends as soon as it is released.
      const dueAt = Date.parse(event.at) > Date.parse(context.publicity.endsAt) ? event.at : context.publicity.endsAt;
      effects.push({ kind: 'armTimer', eventType: 'PUBLICITY_ENDED', dueAt });
    }
  }
  if (entered(prev, next, 'feePayment')) {
    // 四: 进入评审环节的申报人员须在收到12333短信提示后缴纳评审费
    effects.push({ kind: 'notify', template: 'feeDue', data: { idNumber: context.idNumber, amount: context.plan.fee } });
  }
  if ((entered(prev, next, 'interview.scheduled') || event.type === 'RESCHEDULE_INTERVIEW') && context.interview) {
    // 三(三): 评审答辩时间和地点另行通知
    effects.push({ kind: 'notify', template: 'interviewScheduled', data: { idNumber: context.idNumber, ...context.interview } });
  }
  if (entered(prev, next, 'falsified') || entered(prev, next, 'revoked')) {
    // 五(四): materials returned, barred from the finding's year through three more years
    const finding = 'finding' in event ? event.finding : '';
    effects.push({ kind: 'ban', idNumber: context.idNumber, ...banYears(shanghaiDate(event.at)), finding });
    effects.push({ kind: 'notify', template: 'materialsReturned', data: { idNumber: context.idNumber, finding } });
  }
  if (entered(prev, next, 'certified')) {
    const { plan, facts, idNumber } = context;
    effects.push({
      kind: 'issueCertificate',
      idNumber,
      name: facts.name,
      year: plan.year,
      level: plan.level,
      specialty: plan.specialty,
    });
  }
  if (entered(prev, next, 'revoked') && 'finding' in event) effects.push({ kind: 'revokeCertificate', reason: event.finding });
  return effects;
}
