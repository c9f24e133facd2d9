import type { FastifyRequest } from 'fastify';
import type { Role } from '../../machines/events';
import { AppError } from '../errors';

export function requireRole(req: FastifyRequest, ...allowed: Role[]): void {
  if (!(allowed as string[]).includes(req.actor.role)) throw new AppError('FORBIDDEN', { role: req.actor.role });
}
