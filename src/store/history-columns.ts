import { applicationEvents } from '../db/schema';

// Read by history, the feed and webhook deliveries alike, so a receiver gets every member the feed shows.

/** The columns of an applied event as a history entry reads them (its type still to narrow). */
export const historyColumns = {
  seq: applicationEvents.seq,
  type: applicationEvents.type,
  from: applicationEvents.fromState,
  to: applicationEvents.toState,
  actor: applicationEvents.actor,
  at: applicationEvents.at,
  payload: applicationEvents.payload,
  requestId: applicationEvents.requestId,
  idempotencyKey: applicationEvents.idempotencyKey,
};
