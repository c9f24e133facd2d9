import type { SnapshotFrom } from 'xstate';
import { openObjections, type ApplicationMachine, type MachineEvent } from './application';
import { banYears } from './rules/ban-window';
import { shanghaiDate } from './rules/dates';

// What a transition asks the world to do. Pure: the service writes these in the same
// statement as the transition itself (SPEC §8), so they are never lost nor doubled.

export type Effect =
  | { kind: 'notify'; template: 'feeDue' | 'materialsReturned'; data: Record<string, unknown> }
  | { kind: 'armTimer'; eventType: 'PUBLICITY_ENDED'; dueAt: string }
  | { kind: 'cancelTimers' }
  | { kind: 'ban'; fromYear: number; toYear: number; finding: string }
  | { kind: 'issueCertificate' }
  | { kind: 'revokeCertificate'; reason: string };

type Snapshot = SnapshotFrom<ApplicationMachine>;

const publicityStates = ['qualificationPublicity', 'resultPublicity'] as const;
const inPublicity = (s: Snapshot) => publicityStates.some((p) => s.matches(p));
const open = (s: Snapshot) => openObjections(s.context);
const entered = (prev: Snapshot, next: Snapshot, state: Parameters<Snapshot['matches']>[0]) => next.matches(state) && !prev.matches(state);

export function effectsOf(prev: Snapshot, next: Snapshot, event: MachineEvent): Effect[] {
  const effects: Effect[] = [];
  const { context } = next;

  if (inPublicity(prev) && (!inPublicity(next) || open(next) > open(prev))) {
    effects.push({ kind: 'cancelTimers' });
  }
  if (inPublicity(next) && context.publicity) {
    const wasHeld = open(prev) > 0;
    if (publicityStates.some((p) => entered(prev, next, p))) {
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
  if (entered(prev, next, 'falsified') || entered(prev, next, 'revoked')) {
    // 五(四): materials returned, barred from the finding's year through three more years
    const finding = (event as { finding?: string }).finding ?? '';
    effects.push({ kind: 'ban', ...banYears(shanghaiDate(event.at)), finding });
    effects.push({ kind: 'notify', template: 'materialsReturned', data: { idNumber: context.idNumber, finding } });
  }
  if (entered(prev, next, 'certified')) effects.push({ kind: 'issueCertificate' });
  if (entered(prev, next, 'revoked')) effects.push({ kind: 'revokeCertificate', reason: (event as { finding: string }).finding });
  return effects;
}
