import { z } from 'zod';
import { Objection } from '../../../machines/context';
import { countedPage, PlanSummary, Problem, StateName, Timestamp } from './common';

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

const IdleApplication = z.object({ ...OnApplication, planId: z.uuid(), updatedAt: Timestamp });
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
