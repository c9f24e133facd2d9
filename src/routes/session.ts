import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type Actor, roles } from '../../machines/events';
import type { TokenService } from '../auth/jwt';
import { clearSessionCookie, setSessionCookie } from '../auth/session-cookie';
import { AppError } from '../errors';
import { applicantName } from '../store/applications';
import type { SessionHolder } from '../store/sessions';
import { unitOf } from '../store/units';
import { signIn, signOutEverywhere } from '../workflow/sessions';

/** A session lasts at most this long, and never past the token it was opened with. */
const SESSION_HOURS = 12;

const Session = z.object({
  sub: z.string(),
  role: z.enum(roles),
  unitId: z.string().nullable(),
  label: z.string().describe("how the console greets the caller: an applicant's name, a unit's registered name, else the subject"),
  session: z.boolean().describe('signed in by the session cookie (true) or by a bearer token (false)'),
});

/** The caller as a session may hold it; the service itself never signs in. */
function holderOf(actor: Actor): SessionHolder {
  const role = roles.find((r) => r === actor.role);
  if (!role) throw new AppError('FORBIDDEN');
  return { sub: actor.sub, role, unitId: actor.unitId };
}

/**
 * Sign-in for the browser (issue 27): a bearer token is exchanged once for an HttpOnly,
 * SameSite=Strict cookie naming a server-side session, so a new tab is signed in and no
 * token sits in a URL, in storage a script can read, or in a log. Signing out ends every
 * session of the person at once. API clients keep sending the bearer header.
 */
export async function sessionRoutes(fastify: FastifyInstance, opts: { tokens: TokenService }) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  const describe = async (holder: SessionHolder, session: boolean) => {
    const label =
      holder.role === 'unit'
        ? (await unitOf(app.db, holder.unitId ?? ''))?.name
        : holder.role === 'applicant'
          ? await applicantName(app.db, holder.sub)
          : undefined;
    return { ...holder, label: label ?? holder.sub, session };
  };

  app.post(
    '/session',
    {
      schema: {
        tags: ['session'],
        summary: 'Sign in: exchange the bearer token for a session cookie (HttpOnly, SameSite=Strict)',
        body: z.strictObject({}).nullish(),
        response: { 201: Session },
      },
    },
    async (req, reply) => {
      // Only a token opens a session: a session cookie cannot prolong itself.
      const bearer = opts.tokens.bearerOf(req.headers.authorization);
      if (!bearer) throw new AppError('UNAUTHENTICATED');
      const holder = holderOf(req.actor);
      const now = new Date();
      // Tokens expire by the wall clock, and so does the session opened with one.
      const expiresAt = new Date(Math.min(bearer.expiresAt.getTime(), now.getTime() + SESSION_HOURS * 3600_000));
      setSessionCookie(req, reply, await signIn(app.db, app.clock, holder, expiresAt));
      reply.header('cache-control', 'no-store');
      return reply.code(201).send(await describe(holder, true));
    },
  );

  app.get(
    '/session',
    {
      schema: {
        tags: ['session'],
        summary: 'Who is signed in (by cookie or bearer token)',
        querystring: z.strictObject({}),
        response: { 200: Session },
      },
    },
    async (req, reply) => {
      reply.header('cache-control', 'no-store');
      return describe(holderOf(req.actor), req.sessionValue !== undefined);
    },
  );

  app.delete(
    '/session',
    {
      schema: {
        tags: ['session'],
        summary: 'Sign out everywhere: end every session of the caller (this person in this role) in every browser',
        response: { 200: z.object({ revoked: z.number().int().describe('sessions ended') }) },
      },
    },
    async (req, reply) => {
      const revoked = await signOutEverywhere(app.db, app.clock, holderOf(req.actor));
      clearSessionCookie(req, reply);
      return { revoked };
    },
  );
}
