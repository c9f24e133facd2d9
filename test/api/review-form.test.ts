import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { birthDateOf } from '../../machines/rules/id-number';
import { A3, readPdf } from '../documents/pdf-reader';
import { expectReadable } from '../documents/readable';
import { auth, createDraft, createPlan, send, setClock, type TestApp, testApp, tokensFor } from '../support/app';
import { idNumberFor, testUnits, validPayloads } from '../support/factories';
import { footprint } from './support/inspect';
import { pdfFile, upload } from './support/materials';
import { expectOk, expectProblem } from './support/problem';
import { replayAllThenClose } from './support/replay';
import { applicationIn, T0, walkTo } from './support/walk';

// 三(二): the review form exported once the municipal audit has passed, printed on A3 with
// the platform's watermark; PAPER_RECEIVED records the code read off the copies.

let t: TestApp;
let planId: string;
beforeAll(async () => {
  t = await testApp(T0);
  planId = await createPlan(t);
});
afterAll(async () => {
  await replayAllThenClose(t);
});

const reviewForm = (id: string, token: string) => t.app.inject({ url: `/v1/applications/${id}/review-form.pdf`, headers: auth(token) });
const paper = (verificationCode: string) => ({ copies: 3, stamped: true, watermarked: true, verificationCode });

/** The code as the committee office reads it off a copy: printed in the header after 校验码. */
const codeOnForm = (text: string) => /校验码：([0-9A-Z]{4}-[0-9A-Z]{4})/.exec(text)?.[1];

describe('GET /v1/applications/:id/review-form.pdf', () => {
  it('is 409 REVIEW_FORM_NOT_READY until the municipal audit approves', async () => {
    const { id, tk } = await applicationIn(t, planId, 'draft');
    for (const state of ['draft', 'submitted', 'unitPublicity', 'municipalAudit'] as const) {
      await walkTo(t, id, tk, state);
      expect(expectProblem(await reviewForm(id, tk.applicant), 409, 'REVIEW_FORM_NOT_READY').state).toBe(state);
    }
  });

  it('is an A3 form of the application, its code in the text, the same bytes each time', async () => {
    const { id, tk } = await applicationIn(t, planId, 'draft');
    await upload(t, id, tk.applicant, { kind: 'achievement', name: '项目竣工验收报告.pdf', bytes: pdfFile(3000, 1) });
    const { context } = await walkTo(t, id, tk, 'paperSubmission');
    const res = await reviewForm(id, tk.applicant);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const pdf = await readPdf(res.rawPayload);
    for (const size of pdf.pageSizes) expect(size).toEqual(A3);
    const text = pdf.pageTexts.join('');
    expect(text).toContain('张伟');
    expect(text).toContain('项目竣工验收报告.pdf');
    const code = codeOnForm(text);
    expect(code?.replace('-', '')).toBe(context.reviewForm.verificationCode);
    // The watermark on every page carries the code too.
    for (const page of pdf.pageTexts) expect(page).toContain(`校验码${code}`);
    expect((await reviewForm(id, tk.committee)).rawPayload.equals(res.rawPayload)).toBe(true);
  });

  it('prints what the application recorded: the unit by name, sex and birth from the ID number, scored items, each opinion, the day of printing', async () => {
    await setClock(t, T0);
    // A woman's ID number (17th digit 2), though the factory's facts give the male retirement category.
    const idNumber = idNumberFor(902);
    const id = await createDraft(t, planId, idNumber);
    const tk = tokensFor(t, idNumber);
    await walkTo(t, id, tk, 'paperSubmission');
    await setClock(t, '2021-09-10T01:00:00.000Z');
    const pdf = await readPdf((await reviewForm(id, tk.unit)).rawPayload);
    const text = pdf.pageTexts.join('');
    expectReadable(text, {
      unitIds: testUnits.map((u) => u.id),
      itemIds: ['project-lead', 'paper', 'patent'],
      people: [{ name: '张伟', idNumber }],
      internalIds: [id],
    });
    for (const expected of [
      `工作单位${testUnits[0].name}`,
      `出生日期${birthDateOf(idNumber)}`,
      '性别女',
      // The factory's claims: 60 + 40 + 30, each within three years of submission (二(二)).
      '1主持完成工程项目2020-05-01建设工程6060',
      '合计130',
      '自评总分130分，本计划须达到120分，已达到。',
      // Started on Monday 2021-08-02, its 5th working day is Friday 2021-08-06 (三(一)2).
      '单位内公示：2021年8月2日至2021年8月6日（不少于5个工作日），公示结果：无异议。',
      `审核意见：${validPayloads.UNIT_APPROVE.opinion}`,
      `审查意见：${validPayloads.AUDIT_APPROVE.opinion}`,
      '打印日期：2021-09-10',
    ])
      expect(text).toContain(expected);
    // Printed another day, the same form says so.
    await setClock(t, '2021-09-13T01:00:00.000Z');
    expect((await readPdf((await reviewForm(id, tk.unit)).rawPayload)).pageTexts.join('')).toContain('打印日期：2021-09-13');
  });

  it('is read by whoever may read the application, and 404 for anyone else', async () => {
    const { id, tk } = await applicationIn(t, planId, 'paperSubmission');
    for (const role of ['applicant', 'unit', 'hr', 'committee', 'admin'] as const)
      expect((await reviewForm(id, tk[role])).statusCode).toBe(200);
    const stranger = tokensFor(t, idNumberFor(990)).applicant;
    const otherUnit = t.token({ sub: 'u', role: 'unit', unitId: 'U-TEST-2' });
    for (const token of [stranger, otherUnit]) expectProblem(await reviewForm(id, token), 404, 'NOT_FOUND');
    expectProblem(await t.app.inject({ url: `/v1/applications/${id}/review-form.pdf` }), 401, 'UNAUTHENTICATED');
  });
});

describe('PAPER_RECEIVED and the code on the copies', () => {
  it('refuses a code that is not this application’s form’s with 422 REVIEW_FORM_MISMATCH, and takes the one read off the PDF', async () => {
    const a = await applicationIn(t, planId, 'paperSubmission');
    const b = await applicationIn(t, planId, 'paperSubmission');
    const codeOf = async (id: string, token: string) =>
      codeOnForm((await readPdf((await reviewForm(id, token)).rawPayload)).pageTexts[0]!)!;
    const [codeA, codeB] = [await codeOf(a.id, a.tk.committee), await codeOf(b.id, b.tk.committee)];
    expect(codeA).not.toBe(codeB);
    const before = await footprint(t, a.id);
    for (const wrong of [codeB, 'ABCD-EFGH', codeA.replace(/^./, (c) => (c === '0' ? '1' : '0'))]) {
      const refused = expectProblem(await send(t, a.id, a.tk.committee, 'PAPER_RECEIVED', paper(wrong)), 422, 'REVIEW_FORM_MISMATCH');
      expect(refused).toMatchObject({ state: 'paperSubmission', verificationCode: wrong });
    }
    expect(await footprint(t, a.id)).toEqual(before);
    // Typed as a person would: lower case, no dash.
    const received = expectOk(await send(t, a.id, a.tk.committee, 'PAPER_RECEIVED', paper(codeA.replace('-', '').toLowerCase())));
    expect(received.state).toBe('qualificationPublicity');
  });
});
