import { createHash } from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
import { transition } from 'xstate';
import { applicationMachine, refusalOf, type MachineEvent } from '../../machines/application';
import { effectsOf, type Effect } from '../../machines/effects';
import { eventSenders, type EventType } from '../../machines/events';
import { bansCovering } from '../../machines/rules/ban-window';
import { shanghaiDate, shanghaiMidnight } from '../../machines/rules/dates';
import { CalendarUnavailable, publicityEndsOn } from '../../machines/rules/working-days';
import { canSee, type Actor } from '../auth/access';
import { loadCalendar } from '../calendar/store';
import type { Clock } from '../clock';
import { isUniqueViolation, rows, type Db } from '../db/client';
import { AppError, type ErrorCode } from '../http/errors';
import { acceptedEvents, allowedEventsFor, persist, restore, stateName, type PersistedSnapshot, type Snapshot } from './snapshot';
import { applicationView, type ApplicationView } from './view';

export type TransitionRequest = {
  applicationId: string;
  /** The validated client body: `type` plus that event's payload. */
  body: { type: EventType } & Record<string, unknown>;
  actor: Actor;
  ifMatch?: number;
  idempotencyKey?: string;
  /** Set by the timer worker: the timer row settled in the same statement. */
  timerId?: number;
};

export type TransitionResult = ApplicationView & { event: { seq: number; type: EventType; from: string; to: string } };

type Row = {
  snapshot: PersistedSnapshot; version: number; id_number: string; unit_id: string; created_at: string; updated_at: string;
  idem_hash: string | null; idem_response: TransitionResult | null;
};

// A lost race means another writer committed, so attempts bound how many concurrent writers
// one request outlasts; 5 refused the tenth of ten simultaneous objections on real Postgres.
const MAX_ATTEMPTS = 32;

/**
 * The one path that changes an application (SPEC §8). Two round trips: read the row, then
 * one statement that writes snapshot, event and effects only if the version is unchanged.
 * A refusal throws an AppError and writes nothing.
 */
export async function applyTransition(db: Db, clock: Clock, req: TransitionRequest): Promise<TransitionResult> {
  // The key names one request: the same key on another application is a reuse, not a repeat.
  const requestHash = req.idempotencyKey ? createHash('sha256').update(JSON.stringify([req.applicationId, req.body])).digest('base64url') : '';
  for (let attempt = 1; ; attempt++) {
    const row = await load(db, req);
    if (!row || !canSee(req.actor, { idNumber: row.id_number, unitId: row.unit_id })) throw new AppError('NOT_FOUND');
    if (row.idem_response) {
      if (row.idem_hash !== requestHash) throw new AppError('IDEMPOTENCY_KEY_REUSED');
      return row.idem_response;
    }
    const { type } = req.body;
    if (!eventSenders[type].includes(req.actor.role)) throw new AppError('FORBIDDEN', { eventType: type, role: req.actor.role });
    if (req.ifMatch !== undefined && req.ifMatch !== row.version) {
      throw new AppError('VERSION_CONFLICT', { currentVersion: row.version });
    }
    const snapshot = restore(row.snapshot);
    const from = stateName(snapshot.value);
    // Every refusal tells the caller where the application stands and what it may send instead.
    const refuse = (code: ErrorCode, details: Record<string, unknown> = {}) =>
      new AppError(code, { state: from, version: row.version, allowedEvents: allowedEventsFor(snapshot, req.actor.role), ...details });
    if (!acceptedEvents(snapshot).includes(type)) throw refuse(type === 'UPDATE_DRAFT' ? 'MATERIALS_FROZEN' : 'ILLEGAL_TRANSITION');
    const event = await enrich(db, clock, snapshot, req.body);
    const refusal = refusalOf(snapshot.context, event);
    if (refusal) throw refuse(refusal.code, refusal.details);
    const [next] = transition(applicationMachine, snapshot, event);
    if (next === snapshot) throw refuse('ILLEGAL_TRANSITION');

    const version = row.version + 1;
    const to = stateName(next.value);
    const result: TransitionResult = {
      ...applicationView({ id: req.applicationId, version, createdAt: row.created_at, updatedAt: event.at, snapshot: next }, req.actor),
      event: { seq: version, type, from, to },
    };
    try {
      const written = await rows<{ version: number }>(db, writeStatement({
        req, row, from, to, version, event, next, effects: effectsOf(snapshot, next, event), result, requestHash,
      }));
      if (written.length === 1) return result;
    } catch (err) {
      // A concurrent request with the same Idempotency-Key won: the next read replays its answer.
      if (!(req.idempotencyKey && isUniqueViolation(err))) throw err;
    }
    if (req.ifMatch !== undefined) throw new AppError('VERSION_CONFLICT', { currentVersion: row.version + 1 });
    if (attempt >= MAX_ATTEMPTS) throw new AppError('VERSION_CONFLICT', { reason: 'too many concurrent changes' });
  }
}

async function load(db: Db, req: TransitionRequest): Promise<Row | undefined> {
  const [row] = await rows<Row>(db, sql`
    select a.snapshot, a.version, a.id_number, a.unit_id, a.created_at, a.updated_at,
           i.request_hash as idem_hash, i.response as idem_response
    from applications a
    left join idempotency_keys i on i.actor = ${req.actor.sub} and i.key = ${req.idempotencyKey ?? null}
    where a.id = ${req.applicationId}::uuid`);
  return row;
}

