// README "Driving it from another system", paragraph by paragraph, as an integrating system
// writes it: openapi-fetch over the types openapi-typescript generated from the served document
// (./api, written beside this file by test/http/generated-client.test.ts). Every call is typed
// by its path and method; nothing is cast. If the document stops describing what a step relies
// on, this file no longer compiles; if the service stops sending it, the step throws.
import { randomUUID } from 'node:crypto';
import createClient, { type Client } from 'openapi-fetch';
import type { components, operations, paths } from './api';
import { documentValidators, header, ok, present, refused } from './checks';
import { readStream } from './stream';
import { followByWebhook } from './webhooks';

export type Tokens = { admin: string; unit: string; applicant: string; secondApplicant: string };
type Api = Client<paths>;
type Draft = paths['/v1/applications']['post']['requestBody']['content']['application/json'];
type Headers<O extends keyof operations, S extends keyof operations[O]['responses']> = operations[O]['responses'][S] extends {
  headers: infer H;
}
  ? H
  : never;

/** Authenticate: one client per role, each sending its bearer token. */
export function clients(base: string, tokens: Tokens) {
  const signedIn = (token: string): Api => createClient<paths>({ baseUrl: base, headers: { authorization: `Bearer ${token}` } });
  return {
    admin: signedIn(tokens.admin),
    unit: signedIn(tokens.unit),
    applicant: signedIn(tokens.applicant),
    secondApplicant: signedIn(tokens.secondApplicant),
  };
}

/** Create a draft with an Idempotency-Key (a retry answers the same draft), and find it among the drafts. */
export async function createDraft(api: Api, draft: Draft) {
  const key = randomUUID();
  const create = () => api.POST('/v1/applications', { params: { header: { 'idempotency-key': key } }, body: draft });
  const first = await create();
  const created = ok(first, 'POST /v1/applications');
  const requestId = header<Headers<'postApplications', 201>>(first.response, 'X-Request-Id');
  const retried = ok(await create(), 'POST /v1/applications again');
  const drafts = ok(await api.GET('/v1/applications', { params: { query: { state: 'draft' } } }), 'GET /v1/applications');
  const id = present(drafts.items[0], 'a draft').id;

  return {
    id,
    createdId: created.id,
    retriedId: retried.id,
    requestId,
  };
}

/** Attach a file to a draft (an UPDATE_DRAFT: the version moves on), multipart as the document describes it, and read it back. */
export async function attachFile(api: Api, id: string) {
  const pdf = new Blob([`%PDF-1.7\n% ${id}\n`], { type: 'application/pdf' });
  const uploaded = ok(
    await api.POST('/v1/applications/{id}/materials', {
      params: { path: { id } },
      body: { kind: 'educationCertificate', file: pdf },
      // The document's order: the kind first, then the file.
      bodySerializer: (body) => {
        const form = new FormData();
        form.append('kind', body.kind);
        form.append('file', body.file, '毕业证书.pdf');
        return form;
      },
    }),
    'POST /v1/applications/{id}/materials',
  );
  const download = await api.GET('/v1/applications/{id}/materials/{sha256}', {
    params: { path: { id, sha256: uploaded.material.sha256 } },
    parseAs: 'arrayBuffer',
  });
  const bytes = ok(download, 'GET /v1/applications/{id}/materials/{sha256}').byteLength;
  const disposition = header<Headers<'getApplicationsByIdMaterialsBySha256', 200>>(download.response, 'Content-Disposition');
  return { kind: uploaded.material.kind, size: uploaded.material.size, bytes, disposition, state: uploaded.application.state };
}

