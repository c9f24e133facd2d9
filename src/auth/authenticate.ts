import type { FastifyRequest } from 'fastify';
import type { Actor, Role } from '../../machines/events';
import { AppError } from '../errors';
import type { TokenService } from './jwt';
import { requireRole } from './require-role';
import { sameSiteWrite, sessionCookieOf } from './session-cookie';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The only roles that may call this route: others get 403 before the body is read or validated. */
    roles?: readonly Role[];
  }
  interface FastifyRequest {
    /** The cookie's session value when the caller signed in by cookie rather than by bearer token. */
    sessionValue?: string;
  }
}

export type AuthDeps = {
  tokens: TokenService;
  isRegisteredUnit: (unitId: string) => Promise<boolean>;
  /** Who a session cookie speaks for; absent where no session is accepted (the metrics port). */
  sessionActor?: (value: string) => Promise<Actor | undefined>;
};

/**
 * An onRequest hook: who is calling — by bearer token (API clients), else by the console's
 * session cookie — 401 if nobody, or a unit naming no registered unit; and whether the route
 * admits that role at all (403). A bearer header, when sent, is the only credential looked at.
 */
export function authenticate({ tokens, isRegisteredUnit, sessionActor }: AuthDeps) {
  return async (req: FastifyRequest) => {
    const cookie = req.headers.authorization === undefined && sessionActor ? sessionCookieOf(req) : undefined;
    let actor: Actor;
    if (cookie) {
      const held = await sessionActor?.(cookie);
      if (!held) throw new AppError('UNAUTHENTICATED', { reason: 'session' });
      if (!sameSiteWrite(req)) throw new AppError('CROSS_SITE_REQUEST');
      req.sessionValue = cookie;
      actor = held;
    } else {
      const checked = tokens.check(req.headers.authorization);
      if ('refusal' in checked) throw new AppError('UNAUTHENTICATED', checked.refusal);
      actor = checked.actor;
    }
    // A unit token speaks for a registered unit only.
    if (actor.role === 'unit' && !(await isRegisteredUnit(actor.unitId ?? ''))) {
      throw new AppError('UNAUTHENTICATED', { reason: 'unregistered unit' });
    }
    req.actor = actor;
    const roles = req.routeOptions.config.roles;
    if (roles) requireRole(req, ...roles);
  };
}
