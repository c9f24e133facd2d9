import { randomBytes } from 'node:crypto';
import type { Clock } from '../clock';
import type { Db } from '../db/client';
import { uuidv7 } from '../db/uuid';
import { AppError } from '../errors';
import { recordAction } from '../store/audit';
import {
  createEndpoint,
  deleteEndpoint,
  deliveryExists,
  type Endpoint,
  type EndpointFields,
  editEndpoint,
  liveEndpoint,
  replayDelivery,
} from '../store/webhooks';

// An admin's changes to the webhook registry, each written with its audit record in one
// transaction: who registered, changed, paused, rotated, deleted or replayed what, and when.

export const newSecret = () => randomBytes(32).toString('hex');

/** Inside the caller's transaction (an Idempotency-Key's), as every creation is. */
export async function registerEndpoint(tx: Db, actor: string, fields: EndpointFields, at: Date): Promise<Endpoint> {
  const endpoint = await createEndpoint(tx, { id: uuidv7(), ...fields, createdBy: actor, createdAt: at });
  const { secret: _secret, ...details } = fields;
  await recordAction(tx, { action: 'webhook.create', target: endpoint.id, actor, reason: null, details, at });
  return endpoint;
}

export type EndpointChange = Partial<EndpointFields> & { paused?: boolean };

export async function changeEndpoint(db: Db, clock: Clock, id: string, change: EndpointChange, actor: string): Promise<Endpoint> {
  const { paused, ...fields } = change;
  return db.transaction(async (tx) => {
    const at = clock.now();
    const edited = await editEndpoint(tx, id, { ...fields, ...(paused === undefined ? {} : { pausedAt: paused ? at : null }) });
    if (!edited) throw new AppError('NOT_FOUND');
    const { secret, ...details } = change;
    await recordAction(tx, {
      action: 'webhook.edit',
      target: edited.id,
      actor,
      reason: null,
      details: { ...details, ...(secret ? { secret: 'changed' } : {}) },
      at,
    });
    return edited;
  });
}

export async function removeEndpoint(db: Db, clock: Clock, id: string, actor: string): Promise<Endpoint> {
  return db.transaction(async (tx) => {
    const at = clock.now();
    const deleted = await deleteEndpoint(tx, id, at);
    if (!deleted) throw new AppError('NOT_FOUND');
    await recordAction(tx, { action: 'webhook.delete', target: deleted.id, actor, reason: null, details: {}, at });
    return deleted;
  });
}

/** A new key; the previous one signs beside it for `overlapMinutes`. */
export async function rotateSecret(db: Db, clock: Clock, id: string, overlapMinutes: number, actor: string, reason: string) {
  const secret = newSecret();
  return db.transaction(async (tx) => {
    const at = clock.now();
    const until = new Date(at.getTime() + overlapMinutes * 60_000);
    const before = await liveEndpoint(tx, id);
    if (!before) throw new AppError('NOT_FOUND');
    const rotated = await editEndpoint(tx, id, { secret, previousSecret: before.secret, previousSecretUntil: until });
    await recordAction(tx, {
      action: 'webhook.rotate',
      target: id,
      actor,
      reason,
      details: { previousSecretUntil: until.toISOString() },
      at,
    });
    return { endpoint: rotated!, secret };
  });
}

/** A given-up delivery due again now, with the same id. */
export async function replayGivenUp(db: Db, clock: Clock, id: string, actor: string, reason: string) {
  return db.transaction(async (tx) => {
    const at = clock.now();
    if (!(await replayDelivery(tx, id, at))) {
      if (await deliveryExists(tx, id)) throw new AppError('INCIDENT_CLOSED', { reason: 'the delivery is not given up' });
      throw new AppError('NOT_FOUND');
    }
    return recordAction(tx, { action: 'webhook.retry', target: id, actor, reason, details: {}, at });
  });
}
