import { z } from 'zod';
import { Actor, clientEventSchemas, eventTypes } from '../../../machines/events';
import { componentName } from '../event-bodies';
import { Timestamp } from './common';

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
