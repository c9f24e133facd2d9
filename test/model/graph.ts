import type { AnyStateNode } from 'xstate';
import {
  type AdjacencyMap,
  type AdjacencyValue,
  getAdjacencyMap,
  getShortestPaths,
  getSimplePaths,
  type SerializedEvent,
  type StatePath,
} from 'xstate/graph';
import type { ApplicationInput } from '../../machines/context';
import type { Definition } from '../../machines/definitions';
import type { EventType, MachineEvent } from '../../machines/events';
import type { ApplicationMachine } from '../../machines/notice';
import { openObjections } from '../../machines/refusals';
import { acceptedEvents, closedStates, inPublicity, stateName as nameOf, type Snapshot } from '../../machines/states';
import { junior2021Plan, validFacts } from '../machines/rules/fixtures';
import { validPayload } from '../support/factories';

// A definition's machine as a finite graph for the model-based suite. Everything here is
// derived from the machine itself: adding a state or a transition changes what must be covered.

export type { Snapshot };
export type Path = StatePath<Snapshot, MachineEvent>;
export { acceptedEvents as acceptedTypes, closedStates, inPublicity };

/** `interview.scheduled` for nested states, as the API reports it. */
export const stateName = (s: Pick<Snapshot, 'value'>): string => nameOf(s.value);

export const openObjectionsOf = (s: Snapshot) => openObjections(s.context);
const totalObjections = (s: Snapshot) => s.context.publicity?.objections.length ?? 0;

const beforeAudit = ['draft', 'submitted', 'unitPublicity', 'municipalAudit'];

/** State value plus what changes the next step: open and total objections of a publicity. */
export function serializeState(s: Snapshot): string {
  // Verifications decide whether the municipal audit may approve, so they tell states apart until then.
  const verified = Object.keys(s.context.verifications).sort().join(',');
  const name = verified && beforeAudit.includes(stateName(s)) ? `${stateName(s)}[verified=${verified}]` : stateName(s);
  if (inPublicity(s)) return `${name}[open=${openObjectionsOf(s)},raised=${totalObjections(s)}]`;
  // An extended deadline is another vertex: the extension is walked once, the deadline from both.
  return s.context.deadline ? `${name}[due=${s.context.deadline.dueAt}]` : name;
}

/** The definition the machine takes for `event` in `s`, its guards evaluated (an upheld objection has its own). */
export function transitionKeyOf(s: Snapshot, event: MachineEvent): string {
  const t = s.machine.getTransitionData(s, event)[0];
  if (!t) throw new Error(`no ${event.type} transition in ${stateName(s)}`);
  const defs = t.source.transitions.get(event.type) ?? [];
  return transitionKey(t.source, event.type, defs.indexOf(t));
}

const transitionKey = (source: AnyStateNode, type: string, i = 0) => `${source.id} --${type}${i > 0 ? `#${i + 1}` : ''}-->`;

function stateNodes(node: AnyStateNode): AnyStateNode[] {
  return [node, ...Object.values(node.states).flatMap(stateNodes)];
}

/** Every state node and every (source node, event) transition of the definition. */
export function machineInventory(machine: ApplicationMachine): { states: string[]; transitions: string[] } {
  const nodes = stateNodes(machine.root).filter((n) => n !== machine.root);
  return {
    states: nodes.map((n) => n.id),
    transitions: nodes.flatMap((n) =>
      [...n.transitions.entries()].flatMap(([type, defs]) => defs.map((_, i) => transitionKey(n, type, i))),
    ),
  };
}

/** A transition the definition holds, as the API would report it: `self` when the state stays. */
export type MachineEdge = { state: string; type: string; to: string };

const nodeName = (n: AnyStateNode) => n.path.join('.');

/** The leaf a transition into `n` ends in: compound states enter their initial child. */
function enteredLeaf(n: AnyStateNode): AnyStateNode {
  return n.type === 'compound' ? enteredLeaf(n.initial.target[0]!) : n;
}

function ancestry(n: AnyStateNode): AnyStateNode[] {
  return n.parent ? [n, ...ancestry(n.parent)] : [n];
}

/** Leaf states as the API names them, e.g. `interview.scheduled`. */
export const machineLeafStates = (machine: ApplicationMachine): string[] =>
  stateNodes(machine.root)
    .filter((n) => n.type !== 'compound')
    .map(nodeName);

/**
 * Every (leaf state, event) the definition has a transition for, inherited ones included,
 * whatever its guards say. One edge per definition: a pair defined twice shows up twice.
 */
export function machineEdges(machine: ApplicationMachine): MachineEdge[] {
  const leaves = stateNodes(machine.root).filter((n) => n.type !== 'compound');
  return leaves.flatMap((leaf) =>
    ancestry(leaf)
      .flatMap((node) => [
        ...[...node.transitions.entries()].flatMap(([type, defs]) => defs.map((d) => ({ type, target: d.target }))),
        ...(node.always ?? []).map((d) => ({ type: '(always)', target: d.target })),
      ])
      .map(({ type, target }) => {
        const to = target?.map((n) => nodeName(enteredLeaf(n))).join(',') ?? nodeName(leaf);
        return { state: nodeName(leaf), type, to: to === nodeName(leaf) ? 'self' : to };
      }),
  );
}

/** The state node ids active in a state named like the API names it (`interview.scheduled`). */
export function stateIdsOf(name: string): string[] {
  const parts = name.split('.');
  return parts.map((_, i) => `application.${parts.slice(0, i + 1).join('.')}`);
}

