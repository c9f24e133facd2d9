import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { shanghaiDate } from '../../machines/rules/dates';
import { normalizeCode } from '../../machines/verification-code';
import type { DocumentSettings } from '../config';
import { publicityIndexHtml, type Verification, verificationHtml } from '../documents/public-pages';
import { publicityListHtml } from '../documents/publicity-list';
import { AppError } from '../errors';
import { certificateByCode } from '../store/certificates';
import { findPublicity, publicitiesInProgress, publicityStages, published } from '../workflow/publicity';

// Pages for anyone, with no token (registered outside the authenticated /v1 scope): the
// publicities in progress, public by nature (三(三)), with masked ID numbers only; and the
// certificate verification a QR code leads to (三(四)), which says valid or revoked and when.

const html = z.string().describe('an HTML page');

/** Pages with inline style and nothing else: no script, no request elsewhere. */
function sendPage(reply: FastifyReply, page: string) {
  return reply
    .type('text/html; charset=utf-8')
    .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
    .header('x-content-type-options', 'nosniff')
    .send(page);
}

const wantsHtml = (req: FastifyRequest) => /\btext\/html\b/.test(req.headers.accept ?? '');

export async function publicRoutes(fastify: FastifyInstance, settings: Pick<DocumentSettings, 'objectionsContact' | 'verifyRateLimit'>) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_req, context) => new AppError('RATE_LIMITED', { retryAfterSeconds: Math.ceil(context.ttl / 1000) }),
  });

  app.get(
    '/publicities',
    {
      schema: {
        tags: ['public'],
        summary: 'The publicities in progress (no token)',
        security: [],
        produces: ['text/html'],
        response: { 200: html },
      },
    },
    async (_req, reply) => {
      const lists = (await publicitiesInProgress(app.db)).map((list) => ({
        list,
        href: `publicities/${list.planId}/${list.stage}/${list.period.start}`,
      }));
      return sendPage(reply, publicityIndexHtml(lists));
    },
  );

  app.get(
    '/publicities/:planId/:stage/:start',
    {
      config: { problems: ['NOT_FOUND'] },
      schema: {
        tags: ['public'],
        summary: 'One publicity in progress: names, units, results, the period and where to object, ID numbers masked (no token)',
        security: [],
        produces: ['text/html'],
        params: z.object({ planId: z.uuid(), stage: z.enum(publicityStages), start: z.iso.date() }),
        response: { 200: html },
      },
    },
    async (req, reply) => {
      const { planId, stage, start } = req.params;
      const publicity = await findPublicity(app.db, planId, stage, start);
      if (!publicity) throw new AppError('NOT_FOUND');
      return sendPage(reply, publicityListHtml(published(publicity, settings.objectionsContact)));
    },
  );

  app.get(
    '/certificates/:code',
    {
      config: { problems: ['NOT_FOUND', 'RATE_LIMITED'], rateLimit: { max: settings.verifyRateLimit, timeWindow: '1 minute' } },
      schema: {
        tags: ['public'],
        summary: 'Verify a certificate by its short code: valid or revoked, and the date; nothing else (no token, rate-limited)',
        security: [],
        produces: ['application/json', 'text/html'],
        params: z.object({ code: z.string().min(1).max(32) }),
        response: {
          200: z.discriminatedUnion('status', [
            z.object({ status: z.literal('valid'), issuedOn: z.iso.date() }),
            z.object({ status: z.literal('revoked'), revokedOn: z.iso.date() }),
          ]),
        },
      },
    },
    async (req, reply) => {
      const cert = await certificateByCode(app.db, normalizeCode(req.params.code));
      if (!cert) throw new AppError('NOT_FOUND');
      const verification: Verification = cert.revokedAt
        ? { status: 'revoked', revokedOn: shanghaiDate(cert.revokedAt.toISOString()) }
        : { status: 'valid', issuedOn: shanghaiDate(cert.issuedAt.toISOString()) };
      reply.header('cache-control', 'no-store');
      return wantsHtml(req) ? sendPage(reply, verificationHtml(verification)) : verification;
    },
  );
}