/** Submit with If-Match (the ETag read) and an Idempotency-Key; a retry, a stale version and a second submission. */
export async function submit(api: Api, id: string) {
  const read = await api.GET('/v1/applications/{id}', { params: { path: { id } } });
  const etag = header<Headers<'getApplicationsById', 200>>(read.response, 'ETag');
  const event: components['schemas']['SubmitEvent'] = { type: 'SUBMIT', commitmentSigned: true };
  const key = randomUUID();
  const send = (ifMatch: string, idempotencyKey?: string) =>
    api.POST('/v1/applications/{id}/events', {
      params: { path: { id }, header: { 'if-match': ifMatch, ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}) } },
      body: event,
    });
  const submitted = ok(await send(etag, key), 'SUBMIT');
  const retried = ok(await send(etag, key), 'SUBMIT retried');

  const staleAnswer = await send(etag);
  const stale = refused(staleAnswer, 'SUBMIT on a stale version');
  if (stale.code !== 'VERSION_CONFLICT') throw new Error(`stale If-Match: ${stale.code}`);
  const staleRequestId = header<Headers<'postApplicationsByIdEvents', 409>>(staleAnswer.response, 'X-Request-Id');

  const again = refused(await send(`"${submitted.version}"`), 'SUBMIT again');
  if (again.code !== 'ILLEGAL_TRANSITION') throw new Error(`a second SUBMIT: ${again.code}`);
  return {
    etag,
    submitted: { state: submitted.state, version: submitted.version, event: submitted.event },
    retriedSeq: retried.event.seq,
    stale: { code: stale.code, currentVersion: stale.currentVersion, requestIdMatches: stale.requestId === staleRequestId },
    again: { code: again.code, state: again.state, allowedEvents: again.allowedEvents },
  };
}

/** The unit starts its publicity (the unit's own client, the same typed event body). */
export async function startPublicity(api: Api, id: string) {
  const event: components['schemas']['StartUnitPublicityEvent'] = { type: 'START_UNIT_PUBLICITY', startDate: '2021-08-02' };
  return ok(await api.POST('/v1/applications/{id}/events', { params: { path: { id } }, body: event }), 'START_UNIT_PUBLICITY');
}

/** Follow by feed: a page, then a wait that the unit's START_UNIT_PUBLICITY answers; the stream after SUBMIT; the head. */
export async function followFeed(api: ReturnType<typeof clients>, base: string, id: string) {
  const page = ok(await api.applicant.GET('/v1/feed', { params: { query: { limit: 2 } } }), 'GET /v1/feed');
  const after = present(page.nextPosition, 'nextPosition');
  const waiting = api.applicant.GET('/v1/feed', { params: { query: { after, wait: 10 } } });
  const started = await startPublicity(api.unit, id);
  const next = ok(await waiting, 'GET /v1/feed?wait=10');

  const { feedItem } = await documentValidators(base);
  const submitPosition = present(page.items[1], 'the SUBMIT item').position;
  const stream = await readStream(api.admin, { types: 'SUBMIT,START_UNIT_PUBLICITY' }, submitPosition, 1, feedItem);
  const head = ok(await api.admin.GET('/v1/feed/head'), 'GET /v1/feed/head').position;

  const headPosition = present(head, 'the head');
  const beyond = `${BigInt(headPosition.split('.')[0] ?? '0') + 1n}.0`;
  const ahead = refused(await api.admin.GET('/v1/feed', { params: { query: { after: beyond } } }), 'a position past the head');
  if (ahead.code !== 'FEED_POSITION_AHEAD') throw new Error(`after=${beyond}: ${ahead.code}`);
  return {
    page: page.items.map((item) => `${item.event.seq}:${item.event.type}`),
    nextPosition: page.nextPosition,
    waited: next.items.map((item) => ({ position: item.position, type: item.event.type, to: item.event.to })),
    startedState: started.state,
    stream: stream.messages.map((m) => ({ id: m.id, event: m.event, position: m.item.position, type: m.item.event.type })),
    retry: stream.retry,
    head,
    ahead: { code: ahead.code, head: ahead.head },
  };
}

/** Every example, in the README's order; the webhook's events come from a second applicant's draft. */
export async function readmeExamples(base: string, tokens: Tokens, drafts: { first: Draft; second: Draft }) {
  const api = clients(base, tokens);
  const draft = await createDraft(api.applicant, drafts.first);
  const submission = await submit(api.applicant, draft.id);
  const feed = await followFeed(api, base, draft.id);
  let file: Awaited<ReturnType<typeof attachFile>> | undefined;
  const webhook = await followByWebhook(api.admin, base, async () => {
    const second = await createDraft(api.secondApplicant, drafts.second);
    file = await attachFile(api.secondApplicant, second.id);
    await submit(api.secondApplicant, second.id);
    await startPublicity(api.unit, second.id);
    return second.id;
  });
  return { draft, submission, feed, webhook, file };
}
