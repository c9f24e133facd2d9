import { z } from 'zod';
import { ApplicationContext } from '../../../machines/context';
import { eventTypes } from '../../../machines/events';
import { Material } from '../../../machines/facts';
import { MaterialKind } from '../../../machines/material-kinds';
import type { Refusal } from '../../../machines/refusals';
import { errorRegistry } from '../../errors';
import { PlanSummary, page, StateName, Timestamp } from './common';

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

const ApplicationRow = z.object({
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

export const ApplicationPage = page(ApplicationRow);

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
