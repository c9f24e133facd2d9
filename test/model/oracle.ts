import type { EventType, Role } from '../../machines/events';
import { type SpecTransition, specRoles, specSenders, specStates, specTransitions } from './spec-table';
import { specStates2022, specTransitions2022 } from './spec-table-2022';

// Questions the model walk asks the SPEC tables. States are named as the API names them.

/** A definition version's table: its states and, per state, the events it lists. */
export type Spec = {
  version: number;
  states: readonly string[];
  transitions: Record<string, Partial<Record<EventType, SpecTransition<string>>>>;
};

export const spec2021: Spec = { version: 1, states: specStates, transitions: specTransitions };
export const spec2022: Spec = { version: 2, states: specStates2022, transitions: specTransitions2022 };
export const specs = [spec2021, spec2022];

export const specEvents = Object.keys(specSenders) as EventType[];

/** The roles that may send `type` from a client; empty for the service's own PUBLICITY_ENDED. */
export const specOwners = (type: EventType): Role[] => specSenders[type].filter((s): s is Role => s !== 'system');
export const specNonOwners = (type: EventType): Role[] => specRoles.filter((r) => !specSenders[type].includes(r));

export const pairKey = (state: string, type: string) => `${state} ${type}`;

export function oracleOf(spec: Spec) {
  const transition = (state: string, type: EventType): SpecTransition<string> | undefined =>
    spec.states.includes(state) ? spec.transitions[state]?.[type] : undefined;
  /** Where the table says `type` (with `payload`'s outcome) leads from `state`; undefined when it must be refused as illegal. */
  const target = (state: string, type: EventType, payload: { outcome?: string } = {}): string | undefined => {
    const t = transition(state, type);
    const to = payload.outcome === 'upheld' && t?.whenUpheld ? t.whenUpheld : t?.to;
    return to === 'self' ? state : to;
  };
  const legal = (state: string): EventType[] => specEvents.filter((type) => transition(state, type) !== undefined);
  /** Every (state, event) pair the table allows, as `pairKey`s. */
  const pairs = (): string[] => spec.states.flatMap((state) => legal(state).map((type) => pairKey(state, type)));
  return { spec, transition, target, legal, pairs };
}

export type Oracle = ReturnType<typeof oracleOf>;
