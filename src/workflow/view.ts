import type { ApplicationContext } from '../../machines/context';
import { type Definition, definitionOf } from '../../machines/definitions';
import type { Actor, EventType } from '../../machines/events';
import { allowedEventsFor, restore, type Snapshot, stateName } from '../../machines/states';
import { scopeOf } from '../auth/access';
import type { Db } from '../db/client';
import { AppError, type ErrorCode, errorRegistry } from '../errors';
import type { Lang } from '../http/problem';
import { findApplication, type PlanWindow, type StandingBan } from '../store/applications';
import { activeBans } from './service-facts';

/** An event the caller may send in this state that would be refused now, with the refusal it would get. */
export type BlockedEvent = { type: EventType; code: ErrorCode; detail: string } & Record<string, unknown>;

export type ApplicationView = {
  id: string;
  planId: string;
  idNumber: string;
  unitId: string;
  state: string;
  version: number;
  /** The machine definition it runs on (machines/definitions.ts). */
  definitionVersion: number;
  context: ApplicationContext;
  allowedEvents: EventType[];
  blockedEvents: BlockedEvent[];
  createdAt: Date;
  updatedAt: Date;
};

/**
 * The events the caller's role may send in this state, split by whether the machine's own
 * checks would accept them now (whatever the payload) — the same checks that refuse them.
 */
export function eventChoices(
  definition: Definition,
  snapshot: Snapshot,
  actor: Actor,
  person: { standingBans: StandingBan[]; planWindow: PlanWindow },
  at: string,
  lang: Lang,
) {
  const now = { at, activeBans: activeBans(snapshot.context, person.standingBans), planWindow: person.planWindow };
  const allowedEvents: EventType[] = [];
  const blockedEvents: BlockedEvent[] = [];
  for (const type of allowedEventsFor(snapshot, actor.role)) {
    const refusal = definition.refusals.readinessOf(snapshot.context, type, now);
    if (!refusal) allowedEvents.push(type);
    else blockedEvents.push({ type, code: refusal.code, detail: errorRegistry[refusal.code][lang], ...refusal.details });
  }
  return { allowedEvents, blockedEvents };
}

export type ViewOf = {
  id: string;
  version: number;
  definitionVersion: number;
  createdAt: Date | string;
  updatedAt: Date | string;
  snapshot: Snapshot;
  standingBans: StandingBan[];
  planWindow: PlanWindow;
};

export function applicationView(a: ViewOf, actor: Actor, at: string, lang: Lang): ApplicationView {
  const { context } = a.snapshot;
  return {
    id: a.id,
    planId: context.plan.id,
    idNumber: context.idNumber,
    unitId: context.unitId,
    state: stateName(a.snapshot.value),
    version: a.version,
    definitionVersion: a.definitionVersion,
    context,
    ...eventChoices(definitionOf(a.definitionVersion), a.snapshot, actor, a, at, lang),
    createdAt: new Date(a.createdAt),
    updatedAt: new Date(a.updatedAt),
  };
}

/** The application if the caller may see it, snapshot restored; 404 otherwise, never revealing that it exists (SPEC §1). */
export async function visibleApplication(db: Db, id: string, actor: Actor) {
  const row = await findApplication(db, id, scopeOf(actor));
  if (!row) throw new AppError('NOT_FOUND');
  return { ...row, snapshot: restore(row.snapshot, row.definitionVersion) };
}
