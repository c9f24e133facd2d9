import { createHmac } from 'node:crypto';
import { type Clock, systemClock } from '../clock';
import type { Db } from '../db/client';
import { deliveryIdHeader, signatureHeader } from '../http/openapi-webhooks';
import { type Attempt, claimDue, type DueDelivery, markDelivered, markFailed, releaseClaimed } from '../store/webhooks';

// Pushing applied events to the endpoints an admin registered: at least once, in order per
// application, signed as Stripe does, retried with exponential backoff, then given up (an
// incident an admin can replay).

/** After this many failed attempts a delivery is given up. */
export const MAX_WEBHOOK_ATTEMPTS = 8;
const FIRST_RETRY_MS = 10_000;
const LONGEST_RETRY_MS = 3_600_000;
/** How long a claimed delivery is this sender's: longer than one request may take. */
const LEASE_MS = 60_000;
const REQUEST_TIMEOUT_MS = 10_000;
/** A round sends the earliest undelivered event of this many applications at once… */
const HEADS = 100;
/** …and up to this many of each one's events, one after another. */
const CHAIN = 50;

/**
 * `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + body)>`: the receiver recomputes it over
 * the raw body. During a rotation's overlap one `v1` per key, the new key's first, as Stripe does.
 */
const signature = (secrets: readonly string[], unixSeconds: number, body: string) =>
  [
    `t=${unixSeconds}`,
    ...secrets.map((secret) => `v1=${createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex')}`),
  ].join(',');

/** The keys that sign at `now`: the endpoint's, and the one before a rotation while its overlap lasts. */
export const signingSecrets = (e: { secret: string; previousSecret: string | null; previousSecretUntil: Date | null }, now: Date) =>
  e.previousSecret !== null && e.previousSecretUntil !== null && e.previousSecretUntil > now ? [e.secret, e.previousSecret] : [e.secret];

/** The wait before attempt `attempts + 1`: 10 s, 20 s, 40 s … at most an hour. */
const backoffMs = (attempts: number) => Math.min(FIRST_RETRY_MS * 2 ** attempts, LONGEST_RETRY_MS);

/** What the receiver gets: the delivery id, and the event as the feed and history show it. */
function deliveryBody(d: DueDelivery): string {
  const { xid, position, ...event } = d.event;
  return JSON.stringify({ id: d.id, applicationId: d.applicationId, position: `${xid}.${position}`, event });
}

/** Sends one request and says what came back. */
export type Poster = (url: string, headers: Record<string, string>, body: string) => Promise<Attempt>;

export const httpPoster: Poster = async (url, headers, body) => {
  try {
    // Never followed: deliveries go only to the address an admin registered.
    const res = await fetch(url, { method: 'POST', headers, body, redirect: 'manual', signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    await res.body?.cancel();
    return { status: res.status, error: res.ok ? null : `HTTP ${res.status}` };
  } catch (err) {
    return { status: null, error: String((err as Error).cause ?? err) };
  }
};

/**
 * A signed request to an endpoint. `t` is the wall clock's time: the receiver checks it against
 * its own clock to refuse replays, and CLOCK=manual may have moved the service clock days away
 * (`now`, which picks the signing keys; event times stay on it).
 */
export function signedPost(post: Poster, e: Parameters<typeof signingSecrets>[0] & { url: string }, id: string, body: string, now: Date) {
  const sentAt = systemClock.now();
  return post(
    e.url,
    {
      'content-type': 'application/json',
      [deliveryIdHeader]: id,
      [signatureHeader]: signature(signingSecrets(e, now), Math.floor(sentAt.getTime() / 1000), body),
    },
    body,
  );
}

/**
 * One round: claims what is due and sends each chain in order, recording each outcome; a
 * failure ends its chain (the rest wait behind it), as does a lease running short. What a
 * chain delivered is recorded when it ends: a sender that dies before sends it again, as
 * at-least-once allows. Returns how many were attempted.
 */
export async function deliverWebhooks(db: Db, clock: Clock, post: Poster = httpPoster): Promise<number> {
  const now = clock.now();
  const leaseUntil = now.getTime() + LEASE_MS;
  const chains = await db.transaction((tx) => claimDue(tx, now, new Date(leaseUntil), HEADS, CHAIN));
  let attempted = 0;
  await Promise.all(
    chains.map(async (chain) => {
      const delivered = new Map<number, string[]>();
      let failed: { d: DueDelivery; attempt: Attempt } | null = null;
      let sent = 0;
      for (const d of chain) {
        if (sent > 0 && clock.now().getTime() > leaseUntil - 2 * REQUEST_TIMEOUT_MS) break;
        sent++;
        const attempt = await signedPost(post, d, d.id, deliveryBody(d), clock.now());
        if (attempt.error !== null) {
          failed = { d, attempt };
          break;
        }
        delivered.set(attempt.status!, [...(delivered.get(attempt.status!) ?? []), d.id]);
      }
      attempted += sent;
      for (const [status, ids] of delivered) await markDelivered(db, ids, clock.now(), status);
      if (failed) {
        const giveUp = failed.d.attempts + 1 >= MAX_WEBHOOK_ATTEMPTS;
        const retryAt = giveUp ? null : new Date(clock.now().getTime() + backoffMs(failed.d.attempts));
        await markFailed(db, failed.d.id, failed.attempt, retryAt, clock.now());
      }
      await releaseClaimed(
        db,
        chain.slice(sent).map((d) => d.id),
        clock.now(),
      );
    }),
  );
  return attempted;
}
