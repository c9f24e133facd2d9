import { afterAll, beforeAll, expect, it } from 'vitest';
import { createDraft, createPlan, send, type TestApp, testApp, tokensFor } from '../support/app';
import { idNumberFor, validPayloads } from '../support/factories';
import { expectCountsMatch } from './support/counts';
import { replayAllThenClose } from './support/replay';
import { T0 } from './support/walk';

// Issue 11: the counts are shared rows. Transitions in opposite directions between the same
// two states, at once, must not lose a count (on PostgreSQL they really run concurrently, on
// four connections). That they cannot deadlock rests on the key order of the count upsert;
// this test did not provoke a deadlock even with that order removed, so it does not prove it.

let t: TestApp;
beforeAll(async () => {
  t = await testApp(T0);
});
afterAll(async () => {
  await replayAllThenClose(t);
});

it('moves counts both ways at once and loses none', async () => {
  const planId = await createPlan(t);
  const people = Array.from({ length: 24 }, (_, i) => idNumberFor(400 + i));
  const ids = await Promise.all(people.map((p) => createDraft(t, planId, p)));
  const tk = people.map((p) => tokensFor(t, p));
  // Half are submitted first, so that the round below sends some draft → submitted and others submitted → draft.
  for (let i = 0; i < 12; i++) expect((await send(t, ids[i]!, tk[i]!.applicant, 'SUBMIT', validPayloads.SUBMIT)).statusCode).toBe(200);
  // Each round flips every application: the submitted ones back to draft, the drafts to submitted.
  for (let round = 0; round < 6; round++) {
    const submitted = (i: number) => i < 12 === (round % 2 === 0);
    const answers = await Promise.all(
      ids.map((id, i) =>
        submitted(i)
          ? send(t, id, tk[i]!.unit, 'RETURN_TO_APPLICANT', validPayloads.RETURN_TO_APPLICANT)
          : send(t, id, tk[i]!.applicant, 'SUBMIT', validPayloads.SUBMIT),
      ),
    );
    expect(answers.map((r) => r.statusCode)).toEqual(ids.map(() => 200));
  }
  await expectCountsMatch(t);
});
