// A client another system would write, typed only by what openapi-typescript generated from
// the served document (./api, written beside this file by test/http/generated-client.test.ts).
// If the document stops describing what this client relies on, it no longer compiles.
import type { components, paths } from './api';

type Schemas = components['schemas'];
type CreateBody = paths['/v1/applications']['post']['requestBody']['content']['application/json'];
type View = paths['/v1/applications/{id}']['get']['responses']['200']['content']['application/json'];
type Transition = paths['/v1/applications/{id}/events']['post']['responses']['200']['content']['application/json'];
type History = paths['/v1/applications/{id}/history']['get']['responses']['200']['content']['application/json'];
type Conflict = paths['/v1/applications/{id}/events']['post']['responses']['409']['content']['application/problem+json'];

export type Tokens = { applicant: string; unit: string };

async function call<T>(base: string, token: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(base + path, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as T };
}

/** Create a draft, submit it, be refused a second submission, and follow it: its view and its history. */
export async function driveApplication(base: string, tokens: Tokens, draft: CreateBody) {
  const created = await call<View>(base, tokens.applicant, 'POST', '/v1/applications', draft);
  const id = created.body.id;
  const submit: Schemas['SubmitEvent'] = { type: 'SUBMIT', commitmentSigned: true };
  const event: Schemas['EventBody'] = submit;
  const submitted = await call<Transition>(base, tokens.applicant, 'POST', `/v1/applications/${id}/events`, event);
  const again = await call<Conflict>(base, tokens.applicant, 'POST', `/v1/applications/${id}/events`, event);
  const refusal = again.body.code === 'ILLEGAL_TRANSITION' ? { code: again.body.code, state: again.body.state } : null;
  const start: Schemas['StartUnitPublicityEvent'] = { type: 'START_UNIT_PUBLICITY', startDate: '2021-08-02' };
  await call<Transition>(base, tokens.unit, 'POST', `/v1/applications/${id}/events`, start);
  const followed = await call<View>(base, tokens.applicant, 'GET', `/v1/applications/${id}`);
  const history = await call<History>(base, tokens.applicant, 'GET', `/v1/applications/${id}/history`);
  const steps = history.body.items.map((entry) => {
    // Each history entry's payload is typed by its event: the commitment of SUBMIT, the start date of the publicity.
    if (entry.type === 'SUBMIT') return `${entry.type}:${entry.payload.commitmentSigned}`;
    if (entry.type === 'START_UNIT_PUBLICITY') return `${entry.type}:${entry.payload.startDate}`;
    return entry.type;
  });
  return {
    statuses: [created.status, submitted.status, again.status],
    submittedTo: submitted.body.event.to,
    refusal,
    state: followed.body.state,
    allowedEvents: followed.body.allowedEvents,
    steps,
  };
}
