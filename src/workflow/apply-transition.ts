import { createHash } from 'node:crypto';
import type { z } from 'zod';
import { definitionOf } from '../../machines/definitions';
import { effectsOf } from '../../machines/effects';
import { type Actor, type EventType, eventSenders } from '../../machines/events';
import { acceptedEvents, persist, restore, stateName, step } from '../../machines/states';
import { canSee } from '../auth/access';
import type { Clock } from '../clock';
import type { Db } from '../db/client';
import { AppError } from '../errors';
import type { Lang } from '../http/problem';
import type { TransitionResult as TransitionResultSchema } from '../http/responses';
import { loadForTransition, loadManyForTransition, type TransitionRow } from '../store/transition-read';
import { type TransitionWrite, writeTransition, writeTransitions } from '../store/transition-write';
import { machineEvent, readsPlanFee } from './service-facts';
import { applicationView, eventChoices } from './view';

export type TransitionRequest = {
  applicationId: string;
  /** The validated client body: `type` plus that event's payload. */
  body: { type: EventType } & Record<string, unknown>;
  actor: Actor;
  ifMatch?: number;
  idempotencyKey?: string;
  /** Set by the timer worker: the timer row settled in the same statement, and when it fell due. */
  timer?: { id: number; dueAt: Date };
  /** The HTTP request's id (echoed as `x-request-id`), recorded with the event. */
  requestId?: string;
  /** The language of the answer's texts (`blockedEvents`). */
  lang?: Lang;
  /** Set by the upload route: sha256 of the file it stored, which the draft may now list. */
  uploaded?: string[];
  /** When the event happened, for a caller that replays a season on a clock per application (the demo seed); else the clock's now. */
  at?: Date;
};

/** What an event's POST answers: the response schema's type. */
export type TransitionResult = z.output<typeof TransitionResultSchema>;

// A lost race means another writer committed, so attempts bound how many concurrent writers
// one request outlasts; 5 refused the tenth of ten simultaneous objections on real Postgres.
const MAX_ATTEMPTS = 32;

/**
 * The one path that changes an application (SPEC §8): read the row, decide in memory, then
 * one statement that writes snapshot, event and effects only if the version is unchanged.
 * A refusal throws an AppError and writes nothing.
 */
export async function applyTransition(db: Db, clock: Clock, req: TransitionRequest): Promise<TransitionResult> {
  return (await transact(db, clock, req)).answer();
}

/** The same path for a caller nobody waits on: the event only, without the application's view. */
async function recordTransition(db: Db, clock: Clock, req: TransitionRequest): Promise<TransitionResult['event']> {
  return (await transact(db, clock, req)).event;
}

/**
 * Transitions of different applications (the timer worker's batch) in two statements for
 * all: one read, one write of what the machine accepted. Each is decided alone and comes
 * back as its event or its refusal. One that lost a race to another writer, or names an
 * application already in the batch, takes the one-at-a-time path afterwards.
 */
export async function recordTransitions(
  db: Db,
  clock: Clock,
  reqs: TransitionRequest[],
): Promise<(TransitionResult['event'] | AppError)[]> {
  if (reqs.length === 0) return [];
  const ids = new Set(reqs.map((r) => r.applicationId));
  const rows = await loadManyForTransition(
    db,
    [...ids],
    reqs.some((r) => readsPlanFee(r.body.type)),
  );
  const decisions: (Awaited<ReturnType<typeof decide>> | AppError | undefined)[] = [];
  for (const req of reqs) {
    // One decision a turn of the event loop: a hundred at once would hold up every request meanwhile.
    await new Promise(setImmediate);
    const row = ids.delete(req.applicationId) ? rows.get(req.applicationId) : undefined;
    decisions.push(
      row &&
        (await refusalOr(async () => {
          if (!canSee(req.actor, row)) throw new AppError('NOT_FOUND');
          return decide(db, clock, req, row);
        })),
    );
  }
  const written = await writeTransitions(
    db,
    decisions.flatMap((d) => (d && !(d instanceof AppError) ? [{ ...d.write, idempotency: null }] : [])),
  );
  return Promise.all(
    reqs.map((req, i) => {
      const d = decisions[i];
      if (d instanceof AppError) return d;
      if (d && written.has(req.applicationId)) return d.event;
      return refusalOr(() => recordTransition(db, clock, req));
    }),
  );
}

