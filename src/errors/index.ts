import type { z } from 'zod';
import { adminErrors } from './admin';
import { documentsErrors } from './documents';
import type { TokenRefusal as TokenRefusalSchema, ValidationIssue as ValidationIssueSchema } from './entry';
import { requestErrors } from './request';
import { transitionErrors } from './transition';

// The one registry of refusals: a stable code, its HTTP status, the zh-CN / English detail,
// and the extension members its problem document carries. Tests assert on `code`, never on text.
// The entries live beside this file, one file per part of the service that refuses.

export const errorRegistry = { ...requestErrors, ...transitionErrors, ...adminErrors, ...documentsErrors } as const;

export type TokenRefusal = z.infer<typeof TokenRefusalSchema>;
export type ErrorCode = keyof typeof errorRegistry;
/** The extension members a problem of this code carries. */
export type ProblemMembers<C extends ErrorCode> = C extends ErrorCode ? z.input<(typeof errorRegistry)[C]['members']> : never;
export type ValidationIssue = z.infer<typeof ValidationIssueSchema>;

export class AppError<C extends ErrorCode = ErrorCode> extends Error {
  readonly status: number;
  readonly extensions: ProblemMembers<C>;
  constructor(
    readonly code: C,
    ...[extensions]: Record<never, never> extends ProblemMembers<C> ? [ProblemMembers<C>?] : [ProblemMembers<C>]
  ) {
    super(code);
    this.status = errorRegistry[code].status;
    this.extensions = (extensions ?? {}) as ProblemMembers<C>;
  }

  /** The one shape of VALIDATION_FAILED: which part of the request, where in it, and why. */
  static invalid(part: ValidationIssue['in'], path: string, message: string): AppError<'VALIDATION_FAILED'> {
    return new AppError('VALIDATION_FAILED', { errors: [{ in: part, path, message }] });
  }
}
