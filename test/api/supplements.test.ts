import { afterAll, beforeAll, expect, it } from 'vitest';
import { createPlan, send, type TestApp, testApp } from '../support/app';
import { fingerprint } from '../support/fingerprint';
import { view } from './support/inspect';
import { pdfFile, upload } from './support/materials';
import { expectOk, expectProblem } from './support/problem';
import { replayAllThenClose } from './support/replay';
import { applicationIn, T0, walkTo } from './support/walk';

// Issue 25: a supplement request for two items could only be answered with one file (the
// first upload applied SUPPLEMENT_PROVIDED by itself, the second was 409 MATERIALS_FROZEN), and
// SUPPLEMENT_PROVIDED naming a file uploaded weeks earlier was accepted. The rule written here
// from README "Documents": while a supplement is requested (and only then) uploads are kept
// without a transition; SUPPLEMENT_PROVIDED then names one file per requested item, each
// uploaded to the application since the request.

let t: TestApp;
let plan2022: string;
beforeAll(async () => {
  t = await testApp(T0);
  plan2022 = await createPlan(t, 'junior', 2);
});
afterAll(async () => {
  await replayAllThenClose(t);
});

const items = ['近一年社保缴费证明', '岗位聘任文件'];
let seed = 100;
const file = (name: string) => ({ kind: 'other', name, bytes: pdfFile(1500, seed++) });
const named = (res: { json(): any }) => {
  const { kind, name, sha256 } = res.json().material;
  return { kind, name, sha256 };
};
const later = (days: number) => t.clock.set(new Date(t.clock.now().getTime() + days * 86_400_000));

it('takes a file per requested item by upload, then answers with the event naming them all', async () => {
  const app = await applicationIn(t, plan2022, 'draft');
  // A file the draft listed weeks before the request.
  const old = await upload(t, app.id, app.tk.applicant, file('学历证书.pdf'));
  expect(old.statusCode, old.body).toBe(201);
  expectOk(await send(t, app.id, app.tk.applicant, 'SUBMIT', { commitmentSigned: true }));
  later(14);
  const asked = expectOk(await send(t, app.id, app.tk.unit, 'UNIT_REQUEST_SUPPLEMENT', { items }));
  expect(asked.state).toBe('supplementRequested.byUnit');

  // Two uploads, neither of which changes the application.
  const first = await upload(t, app.id, app.tk.applicant, file('社保缴费证明.pdf'));
  expect(first.statusCode, first.body).toBe(201);
  expect(first.json().application).toMatchObject({ state: 'supplementRequested.byUnit', version: asked.version });
  expect(first.json().application.event).toBeUndefined();
  const second = await upload(t, app.id, app.tk.applicant, file('聘任文件.pdf'));
  expect(second.statusCode, second.body).toBe(201);
  expect((await view(t, app.id)).context.supplement).toMatchObject({ items });

  // Refusals write nothing.
  const before = await fingerprint(t.database.db);
  const short = expectProblem(
    await send(t, app.id, app.tk.applicant, 'SUPPLEMENT_PROVIDED', { materials: [named(first)] }),
    422,
    'SUPPLEMENT_ITEMS_MISMATCH',
  );
  expect(short).toMatchObject({ items, given: 1 });
  const stale = expectProblem(
    await send(t, app.id, app.tk.applicant, 'SUPPLEMENT_PROVIDED', { materials: [named(first), named(old)] }),
    422,
    'SUPPLEMENT_NOT_UPLOADED',
  );
  expect(stale).toMatchObject({ sha256: [named(old).sha256], requestedAt: asked.context.supplement.requestedAt });
  expect(await fingerprint(t.database.db)).toEqual(before);

  const answered = expectOk(await send(t, app.id, app.tk.applicant, 'SUPPLEMENT_PROVIDED', { materials: [named(first), named(second)] }));
  expect(answered.state).toBe('submitted');
  expect(answered.context.supplement).toBeNull();
  expect(answered.context.materials.map((m: { name: string }) => m.name)).toEqual(['学历证书.pdf', '社保缴费证明.pdf', '聘任文件.pdf']);

  // No supplement requested: uploads are frozen again.
  expectProblem(await upload(t, app.id, app.tk.applicant, file('迟到的.pdf')), 409, 'MATERIALS_FROZEN');
});

it("refuses a file uploaded for an earlier request, and the bureau's request is answered the same way", async () => {
  const app = await applicationIn(t, plan2022, 'submitted');
  expectOk(await send(t, app.id, app.tk.unit, 'UNIT_REQUEST_SUPPLEMENT', { items: items.slice(0, 1) }));
  const early = await upload(t, app.id, app.tk.applicant, file('第一次.pdf'));
  // Uploaded but never named: the request is answered with another file.
  const spare = { kind: 'other', name: '备用.pdf', bytes: pdfFile(1500, 9_999) };
  const kept = await upload(t, app.id, app.tk.applicant, spare);
  expectOk(await send(t, app.id, app.tk.applicant, 'SUPPLEMENT_PROVIDED', { materials: [named(early)] }));

  await walkTo(t, app.id, app.tk, 'municipalAudit');
  later(1);
  expectOk(await send(t, app.id, app.tk.hr, 'HR_REQUEST_SUPPLEMENT', { items: ['学历认证报告'] }));
  expectProblem(
    await send(t, app.id, app.tk.applicant, 'SUPPLEMENT_PROVIDED', { materials: [named(kept)] }),
    422,
    'SUPPLEMENT_NOT_UPLOADED',
  );
  // Only the applicant uploads; another role is refused before the body is read.
  expectProblem(await upload(t, app.id, app.tk.unit, file('单位代传.pdf')), 403, 'FORBIDDEN');
  // The same content uploaded again since this request counts.
  const again = await upload(t, app.id, app.tk.applicant, spare);
  expect(named(again).sha256).toBe(named(kept).sha256);
  const answered = expectOk(await send(t, app.id, app.tk.applicant, 'SUPPLEMENT_PROVIDED', { materials: [named(again)] }));
  expect(answered.state).toBe('municipalAudit');
});