async function refusalOr<T>(f: () => Promise<T>): Promise<T | AppError> {
  try {
    return await f();
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
}

async function transact(
  db: Db,
  clock: Clock,
  req: TransitionRequest,
): Promise<{ event: TransitionResult['event']; answer(): TransitionResult }> {
  // The key names one request: the same key on another application is a reuse, not a repeat.
  const requestHash = req.idempotencyKey
    ? createHash('sha256')
        .update(JSON.stringify([req.applicationId, req.body]))
        .digest('base64url')
    : null;
  const idempotency = req.idempotencyKey ? { actor: req.actor.sub, key: req.idempotencyKey } : null;
  for (let attempt = 1; ; attempt++) {
    const row = await loadForTransition(db, req.applicationId, idempotency, readsPlanFee(req.body.type));
    if (!row || !canSee(req.actor, row)) throw new AppError('NOT_FOUND');
    if (row.replay) {
      if (row.replay.requestHash !== requestHash) throw new AppError('IDEMPOTENCY_KEY_REUSED');
      const response = row.replay.response as TransitionResult;
      return { event: response.event, answer: () => response };
    }
    const { write, event, answer } = await decide(db, clock, req, row);
    const written = await writeTransition(db, {
      ...write,
      idempotency: requestHash ? { requestHash, response: answer() } : null,
    });
    if (written) return { event, answer };
    if (req.ifMatch !== undefined) throw new AppError('VERSION_CONFLICT', { currentVersion: row.version + 1 });
    if (attempt >= MAX_ATTEMPTS) throw new AppError('VERSION_CONFLICT', { reason: 'too many concurrent changes' });
  }
}

/** The machine's verdict on the request against the row read: what to write and what to answer, or a refusal. */
async function decide(db: Db, clock: Clock, req: TransitionRequest, row: TransitionRow) {
  const { type } = req.body;
  if (!eventSenders[type].includes(req.actor.role)) throw new AppError('FORBIDDEN', { eventType: type, role: req.actor.role });
  if (req.ifMatch !== undefined && req.ifMatch !== row.version) throw new AppError('VERSION_CONFLICT', { currentVersion: row.version });
  const definition = definitionOf(row.definitionVersion);
  const snapshot = restore(row.snapshot, row.definitionVersion);
  const from = stateName(snapshot.value);
  // Every refusal tells the caller where the application stands and what it may send instead.
  const now = eventTime(clock, req, row).toISOString();
  const lang = req.lang ?? 'zh';
  // Computed only for a refusal: the choices run the readiness checks, eligibility among them.
  const where = () => ({
    state: from,
    version: row.version,
    allowedEvents: eventChoices(definition, snapshot, req.actor, row, now, lang).allowedEvents,
  });
  if (!acceptedEvents(snapshot).includes(type))
    throw new AppError(type === 'UPDATE_DRAFT' ? 'MATERIALS_FROZEN' : 'ILLEGAL_TRANSITION', where());

  const event = await machineEvent(
    db,
    { snapshot, standingBans: row.standingBans, planWindow: row.planWindow, planFee: row.planFee },
    req.body,
    now,
    req.uploaded,
  );
  const next = step(definition.machine, snapshot, event);
  if (next === snapshot) {
    const refusal = definition.refusals.refusalOf(snapshot.context, event);
    throw refusal ? new AppError(refusal.code, { ...where(), ...refusal.details }) : new AppError('ILLEGAL_TRANSITION', where());
  }
  const version = row.version + 1;
  const to = stateName(next.value);
  const recorded = { seq: version, type, from, to };
  // Built once, and only for a caller who reads it: the allowed events run the readiness checks.
  let result: TransitionResult | undefined;
  const answer = () =>
    (result ??= {
      ...applicationView({ ...row, version, updatedAt: event.at, snapshot: next }, req.actor, event.at, lang),
      event: recorded,
    });
  const write: Omit<TransitionWrite, 'idempotency'> = {
    applicationId: req.applicationId,
    readVersion: row.version,
    definitionVersion: row.definitionVersion,
    event,
    from,
    to,
    actor: req.actor,
    snapshot: persist(next),
    effects: effectsOf(snapshot, next, event),
    timerId: req.timer?.id ?? null,
    requestId: req.requestId ?? null,
    idempotencyKey: req.idempotencyKey ?? null,
  };
  return { write, event: recorded, answer };
}

/**
 * When the event happened: now, or for a timer the moment it fell due — a publicity ends at
 * its end, however late the worker or a jump of the manual clock fires it — but never before
 * the application's last change, so history stays in order.
 */
function eventTime(clock: Clock, req: TransitionRequest, row: TransitionRow): Date {
  if (!req.timer) return req.at ?? clock.now();
  return new Date(Math.max(req.timer.dueAt.getTime(), row.updatedAt.getTime()));
}
