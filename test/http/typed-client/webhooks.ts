// README "Follow by webhook" and "Running an endpoint": register (the secret shown once), pause,
// events written while paused, resume, the delivery log, a ping, a key rotation whose overlap
// signs with both keys; the receiver is README's, typed (./receiver).
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Client } from 'openapi-fetch';
import type { paths } from './api';
import { documentValidators, ok, refused } from './checks';
import { startReceiver } from './receiver';

type Api = Client<paths>;

/** `events` applies the events the endpoint is to deliver (they are written while it is paused). */
export async function followByWebhook(admin: Api, base: string, events: () => Promise<string>) {
  const { delivery, ping: isPing } = await documentValidators(base);
  const receiver = await startReceiver(delivery, isPing);
  try {
    const registration = {
      url: receiver.url,
      eventTypes: [
        'SUBMIT',
        'START_UNIT_PUBLICITY',
      ] satisfies paths['/v1/webhooks']['post']['requestBody']['content']['application/json']['eventTypes'],
    };
    const key = randomUUID();
    const register = () => admin.POST('/v1/webhooks', { params: { header: { 'idempotency-key': key } }, body: registration });
    const endpoint = ok(await register(), 'POST /v1/webhooks');
    const repeated = ok(await register(), 'POST /v1/webhooks again');
    receiver.secrets.push(endpoint.secret);
    const byId = { params: { path: { id: endpoint.id } } };

    const paused = ok(await admin.PATCH('/v1/webhooks/{id}', { ...byId, body: { paused: true } }), 'pause');
    const nothing = refused(await admin.PATCH('/v1/webhooks/{id}', { ...byId, body: {} }), 'PATCH {}');
    const applicationId = await events();
    const deliveries = { params: { path: { id: endpoint.id }, query: { limit: 50 } } };
    const held = ok(await admin.GET('/v1/webhooks/{id}/deliveries', deliveries), 'deliveries while paused');
    const resumed = ok(await admin.PATCH('/v1/webhooks/{id}', { ...byId, body: { paused: false } }), 'resume');

    // The service's sender delivers in the background: the log says when each one went out.
    let log = held;
    for (let i = 0; i < 200 && log.items.some((d) => d.deliveredAt === null); i++) {
      await sleep(100);
      log = ok(await admin.GET('/v1/webhooks/{id}/deliveries', deliveries), 'deliveries');
    }

    const ping = ok(await admin.POST('/v1/webhooks/{id}/ping', byId), 'ping');
    const previous = endpoint.secret;
    const rotated = ok(
      await admin.POST('/v1/webhooks/{id}/rotate-secret', { ...byId, body: { reason: '密钥定期轮换', overlapMinutes: 60 } }),
      'rotate-secret',
    );
    receiver.secrets.push(rotated.secret);
    const pingAfter = ok(await admin.POST('/v1/webhooks/{id}/ping', byId), 'ping after rotation');
    const lastPing = receiver.received.at(-1);
    return {
      applicationId,
      secretShown: endpoint.secret.length,
      repeatedSameEndpoint: repeated.id === endpoint.id && repeated.secret === endpoint.secret,
      pausedAt: paused.pausedAt !== null,
      nothingToChange: nothing.code,
      held: held.items.map((d) => ({ eventType: d.eventType, attempts: d.attempts, delivered: d.deliveredAt !== null })),
      resumedAt: resumed.pausedAt,
      log: log.items.map((d) => ({ eventType: d.eventType, lastStatus: d.lastStatus, delivered: d.deliveredAt !== null })),
      received: receiver.received.map((r) =>
        'type' in r.body
          ? { type: 'ping', endpoint: r.body.endpointId === endpoint.id }
          : { type: r.body.event.type, seq: r.body.event.seq, to: r.body.event.to, position: r.body.position },
      ),
      refused: receiver.refused,
      ping: ping.status,
      rotated: { newKey: rotated.secret !== previous, overlapUntil: rotated.previousSecretUntil !== null },
      pingAfterRotation: pingAfter.status,
      signedWithBoth: lastPing?.signedWith.length === 2,
    };
  } finally {
    await receiver.close();
  }
}
