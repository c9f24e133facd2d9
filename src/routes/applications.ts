import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { EventType } from '../../machines/events';
import { Facts, Material } from '../../machines/facts';
import { scopeOf } from '../auth/access';
import { AppError } from '../errors';
import { decodeCursor, encodeCursor } from '../http/cursor';
import { EventBody, isServiceOnly } from '../http/event-bodies';
import { langOf } from '../http/problem';
import {
  ApplicationPage,
  ApplicationView,
  asHistoryItem,
  Certificate,
  CreationHeaders,
  History,
  TransitionResult,
} from '../http/responses';
import { listApplications } from '../store/application-list';
import { certificateOf, historyOf } from '../store/applications';
import { applyTransition } from '../workflow/apply-transition';
import { createApplication } from '../workflow/create-application';
import { createOnce } from '../workflow/create-once';
import { applicationView } from '../workflow/view';
import { visibleApplication, visibleRow } from '../workflow/visible';
import { ListCursor, ListQuery } from './application-query';

const Params = z.object({ id: z.uuid() });

const EventHeaders = z.object({
  'if-match': z
    .string()
    .regex(/^(W\/)?"?\d{1,9}"?$/, 'If-Match must be the version number')
    .transform((v) => Number(v.replace(/\D/g, '')))
    .optional(),
  'idempotency-key': z.string().min(1).max(200).optional(),
});

const CreateBody = z
  .object({
    planId: z.uuid(),
    unitId: z.string().min(1).max(64),
    facts: Facts,
    materials: z.array(Material).max(100).default([]),
  })
  .strict();

/** What sending an event may be refused with: the role, the state, the version, the machine's checks. */
const eventProblems = [
  'NOT_FOUND',
  'FORBIDDEN',
  'ILLEGAL_TRANSITION',
  'VERSION_CONFLICT',
  'IDEMPOTENCY_KEY_REUSED',
  'MATERIALS_FROZEN',
  'MATERIAL_NOT_UPLOADED',
  'SUPPLEMENT_ITEMS_MISMATCH',
  'SUPPLEMENT_NOT_UPLOADED',
  'NOT_ELIGIBLE',
  'BANNED',
  'PLAN_CLOSED',
  'FACTS_UNVERIFIED',
  'PUBLICITY_NOT_ELAPSED',
  'PUBLICITY_HELD',
  'PAPER_INCOMPLETE',
  'REVIEW_FORM_MISMATCH',
  'FEE_MISMATCH',
  'DATE_IN_PAST',
  'DEADLINE_NOT_PASSED',
  'INTERVIEW_NOT_DUE',
  'INTERVIEW_STARTED',
  'CALENDAR_UNAVAILABLE',
] as const;

export async function applicationRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.post(
    '/applications',
    {
      config: {
        roles: ['applicant'],
        problems: ['UNKNOWN_UNIT', 'DUPLICATE_APPLICATION', 'MATERIAL_NOT_UPLOADED', 'PLAN_CLOSED', 'NOT_FOUND', 'IDEMPOTENCY_KEY_REUSED'],
      },
      schema: {
        tags: ['applications'],
        summary: 'Create a draft application (applicant)',
        headers: CreationHeaders,
        body: CreateBody,
        response: { 201: ApplicationView },
      },
    },
    async (req, reply) => {
      const request = { actor: req.actor.sub, key: req.headers['idempotency-key'], route: 'POST /v1/applications', body: req.body };
      const created = await createOnce(app.db, app.clock, request, (tx) =>
        createApplication(tx, app.clock, req.actor, req.body, langOf(req)),
      );
      return reply.status(201).header('location', `/v1/applications/${created.id}`).send(created);
    },
  );

  app.get(
    '/applications/:id',
    {
      config: { problems: ['NOT_FOUND', 'CALENDAR_UNAVAILABLE'] },
      schema: {
        tags: ['applications'],
        summary: 'State, version, context and the events the caller may send',
        params: Params,
        response: { 200: ApplicationView },
      },
    },
    async (req, reply) => {
      const row = await visibleApplication(app.db, req.params.id, req.actor);
      reply.header('etag', `"${row.version}"`);
      return applicationView(row, req.actor, app.clock.now().toISOString(), langOf(req));
    },
  );

  app.get(
    '/applications',
    {
      schema: {
        tags: ['applications'],
        summary: 'Search the applications the caller may see; keyset pages in creation order or order of last change',
        querystring: ListQuery,
        response: { 200: ApplicationPage },
      },
    },
    async (req) => {
      const { q, state, cursor, ...filter } = req.query;
      const position = cursor === undefined ? undefined : decodeCursor(cursor, ListCursor);
      if (position && position.sort !== filter.sort)
        throw AppError.invalid('querystring', '/cursor', 'the cursor belongs to another order');
      const after = position && { id: position.id, updatedAt: position.updatedAt ? new Date(position.updatedAt) : undefined };
      const page = await listApplications(app.db, { ...filter, search: q, states: state, after }, scopeOf(req.actor));
      const nextCursor = page.next && encodeCursor({ sort: filter.sort, id: page.next.id, updatedAt: page.next.updatedAt.toISOString() });
      return { items: page.items, nextCursor };
    },
  );

  app.post(
    '/applications/:id/events',
    {
      config: { problems: eventProblems },
      // The service's own events are not in the body's schema: say 403, as for any event the role may not send.
      preValidation: async (req) => {
        const { type } = (req.body ?? {}) as { type?: unknown };
        if (typeof type === 'string' && isServiceOnly(type))
          throw new AppError('FORBIDDEN', { eventType: type as EventType, role: req.actor.role });
      },
      schema: {
        tags: ['applications'],
        summary: "Send an event; refused unless the machine and the caller's role allow it",
        params: Params,
        body: EventBody,
        headers: EventHeaders,
        response: { 200: TransitionResult },
      },
    },
    async (req) =>
      applyTransition(app.db, app.clock, {
        applicationId: req.params.id,
        body: req.body as { type: EventType } & Record<string, unknown>,
        actor: req.actor,
        ifMatch: req.headers['if-match'],
        idempotencyKey: req.headers['idempotency-key'],
        requestId: req.id,
        lang: langOf(req),
      }),
  );

  app.get(
    '/applications/:id/history',
    {
      config: { problems: ['NOT_FOUND'] },
      schema: { tags: ['applications'], summary: 'Every applied event, in order', params: Params, response: { 200: History } },
    },
    async (req) => {
      await visibleRow(app.db, req.params.id, req.actor);
      return { items: (await historyOf(app.db, req.params.id)).map(asHistoryItem) };
    },
  );

  app.get(
    '/applications/:id/certificate',
    {
      config: { problems: ['NOT_FOUND', 'CERTIFICATE_REVOKED'] },
      schema: {
        tags: ['applications'],
        summary: 'The electronic certificate (三(四)); 410 once revoked',
        params: Params,
        response: { 200: Certificate },
      },
    },
    async (req) => {
      await visibleRow(app.db, req.params.id, req.actor);
      const cert = await certificateOf(app.db, req.params.id);
      if (!cert) throw new AppError('NOT_FOUND');
      if (cert.revokedAt) throw new AppError('CERTIFICATE_REVOKED', { number: cert.number, revokedAt: cert.revokedAt });
      return cert;
    },
  );
}
