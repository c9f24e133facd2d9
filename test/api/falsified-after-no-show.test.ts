import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, createPlan, send, setClock, type TestApp, testApp, tokensFor } from '../support/app';
import { factsForYear, idNumberFor, planBodyFor, validPayloads } from '../support/factories';
import { history } from './support/inspect';
import { expectOk, expectProblem } from './support/problem';
import { replayAllThenClose } from './support/replay';
import { createDraftWith, createPlanWith, T0, walkTo } from './support/walk';

// SPEC §9 (issue 10): a falsification found after the applicant missed the interview is
// still a finding under 五(四): recorded, materials returned, the person barred.

let t: TestApp;
let plan2021: string;
let plan2024: string;
beforeAll(async () => {
  t = await testApp(T0);
  plan2021 = await createPlan(t);
  plan2024 = await createPlanWith(t, planBodyFor(2024));
});
afterAll(async () => {
  await replayAllThenClose(t);
});

const listBans = async (idNumber: string) =>
  expectOk(await t.app.inject({ url: `/v1/bans?idNumber=${idNumber}`, headers: auth(t.token({ sub: 'hr-auditor', role: 'hr' })) }))
    .items as Record<string, any>[];

/** An application walked to the interview, then marked a no-show (三(三): 视作放弃). */
async function abandonedApplication(idNumber: string) {
  const tk = tokensFor(t, idNumber);
  await setClock(t, T0);
  const id = await createDraftWith(t, plan2021, idNumber, { facts: factsForYear(2021) });
  const scheduled = await walkTo(t, id, tk, 'interview.scheduled');
  await setClock(t, scheduled.context.interview.time);
  expect(expectOk(await send(t, id, tk.committee, 'MARK_NO_SHOW')).state).toBe('abandoned');
  return { id, tk };
}

describe('falsification after a no-show', () => {
  it('is recorded from abandoned and bans the person for the finding year through three more', async () => {
    const idNumber = idNumberFor(901);
    const { id, tk } = await abandonedApplication(idNumber);
    expect(await listBans(idNumber)).toEqual([]);

    const body = expectOk(await send(t, id, tk.committee, 'FLAG_FALSIFIED', { finding: '缺考后发现学历造假' }));
    expect(body).toMatchObject({ state: 'falsified', event: { type: 'FLAG_FALSIFIED', from: 'abandoned', to: 'falsified' } });
    expect(body.context.remark).toBe('缺考后发现学历造假');
    expect((await history(t, id)).at(-1)).toMatchObject({ type: 'FLAG_FALSIFIED', from: 'abandoned', to: 'falsified' });
    expect(await listBans(idNumber)).toMatchObject([
      {
        idNumber,
        fromYear: 2021,
        toYear: 2024,
        applicationId: id,
        finding: '缺考后发现学历造假',
        foundBy: 'committee-office',
        liftedAt: null,
      },
    ]);

    await setClock(t, '2024-06-03T02:00:00.000Z');
    const id2024 = await createDraftWith(t, plan2024, idNumber, { facts: factsForYear(2024) });
    expectProblem(await send(t, id2024, tk.applicant, 'SUBMIT', validPayloads.SUBMIT), 422, 'BANNED');
  });

  it('may come from hr as well, and not from the applicant or the unit', async () => {
    const idNumber = idNumberFor(902);
    const { id, tk } = await abandonedApplication(idNumber);
    for (const role of ['applicant', 'unit', 'admin'] as const) {
      expectProblem(await send(t, id, tk[role], 'FLAG_FALSIFIED', { finding: '无权认定' }), 403, 'FORBIDDEN');
    }
    expect(await listBans(idNumber)).toEqual([]);
    expectOk(await send(t, id, tk.hr, 'FLAG_FALSIFIED', { finding: '业绩材料弄虚作假' }));
    expect(await listBans(idNumber)).toMatchObject([{ applicationId: id, foundBy: 'hr-auditor' }]);
  });

  it('is the only event an abandoned application still accepts', async () => {
    const { id, tk } = await abandonedApplication(idNumberFor(903));
    expect(expectOk(await t.app.inject({ url: `/v1/applications/${id}`, headers: auth(tk.committee) })).allowedEvents).toEqual([
      'FLAG_FALSIFIED',
    ]);
    expectProblem(await send(t, id, tk.committee, 'SCHEDULE_INTERVIEW', validPayloads.SCHEDULE_INTERVIEW), 409, 'ILLEGAL_TRANSITION');
    expectProblem(await send(t, id, tk.hr, 'REVOKE', validPayloads.REVOKE), 409, 'ILLEGAL_TRANSITION');
  });
});
