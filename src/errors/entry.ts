import { z } from 'zod';
import { eventTypes } from '../../machines/events';
import { BanYears } from '../../machines/rules/ban-window';

export const ValidationIssue = z.object({
  in: z.enum(['body', 'querystring', 'params', 'headers', 'request']),
  /** JSON Pointer into that part of the request; `/` for the whole of it. */
  path: z.string(),
  message: z.string(),
});

/**
 * Why a bearer token names nobody: none sent, not a JWT, a wrong signature, expired or issued
 * ahead, claims the service cannot use (which claim, and why), or a unit not registered.
 */
export const TokenRefusal = z.object({
  reason: z.enum(['missing', 'malformed', 'signature', 'expired', 'not yet valid', 'claims', 'unregistered unit', 'session']),
  claims: z.array(z.object({ claim: z.string(), message: z.string() })).optional(),
});

/** Where the application stands when an event is refused in its state, and what the caller may send instead. */
export const inState = {
  state: z.string().optional(),
  version: z.number().int().optional(),
  allowedEvents: z.array(z.enum(eventTypes)).optional(),
};
export const Bans = z.array(BanYears);
export const isoDate = z.iso.date();
export const instant = z.union([z.iso.datetime(), z.date()]);

export const entry = <M extends z.ZodRawShape>(status: number, title: string, zh: string, en: string, members: M) => ({
  status,
  title,
  zh,
  en,
  members: z.object(members),
});
