import type { z } from 'zod';
import type { ApplicationContext } from '../../machines/context';
import { type Definition, definitionOf } from '../../machines/definitions';
import type { Actor, EventType } from '../../machines/events';
import { hasMaterial, type MaterialKind } from '../../machines/material-kinds';
import type { Refusal } from '../../machines/refusals';
import { shanghaiDate } from '../../machines/rules/dates';
import { materialChecklist } from '../../machines/rules/eligibility';
import type { PlanWindow } from '../../machines/rules/plan-window';
import { allowedEventsFor, type Snapshot, stateName } from '../../machines/states';
import { errorRegistry } from '../errors';
import type { Lang } from '../http/problem';
import type { ApplicationView as ApplicationViewSchema } from '../http/responses';
import type { StandingBan } from '../store/applications';
import { activeBans } from './service-facts';

/** An event the caller may send in this state that would be refused now, with the refusal it would get. */
type BlockedEvent = Refusal extends infer R
  ? R extends Refusal
    ? { type: EventType; code: R['code']; detail: string } & R['details']
    : never
  : never;

/** A file a draft's facts call for (五(一)–五(三), 二(三), 二(五)), whether one is uploaded, and the rule that asks for it. */
type ChecklistItem = { kind: MaterialKind; uploaded: boolean; rule: string; clause: string; detail: string };

/** What GET /v1/applications/:id answers: the response schema's type. */
export type ApplicationView = z.output<typeof ApplicationViewSchema>;

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
    else blockedEvents.push({ type, code: refusal.code, detail: errorRegistry[refusal.code][lang], ...refusal.details } as BlockedEvent);
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

/** Only a draft's files can change, so only a draft has a checklist. */
function checklistOf(definition: Definition, context: ApplicationContext, at: string, lang: Lang): ChecklistItem[] {
  const input = { facts: context.facts, plan: context.plan, today: shanghaiDate(at), commitmentSigned: true };
  return materialChecklist(input, definition.rules).map(({ kind, rule }) => ({
    kind,
    uploaded: hasMaterial(context.materials, kind),
    rule: rule.id,
    clause: rule.clause,
    detail: rule.message[lang],
  }));
}

export function applicationView(a: ViewOf, actor: Actor, at: string, lang: Lang): ApplicationView {
  const { context } = a.snapshot;
  const definition = definitionOf(a.definitionVersion);
  const state = stateName(a.snapshot.value);
  return {
    id: a.id,
    planId: context.plan.id,
    idNumber: context.idNumber,
    unitId: context.unitId,
    state,
    version: a.version,
    definitionVersion: a.definitionVersion,
    context,
    ...eventChoices(definition, a.snapshot, actor, a, at, lang),
    materialChecklist: state === 'draft' ? checklistOf(definition, context, at, lang) : [],
    createdAt: new Date(a.createdAt),
    updatedAt: new Date(a.updatedAt),
  };
}
