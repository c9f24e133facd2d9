import {
  type AnyActorScope,
  type AnyStateMachine,
  type AnyStateNode,
  createActor,
  getNextTransitions,
  type SnapshotFrom,
  type StateValue,
} from 'xstate';
import type { ApplicationContext } from './context';
import { definitionOf, definitions } from './definitions';
import { type EventType, eventSenders, type Sender } from './events';
import type { ApplicationMachine } from './notice';

// What the service, the database schema and the tests know about the machine, derived from
// its definitions so that none of them keeps its own list. Lists span every version.

export type Snapshot = SnapshotFrom<ApplicationMachine>;
/** What is stored: enough to restore the snapshot with `restore`. */
export type PersistedSnapshot = { value: StateValue; context: ApplicationContext; status: Snapshot['status'] };

export function persist(s: Snapshot): PersistedSnapshot {
  return { value: s.value, context: s.context, status: s.status };
}

/** The stored snapshot as a snapshot of the definition version it runs on. */
export function restore(p: PersistedSnapshot, version: number): Snapshot {
  return definitionOf(version).machine.resolveState(p as Parameters<ApplicationMachine['resolveState']>[0]);
}

// xstate's `transition` builds a fresh actor for every call, which runs the machine's initial
// snapshot each time (more than half of a step's cost in the profile). This machine spawns nothing and its
// actions are assigns, so one inert scope per machine serves every step. The scope's shape is
// xstate's internal one, which is why package.json pins xstate to the version it follows
// (test/architecture/pinned-internals.test.ts fails when the installed xstate builds another).
const scopes = new WeakMap<ApplicationMachine, AnyActorScope>();
function inertScope(machine: ApplicationMachine): AnyActorScope {
  let scope = scopes.get(machine);
  if (!scope) {
    // As xstate's own `transition` does: an actor given no input, never started.
    const self = createActor(machine as AnyStateMachine);
    const none = () => {};
    scope = {
      self,
      id: '',
      sessionId: '',
      system: self.system,
      logger: none,
      defer: none,
      stopChild: none,
      emit: none,
      actionExecutor: none,
    };
    scopes.set(machine, scope);
  }
  return scope;
}

/** The snapshot after `event`; the same snapshot when the machine does not take it. Pure, like xstate's `transition`. */
export function step(machine: ApplicationMachine, s: Snapshot, event: Parameters<ApplicationMachine['transition']>[1]): Snapshot {
  return machine.transition(s, event, inertScope(machine));
}

/** `interview.scheduled` for nested states: how the API and the `state` column name a state. */
export function stateName(value: StateValue): string {
  if (typeof value === 'string') return value;
  const [key, child] = Object.entries(value)[0]!;
  return child ? `${key}.${stateName(child as StateValue)}` : key;
}

const nameOf = (node: AnyStateNode) => node.path.join('.');
const descendants = (node: AnyStateNode): AnyStateNode[] => Object.values(node.states).flatMap((n) => [n, ...descendants(n)]);
const unique = (names: string[]) => [...new Set(names)];
const nodesOf = (version: number) => descendants(definitionOf(version).machine.root);
const allNodes = definitions.flatMap((d) => nodesOf(d.version));
const tagged = (tag: string) => unique(allNodes.filter((n) => n.tags.includes(tag)).map(nameOf));

/** The states an application of this definition version can be in, as `stateName` writes them (leaves only). */
export const stateNamesOf = (version: number): string[] =>
  nodesOf(version)
    .filter((n) => Object.keys(n.states).length === 0)
    .map(nameOf);
/** Every state an application can be in, in any version. */
export const stateNames: readonly string[] = unique(definitions.flatMap((d) => stateNamesOf(d.version)));
/** Top-level states, compound ones included (`interview`). */
export const topLevelStates: readonly string[] = unique(definitions.flatMap((d) => Object.values(d.machine.root.states).map(nameOf)));
/** States that end an application without a title (SPEC §3): another may be opened in the same plan. */
export const closedStates: readonly string[] = tagged('closed');
/** The platform publicities (qualification, result) with objections and a durable end timer. */
export const publicityStates: readonly string[] = tagged('publicity');

export const inPublicity = (s: Snapshot) => s.hasTag('publicity');

/** The leaf states a name stands for: itself, or every sub-state of a compound state; none when unknown. */
export function statesMatching(name: string): string[] {
  return stateNames.filter((s) => s === name || s.startsWith(`${name}.`));
}

/** Event types with a transition in this state (own or an ancestor's), whatever their guards say. */
export function acceptedEvents(s: Snapshot): EventType[] {
  return [...new Set(getNextTransitions(s).map((t) => t.eventType as EventType))];
}

export function allowedEventsFor(s: Snapshot, role: Sender): EventType[] {
  return acceptedEvents(s).filter((type) => eventSenders[type].includes(role));
}
