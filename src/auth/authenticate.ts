import type { FastifyRequest } from 'fastify';
import type { Role } from '../../machines/events';
import { AppError } from '../errors';
import type { TokenService } from './jwt';
import { requireRole } from './require-role';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The only roles that may call this route: others get 403 before the body is read or validated. */
    roles?: readonly Role[];
  }
}

/**
 * An onRequest hook: who is calling (401 if nobody, or a unit token naming no registered unit),
 * and whether the route admits that role at all (403).
 */
export function authenticate(tokens: TokenService, isRegisteredUnit: (unitId: string) => Promise<boolean>) {
  return async (req: FastifyRequest) => {
    const checked = tokens.check(req.headers.authorization);
    if ('refusal' in checked) throw new AppError('UNAUTHENTICATED', checked.refusal);
    const { actor } = checked;
    // A unit token speaks for a registered unit only.
    if (actor.role === 'unit' && !(await isRegisteredUnit(actor.unitId ?? ''))) {
      throw new AppError('UNAUTHENTICATED', { reason: 'unregistered unit' });
    }
    req.actor = actor;
    const roles = req.routeOptions.config.roles;
    if (roles) requireRole(req, ...roles);
  };
}
