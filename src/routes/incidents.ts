import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { scopeOf } from '../auth/access';
import { decodeCursor, encodeCursor } from '../http/cursor';
import { AuditEntry, countedPage, IdlePage, MessageIncident, TimerIncident, TransitionResult } from '../http/responses';
import { idleApplications, messageIncidents, timerIncidents } from '../store/incidents';
import { endPublicity, idleCutoff, retryTimer, settleGivenUpMessage, watchedStates } from '../workflow/incidents';

// What is stuck, for everyone by the one visibility rule; what to do about it, for the admin.

const Limit = z.coerce.number().int().min(1).max(200).default(50);
const IdCursor = z.strictObject({ id: z.number().int() });
const IdleCursor = z.strictObject({ updatedAt: z.iso.datetime(), id: z.uuid() });
const Reason = z.strictObject({ reason: z.string().trim().min(1).max(2000).describe('why: kept in the audit trail') });
const NumericId = z.strictObject({ id: z.coerce.number().int().positive() });

export async function incidentRoutes(fastify: FastifyInstance, opts: { idleWorkingDays: number }) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const idCursor = (cursor: string | undefined) => (cursor === undefined ? undefined : decodeCursor(cursor, IdCursor).id);

  app.get(
    '/incidents/timers',
    {
      schema: {
        tags: ['incidents'],
        summary: 'Publicity timers the machine refused, with nothing else to end the publicity, and timers long overdue',
        querystring: z.strictObject({ cursor: z.string().max(500).optional(), limit: Limit }),
        response: { 200: countedPage(TimerIncident) },
      },
    },
    async (req) => {
      const p = await timerIncidents(app.db, scopeOf(req.actor), app.clock.now(), {
        after: idCursor(req.query.cursor),
        limit: req.query.limit,
      });
      return { items: p.items, total: p.total, nextCursor: p.next === null ? null : encodeCursor({ id: p.next }) };
    },
  );

  app.get(
    '/incidents/messages',
    {
      schema: {
        tags: ['incidents'],
        summary: 'Notices (outbox messages) given up after their delivery attempts',
        querystring: z.strictObject({ cursor: z.string().max(500).optional(), limit: Limit }),
        response: { 200: countedPage(MessageIncident) },
      },
    },
    async (req) => {
      const p = await messageIncidents(app.db, scopeOf(req.actor), { after: idCursor(req.query.cursor), limit: req.query.limit });
      return { items: p.items, total: p.total, nextCursor: p.next === null ? null : encodeCursor({ id: p.next }) };
    },
  );

  app.get(
    '/incidents/idle',
    {
      config: { problems: ['CALENDAR_UNAVAILABLE'] },
      schema: {
        tags: ['incidents'],
        summary: 'Applications nobody has moved for more than a number of working days, longest idle first',
        querystring: z.strictObject({
          workingDays: z.coerce.number().int().min(1).max(250).default(opts.idleWorkingDays).describe('full working days without a change'),
          cursor: z.string().max(500).optional(),
          limit: Limit,
        }),
        response: {
          200: IdlePage,
        },
      },
    },
    async (req) => {
      const cutoff = await idleCutoff(app.db, app.clock.now(), req.query.workingDays);
      const position = req.query.cursor === undefined ? undefined : decodeCursor(req.query.cursor, IdleCursor);
      const after = position && { id: position.id, updatedAt: new Date(position.updatedAt) };
      const p = await idleApplications(app.db, scopeOf(req.actor), { states: watchedStates, cutoff, after, limit: req.query.limit });
      return { items: p.items, total: p.total, nextCursor: p.next && encodeCursor(p.next), cutoff };
    },
  );

  app.post(
    '/incidents/timers/:id/retry',
    {
      config: { roles: ['admin'], problems: ['NOT_FOUND', 'INCIDENT_CLOSED'] },
      schema: {
        tags: ['incidents'],
        summary: "Fire a refused or failing timer now (admin); the machine's checks still apply and history records who and why",
        params: NumericId,
        body: Reason,
        response: { 200: TransitionResult },
      },
    },
    async (req) => {
      return retryTimer(app.db, app.clock, req.params.id, req.actor, req.body.reason);
    },
  );

  for (const how of ['retry', 'dismiss'] as const) {
    app.post(
      `/incidents/messages/:id/${how}`,
      {
        config: { roles: ['admin'], problems: ['NOT_FOUND', 'INCIDENT_CLOSED'] },
        schema: {
          tags: ['incidents'],
          summary:
            how === 'retry' ? 'Deliver a given-up notice again, from its first attempt (admin)' : 'Give up a notice for good (admin)',
          params: NumericId,
          body: Reason,
          response: { 200: AuditEntry },
        },
      },
      async (req) => {
        return settleGivenUpMessage(app.db, app.clock, req.params.id, how, req.actor, req.body.reason);
      },
    );
  }

  app.post(
    '/applications/:id/end-publicity',
    {
      config: {
        roles: ['admin'],
        problems: ['NOT_FOUND', 'ILLEGAL_TRANSITION', 'PUBLICITY_NOT_ELAPSED', 'PUBLICITY_HELD', 'CALENDAR_UNAVAILABLE'],
      },
      schema: {
        tags: ['incidents'],
        summary: "End a stranded publicity (admin): the service's own PUBLICITY_ENDED, refused like the timer's would be",
        params: z.strictObject({ id: z.uuid() }),
        body: Reason,
        response: { 200: TransitionResult },
      },
    },
    async (req) => {
      return endPublicity(app.db, app.clock, req.params.id, req.actor, req.body.reason);
    },
  );
}
