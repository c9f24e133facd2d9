import type { EventType, Role } from '../../machines/events';
import { type SpecTransition, specRoles, specSenders, specStates, specTransitions } from './spec-table';

// Questions the model walk asks the SPEC table. States are named as the API names them.

export const specEvents = Object.keys(specSenders) as EventType[];

export function specTransition(state: string, type: EventType): SpecTransition | undefined {
  return (specStates as readonly string[]).includes(state) ? specTransitions[state as keyof typeof specTransitions][type] : undefined;
}

/** Where the SPEC says `type` leads from `state`; undefined when it must be refused as illegal. */
export function specTarget(state: string, type: EventType): string | undefined {
  const to = specTransition(state, type)?.to;
  return to === 'self' ? state : to;
}

export const specLegal = (state: string): EventType[] => specEvents.filter((type) => specTransition(state, type) !== undefined);

/** The roles that may send `type` from a client; empty for the service's own PUBLICITY_ENDED. */
export const specOwners = (type: EventType): Role[] => specSenders[type].filter((s): s is Role => s !== 'system');
export const specNonOwners = (type: EventType): Role[] => specRoles.filter((r) => !specSenders[type].includes(r));

export const pairKey = (state: string, type: string) => `${state} ${type}`;

/** Every (state, event) pair SPEC §3 allows, as `pairKey`s. */
export const specPairs = (): string[] => specStates.flatMap((state) => specLegal(state).map((type) => pairKey(state, type)));
