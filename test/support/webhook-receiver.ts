import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

// A webhook receiver on 127.0.0.1 for the tests, written as another system would write one.

export type Received = { id: string; signature: string; body: string; answered: number };

/** A receiver that records every request and answers as `answer` says: 200, a failure, or (0) not at all. */
export async function receiver() {
  const received: Received[] = [];
  const state = { answer: (_r: Received): number => 200 };
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      const r = {
        id: String(req.headers['x-title-review-delivery']),
        signature: String(req.headers['x-title-review-signature']),
        body,
        answered: 0,
      };
      r.answered = state.answer(r);
      received.push(r);
      // 0: no answer at all, as from a receiver that hangs.
      if (r.answered !== 0) res.writeHead(r.answered).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return {
    url,
    received,
    state,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * What a receiver does: recompute HMAC-SHA256(secret, t + "." + body) and compare in constant
 * time with each `v1` the header carries (two during a key rotation).
 */
export function verifies(secret: string, header: string, body: string): boolean {
  const fields = header.split(',').map((kv) => kv.split('=') as [string, string]);
  const t = fields.find(([k]) => k === 't')?.[1];
  if (!t) return false;
  const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest();
  return fields
    .filter(([k]) => k === 'v1')
    .some(([, v]) => {
      const given = Buffer.from(v, 'hex');
      return given.length === expected.length && timingSafeEqual(given, expected);
    });
}
