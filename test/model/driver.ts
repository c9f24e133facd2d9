import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { ApplicationContext } from '../../machines/context';
import type { EventType, Role } from '../../machines/events';
import { openObjections } from '../../machines/refusals';
import { addDays, shanghaiDate } from '../../machines/rules/dates';
import { birthDateOf, checkCharFor } from '../../machines/rules/id-number';
import { pdfFile, upload } from '../api/support/materials';
import { validFacts } from '../machines/rules/fixtures';
import { auth, send, setClock, type TestApp, tokensFor } from '../support/app';
import { unitId, validPayload, validPayloads } from '../support/factories';
import { specOwners } from './oracle';

// Drives one application through the real HTTP API: real JWTs, client payloads only, and
// the manual clock moved when the model says time has passed.

/** Monday 2021-08-02, 10:00 in Shanghai: inside the 2021 plan window. */
const T0 = '2021-08-02T02:00:00.000Z';

export type View = { state: string; version: number; context: ApplicationContext };

let serial = 0;
/** A valid ID number (born in 1990) never used before in this process: a falsification bans its holder. */
function freshIdNumber(): string {
  const n = serial++;
  const body = `33028219900${String(1 + (Math.floor(n / 1000) % 9))}${String(10 + (Math.floor(n / 9000) % 18))}${String(n % 1000).padStart(3, '0')}`;
  return body + checkCharFor(body);
}

/**
 * A client payload for `type` in the application's current context at `now`. `valid: false`
 * breaks the one condition the event's refusal check looks at, where there is one.
 */
export function clientPayload(type: EventType, context: ApplicationContext, now: Date, valid = true): Record<string, unknown> {
  const today = shanghaiDate(now.toISOString());
  switch (type) {
    case 'UPDATE_DRAFT':
      return valid ? validPayloads.UPDATE_DRAFT : { facts: { birthDate: '1980-01-01' } };
    case 'SUBMIT':
      return { commitmentSigned: valid };
    case 'START_UNIT_PUBLICITY':
      return { startDate: valid ? today : addDays(today, -1) };
    case 'PAPER_RECEIVED':
      // Invalid: the copies of another form (PAPER_INCOMPLETE is the fee-paper suite's).
      return valid ? validPayload(type, context) : { ...validPayload(type, context), verificationCode: 'ZZZZ-ZZZZ' };
    case 'PAY_FEE':
      return { amount: valid ? context.plan.fee : context.plan.fee + 1 };
    case 'EXTEND_DEADLINE': {
      // Five days past the deadline in force (or from today when none runs); invalid: yesterday.
      const lastDay = context.deadline ? addDays(shanghaiDate(context.deadline.dueAt), -1) : today;
      const from = [lastDay, today].sort()[1]!;
      return { ...validPayloads[type], until: valid ? addDays(from, 5) : addDays(today, -1) };
    }
    case 'RESCHEDULE_INTERVIEW': {
      // Two days after the time set; invalid: a time already past.
      const from = context.interview ? Date.parse(context.interview.time) : now.getTime();
      const time = valid ? new Date(Math.max(from, now.getTime()) + 2 * 86_400_000) : new Date(now.getTime() - 3_600_000);
      return { ...validPayloads[type], time: time.toISOString() };
    }
    default:
      return validPayloads[type];
  }
}

/**
 * A payload for `type`, legal in this state, that its refusal check must turn down at
 * `now`; null when nothing about this state and time makes it refuse.
 */
export function refusedPayload(type: EventType, context: ApplicationContext, now: Date): Record<string, unknown> | null {
  switch (type) {
    case 'SUPPLEMENT_PROVIDED':
      // A file it never uploaded.
      return validPayloads[type];
    case 'UPDATE_DRAFT':
    case 'SUBMIT':
    case 'START_UNIT_PUBLICITY':
    case 'PAPER_RECEIVED':
    case 'PAY_FEE':
      return clientPayload(type, context, now, false);
    case 'UNIT_APPROVE':
      return context.unitPublicity && shanghaiDate(now.toISOString()) < context.unitPublicity.endsOn ? validPayloads[type] : null;
    case 'RESOLVE_OBJECTION':
      return openObjections(context) === 0 ? validPayloads[type] : null;
    case 'EXTEND_DEADLINE':
    case 'RESCHEDULE_INTERVIEW':
      return clientPayload(type, context, now, false);
    case 'RECORD_ATTENDANCE':
    case 'MARK_NO_SHOW':
      return context.interview && now < new Date(context.interview.time) ? validPayloads[type] : null;
    default:
      return null;
  }
}

const problemCode = (res: LightMyRequestResponse) =>
  res.statusCode === 200 ? 'OK' : ((res.json() as { code?: string }).code ?? String(res.statusCode));