/** Adds what only the service knows: the time, bans, and dates from the working-day calendar. */
async function enrich(db: Db, clock: Clock, snapshot: Snapshot, body: TransitionRequest['body']): Promise<MachineEvent> {
  const at = clock.now().toISOString();
  const today = shanghaiDate(at);
  const event = { ...body, at } as Record<string, unknown>;
  try {
    switch (body.type) {
      case 'SUBMIT': {
        const { idNumber, plan } = snapshot.context;
        const bans = await rows<{ from_year: number; to_year: number; lifted_at: string | null }>(db, sql`
          select from_year, to_year, lifted_at from bans where id_number = ${idNumber}`);
        event.activeBans = bansCovering(bans.map((b) => ({ fromYear: b.from_year, toYear: b.to_year, liftedAt: b.lifted_at })), plan.year)
          .map(({ fromYear, toYear }) => ({ fromYear, toYear }));
        break;
      }
      case 'START_UNIT_PUBLICITY':
        event.endsOn = publicityEndsOn(body.startDate as string, await loadCalendar(db));
        break;
      case 'PAPER_RECEIVED':
      case 'REVIEW_PASS':
        event.publicityEndsAt = shanghaiMidnight(publicityEndsOn(today, await loadCalendar(db)));
        break;
    }
  } catch (err) {
    if (err instanceof CalendarUnavailable) throw new AppError('CALENDAR_UNAVAILABLE', { year: err.year });
    throw err;
  }
  return event as MachineEvent;
}

const json = (v: unknown) => sql`${JSON.stringify(v)}::jsonb`;

type WriteInput = {
  req: TransitionRequest; row: Row; from: string; to: string; version: number; event: MachineEvent; next: Snapshot;
  effects: Effect[]; result: TransitionResult; requestHash: string;
};

/** One statement, atomic by itself: every part but the update reads `upd`, so nothing is written unless it matched. */
function writeStatement(w: WriteInput): SQL {
  const { req, event } = w;
  const id = sql`${req.applicationId}::uuid`;
  const at = sql`${event.at}::timestamptz`;
  const parts: SQL[] = [
    sql`upd as (update applications set snapshot = ${json(persist(w.next))}, version = ${w.version}, state = ${w.to}, updated_at = ${at}
      where id = ${id} and version = ${w.row.version} returning id)`,
    sql`ev as (insert into application_events (application_id, seq, type, from_state, to_state, actor, at, payload)
      select id, ${w.version}, ${event.type}, ${w.from}, ${w.to}, ${json(req.actor)}, ${at}, ${json(event)} from upd)`,
  ];
  const firing = req.timerId ?? 0;
  if (req.timerId !== undefined) {
    parts.push(sql`tf as (update timers set status = 'fired', settled_at = ${at} where id = ${firing} and exists (select 1 from upd))`);
  }
  w.effects.forEach((e, i) => {
    const name = sql.raw(`fx${i}`);
    parts.push(sql`${name} as (${effectStatement(e, w, id, at, firing)})`);
  });
  if (req.idempotencyKey) {
    parts.push(sql`ik as (insert into idempotency_keys (actor, key, application_id, request_hash, status_code, response)
      select ${req.actor.sub}, ${req.idempotencyKey}, id, ${w.requestHash}, 200, ${json(w.result)} from upd)`);
  }
  return sql`with ${sql.join(parts, sql`, `)} select ${w.version}::int as version from upd`;
}

function effectStatement(e: Effect, w: WriteInput, id: SQL, at: SQL, firingTimer: number): SQL {
  const { context } = w.next;
  switch (e.kind) {
    case 'notify':
      return sql`insert into outbox (application_id, kind, payload) select id, ${e.template}, ${json(e.data)} from upd`;
    case 'armTimer':
      return sql`insert into timers (application_id, event_type, due_at) select id, ${e.eventType}, ${e.dueAt}::timestamptz from upd`;
    case 'cancelTimers':
      return sql`update timers set status = 'cancelled', settled_at = ${at}
        where application_id = ${id} and status = 'pending' and id <> ${firingTimer} and exists (select 1 from upd)`;
    case 'ban':
      return sql`insert into bans (id_number, from_year, to_year, application_id, finding, found_by)
        select ${context.idNumber}, ${e.fromYear}, ${e.toYear}, id, ${e.finding}, ${w.req.actor.sub} from upd`;
    case 'issueCertificate':
      return sql`insert into certificates (number, application_id, id_number, name, year, level, specialty, issued_at)
        select ${certificateNumber(w)}, id, ${context.idNumber}, ${context.facts.name}, ${context.plan.year},
          ${context.plan.level}, ${context.plan.specialty}, ${at} from upd`;
    case 'revokeCertificate':
      return sql`update certificates set revoked_at = ${at}, revoke_reason = ${e.reason}
        where application_id = ${id} and exists (select 1 from upd)`;
  }
}

/** Plan year, level letter, and the whole application id, so it is unique by construction. */
function certificateNumber(w: WriteInput): string {
  const { plan } = w.next.context;
  return `CX${plan.year}${plan.level === 'junior' ? 'J' : 'M'}-${w.req.applicationId.replaceAll('-', '').toUpperCase()}`;
}
