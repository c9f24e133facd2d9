import type { ApplicationContext } from '../context';

/** A state of the source version that has no counterpart in the target: it must finish on the old version. */
export type Blocked = { blocked: string };

/**
 * Moving applications from one definition version to another, as data: where each source
 * state lands (the type checker holds the keys to every source state and the values to
 * target states), and which contexts the target cannot take.
 */
export type Migration<From extends string, To extends string> = {
  from: number;
  to: number;
  states: Record<From, To | Blocked>;
  /** Why a context cannot move even though its state can; null when it can. */
  refuseContext(context: ApplicationContext): string | null;
};

/** What history records when an application moves between versions; replay applies `migrateSnapshot` there. */
export type MigrationEvent = { type: 'definition.migrate'; at: string; fromVersion: number; toVersion: number; reason: string };

/** Each state to the state of the same name, for the states a version shares with another. */
export const sameNames = <S extends string>(names: readonly S[]) => Object.fromEntries(names.map((s) => [s, s])) as Record<S, S>;
