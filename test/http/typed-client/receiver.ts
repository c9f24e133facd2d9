// README's webhook receiver, typed by the document's `webhooks`: checks the signature against
// every key it holds, drops a delivery id it has seen, and reads the body only once the
// document's schema for an event delivery or a ping accepts it.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import type { Delivery, Ping, WebhookHeader } from './checks';

type Validator<T> = { (value: unknown): value is T; errors?: unknown };
/** A signed request the receiver accepted, with the keys whose signature it carried. */
export type Received = { deliveryId: string; signedWith: string[]; body: Delivery | Ping };

const signature: WebhookHeader = 'x-title-review-signature';
const deliveryId: WebhookHeader = 'x-title-review-delivery';

/** The keys among `secrets` whose HMAC-SHA256(key, t + "." + body) is one of the header's v1 values. */
function signers(secrets: readonly string[], header: string, body: string): string[] {
  const fields = header.split(',').map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]);
  const t = fields.find(([k]) => k === 't')?.[1];
  if (t === undefined) return [];
  const given = fields.filter(([k]) => k === 'v1').map(([, v]) => Buffer.from(v ?? '', 'hex'));
  return secrets.filter((secret) => {
    const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest();
    return given.some((v1) => v1.length === expected.length && timingSafeEqual(v1, expected));
  });
}

export async function startReceiver(isDelivery: Validator<Delivery>, isPing: Validator<Ping>) {
  const secrets: string[] = [];
  const received: Received[] = [];
  const refused: string[] = [];
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk) => {
      raw += chunk;
    });
    req.on('end', () => {
      const signedWith = signers(secrets, String(req.headers[signature]), raw);
      const id = String(req.headers[deliveryId] ?? '');
      const body: unknown = JSON.parse(raw);
      if (signedWith.length === 0 || !(isPing(body) || isDelivery(body)) || body.id !== id) {
        refused.push(`${id}: ${raw.slice(0, 200)} ${JSON.stringify(isDelivery.errors)}`);
        res.writeHead(400).end();
        return;
      }
      // At least once: a delivery id already seen is acknowledged and dropped.
      if (!received.some((r) => r.deliveryId === id)) received.push({ deliveryId: id, signedWith, body });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('receiver: no port');
  return {
    url: `http://127.0.0.1:${address.port}/hook`,
    secrets,
    received,
    refused,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
