import { z } from 'zod';
import { ApplicationContext, Objection, Plan } from '../../machines/context';
import { Actor, clientEventSchemas, eventTypes } from '../../machines/events';
import { Material, PlanLevel } from '../../machines/facts';
import { MaterialKind } from '../../machines/material-kinds';
import type { Refusal } from '../../machines/refusals';
import { BanYears } from '../../machines/rules/ban-window';
import { stateNames } from '../../machines/states';
import { adminActionKinds } from '../db/schema';
import { type ErrorCode, errorRegistry } from '../errors';
import { componentName } from './event-bodies';

// What the API answers, for the OpenAPI document and for the type checker: a handler
// that returns something else does not compile, and the tests parse real answers with these.

/** A database timestamp: a Date in the handler, an ISO 8601 string on the wire. */
const Timestamp = z.coerce.date();
const isoDate = z.iso.date();

export const Problem = z
  .looseObject({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    code: z.enum(Object.keys(errorRegistry) as [ErrorCode, ...ErrorCode[]]),
    detail: z.string(),
    instance: z.string(),
    requestId: z.string(),
  })
  .describe('RFC 9457 problem document; extension members (state, allowedEvents, failures …) depend on the code');

export const PlanRecord = Plan.extend({
  definitionVersion: z
    .number()
    .int()
    .describe('the machine definition its applications run: 1, the 2021 notice, unless the plan names another'),
  createdBy: z.string(),
  createdAt: Timestamp,
});

const EventType = z.enum(eventTypes);
/** A blocked event, typed by its refusal code: the members the refusal's problem document has. */
const blockedEventOf = <C extends Refusal['code']>(code: C) =>
  z.object({ type: EventType, code: z.literal(code), detail: z.string(), ...errorRegistry[code].members.shape });
/** One per code a machine's own checks refuse with (machines/refusals.ts `Refusal`; the compiler holds the two together). */
const BlockedEvent = z.discriminatedUnion('code', [
  blockedEventOf('NOT_ELIGIBLE'),
  blockedEventOf('BANNED'),
  blockedEventOf('PLAN_CLOSED'),
  blockedEventOf('FACTS_UNVERIFIED'),
  blockedEventOf('PUBLICITY_NOT_ELAPSED'),
  blockedEventOf('PUBLICITY_HELD'),
  blockedEventOf('PAPER_INCOMPLETE'),
  blockedEventOf('REVIEW_FORM_MISMATCH'),
  blockedEventOf('MATERIAL_NOT_UPLOADED'),
  blockedEventOf('SUPPLEMENT_NOT_UPLOADED'),
  blockedEventOf('SUPPLEMENT_ITEMS_MISMATCH'),
  blockedEventOf('FEE_MISMATCH'),
  blockedEventOf('ILLEGAL_TRANSITION'),
  blockedEventOf('DATE_IN_PAST'),
  blockedEventOf('DEADLINE_NOT_PASSED'),
  blockedEventOf('INTERVIEW_NOT_DUE'),
  blockedEventOf('INTERVIEW_STARTED'),
  blockedEventOf('VALIDATION_FAILED'),
]);

/** A state an application can be in, in any definition version, dotted as `interview.scheduled`. */
const StateName = z.enum(stateNames as [string, ...string[]]).describe('dotted state value, e.g. interview.scheduled');

