import { z } from 'zod';
import { PlanLevel } from '../../../machines/facts';
import { stateNames } from '../../../machines/states';
import { type ErrorCode, errorRegistry } from '../../errors';

/** A database timestamp: a Date in the handler, an ISO 8601 string on the wire. */
export const Timestamp = z.coerce.date();
export const isoDate = z.iso.date();

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

/** A state an application can be in, in any definition version, dotted as `interview.scheduled`. */
export const StateName = z.enum(stateNames as [string, ...string[]]).describe('dotted state value, e.g. interview.scheduled');

/** The plan facts a list row shows beside its id. */
export const PlanSummary = z.object({ year: z.number().int(), level: PlanLevel, specialty: z.string() });

/** One page of a keyset-paginated list: pass `nextCursor` back as `cursor` for the next; null on the last page. */
export const page = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });
/** A page of a list that also says how many the whole list holds, so a count shown beside it is the list's own. */
export const countedPage = <T extends z.ZodType>(item: T) =>
  page(item).extend({ total: z.number().int().describe('how many the whole list holds, over every page') });

/** The header that makes retrying a request that creates something safe (workflow/create-once.ts). */
export const CreationHeaders = z.object({
  'idempotency-key': z
    .string()
    .min(1)
    .max(200)
    .optional()
    .describe('a repeat with the same key and body answers as the first did and creates nothing; with another body, 422'),
});
