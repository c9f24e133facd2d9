import { createSigner, createVerifier } from 'fast-jwt';
import { z } from 'zod';
import type { Actor, Role } from '../../machines/events';
import { isValidIdNumber } from '../../machines/rules/id-number';
import type { TokenRefusal } from '../errors';
import { isStorable } from '../http/storable-strings';

/** Clocks of issuer and service may disagree by this much, no more. */
const CLOCK_SKEW_MS = 60_000;

/** The longest `sub` or `unitId` a token may carry: they are written into history, audit and webhooks. */
export const MAX_CLAIM_LENGTH = 128;

/** A claim the service will store: checked here, before any statement or log sees it. */
const ClaimText = z.string().min(1).max(MAX_CLAIM_LENGTH).refine(isStorable, 'contains U+0000 or a lone surrogate, which cannot be stored');

const Claims = z.discriminatedUnion('role', [
  z.object({ role: z.literal('applicant'), sub: z.string().refine(isValidIdNumber, 'sub must be an 18-digit ID number') }),
  z.object({ role: z.literal('unit'), sub: ClaimText, unitId: ClaimText }),
  ...(['hr', 'committee', 'admin'] as const).map((role) => z.object({ role: z.literal(role), sub: ClaimText })),
]);

/** Why fast-jwt refused a token, in the words of the problem document. */
const refusalOf = (code: unknown): TokenRefusal['reason'] => {
  switch (code) {
    case 'FAST_JWT_EXPIRED':
      return 'expired';
    case 'FAST_JWT_INACTIVE':
      return 'not yet valid';
    case 'FAST_JWT_MISSING_REQUIRED_CLAIM':
      return 'claims';
    case 'FAST_JWT_INVALID_SIGNATURE':
    case 'FAST_JWT_INVALID_ALGORITHM':
      return 'signature';
    default:
      return 'malformed';
  }
};

/** A token issued in the future was minted by a wrong clock or forged to outlive its lifetime. */
const Issued = z.object({ iat: z.number().optional() });
const issuedInFuture = (payload: unknown) => {
  const iat = Issued.safeParse(payload).data?.iat;
  return iat !== undefined && iat * 1000 > Date.now() + CLOCK_SKEW_MS;
};

export type TokenClaims = { sub: string; role: Role; unitId?: string };

/** Callers remembered at once; past it the memory starts over rather than grow. */
const KNOWN_TOKENS = 10_000;

/**
 * HS256 bearer tokens (SPEC §7) that must expire (`exp` required); `nbf` or `iat` further
 * in the future than the clock skew is refused. The caller a token names is remembered until
 * the token expires, so a repeat token costs a lookup (no signature, no claims parsing).
 */
export function createTokenService(secret: string) {
  const verify = createVerifier({
    key: secret,
    algorithms: ['HS256'],
    requiredClaims: ['exp'],
    clockTolerance: CLOCK_SKEW_MS,
  });
  const known = new Map<string, { actor: Actor & { role: Role }; expiresAt: Date; until: number }>();
  const sign = createSigner({ key: secret, algorithm: 'HS256', expiresIn: 12 * 3600 * 1000 });
  /** The caller, or why the token names nobody: missing, forged, expired, malformed, or claims the service cannot use. */
  function check(authorization: string | undefined): { actor: Actor & { role: Role }; expiresAt: Date } | { refusal: TokenRefusal } {
    if (!authorization) return { refusal: { reason: 'missing' } };
    const token = /^Bearer ([\w-]+\.[\w-]+\.[\w-]+)$/.exec(authorization)?.[1];
    if (!token) return { refusal: { reason: 'malformed' } };
    const seen = known.get(token);
    if (seen && seen.until > Date.now()) return seen;
    let payload: unknown;
    try {
      payload = verify(token);
    } catch (err) {
      return { refusal: { reason: refusalOf((err as { code?: unknown }).code) } };
    }
    if (issuedInFuture(payload)) return { refusal: { reason: 'not yet valid' } };
    const claims = Claims.safeParse(payload);
    if (!claims.success) {
      const issues = claims.error.issues.map((i) => ({ claim: i.path.map(String).join('.') || 'role', message: i.message }));
      return { refusal: { reason: 'claims', claims: issues } };
    }
    const c = claims.data;
    const actor = Object.freeze({ sub: c.sub, role: c.role, unitId: 'unitId' in c ? c.unitId : null });
    const exp = (payload as { exp: number }).exp * 1000;
    const entry = { actor, expiresAt: new Date(exp), until: exp + CLOCK_SKEW_MS };
    if (known.size >= KNOWN_TOKENS) known.clear();
    known.set(token, entry);
    return entry;
  }
  /** The caller and when the token expires, or null. */
  function bearerOf(authorization: string | undefined) {
    const checked = check(authorization);
    return 'actor' in checked ? checked : null;
  }
  return {
    check,
    /** The caller, or null for a missing, forged, expired or malformed token. */
    actorOf(authorization: string | undefined): Actor | null {
      return bearerOf(authorization)?.actor ?? null;
    },
    /** The caller and when the token expires (a session opened with it must not outlive it). */
    bearerOf,
    sign: (claims: TokenClaims): string => sign(claims),
  };
}

export type TokenService = ReturnType<typeof createTokenService>;
