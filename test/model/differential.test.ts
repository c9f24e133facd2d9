import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getNextTransitions } from 'xstate';
import { type EventType, eventTypes, type Role, roles } from '../../machines/events';
import { openObjections } from '../../machines/refusals';
import { createPlan, type TestApp, testApp } from '../support/app';
import { ApiApplication, clientPayload } from './driver';
import { acceptedTypes, closedStates, type Snapshot } from './graph';
import { specOwners } from './oracle';
import { PureModel } from './pure-model';

// Issue 5, differential property: random sequences of events, roles and clock moves, applied
// to the pure machine and to the API, must agree on every accept/refuse and on every state.
// fast-check shrinks a disagreement to a minimal sequence.

type Step =
  /** An event of any type from any role (or from its owner). */
  | { kind: 'send'; type: EventType; role: Role | 'owner'; valid: boolean }
  /** The `pick`-th event the machine accepts now, from its owner: keeps the walk moving forward. */
  | { kind: 'next'; pick: number; valid: boolean }
  | { kind: 'clock'; days: number };

/** Three payloads in four pass their event's refusal check. */
const mostlyValid = fc.nat(3).map((n) => n > 0);

/** Mostly the first event of `forwardFirst`: the walk goes on rather than closing early. */
const forwardMostly = fc.oneof({ weight: 4, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.nat(5) });

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('next' as const), pick: forwardMostly, valid: mostlyValid }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('send' as const),
      type: fc.constantFrom(...eventTypes),
      role: fc.oneof(fc.constant('owner' as const), fc.constantFrom(...roles)),
      valid: fc.boolean(),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('clock' as const), days: fc.integer({ min: 1, max: 10 }) }) },
);

const DAY = 24 * 60 * 60 * 1000;
const NUM_RUNS = 50;

let t: TestApp;
let planId: string;
const stats = { runs: 0, steps: 0, accepted: 0, refused: 0, timers: 0, states: new Set<string>() };
beforeAll(async () => {
  t = await testApp();
  planId = await createPlan(t);
});
afterAll(async () => {
  console.log(
    `differential: ${stats.runs} runs, ${stats.steps} steps (${stats.accepted} accepted, ${stats.refused} refused, ` +
      `${stats.timers} timers fired), ${stats.states.size} distinct final states: ${[...stats.states].join(', ')}`,
  );
  await t?.close();
});

/**
 * Accepted event types in the order a forward-moving walk wants them: on to another open
 * state first, then staying put (latest-defined first, so RESOLVE_OBJECTION before
 * RAISE_OBJECTION), then into a closed state.
 */
function forwardFirst(s: Snapshot): EventType[] {
  const targetsOf = (type: EventType) => getNextTransitions(s).find((d) => d.eventType === type)?.target ?? [];
  const closes = (type: EventType) => targetsOf(type).some((n) => closedStates.includes(n.key));
  const types = acceptedTypes(s);
  const stays = types.filter((type) => targetsOf(type).length === 0).reverse();
  return [...types.filter((type) => targetsOf(type).length > 0 && !closes(type)), ...stays, ...types.filter(closes)];
}

/** What one step sends, decided from the model's current state; null when nothing is sent. */
function resolve(s: Step, model: PureModel): { type: EventType; role: Role; valid: boolean } | null {
  if (s.kind === 'clock') return null;
  if (s.kind === 'next') {
    const sendable = forwardFirst(model.snapshot).filter((type) => specOwners(type).length > 0);
    const type = sendable[s.pick % Math.max(sendable.length, 1)];
    return type ? { type, role: specOwners(type)[s.pick % specOwners(type).length]!, valid: s.valid } : null;
  }
  const role = s.role === 'owner' ? (specOwners(s.type)[0] ?? 'admin') : s.role;
  return { type: s.type, role, valid: s.valid };
}

async function run(steps: Step[]): Promise<void> {
  const api = await ApiApplication.create(t, planId);
  const created = await api.view();
  const { applicationId, idNumber, unitId, plan, facts, materials } = created.context;
  const model = new PureModel({ applicationId, idNumber, unitId, plan, facts, materials }, api.now());
  const transcript: string[] = [];
  // Each side's payload comes from its own context: the review form's code is drawn by each.
  let apiContext = created.context;
  const agree = async (what: string, code: string, expected: string) => {
    const view = await api.view();
    apiContext = view.context;
    transcript.push(`${what}: api ${code} → ${view.state}, model ${expected} → ${model.state}`);
    expect({ code, state: view.state, version: view.version, open: openObjections(view.context) }, transcript.join('\n')).toEqual({
      code: expected,
      state: model.state,
      version: model.version,
      open: model.openObjections,
    });
  };
  for (const s of steps) {
    stats.steps += 1;
    if (s.kind === 'clock') {
      const to = new Date(api.now().getTime() + s.days * DAY);
      const fired = model.advance(to);
      stats.timers += fired;
      await api.setClock(to);
      await agree(`+${s.days}d`, 'OK', 'OK');
      continue;
    }
    const chosen = resolve(s, model);
    if (!chosen) continue;
    const expected = model.send(chosen.type, chosen.role, clientPayload(chosen.type, model.snapshot.context, api.now(), chosen.valid));
    const { code } = await api.send(chosen.type, chosen.role, clientPayload(chosen.type, apiContext, api.now(), chosen.valid));
    if (expected === 'OK') stats.accepted += 1;
    else stats.refused += 1;
    await agree(`${chosen.type} by ${chosen.role}${chosen.valid ? '' : ' (invalid)'}`, code, expected);
  }
  stats.runs += 1;
  stats.states.add(model.state);
}

describe('model: differential property, pure machine against the API', () => {
  it('agrees on every accept/refuse and every state for random event sequences', async () => {
    await fc.assert(fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 40, size: 'max' }), run), { numRuns: NUM_RUNS });
  }, 180_000);
});
