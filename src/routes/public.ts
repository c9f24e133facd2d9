import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { PlanLevel } from '../../machines/facts';
import { normalizeCode } from '../../machines/verification-code';
import type { DocumentSettings } from '../config';
import { publicityIndexHtml } from '../documents/public-pages';
import { publicityListHtml } from '../documents/publicity-list';
import {
  type Verification,
  type VerificationRefusal,
  verificationFormHtml,
  verificationHtml,
  verificationRefusedHtml,
} from '../documents/verification-page';
import { AppError } from '../errors';
import { prefersHtml } from '../http/accept';
import { certificateByCode } from '../store/certificates';
import { verificationOf } from '../workflow/documents';
import { findPublicity, publicitiesInProgress, publicityStages, published } from '../workflow/publicity';

// Pages for anyone, with no token (registered outside the authenticated /v1 scope): the
// publicities in progress, public by nature (三(三)), with masked ID numbers only; and
// certificate verification (三(四)), by the QR code or by the number and code typed in.

const html = z.string().describe('an HTML page');

/** Pages with inline style and nothing else: no script, no request elsewhere. */
function sendPage(reply: FastifyReply, page: string) {
  return reply
    .type('text/html; charset=utf-8')
    .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
    .header('x-content-type-options', 'nosniff')
    .send(page);
}

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

  await app.register(certificateRoutes, { verifyRateLimit: settings.verifyRateLimit });
}

const CERTIFICATE_CODE = /^[0-9A-F]{12}$/;

/** A certificate number as typed off a print: case and spaces forgiven. */
const normalizeNumber = (typed: string) => typed.toUpperCase().replace(/\s/g, '');

const Bilingual = z.object({ zh: z.string(), en: z.string() });
const VerificationBody = z.object({
  status: z.enum(['valid', 'revoked']),
  certificateNumber: z.string(),
  holder: z.object({ name: z.string(), idNumber: z.string().describe('masked as on the publicity lists') }),
  level: PlanLevel,
  qualification: Bilingual,
  specialty: z.string(),
  year: z.number().int(),
  committee: Bilingual,
  issuer: Bilingual,
  issuedOn: z.iso.date(),
  revokedOn: z.iso.date().nullable(),
}) satisfies z.ZodType<Verification>;

/** Nothing to show: a page that says why for a reader, a problem for a client. */
class Refused extends Error {
  constructor(
    readonly why: VerificationRefusal,
    readonly typed: { number?: string; code?: string },
  ) {
    super(why);
  }

  get problem(): AppError {
    if (this.why === 'unknown' || this.why === 'mismatch') return new AppError('NOT_FOUND');
    return this.why === 'incomplete'
      ? AppError.invalid('querystring', '/code', 'a certificate is verified by its code; the number alone is not enough')
      : AppError.invalid(
          this.typed.number === undefined ? 'params' : 'querystring',
          '/code',
          'a certificate code is 12 characters 0-9, A-F',
        );
  }
}

const REFUSAL_STATUS: Record<VerificationRefusal, number> = { malformed: 400, incomplete: 400, unknown: 404, mismatch: 404, tooMany: 429 };

/**
 * Certificate verification (三(四)): by the QR code's address, or by the number and code typed
 * into a form. A browser gets pages, a client JSON; a reader who typed something wrong gets a
 * page that says what, never a problem document.
 */
async function certificateRoutes(fastify: FastifyInstance, settings: Pick<DocumentSettings, 'verifyRateLimit'>) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const rateLimit = { max: settings.verifyRateLimit, timeWindow: '1 minute' };

  app.setErrorHandler((err, req, reply) => {
    if (!prefersHtml(req)) throw err instanceof Refused ? err.problem : err;
    if (err instanceof Refused) return sendPage(reply.status(REFUSAL_STATUS[err.why]), verificationRefusedHtml(err.why, err.typed));
    if (err instanceof AppError && err.code === 'RATE_LIMITED') {
      const { retryAfterSeconds } = (err as AppError<'RATE_LIMITED'>).extensions;
      reply.status(429).header('retry-after', String(retryAfterSeconds));
      return sendPage(reply, verificationRefusedHtml('tooMany'));
    }
    if (hasZodFastifySchemaValidationErrors(err)) return sendPage(reply.status(400), verificationRefusedHtml('malformed'));
    throw err;
  });

  async function verify(req: FastifyRequest, reply: FastifyReply, typed: { number?: string; code: string }) {
    const code = normalizeCode(typed.code);
    if (!CERTIFICATE_CODE.test(code)) throw new Refused('malformed', typed);
    const cert = await certificateByCode(app.db, code);
    if (!cert) throw new Refused('unknown', typed);
    if (typed.number !== undefined && normalizeNumber(typed.number) !== cert.number) throw new Refused('mismatch', typed);
    const verification = verificationOf(cert);
    reply.header('cache-control', 'no-store').header('vary', 'accept');
    return prefersHtml(req) ? sendPage(reply, verificationHtml(verification)) : verification;
  }

  const answer = { 200: z.union([VerificationBody, html]) };

  app.get(
    '/certificates',
    {
      config: { problems: ['VALIDATION_FAILED', 'NOT_FOUND', 'RATE_LIMITED'], rateLimit },
      schema: {
        tags: ['public'],
        summary:
          'Certificate verification by number and code as typed (no token, rate-limited): without them, the form to type them into; ' +
          'with them, the record (holder, masked ID number, number, title, specialty, year, committee, issuer, state) as JSON or, for a browser, a page',
        security: [],
        produces: ['application/json', 'text/html'],
        querystring: z.object({
          number: z.string().max(64).optional().describe('as printed, e.g. CX2021M07-0012'),
          code: z.string().max(64).optional().describe('as printed under the QR code, dashes and case forgiven'),
        }),
        response: answer,
      },
    },
    async (req, reply) => {
      const { number, code } = req.query;
      if (code === undefined || code.trim() === '') {
        if (number === undefined && prefersHtml(req)) return sendPage(reply, verificationFormHtml());
        throw new Refused('incomplete', { number });
      }
      return verify(req, reply, { number, code });
    },
  );

  app.get(
    '/certificates/:code',
    {
      config: { problems: ['VALIDATION_FAILED', 'NOT_FOUND', 'RATE_LIMITED'], rateLimit },
      schema: {
        tags: ['public'],
        summary:
          "Where a certificate's QR code leads (no token, rate-limited): its record as JSON or, for a browser, a page; an unknown code is a page that says so",
        security: [],
        produces: ['application/json', 'text/html'],
        params: z.object({ code: z.string().min(1).max(64) }),
        response: answer,
      },
    },
    (req, reply) => verify(req, reply, { code: req.params.code }),
  );
}
