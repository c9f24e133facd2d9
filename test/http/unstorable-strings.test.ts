import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unstorableAt } from '../../src/http/storable-strings';
import { expectOk, expectProblem } from '../api/support/problem';
import { auth, createDraft, createPlan, send, type TestApp, testApp, tokensFor } from '../support/app';
import { factsFor, idNumberFor } from '../support/factories';
import { fingerprint } from '../support/fingerprint';

// Issue 9, finding 2: PostgreSQL stores neither U+0000 nor a lone surrogate; either used to
// reach the driver and come back as 500. Now: 400 VALIDATION_FAILED naming the field, nothing written.

describe('unstorableAt', () => {
  it('points at the first NUL or lone surrogate, in values and in keys, and passes well-formed pairs', () => {
    expect(unstorableAt({ a: 'fine', b: ['ok', '😀 张伟'] })).toBeNull();
    expect(unstorableAt({ facts: { name: 'a\u0000b' } })).toBe('/facts/name');
    expect(unstorableAt({ list: ['x', 'a\ud800b'] })).toBe('/list/1');
    expect(unstorableAt({ x: '\udc00' })).toBe('/x');
    expect(unstorableAt({ x: 'a\ud83d' })).toBe('/x');
    expect(unstorableAt({ 'a/b~\u0000': 1 })).toBe('/a~1b~0\u0000');
    expect(unstorableAt('\u0000')).toBe('/');
    expect(unstorableAt(null)).toBeNull();
    // Deep nesting is walked without recursion.
    let deep: unknown = 'a\u0000';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(unstorableAt(deep)).toBe('/0'.repeat(100_000));
  });
});

describe('the API', () => {
  let t: TestApp;
  let id: string;
  let planId: string;
  let tk: ReturnType<typeof tokensFor>;
  const idNumber = idNumberFor(77);
  beforeAll(async () => {
    t = await testApp();
    planId = await createPlan(t);
    tk = tokensFor(t, idNumber);
    id = await createDraft(t, planId, idNumber);
  });
  afterAll(async () => {
    await t?.close();
  });

  const expectRefused = async (res: Awaited<ReturnType<typeof send>>, part: string, path: string) => {
    const problem = expectProblem(res, 400, 'VALIDATION_FAILED');
    expect(problem.errors).toEqual([{ in: part, path, message: expect.any(String) }]);
  };

  it('refuses NUL and lone surrogates in bodies, query strings, params and headers with 400 naming the field, writing nothing', async () => {
    const before = await fingerprint(t.database.db);
    await expectRefused(await send(t, id, tk.applicant, 'UPDATE_DRAFT', { facts: { name: 'a\u0000b' } }), 'body', '/facts/name');
    await expectRefused(await send(t, id, tk.applicant, 'UPDATE_DRAFT', { facts: { name: 'a\ud800b' } }), 'body', '/facts/name');
    await expectRefused(await send(t, id, tk.applicant, 'WITHDRAW', { reason: '个人\u0000原因' }), 'body', '/reason');
    await expectRefused(await send(t, id, tk.unit, 'RETURN_TO_APPLICANT', { reason: '\udfff' }), 'body', '/reason');
    await expectRefused(
      await t.app.inject({
        method: 'POST',
        url: '/v1/applications',
        headers: auth(tk.applicant),
        payload: { planId, unitId: 'U-\u0000', facts: factsFor('junior') },
      }),
      'body',
      '/unitId',
    );
    await expectRefused(await t.app.inject({ url: '/v1/applications?state=%00', headers: auth(tk.admin) }), 'querystring', '/state');
    await expectRefused(await t.app.inject({ url: '/v1/bans?idNumber=%00', headers: auth(tk.admin) }), 'querystring', '/idNumber');
    await expectRefused(await t.app.inject({ url: '/v1/applications/%00', headers: auth(tk.admin) }), 'params', '/id');
    await expectRefused(
      await send(t, id, tk.applicant, 'WITHDRAW', { reason: '个人原因' }, { 'idempotency-key': 'k\ud800' }),
      'headers',
      '/idempotency-key',
    );
    expect(await fingerprint(t.database.db)).toEqual(before);
    // A well-formed pair outside the BMP is stored and read back as sent.
    expectOk(await send(t, id, tk.applicant, 'UPDATE_DRAFT', { facts: { name: '𠮷张伟' } }));
    const view = expectOk(await t.app.inject({ url: `/v1/applications/${id}`, headers: auth(tk.applicant) }));
    expect(view.context.facts.name).toBe('𠮷张伟');
  });
});
