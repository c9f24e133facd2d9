import { describe, expect, it } from 'vitest';
import { eventSenders, roles } from '../../machines/events';
import { refusalChecks } from '../../machines/refusals';
import { machineEdges, machineLeafStates } from './graph';
import { pairKey, specEvents } from './oracle';
import { specRoles, specSenders, specStates, specTransitions } from './spec-table';

// Issue 10: the machine and the role table against the SPEC table written by hand, in both
// directions, so that adding, removing or retargeting a transition, or changing who may
// send an event, fails here with the pairs that differ.

const sorted = <T>(xs: Iterable<T>) => [...xs].sort();

describe('SPEC table against the machine definition', () => {
  it('has the same states', () => {
    const machine = new Set(machineLeafStates());
    expect({
      onlyInSpec: specStates.filter((s) => !machine.has(s)),
      onlyInMachine: sorted(machine).filter((s) => !(specStates as readonly string[]).includes(s)),
    }).toEqual({ onlyInSpec: [], onlyInMachine: [] });
  });

  it('has the same (state, event) pairs with the same targets', () => {
    const spec = new Map(
      specStates.flatMap((state) => Object.entries(specTransitions[state]).map(([type, tr]) => [pairKey(state, type), tr!.to])),
    );
    const machine = new Map<string, string[]>();
    for (const e of machineEdges()) machine.set(pairKey(e.state, e.type), [...(machine.get(pairKey(e.state, e.type)) ?? []), e.to]);

    const missingFromMachine = sorted(spec.keys())
      .filter((k) => !machine.has(k))
      .map((k) => `${k} → ${spec.get(k)}`);
    const notInSpec = sorted(machine.keys())
      .filter((k) => !spec.has(k))
      .map((k) => `${k} → ${machine.get(k)!.join(' | ')}`);
    const retargeted = sorted(machine.keys())
      .filter((k) => spec.has(k) && machine.get(k)!.some((to) => to !== spec.get(k)))
      .map((k) => `${k}: SPEC → ${spec.get(k)}, machine → ${machine.get(k)!.join(' | ')}`);
    expect({ missingFromMachine, notInSpec, retargeted }).toEqual({ missingFromMachine: [], notInSpec: [], retargeted: [] });
  });

  it('gives every event the same senders as the role table', () => {
    const sendersIn = (table: Record<string, readonly string[]>, type: string) => sorted(table[type] ?? []);
    const types = new Set([...Object.keys(eventSenders), ...Object.keys(specSenders)]);
    const differ = sorted(types)
      .map((type) => ({ type, spec: sendersIn(specSenders, type), machine: sendersIn(eventSenders, type) }))
      .filter(({ spec, machine }) => spec.join() !== machine.join())
      .map(({ type, spec, machine }) => `${type}: SPEC [${spec.join(', ')}], machine [${machine.join(', ')}]`);
    expect(differ).toEqual([]);
    expect(sorted(roles)).toEqual(sorted(specRoles));
  });

  it('has a refusal check exactly for the events SPEC lets refuse in a state that accepts them', () => {
    const spec = new Set<string>(
      specStates.flatMap((state) => specEvents.filter((type) => (specTransitions[state][type]?.refusals.length ?? 0) > 0)),
    );
    const machine = new Set(Object.keys(refusalChecks));
    expect({
      onlyInSpec: sorted(spec).filter((type) => !machine.has(type)),
      onlyInMachine: sorted(machine).filter((type) => !spec.has(type)),
    }).toEqual({ onlyInSpec: [], onlyInMachine: [] });
  });
});
