import type { AnyStateNode } from 'xstate';
import { type DirectedGraphNode, toDirectedGraph } from 'xstate/graph';
import type { ApplicationMachine } from '../../machines/notice';

// Issue 24, "no dead ends", checked on a definition's own graph (xstate/graph's directed graph
// of its state nodes), whatever its guards say. What counts as an outcome, a finding and an
// act of the applicant is written here from SPEC, not read from the machine.

/** SPEC §3: where an application's course is decided — the closed states and `certified`. */
const outcomes = ['certified', 'withdrawn', 'rejected', 'abandoned', 'falsified', 'revoked'];
/** 五(四): exits that wait for a finding, which may never come — no way out of waiting. */
const findings = ['FLAG_FALSIFIED', 'REVOKE'];
/**
 * Acts of the applicant, whoever records them: editing and submitting, withdrawing, paying
 * (四), delivering the paper copies (三(二)), attending the interview (三(三)), supplying materials.
 */
const applicantActs = ['UPDATE_DRAFT', 'SUBMIT', 'WITHDRAW', 'PAY_FEE', 'PAPER_RECEIVED', 'RECORD_ATTENDANCE', 'SUPPLEMENT_PROVIDED'];
/** The applicant's own: nobody waits on a draft, so it needs no way out but the applicant's. */
const applicantsOwn = ['draft'];

/** A transition between leaf states as an application meets it (inherited ones included). */
export type Exit = { from: string; event: string; to: string };

const nameOf = (n: AnyStateNode) => n.path.join('.');
const enteredLeaf = (n: AnyStateNode): AnyStateNode => (n.type === 'compound' ? enteredLeaf(n.initial.target[0]!) : n);
const flatten = (g: DirectedGraphNode): DirectedGraphNode[] => [g, ...g.children.flatMap(flatten)];

/** Every leaf state and every transition out of it that leaves it, from the definition's directed graph. */
export function exitsOf(machine: ApplicationMachine): { initial: string; states: string[]; exits: Exit[] } {
  const nodes = flatten(toDirectedGraph(machine));
  const edgesBySource = new Map(nodes.map((n) => [n.stateNode, n.edges]));
  const leaves = nodes.map((n) => n.stateNode).filter((s) => s.type !== 'compound' && s !== machine.root);
  const ancestry = (s: AnyStateNode): AnyStateNode[] => (s.parent ? [s, ...ancestry(s.parent)] : [s]);
  const exits = leaves.flatMap((leaf) =>
    ancestry(leaf)
      .flatMap((s) => edgesBySource.get(s) ?? [])
      .map((e) => ({ from: nameOf(leaf), event: e.transition.eventType, to: nameOf(enteredLeaf(e.target)) }))
      .filter((e) => e.to !== e.from),
  );
  return { initial: nameOf(enteredLeaf(machine.root)), states: leaves.map(nameOf), exits };
}

export type Liveness = {
  /** States no path from a new draft reaches. */
  unreachable: string[];
  /** Reachable states from which no outcome can be reached but through a finding. */
  deadEnds: string[];
  /** Reachable states the applicant can leave hanging: without the applicant's acts and findings, no outcome is reachable. */
  waitingOnApplicantOnly: string[];
};

function reach(from: string, exits: readonly Exit[], use: (e: Exit) => boolean): Set<string> {
  const seen = new Set([from]);
  const queue = [from];
  for (let s = queue.shift(); s !== undefined; s = queue.shift()) {
    for (const e of exits) {
      if (e.from !== s || !use(e) || seen.has(e.to)) continue;
      seen.add(e.to);
      queue.push(e.to);
    }
  }
  return seen;
}

/** What `exits` (a definition's, or one with an exit removed) leave stuck. */
export function livenessOf(graph: { initial: string; states: string[] }, exits: readonly Exit[]): Liveness {
  const reachable = reach(graph.initial, exits, () => true);
  const waiting = graph.states.filter((s) => reachable.has(s) && !outcomes.includes(s));
  const decides = (s: string, use: (e: Exit) => boolean) => [...reach(s, exits, use)].some((r) => outcomes.includes(r));
  const noFinding = (e: Exit) => !findings.includes(e.event);
  return {
    unreachable: graph.states.filter((s) => !reachable.has(s)),
    deadEnds: waiting.filter((s) => !decides(s, noFinding)),
    waitingOnApplicantOnly: waiting.filter(
      (s) => !applicantsOwn.includes(s) && !decides(s, (e) => noFinding(e) && !applicantActs.includes(e.event)),
    ),
  };
}
