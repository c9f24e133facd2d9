import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MachineEvent } from '../../machines/events';
import { openObjections, refusalOf } from '../../machines/refusals';
import { eventTypes } from '../../machines/events';
import { createPlan, testApp, type TestApp } from '../support/app';
import { Coverage } from './coverage';
import { ApiApplication, clientOwners, clientPayload, nonOwners } from './driver';
import {
  acceptedTypes, edgePaths, edgesOf, openObjectionsOf, serializeState, shortestPaths, simplePathsToClosed, stateName, transitionKeyOf,
  type Path, type Snapshot,
} from './graph';

// Issue 5: every path of the machine, driven through the HTTP API. The paths come from the
// machine graph; coverage is checked against the machine definition, so a state or a
// transition added without being reachable here fails the build.

const shortest = shortestPaths();
const simple = simplePathsToClosed();
const edges = edgePaths(new Set([...shortest, ...simple].flatMap(edgesOf)));
const coverage = new Coverage();

let t: TestApp;
let planId: string;
beforeAll(async () => {
  t = await testApp();
  planId = await createPlan(t);
});
afterAll(async () => {
  console.log(`${coverage.summary()}\n  (${shortest.length} shortest, ${simple.length} simple into closed states, ${edges.length} for remaining edges)`);
  await t?.close();
});

const describePath = (p: Path) => p.steps.slice(1).map((s) => s.event.type).join(' → ') || '(initial)';

/** A fresh application walked along `path`; after every step the API must be where the model is. */
async function drive(path: Path, variant: number): Promise<ApiApplication> {
  const api = await ApiApplication.create(t, planId);
  let view = await api.view();
  expect(view.state).toBe(stateName(path.steps[0]!.state));
  coverage.reached(view.state);
  for (let i = 1; i < path.steps.length; i++) {
    const from = path.steps[i - 1]!.state;
    const { event, state } = path.steps[i]!;
    const next = await api.take(event.type, variant + i);
    expect({ state: next.state, version: next.version, openObjections: openObjections(next.context) }, `after ${event.type} from ${serializeState(from)}`)
      .toEqual({ state: stateName(state), version: view.version + 1, openObjections: openObjectionsOf(state) });
    coverage.reached(next.state);
    coverage.took(transitionKeyOf(from, event.type));
    view = next;
  }
  const history = await api.history();
  expect(history.map((h) => [h.type, h.from, h.to])).toEqual(path.steps.map((s, i) => [
    s.event.type, i === 0 ? null : stateName(path.steps[i - 1]!.state), stateName(s.state),
  ]));
  coverage.paths += 1;
  return api;
}

/**
 * In the state `snapshot` that `api` is in: every event from a role that does not own it is
 * 403, every event the machine has no transition for is 409 from its owners, and nothing changes.
 */
async function probeRefusals(api: ApiApplication, snapshot: Snapshot): Promise<void> {
  const before = await api.view();
  const historyLength = (await api.history()).length;
  const accepted = acceptedTypes(snapshot);
  for (const type of eventTypes) {
    const payload = clientPayload(type, before.context, api.now());
    for (const role of nonOwners(type)) {
      const { code, res } = await api.send(type, role, payload);
      expect({ status: res.statusCode, code }, `${type} by ${role} in ${before.state}`).toEqual({ status: 403, code: 'FORBIDDEN' });
      coverage.forbiddenChecks += 1;
    }
    let expected: string;
    if (!accepted.includes(type)) expected = type === 'UPDATE_DRAFT' ? 'MATERIALS_FROZEN' : 'ILLEGAL_TRANSITION';
    else {
      // Accepted in this state, but refused by its context: RESOLVE_OBJECTION with none open.
      if (type !== 'RESOLVE_OBJECTION') continue;
      const refusal = refusalOf(snapshot.context, { type, at: api.now().toISOString(), ...payload } as MachineEvent);
      if (refusal?.code !== 'ILLEGAL_TRANSITION') continue;
      expected = refusal.code;
    }
    for (const role of clientOwners(type)) {
      const { code, res } = await api.send(type, role, payload);
      expect({ status: res.statusCode, code }, `${type} by ${role} in ${before.state}: ${res.body}`).toEqual({ status: 409, code: expected });
      coverage.illegalPairs.add(`${serializeState(snapshot)} ${type}`);
    }
  }
  const after = await api.view();
  expect({ state: after.state, version: after.version }).toEqual({ state: before.state, version: before.version });
  expect((await api.history()).length).toBe(historyLength);
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

describe('model: coverage of the machine definition', () => {
  it('took every transition and reached every state through the API', () => {
    expect(coverage.missingStates()).toEqual([]);
    expect(coverage.missingTransitions()).toEqual([]);
    expect(coverage.paths).toBe(shortest.length + simple.length + edges.length);
  });
});
