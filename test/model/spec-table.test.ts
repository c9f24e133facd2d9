import { describe, expect, it } from 'vitest';
import { definitionOf } from '../../machines/definitions';
import { eventSenders, roles } from '../../machines/events';
import { machineEdges, machineLeafStates } from './graph';
import { pairKey, specEvents, specs } from './oracle';
import { specRoles, specSenders } from './spec-table';

// Issue 10: the machine and the role table against the SPEC table written by hand, in both
// directions, so that adding, removing or retargeting a transition, or changing who may
// send an event, fails here with the pairs that differ.

const sorted = <T>(xs: Iterable<T>) => [...xs].sort();

describe.each(specs)(
  'SPEC table of definition version $version against its machine',
  ({ version, states: specStates, transitions: specTransitions }) => {
    const { machine, refusals } = definitionOf(version);

    it('has the same states', () => {
      const leaves = new Set(machineLeafStates(machine));
      expect({
        onlyInSpec: specStates.filter((s) => !leaves.has(s)),
        onlyInMachine: sorted(leaves).filter((s) => !specStates.includes(s)),
      }).toEqual({ onlyInSpec: [], onlyInMachine: [] });
    });

    it('has the same (state, event) pairs with the same targets', () => {
      // An objection upheld is the same event with another target (SPEC §9): the pair has both.
      const spec = new Map(
        specStates.flatMap((state) =>
          Object.entries(specTransitions[state] ?? {}).map(([type, tr]) => [
            pairKey(state, type),
            sorted(tr!.whenUpheld ? [tr!.to, tr!.whenUpheld] : [tr!.to]).join(' | '),
          ]),
        ),
      );
      const edges = new Map<string, string[]>();
      for (const e of machineEdges(machine)) edges.set(pairKey(e.state, e.type), [...(edges.get(pairKey(e.state, e.type)) ?? []), e.to]);

      const missingFromMachine = sorted(spec.keys())
        .filter((k) => !edges.has(k))
        .map((k) => `${k} → ${spec.get(k)}`);
      const notInSpec = sorted(edges.keys())
        .filter((k) => !spec.has(k))
        .map((k) => `${k} → ${edges.get(k)!.join(' | ')}`);
      const retargeted = sorted(edges.keys())
        .filter((k) => spec.has(k) && sorted(edges.get(k)!).join(' | ') !== spec.get(k))
        .map((k) => `${k}: SPEC → ${spec.get(k)}, machine → ${edges.get(k)!.join(' | ')}`);
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

    it('has a refusal check exactly for the events SPEC lets refuse, among those its machine accepts anywhere', () => {
      const accepted = new Set(machineEdges(machine).map((e) => e.type));
      const spec = new Set<string>(
        specStates.flatMap((state) => specEvents.filter((type) => (specTransitions[state]?.[type]?.refusals.length ?? 0) > 0)),
      );
      const checked = new Set(Object.keys(refusals.refusalChecks).filter((type) => accepted.has(type)));
      expect({
        onlyInSpec: sorted(spec).filter((type) => !checked.has(type)),
        onlyInMachine: sorted(checked).filter((type) => !spec.has(type)),
      }).toEqual({ onlyInSpec: [], onlyInMachine: [] });
    });
  },
);
