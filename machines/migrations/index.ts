import type { StateValue } from 'xstate';
import { type PersistedSnapshot, persist, restore, stateName } from '../states';
import { migration2021to2022 } from './2021-to-2022';
import { migration2022to2021 } from './2022-to-2021';
import type { Blocked, Migration } from './types';

export type { Blocked, Migration, MigrationEvent } from './types';

/** Every migration an admin may run, as data beside the versions they connect. */
export const migrations: readonly Migration<string, string>[] = [migration2021to2022, migration2022to2021];

export function migrationBetween(from: number, to: number): Migration<string, string> | undefined {
  return migrations.find((m) => m.from === from && m.to === to);
}

/** `interview.scheduled` back into the state value `{ interview: 'scheduled' }`. */
function stateValueOf(name: string): StateValue {
  const [head, ...rest] = name.split('.');
  return rest.length === 0 ? head! : { [head!]: stateValueOf(rest.join('.')) };
}

export type Moved = { snapshot: PersistedSnapshot; from: string; to: string };

/**
 * The stored snapshot as the target version would hold it, or why it cannot move. Pure: the
 * service records the move as an event, and replaying history applies this same function.
 */
export function migrateSnapshot(p: PersistedSnapshot, migration: Migration<string, string>): Moved | Blocked {
  const from = stateName(p.value);
  const target = migration.states[from];
  if (target === undefined) return { blocked: `no state ${from} in definition version ${migration.from}` };
  if (typeof target !== 'string') return target;
  const refused = migration.refuseContext(p.context);
  if (refused) return { blocked: refused };
  const moved = restore({ value: stateValueOf(target), context: p.context, status: 'active' }, migration.to);
  return { snapshot: persist(moved), from, to: stateName(moved.value) };
}