export class ApiApplication {
  private constructor(
    readonly t: TestApp,
    readonly id: string,
    readonly idNumber: string,
    readonly tokens: Record<Role, string>,
  ) {}

  /** Makes every file this application uploads distinct. */
  private serial = 0;

  /** A fresh draft, the clock reset to T0 first. */
  static async create(t: TestApp, planId: string): Promise<ApiApplication> {
    await setClock(t, T0);
    const idNumber = freshIdNumber();
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/applications',
      headers: auth(t.token({ sub: idNumber, role: 'applicant' })),
      payload: { planId, unitId, facts: { ...validFacts(), birthDate: birthDateOf(idNumber) } },
    });
    expect(res.statusCode, res.body).toBe(201);
    const { id } = res.json() as { id: string };
    return new ApiApplication(t, id, idNumber, tokensFor(t, idNumber));
  }

  now(): Date {
    return this.t.clock.now();
  }

  async view(): Promise<View> {
    const res = await this.t.app.inject({ url: `/v1/applications/${this.id}`, headers: auth(this.tokens.admin) });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  }

  async history(): Promise<{ seq: number; type: string; from: string | null; to: string }[]> {
    const res = await this.t.app.inject({ url: `/v1/applications/${this.id}/history`, headers: auth(this.tokens.admin) });
    expect(res.statusCode, res.body).toBe(200);
    return res.json().items;
  }

  /** Sends a client event; answers 'OK' or the problem's code, with the view on success. */
  async send(
    type: EventType,
    role: Role,
    payload: Record<string, unknown>,
  ): Promise<{ code: string; view?: View; res: LightMyRequestResponse }> {
    const res = await send(this.t, this.id, this.tokens[role], type, payload);
    const code = problemCode(res);
    return { code, res, view: code === 'OK' ? res.json() : undefined };
  }

  /** Moves the service clock (firing due timers); returns how many fired. */
  async setClock(to: Date): Promise<number> {
    return setClock(this.t, to.toISOString());
  }

  /**
   * Takes one step the model says is accepted: for PUBLICITY_ENDED the clock is moved past
   * the publicity's end so the durable timer fires; for UNIT_APPROVE to the day the unit
   * publicity has elapsed. Answers the API's view afterwards.
   */
  async take(type: EventType, roleChoice = 0, extra: Record<string, unknown> = {}): Promise<View> {
    const before = await this.view();
    if (type === 'DEADLINE_PASSED') {
      const dueAt = new Date(before.context.deadline!.dueAt);
      const fired = await this.setClock(dueAt > this.now() ? dueAt : this.now());
      expect(fired, 'a DEADLINE_PASSED timer should have fired').toBeGreaterThanOrEqual(1);
      return this.view();
    }
    if (type === 'RECORD_ATTENDANCE' || type === 'MARK_NO_SHOW') {
      // Issue 24: from the scheduled time on.
      const time = new Date(before.context.interview!.time);
      if (this.now() < time) await this.setClock(time);
    }
    if (type === 'PUBLICITY_ENDED') {
      const endsAt = new Date(before.context.publicity!.endsAt);
      const fired = await this.setClock(endsAt > this.now() ? endsAt : this.now());
      expect(fired, 'a PUBLICITY_ENDED timer should have fired').toBeGreaterThanOrEqual(1);
      return this.view();
    }
    if (type === 'UNIT_APPROVE') {
      const { endsOn } = before.context.unitPublicity!;
      if (shanghaiDate(this.now().toISOString()) < endsOn) await this.setClock(new Date(`${endsOn}T02:00:00.000Z`));
    }
    if (type === 'SUPPLEMENT_PROVIDED') {
      // As an applicant would: a file per requested item through the materials route, then the event naming them.
      const materials = [];
      for (const [i, item] of before.context.supplement!.items.entries()) {
        const res = await upload(this.t, this.id, this.tokens.applicant, {
          kind: 'other',
          name: `补充材料${i + 1}.pdf`,
          bytes: pdfFile(1024, this.serial++),
        });
        expect(res.statusCode, `upload for ${item} in ${before.state}: ${res.body}`).toBe(201);
        expect(res.json().application.state, 'an upload alone answers nothing').toBe(before.state);
        const { kind, name, sha256 } = res.json().material;
        materials.push({ kind, name, sha256 });
      }
      const { code, res, view } = await this.send(type, 'applicant', { materials });
      expect(code, `${type} in ${before.state}: ${res.body}`).toBe('OK');
      return view!;
    }
    const owners = specOwners(type);
    const payload = { ...clientPayload(type, before.context, this.now()), ...extra };
    const { code, res, view } = await this.send(type, owners[roleChoice % owners.length]!, payload);
    expect(code, `${type} in ${before.state}: ${res.body}`).toBe('OK');
    return view!;
  }
}
