import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { definitionOf } from '../../machines/definitions';
import { openObjections } from '../../machines/refusals';
import { createPlan, type TestApp, testApp } from '../support/app';
import { Coverage } from './coverage';
import { ApiApplication, clientPayload, refusedPayload } from './driver';
import { edgesOf, graphOf, openObjectionsOf, type Path, type Snapshot, serializeState, transitionKeyOf } from './graph';
import { oracleOf, type Spec, specEvents, specNonOwners, specOwners } from './oracle';
import { illegalCode, specInitial } from './spec-table';

// Issue 5: every path of a definition's machine, driven through the HTTP API. The paths come
// from the machine graph, but what each step must do comes from that version's SPEC table
// (issue 10): a path proves the service follows the SPEC, not merely the machine it was
// generated from. Coverage is checked against both, so a transition the machine lacks or adds
// fails here. Each definition version runs this suite from its own test file (issue 15).

export function modelSuite(spec: Spec): void {
  const definition = definitionOf(spec.version);
  const oracle = oracleOf(spec);
  const graph = graphOf(definition);
  const shortest = graph.shortestPaths();
  const simple = graph.simplePathsToClosed();
  const edges = graph.edgePaths(new Set([...shortest, ...simple].flatMap(edgesOf)));
  const coverage = new Coverage(definition.machine, oracle);

  let t: TestApp;
  let planId: string;
  beforeAll(async () => {
    t = await testApp();
    planId = await createPlan(t, 'junior', spec.version);
  });
  afterAll(async () => {
    console.log(
      `${coverage.summary()}\n  (${shortest.length} shortest, ${simple.length} simple into closed states, ${edges.length} for remaining edges)`,
    );
    await t?.close();
  });

  const describePath = (p: Path) =>
    p.steps
      .slice(1)
      .map((s) => s.event.type)
      .join(' → ') || '(initial)';

  /** A fresh application walked along `path`; after every step the API must be where the SPEC table says. */
  async function drive(path: Path, variant: number): Promise<ApiApplication> {
    const api = await ApiApplication.create(t, planId);
    let view = await api.view();
    expect(view.state).toBe(specInitial);
    coverage.reached(view.state);
    const walked: [string, string | null, string][] = [[path.steps[0]!.event.type, null, view.state]];
    for (let i = 1; i < path.steps.length; i++) {
      const from = path.steps[i - 1]!.state;
      const { event, state } = path.steps[i]!;
      const outcome = 'outcome' in event ? { outcome: event.outcome } : {};
      const expected = oracle.target(view.state, event.type, outcome);
      expect(expected, `the machine takes ${event.type} in ${view.state}, which the SPEC table does not allow there`).toBeDefined();
      const next = await api.take(event.type, variant + i, outcome);
      expect(
        { state: next.state, version: next.version, openObjections: openObjections(next.context) },
        `after ${event.type} from ${serializeState(from)}`,
      ).toEqual({ state: expected, version: view.version + 1, openObjections: openObjectionsOf(state) });
      coverage.reached(next.state);
      coverage.took(transitionKeyOf(from, event));
      coverage.walked(view.state, event.type);
      walked.push([event.type, view.state, next.state]);
      view = next;
    }
    const history = await api.history();
    expect(history.map((h) => [h.type, h.from, h.to])).toEqual(walked);
    coverage.paths += 1;
    return api;
  }

  /**
   * In the state `snapshot` that `api` is in, by the SPEC table: every event from a role that
   * does not own it is 403; every event the state does not list is 409 from its owners; a
   * listed event that can be made to fail its check here is refused with a code the table
   * gives it. Nothing changes.
   */
  async function probeRefusals(api: ApiApplication, snapshot: Snapshot): Promise<void> {
    const before = await api.view();
    const historyLength = (await api.history()).length;
    const legal = oracle.legal(before.state);
    for (const type of specEvents) {
      const payload = clientPayload(type, before.context, api.now());
      for (const role of specNonOwners(type)) {
        const { code, res } = await api.send(type, role, payload);
        expect({ status: res.statusCode, code }, `${type} by ${role} in ${before.state}`).toEqual({ status: 403, code: 'FORBIDDEN' });
        coverage.forbiddenChecks += 1;
      }
      if (!legal.includes(type)) {
        for (const role of specOwners(type)) {
          const { code, res } = await api.send(type, role, payload);
          expect({ status: res.statusCode, code }, `${type} by ${role} in ${before.state}: ${res.body}`).toEqual({
            status: 409,
            code: illegalCode(type),
          });
          coverage.illegalPairs.add(`${serializeState(snapshot)} ${type}`);
        }
        continue;
      }
      const refused = refusedPayload(type, before.context, api.now());
      if (!refused) continue;
      const codes = oracle.transition(before.state, type)!.refusals;
      for (const role of specOwners(type)) {
        const { code, res } = await api.send(type, role, refused);
        const why = `${type} by ${role} in ${before.state} may be refused only with ${codes.join(' / ')}: ${res.body}`;
        expect(res.statusCode, why).toBeOneOf([400, 409, 422]);
        expect(codes, why).toContain(code);
        coverage.refusalChecks += 1;
      }
    }
    const after = await api.view();
    expect({ state: after.state, version: after.version }).toEqual({ state: before.state, version: before.version });
    expect((await api.history()).length).toBe(historyLength);
    coverage.probedStates.add(before.state);
  }

  describe('model: every state by its shortest path, every illegal event refused there', () => {
    it.each(shortest.map((p, i) => ({ name: `${serializeState(p.state)} via ${describePath(p)}`, p, i })))('$name', async ({ p, i }) => {
      const api = await drive(p, i);
      await probeRefusals(api, p.state);
    });
  });

  describe('model: every simple path into a closed state', () => {
    it.each(simple.map((p, i) => ({ name: describePath(p), p, i })))('$name', async ({ p, i }) => {
      await drive(p, i);
    });
  });

  describe('model: every remaining edge (self-loops, returns to draft)', () => {
    it.each(edges.map((p, i) => ({ name: describePath(p), p, i })))('$name', async ({ p, i }) => {
      await drive(p, i);
    });
  });

  describe('model: coverage of the machine definition and of the SPEC table', () => {
    it('took every transition and reached every state through the API', () => {
      expect(coverage.missingStates()).toEqual([]);
      expect(coverage.missingTransitions()).toEqual([]);
      expect(coverage.paths).toBe(shortest.length + simple.length + edges.length);
    });

    it('walked every (state, event) pair of the SPEC table and probed every SPEC state through the API', () => {
      expect(coverage.missingSpecPairs()).toEqual([]);
      expect(coverage.unprobedStates()).toEqual([]);
    });
  });
}
