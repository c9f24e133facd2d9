import { z } from 'zod';
import { isValidIdNumber } from '../../machines/rules/id-number';
import { statesMatching } from '../../machines/states';
import type { Search } from '../store/application-list';
import { sorts } from '../store/application-list';

// The query language of GET /v1/applications, defined once: parsing it yields the store's
// filter, and the same schema documents it in OpenAPI. Unknown parameters are refused.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** `CX2021M07-0012` (README, Documents), or the long form certificates had before it. */
const CERTIFICATE = /^CX\d{4}[JM](\d{2,}-\d{4,}|-[0-9A-F]{32})$/i;
const ID_DIGITS = /^\d{1,17}[\dX]?$/i;

/** What a search string is: an application id, a certificate number, an ID number or its last digits, else part of a name. */
export function classifySearch(q: string): Search {
  if (UUID.test(q)) return { kind: 'applicationId', id: q.toLowerCase() };
  if (CERTIFICATE.test(q)) return { kind: 'certificate', number: q.toUpperCase() };
  if (ID_DIGITS.test(q)) {
    const digits = q.toUpperCase();
    return digits.length === 18 && isValidIdNumber(digits) ? { kind: 'idNumber', idNumber: digits } : { kind: 'idNumberSuffix', digits };
  }
  return { kind: 'name', text: q };
}

/** A comma list of states; a compound state (`interview`) stands for its sub-states. */
const StateList = z
  .string()
  .max(1000)
  .transform((value, ctx) => {
    const states = new Set<string>();
    for (const name of value.split(',').map((s) => s.trim())) {
      const matching = statesMatching(name);
      if (matching.length === 0) ctx.addIssue({ code: 'custom', message: `unknown state: ${name || '(empty)'}` });
      for (const s of matching) states.add(s);
    }
    return [...states];
  })
  .describe('a state, a compound state standing for its sub-states (interview), or a comma list of them');

const instant = z.iso.datetime({ offset: true }).transform((v) => new Date(v));

export const ListQuery = z.strictObject({
  q: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .transform(classifySearch)
    .optional()
    .describe('name (any part), ID number (whole or last digits), application id or certificate number'),
  state: StateList.optional(),
  planId: z.uuid().optional(),
  unitId: z.string().min(1).max(64).optional(),
  updatedAfter: instant.optional().describe('last change at or after this instant'),
  updatedBefore: instant.optional().describe('last change before this instant'),
  sort: z.enum(sorts).default('createdAt').describe('creation order or order of last change; a leading - reverses it'),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** Where a page of applications ended, as its cursor carries it. */
export const ListCursor = z.strictObject({ sort: z.enum(sorts), id: z.uuid(), updatedAt: z.iso.datetime().optional() });
