import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outbox } from '../../src/db/schema';
import { createPlan, send, type TestApp, testApp, tokensFor } from '../support/app';
import { footprint, view } from './support/inspect';
import { expectOk, expectProblem } from './support/problem';
import { replayAllThenClose } from './support/replay';
import { applicationIn, T0, walkTo } from './support/walk';

// 三(二) paper copies and 四 the review fee (junior 100 yuan, intermediate 180).

let t: TestApp;
const plans: Record<'junior' | 'intermediate', string> = { junior: '', intermediate: '' };
beforeAll(async () => {
  t = await testApp(T0);
  plans.junior = await createPlan(t, 'junior');
  plans.intermediate = await createPlan(t, 'intermediate');
});
afterAll(async () => {
  await replayAllThenClose(t);
});

const outboxOf = (id: string) => t.database.db.select().from(outbox).where(eq(outbox.applicationId, id)).orderBy(outbox.id);

describe('PAPER_RECEIVED', () => {
  it('refuses anything but three stamped, watermarked copies with 422 PAPER_INCOMPLETE, writing nothing', async () => {
    const { id, tk } = await applicationIn(t, plans.junior, 'paperSubmission');
    const before = await footprint(t, id);
    const { verificationCode } = before.context.reviewForm;
    for (const paper of [
      { copies: 2, stamped: true, watermarked: true },
      { copies: 4, stamped: true, watermarked: true },
      { copies: 0, stamped: true, watermarked: true },
      { copies: 3, stamped: false, watermarked: true },
      { copies: 3, stamped: true, watermarked: false },
    ]) {
      expectProblem(await send(t, id, tk.committee, 'PAPER_RECEIVED', { ...paper, verificationCode }), 422, 'PAPER_INCOMPLETE');
    }
    expect(await footprint(t, id)).toEqual(before);
    const received = expectOk(
      await send(t, id, tk.committee, 'PAPER_RECEIVED', { copies: 3, stamped: true, watermarked: true, verificationCode }),
    );
    expect(received.state).toBe('qualificationPublicity');
  });
});

describe('the review fee', () => {
  it('writes a feeDue notice to the outbox in the transition that enters feePayment, and only then', async () => {
    const { id, idNumber } = await applicationIn(t, plans.junior, 'qualificationPublicity');
    expect(await outboxOf(id)).toEqual([]);
    await walkTo(t, id, tokensFor(t, idNumber), 'feePayment');
    const [notice, ...more] = await outboxOf(id);
    expect(more).toEqual([]);
    expect(notice).toMatchObject({ kind: 'feeDue', payload: { idNumber, amount: 100 }, deliveredAt: null });
  });

  it('refuses the wrong amount with 422 FEE_MISMATCH and the expected fee, per level', async () => {
    for (const [level, fee, wrong] of [
      ['junior', 100, [180, 99.99, 0]],
      ['intermediate', 180, [100, 181]],
    ] as const) {
      const { id, tk } = await applicationIn(t, plans[level], 'feePayment', level);
      expect((await outboxOf(id)).map((m) => m.payload)).toMatchObject([{ amount: fee }]);
      const before = await footprint(t, id);
      for (const amount of wrong) {
        const problem = expectProblem(await send(t, id, tk.applicant, 'PAY_FEE', { amount }), 422, 'FEE_MISMATCH');
        expect(problem.expected).toBe(fee);
      }
      expect(await footprint(t, id)).toEqual(before);
      expectProblem(await send(t, id, tk.committee, 'PAY_FEE', { amount: fee }), 403, 'FORBIDDEN');
      expect(expectOk(await send(t, id, tk.applicant, 'PAY_FEE', { amount: fee })).state).toBe('interview.awaitingSchedule');
      expect((await view(t, id)).context.plan.fee).toBe(fee);
      expect(await outboxOf(id)).toHaveLength(1);
    }
  });

  it('writes materialsReturned to the outbox with a finding', async () => {
    const { id, tk, idNumber } = await applicationIn(t, plans.junior, 'feePayment');
    expectOk(await send(t, id, tk.hr, 'FLAG_FALSIFIED', { finding: '未按要求' }));
    expect((await outboxOf(id)).map((m) => [m.kind, m.payload])).toEqual([
      ['feeDue', { idNumber, amount: 100 }],
      ['materialsReturned', { idNumber, finding: '未按要求' }],
    ]);
  });
});