// Graph-side times: any values the guards accept. The API side moves its own clock.
const T0 = '2021-08-02T02:00:00.000Z';
const graphFacts: Partial<Record<EventType, Record<string, unknown>>> = {
  UPDATE_DRAFT: { uploaded: [] },
  SUBMIT: { activeBans: [], planWindow: { opensAt: junior2021Plan.opensAt, closesAt: junior2021Plan.closesAt } },
  START_UNIT_PUBLICITY: { startDate: '2021-08-02', endsOn: '2021-08-09' },
  UNIT_APPROVE: { at: '2021-08-09T02:00:00.000Z' },
  AUDIT_APPROVE: { reviewFormCode: 'GRAPH123' },
  PAPER_RECEIVED: { publicityEndsAt: '2021-08-15T16:00:00.000Z' },
  REVIEW_PASS: { publicityEndsAt: '2021-08-15T16:00:00.000Z' },
  SUPPLEMENT_PROVIDED: { uploaded: ['a'.repeat(64)] },
  PUBLICITY_ENDED: { at: '2021-12-31T02:00:00.000Z', fee: junior2021Plan.fee },
  // Issue 24: past every deadline, extended or not, and the scheduled interview; an extension to a day after the deadlines.
  DEADLINE_PASSED: { at: '2022-06-01T02:00:00.000Z' },
  EXTEND_DEADLINE: { until: '2022-03-31' },
  RECORD_ATTENDANCE: { at: '2021-10-25T02:00:00.000Z' },
  MARK_NO_SHOW: { at: '2021-10-25T02:00:00.000Z' },
};

/** The payloads the graph follows for one event type: both outcomes of an objection's resolution. */
const graphVariants = (type: EventType): Record<string, unknown>[] => (type === 'RESOLVE_OBJECTION' ? [{}, { outcome: 'upheld' }] : [{}]);

export const graphInput: ApplicationInput = {
  applicationId: 'model',
  idNumber: '330282199005120011',
  unitId: 'U-TEST-1',
  plan: junior2021Plan,
  facts: validFacts(),
  materials: [],
};

/** A definition's graph, walked from a draft of the factory applicant. */
export function graphOf(definition: Definition) {
  const { machine } = definition;

  /**
   * The concrete events the graph follows from `s`: one per accepted type, built to pass its
   * refusal check. One objection per publicity keeps the graph finite while still walking
   * raise → resolve → end.
   */
  const graphEvents = (s: Snapshot): MachineEvent[] =>
    acceptedEvents(s)
      .filter((type) => type !== 'RAISE_OBJECTION' || totalObjections(s) === 0)
      .flatMap((type) =>
        graphVariants(type).map(
          (variant) =>
            ({
              type,
              at: T0,
              ...validPayload(type, s.context),
              ...graphFacts[type],
              ...variant,
            }) as MachineEvent,
        ),
      )
      .filter((e) => definition.refusals.refusalOf(s.context, e) === null);

  const traversal = {
    input: graphInput,
    events: graphEvents,
    serializeState: (s: Snapshot) => serializeState(s),
    limit: 10_000,
  };

  /** One shortest path to every reachable (state, objections) vertex. */
  const shortestPaths = (): Path[] => getShortestPaths(machine, traversal);

  /**
   * Every simple path from draft into a closed state, one per route through the states:
   * paths that differ only in when facts were verified walk the same states and events
   * (the verifications' own edges are walked by `edgePaths`). Filtered here, not with
   * `toState`: xstate then stops expanding at closed states and loses withdrawn → falsified.
   */
  function simplePathsToClosed(): Path[] {
    const routes = new Map<string, Path>();
    for (const p of getSimplePaths(machine, traversal)) {
      if (!closedStates.includes(stateName(p.state))) continue;
      const route = p.steps
        .filter((step) => !verifications.includes(step.event.type))
        .map((step) => `${stateName(step.state)} ${eventKey(step.event)}`)
        .join(' → ');
      const known = routes.get(route);
      if (!known || p.steps.length < known.steps.length) routes.set(route, p);
    }
    return [...routes.values()];
  }

  /**
   * One path per edge of the graph (shortest path to its source, then the edge), for the
   * edges no other path takes: self-loops such as UPDATE_DRAFT and the return to draft.
   */
  function edgePaths(alreadyWalked: Set<string>): Path[] {
    const adjacency: AdjacencyMap<Snapshot, MachineEvent> = getAdjacencyMap(machine, traversal);
    const toVertex = new Map(shortestPaths().map((p) => [serializeState(p.state), p]));
    const paths: Path[] = [];
    for (const [vertex, { transitions }] of Object.entries(adjacency)) {
      for (const { event, state } of Object.values(transitions) as AdjacencyValue<
        Snapshot,
        MachineEvent
      >['transitions'][SerializedEvent][]) {
        if (alreadyWalked.has(edgeKey(vertex, eventKey(event)))) continue;
        const prefix = toVertex.get(vertex)!;
        paths.push({ state, weight: prefix.weight + 1, steps: [...prefix.steps, { state, event }] });
      }
    }
    return paths;
  }

  return { shortestPaths, simplePathsToClosed, edgePaths };
}

const verifications: string[] = ['UNIT_VERIFY_FACT', 'HR_VERIFY_FACT'];

/** An event as the graph tells it apart: its type, and the outcome of an objection's resolution. */
const eventKey = (event: MachineEvent) => ('outcome' in event && event.outcome ? `${event.type}(${event.outcome})` : event.type);

const edgeKey = (vertex: string, type: string) => `${vertex} ${type}`;

/** The graph edges a path walks, as `edgeKey`s. */
export function edgesOf(path: Path): string[] {
  return path.steps.slice(1).map((step, i) => edgeKey(serializeState(path.steps[i]!.state), eventKey(step.event)));
}
