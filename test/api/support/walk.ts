import { expect } from 'vitest';
import type { EventType } from '../../../machines/events';
import { shanghaiDate } from '../../../machines/rules/dates';
import { auth, createDraft, send, setClock, type TestApp, tokensFor } from '../../support/app';
import { idNumberFor, unitId, validPayload, validPayloads } from '../../support/factories';
import { view } from './inspect';

export type Tokens = ReturnType<typeof tokensFor>;

/** Monday 2021-08-02, 10:00 in Shanghai: inside the factory plan's window. */
export const T0 = '2021-08-02T02:00:00.000Z';

/** The states of the happy path, in order. */
export const mainPath = [
  'draft',
  'submitted',
  'unitPublicity',
  'municipalAudit',
  'paperSubmission',
  'qualificationPublicity',
  'feePayment',
  'interview.awaitingSchedule',
  'interview.scheduled',
  'interview.deliberation',
  'resultPublicity',
  'certified',
] as const;
export type MainState = (typeof mainPath)[number];

const tenOClock = (date: string) => `${date}T02:00:00.000Z`;

/** Moves the clock forward only, firing due timers. */
async function clockAtLeast(t: TestApp, iso: string): Promise<void> {
  if (Date.parse(iso) > t.clock.now().getTime()) await setClock(t, iso);
}

async function sendOk(t: TestApp, id: string, token: string, type: EventType, payload: object = validPayloads[type]) {
  const res = await send(t, id, token, type, payload);
  expect(res.statusCode, `${type}: ${res.body}`).toBe(200);
  return res.json();
}

/** The unit vouches for social insurance and the post, the bureau for education and hours (SPEC §9). */
const verifiable = {
  unit: { type: 'UNIT_VERIFY_FACT', facts: ['socialInsurance', 'post'] },
  hr: { type: 'HR_VERIFY_FACT', facts: ['education', 'continuingEducation'] },
} as const;

/** Marks every fact `role` may vouch for as verified, as the municipal audit requires before approval. */
export async function verifyFacts(t: TestApp, id: string, tk: Tokens, role: keyof typeof verifiable): Promise<void> {
  const { type, facts } = verifiable[role];
  for (const fact of facts) await sendOk(t, id, tk[role], type, { fact, note: '已与档案核对' });
}

/**
 * Drives an application along the happy path from wherever it is to `target`, moving the
 * clock forward when a publicity has to elapse (which fires the service's timers).
 */
export async function walkTo(t: TestApp, id: string, tk: Tokens, target: MainState): Promise<Record<string, any>> {
  let current = await view(t, id);
  while (current.state !== target) {
    const ctx = current.context;
    switch (current.state as MainState) {
      case 'draft':
        await sendOk(t, id, tk.applicant, 'SUBMIT');
        break;
      case 'submitted':
        await sendOk(t, id, tk.unit, 'START_UNIT_PUBLICITY', { startDate: shanghaiDate(t.clock.now().toISOString()) });
        break;
      case 'unitPublicity':
        await verifyFacts(t, id, tk, 'unit');
        await clockAtLeast(t, tenOClock(ctx.unitPublicity.endsOn));
        await sendOk(t, id, tk.unit, 'UNIT_APPROVE');
        break;
      case 'municipalAudit':
        await verifyFacts(t, id, tk, 'hr');
        await sendOk(t, id, tk.hr, 'AUDIT_APPROVE');
        break;
      case 'paperSubmission':
        await sendOk(t, id, tk.committee, 'PAPER_RECEIVED', validPayload('PAPER_RECEIVED', ctx));
        break;
      case 'qualificationPublicity':
      case 'resultPublicity':
        // Past its end, or (when an objection held it beyond) a minute on, which fires the re-armed timer.
        await setClock(
          t,
          new Date(Math.max(Date.parse(ctx.publicity.endsAt) + 2 * 3600_000, t.clock.now().getTime() + 60_000)).toISOString(),
        );
        break;
      case 'feePayment':
        await sendOk(t, id, tk.applicant, 'PAY_FEE', { amount: ctx.plan.fee });
        break;
      case 'interview.awaitingSchedule':
        // An hour from now: attendance is recorded from the scheduled time on (issue 24).
        await sendOk(t, id, tk.committee, 'SCHEDULE_INTERVIEW', {
          ...validPayloads.SCHEDULE_INTERVIEW,
          time: new Date(t.clock.now().getTime() + 3600_000).toISOString(),
        });
        break;
      case 'interview.scheduled':
        await clockAtLeast(t, ctx.interview.time);
        await sendOk(t, id, tk.committee, 'RECORD_ATTENDANCE');
        break;
      case 'interview.deliberation':
        await sendOk(t, id, tk.committee, 'REVIEW_PASS');
        break;
      default:
        throw new Error(`cannot walk from ${current.state} to ${target}`);
    }
    const next = await view(t, id);
    if (next.state === current.state && next.version === current.version) throw new Error(`stuck in ${current.state}`);
    current = next;
  }
  return current;
}

/** A new draft with the given facts and unit (POST /v1/applications), for tests that vary them. */
export async function createDraftWith(
  t: TestApp,
  planId: string,
  idNumber: string,
  opts: { facts: object; unit?: string },
): Promise<string> {
  const res = await t.app.inject({
    method: 'POST',
    url: '/v1/applications',
    headers: auth(t.token({ sub: idNumber, role: 'applicant' })),
    payload: { planId, unitId: opts.unit ?? unitId, facts: opts.facts },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id;
}

export async function createPlanWith(t: TestApp, body: object): Promise<string> {
  const res = await t.app.inject({
    method: 'POST',
    url: '/v1/plans',
    headers: auth(t.token({ sub: 'admin', role: 'admin' })),
    payload: body,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id;
}

let applicants = 0;

/** A new applicant's ID number, so no ban from an earlier test applies (one counter per test file). */
export function nextIdNumber(): string {
  return idNumberFor(applicants++);
}

/** A draft of a new applicant, created at T0. */
export async function freshDraft(t: TestApp, planId: string): Promise<{ id: string; tk: Tokens }> {
  await setClock(t, T0);
  const idNumber = nextIdNumber();
  return { id: await createDraft(t, planId, idNumber), tk: tokensFor(t, idNumber) };
}

/** A fresh application of a new applicant, created at T0 and walked along the happy path to `state`. */
export async function applicationIn(t: TestApp, planId: string, state: MainState, level: 'junior' | 'intermediate' = 'junior') {
  await setClock(t, T0);
  const idNumber = nextIdNumber();
  const id = await createDraft(t, planId, idNumber, level);
  const tk = tokensFor(t, idNumber);
  await walkTo(t, id, tk, state);
  return { id, idNumber, tk };
}
