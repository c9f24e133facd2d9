import { getNextTransitions, type SnapshotFrom, type StateValue } from 'xstate';
import { applicationMachine, type ApplicationContext, type ApplicationMachine } from '../../machines/application';
import { eventSenders, type EventType, type Sender } from '../../machines/events';

export type Snapshot = SnapshotFrom<ApplicationMachine>;
export type PersistedSnapshot = { value: StateValue; context: ApplicationContext; status: Snapshot['status'] };

export function persist(s: Snapshot): PersistedSnapshot {
  return { value: s.value, context: s.context, status: s.status };
}

export function restore(p: PersistedSnapshot): Snapshot {
  return applicationMachine.resolveState(p as Parameters<ApplicationMachine['resolveState']>[0]);
}

/** `interview.scheduled` for nested states; the column the list endpoint filters on. */
export function stateName(value: StateValue): string {
  if (typeof value === 'string') return value;
  const [key, child] = Object.entries(value)[0]!;
  return child ? `${key}.${stateName(child as StateValue)}` : key;
}

/** Event types with a transition in this state, whatever their guards say. */
export function acceptedEvents(s: Snapshot): EventType[] {
  return [...new Set(getNextTransitions(s).map((t) => t.eventType as EventType))];
}

export function allowedEventsFor(s: Snapshot, role: Sender): EventType[] {
  return acceptedEvents(s).filter((type) => eventSenders[type].includes(role));
}