export const ApplicationView = z.object({
  id: z.uuid(),
  planId: z.uuid(),
  idNumber: z.string(),
  unitId: z.string(),
  state: StateName,
  version: z.number().int(),
  definitionVersion: z.number().int().describe('the machine definition (notice) the application runs on; GET /v1/machine?version='),
  context: ApplicationContext.extend({ applicationId: z.uuid() }),
  allowedEvents: z
    .array(EventType)
    .describe("events the caller's role may send in this state that the machine's checks would accept now (given a valid payload)"),
  blockedEvents: z
    .array(BlockedEvent)
    .describe('events the caller may send in this state that would be refused now, with the refusal code, its detail and members'),
  materialChecklist: z
    .array(
      z.object({
        kind: MaterialKind,
        uploaded: z.boolean(),
        rule: z.string().describe('the eligibility rule that asks for it'),
        clause: z.string(),
        detail: z.string().describe("the rule's message in the request's language"),
      }),
    )
    .describe(
      'in a draft, the files its facts call for (a rule would refuse SUBMIT without each) and whether one is uploaded; empty in other states',
    ),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

export const TransitionResult = ApplicationView.extend({
  event: z.object({ seq: z.number().int(), type: EventType, from: z.string(), to: z.string() }),
});

/** The plan facts a list row shows beside its id. */
export const PlanSummary = z.object({ year: z.number().int(), level: PlanLevel, specialty: z.string() });

export const ApplicationRow = z.object({
  id: z.uuid(),
  name: z.string().nullable().describe("the applicant's name"),
  idNumber: z.string(),
  planId: z.uuid(),
  plan: PlanSummary,
  unitId: z.string(),
  unitName: z.string().nullable().describe('null only for an application from before the units registry naming an unregistered unit'),
  state: StateName,
  version: z.number().int(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

/** One page of a keyset-paginated list: pass `nextCursor` back as `cursor` for the next; null on the last page. */
export const page = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });
/** A page of a list that also says how many the whole list holds, so a count shown beside it is the list's own. */
export const countedPage = <T extends z.ZodType>(item: T) =>
  page(item).extend({ total: z.number().int().describe('how many the whole list holds, over every page') });

export const ApplicationPage = page(ApplicationRow);

const HistoryEntryMembers = {
  seq: z.number().int(),
  from: z.string().nullable(),
  to: z.string(),
  actor: Actor,
  at: Timestamp,
  requestId: z.string().nullable().describe("the x-request-id of the request that applied it; null for the service's timers"),
  idempotencyKey: z.string().nullable().describe('the Idempotency-Key the request carried, if any'),
};

/** One history entry per event type, its payload the event as the machine received it: what the client sent, plus `at` and the facts the service added. */
const historyEntry = <T extends string>(type: T, payload: z.ZodRawShape, name: string) =>
  z
    .object({ ...HistoryEntryMembers, type: z.literal(type), payload: z.looseObject({ type: z.literal(type), ...payload }) })
    .meta({ id: name });

/** One applied event: the kind of entry its `type` names. */
export const HistoryItem = z.discriminatedUnion('type', [
  historyEntry(
    'xstate.init',
    { input: z.record(z.string(), z.unknown()), definitionVersion: z.number().int().optional() },
    'CreationEntry',
  ).describe('seq 0: the draft as created'),
  historyEntry(
    'definition.migrate',
    { at: z.string(), fromVersion: z.number().int(), toVersion: z.number().int(), reason: z.string() },
    'MigrationEntry',
  ).describe('moved to another definition version by an admin'),
  ...eventTypes.map((type) =>
    historyEntry(type, { ...clientEventSchemas[type].shape, at: z.string() }, componentName(type).replace(/Event$/, 'Entry')),
  ),
]);

export const History = z.object({ items: z.array(HistoryItem) });

/** An applied event as the store reads it, before its type narrows its payload. */
type StoredEntry = z.output<z.ZodObject<typeof HistoryEntryMembers>> & { type: string; payload: Record<string, unknown> };

/** A stored event as its entry: the payload is an event the machine accepted after validating it with the schema its entry documents. */
export const asHistoryItem = (entry: StoredEntry) => entry as z.output<typeof HistoryItem>;

/** A page of the change feed: pass `nextPosition` back as `after` to go on. */
export const FeedPage = z.object({
  items: z.array(
    z.object({
      position: z.string().describe('where this event stands in the feed; resume after it with ?after='),
      applicationId: z.uuid(),
      event: HistoryItem,
    }),
  ),
  nextPosition: z
    .string()
    .nullable()
    .describe('the last position this page reached (the `after` given when it is empty); null before any event'),
});

export const Certificate = z.object({
  number: z.string(),
  applicationId: z.uuid(),
  idNumber: z.string(),
  name: z.string(),
  year: z.number().int(),
  level: z.string(),
  specialty: z.string(),
  issuedAt: Timestamp,
  revokedAt: Timestamp.nullable(),
  revokeReason: z.string().nullable(),
  verificationCode: z.string().describe('the short code printed under the QR code, for the public verification endpoint'),
});

/** An uploaded file as a draft lists it, with what the content store knows of it. */
export const MaterialFile = Material.extend({
  size: z.number().int().describe('bytes'),
  mimeType: z.enum(['application/pdf', 'image/jpeg', 'image/png']).describe('judged from the content, not the name'),
});

export const MaterialList = z.object({
  items: z.array(
    MaterialFile.extend({
      size: MaterialFile.shape.size.nullable(),
      mimeType: MaterialFile.shape.mimeType.nullable().describe('null for a file listed before uploads were checked'),
    }),
  ),
  totalBytes: z.number().int(),
  limits: z.object({ fileBytes: z.number().int(), applicationBytes: z.number().int() }),
  frozen: z.boolean().describe('true from SUBMIT on (五(一)): no upload, replacement or removal'),
  returnedAt: Timestamp.nullable().describe('when a falsification finding returned the materials (五(四))'),
});

export const Upload = z.object({
  material: MaterialFile,
  application: ApplicationView.extend({
    event: TransitionResult.shape.event
      .optional()
      .describe(
        "the draft's UPDATE_DRAFT that lists the file; absent while a supplement is requested (SUPPLEMENT_PROVIDED names the file)",
      ),
  }),
});

export const Ban = z.object({
  id: z.uuid(),
  idNumber: z.string(),
  ...BanYears.shape,
  applicationId: z.uuid(),
  finding: z.string(),
  foundBy: z.string(),
  createdAt: Timestamp,
  liftedAt: Timestamp.nullable(),
  liftedBy: z.string().nullable(),
  liftReason: z.string().nullable(),
});

export const BanRow = Ban.extend({
  name: z.string().nullable().describe("the applicant's name"),
  plan: PlanSummary.describe('the plan of the finding'),
});

export const UnitRecord = z.object({
  id: z.string(),
  name: z.string(),
  inCixi: z.boolean(),
  unitType: z.enum(['enterprise', 'publicInstitution', 'civilService', 'civilServiceManaged']),
  createdBy: z.string(),
  createdAt: Timestamp,
  updatedBy: z.string(),
  updatedAt: Timestamp,
});

export const AuditEntry = z.object({
  id: z.number().int(),
  action: z.enum(adminActionKinds),
  target: z.string().describe('the plan, unit, timer, outbox message or application acted on'),
  actor: z.string().describe('who (the admin token subject)'),
  reason: z.string().nullable(),
  details: z.record(z.string(), z.unknown()).describe('e.g. changes: { field: { from, to } }'),
  at: Timestamp,
});

export const CalendarYear = z.object({
  year: z.number().int(),
  source: z.enum(['loaded', 'package']).describe('loaded: an admin-loaded official schedule; package: the chinese-days data'),
  holidays: z.array(isoDate).optional(),
  workdays: z.array(isoDate).optional(),
  loadedBy: z.string().optional(),
  loadedAt: Timestamp.optional(),
});

// Operations (issue 11): counts, publicities, incidents, bulk outcomes.

export const Stats = z.object({
  total: z.number().int(),
  items: z.array(
    z.object({ state: z.string(), planId: z.uuid().optional(), unitId: z.string().optional(), count: z.number().int().positive() }),
  ),
});

export const Publicity = z.object({
  applicationId: z.uuid(),
  name: z.string().nullable(),
  planId: z.uuid(),
  plan: PlanSummary,
  unitId: z.string(),
  unitName: z.string().nullable(),
  state: StateName,
  version: z.number().int(),
  kind: z
    .enum(['unit', 'qualification', 'result'])
    .describe("the unit's own publicity (三(一)2), or the platform's before or after the review (三(三))"),
  start: z.iso.date().describe('its first day'),
  endsAt: z.iso.datetime().describe('when the publicity has run its 5 working days; held while an objection is open'),
  lastDay: z.iso.date().describe('its last day (the day before endsAt, Asia/Shanghai): the end every list and page prints'),
  openObjections: z.number().int(),
  objections: z.array(Objection),
});

const OnApplication = {
  applicationId: z.uuid(),
  name: z.string().nullable(),
  state: StateName,
  unitId: z.string(),
  version: z.number().int(),
};

export const TimerIncident = z.object({
  id: z.number().int(),
  eventType: z.string(),
  dueAt: Timestamp,
  status: z
    .enum(['pending', 'fired', 'cancelled', 'refused'])
    .describe('refused: the machine said no when it fell due; pending: long overdue'),
  note: z.string().nullable().describe('the code the machine refused with'),
  settledAt: Timestamp.nullable(),
  ...OnApplication,
});

export const MessageIncident = z.object({
  id: z.number().int(),
  kind: z.string(),
  payload: z.unknown(),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  createdAt: Timestamp,
  ...OnApplication,
});

export const IdleApplication = z.object({ ...OnApplication, planId: z.uuid(), updatedAt: Timestamp });
export const IdlePage = countedPage(IdleApplication).extend({ cutoff: Timestamp.describe('idle: last changed before this instant') });

export const BulkResult = z.object({
  summary: z.object({ applied: z.number().int(), refused: z.number().int(), notFound: z.number().int() }),
  items: z.array(
    z.object({
      applicationId: z.uuid(),
      outcome: z.enum(['applied', 'refused', 'notFound']),
      state: z.string().optional(),
      version: z.number().int().optional(),
      event: z.object({ seq: z.number().int(), type: z.string(), from: z.string(), to: z.string() }).optional(),
      problem: Problem.optional().describe('what POST /v1/applications/:id/events would have answered'),
    }),
  ),
});

/** The header that makes retrying a request that creates something safe (workflow/create-once.ts). */
export const CreationHeaders = z.object({
  'idempotency-key': z
    .string()
    .min(1)
    .max(200)
    .optional()
    .describe('a repeat with the same key and body answers as the first did and creates nothing; with another body, 422'),
});
