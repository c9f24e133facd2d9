import { createSigner, createVerifier } from 'fast-jwt';
import { z } from 'zod';
import type { Actor, Role } from '../../machines/events';
import { isValidIdNumber } from '../../machines/rules/id-number';

/** Clocks of issuer and service may disagree by this much, no more. */
const CLOCK_SKEW_MS = 60_000;

const Claims = z.discriminatedUnion('role', [
  z.object({ role: z.literal('applicant'), sub: z.string().refine(isValidIdNumber, 'sub must be an 18-digit ID number') }),
  z.object({ role: z.literal('unit'), sub: z.string().min(1), unitId: z.string().min(1) }),
  ...(['hr', 'committee', 'admin'] as const).map((role) => z.object({ role: z.literal(role), sub: z.string().min(1) })),
]);

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
  const known = new Map<string, { actor: Actor; until: number }>();
  const sign = createSigner({ key: secret, algorithm: 'HS256', expiresIn: 12 * 3600 * 1000 });
  return {
    /** The caller, or null for a missing, forged, expired or malformed token. */
    actorOf(authorization: string | undefined): Actor | null {
      const token = /^Bearer ([\w-]+\.[\w-]+\.[\w-]+)$/.exec(authorization ?? '')?.[1];
      if (!token) return null;
      const seen = known.get(token);
      if (seen && seen.until > Date.now()) return seen.actor;
      try {
        const payload = verify(token);
        const claims = Claims.safeParse(payload);
        if (!claims.success || issuedInFuture(payload)) return null;
        const c = claims.data;
        const actor: Actor = Object.freeze({ sub: c.sub, role: c.role, unitId: 'unitId' in c ? c.unitId : null });
        if (known.size >= KNOWN_TOKENS) known.clear();
        known.set(token, { actor, until: (payload as { exp: number }).exp * 1000 + CLOCK_SKEW_MS });
        return actor;
      } catch {
        return null;
      }
    },
    sign: (claims: TokenClaims): string => sign(claims),
  };
}

export type TokenService = ReturnType<typeof createTokenService>;
