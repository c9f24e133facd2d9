import { readFileSync } from 'node:fs';
import type { Locator } from 'playwright-core';
import { expect, it } from 'vitest';
import { eventTypes } from '../../machines/events';
import { stateNames } from '../../machines/states';
import { qrCodesOn, readPdf } from '../documents/pdf-reader';
import { type Claims, demoConsole, li, OUT, staff } from './support/demo-console';
import { sendWithForm } from './support/event-form';

// Issue 27, "Done when": a season walked through the console in Chromium, one application from
// submitted to certified, every step a person takes done with the application page's buttons
// and forms. Only the clock is moved through the API (publicities count working days; the
// interview has a time). After each step the page is compared with the API's answer, and a
// step whose button is missing fails the walk.

// 李娜: the demo season's applicant of U-DEMO-1 left in `submitted`.
const ui = demoConsole('2026-03-02T02:00:00.000Z');
const { apiAs, signInAs } = ui;
let shot = 0;

const who = { ...staff, applicant: { sub: li.id, role: 'applicant' as const } };

const viewOf = async (id: string) => (await apiAs(who.hr, `/v1/applications/${id}`)).body;
const historyOf = async (id: string) => (await apiAs(who.hr, `/v1/applications/${id}/history`)).body.items as HistoryItem[];
type HistoryItem = { seq: number; type: string; to: string; at: string; actor: { sub: string }; payload: Record<string, any> };
/** The last entry of `type`; the walk has just sent it. */
const lastOf = (items: HistoryItem[], type: string) => items.filter((e) => e.type === type).at(-1)!;

/** Moves the service's clock (not a clerk's step), firing the timers that fall due. */
async function clockTo(iso: string) {
  const res = await apiAs(who.admin, '/v1/test/clock', 'POST', { now: iso });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}
const now = async () => Date.parse((await apiAs(who.admin, '/v1/test/clock')).body.now);

/** Asia/Shanghai wall time of an instant, as a datetime-local input takes it. */
const shanghaiLocal = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 16);

/** Codes meant for machines, which a clerk reading the page in Chinese must not meet. */
const codes = new RegExp(`(?<![\\w.-])(${[...eventTypes, ...stateNames].join('|')})(?![\\w.-])`);

/** Screenshots the step, after checking what it shows: no null/undefined and no raw event or state code. */
async function snap(step: string) {
  const { page } = ui;
  // biome-ignore lint/performance/useDomNodeTextContent: what is on screen, without the collapsed raw payloads.
  const text = await page.locator('body').innerText();
  expect(text, step).not.toMatch(/\b(null|undefined|NaN)\b|\[object Object\]|Invalid Date/);
  expect(codes.exec(text)?.[0], step).toBeUndefined();
  shot += 1;
  await page.screenshot({ path: `${OUT}/season-${String(shot).padStart(2, '0')}-${step}.png`, fullPage: true });
}

/** Opens the application from the find page by the applicant's name, as a clerk would. */
async function openApplication(id: string) {
  const { page } = ui;
  await page.getByRole('link', { name: '查找申报' }).click();
  await page.getByLabel('姓名、身份证号、申报编号或证书编号').fill(li.name);
  await page.getByRole('button', { name: '查找', exact: true }).click();
  await page.locator(`#results tr[data-id="${id}"]`).waitFor();
  await page.locator(`#results tr[data-id="${id}"]`).getByRole('link', { name: li.name }).click();
  await page.locator('#app-state').waitFor();
  await matchesApi(id);
}

/** The page shows the state and the buttons the API answers for the signed-in role. */
async function matchesApi(id: string, claims?: Claims) {
  const { page } = ui;
  const view = claims ? (await apiAs(claims, `/v1/applications/${id}`)).body : null;
  const state = (await viewOf(id)).state;
  expect(await page.locator('#app-state').getAttribute('data-state')).toBe(state);
  if (view) {
    const buttons = await page.locator('#events button').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.event));
    expect(buttons.sort()).toEqual(view.allowedEvents.filter((e: string) => e !== 'UPDATE_DRAFT').sort());
  }
  return state;
}

const send = (type: string, fill?: (form: Locator) => Promise<void>) => sendWithForm(ui.page, type, fill);

it("a clerk's season, submitted to certified, through the console", { timeout: 120_000 }, async () => {
  const { page, server } = ui;
  const found = (await apiAs(who.hr, `/v1/applications?state=submitted&q=${encodeURIComponent(li.name)}`)).body.items;
  expect(found).toHaveLength(1);
  const id: string = found[0].id;

  // The unit: reviews the submission, verifies the facts it vouches for, starts its publicity.
  await signInAs('unit');
  await openApplication(id);
  await matchesApi(id, who.unit);
  await snap('unit-submitted');
  const today = shanghaiLocal(await now()).slice(0, 10);
  await send('START_UNIT_PUBLICITY', (f) => f.getByLabel('公示开始日期').fill(today));
  expect(await matchesApi(id, who.unit)).toBe('unitPublicity');
  for (const [fact, note] of [
    ['socialInsurance', '社保缴纳记录已与单位台账核对'],
    ['post', '岗位聘任文件已核对'],
  ] as const) {
    await send('UNIT_VERIFY_FACT', async (f) => {
      await f.getByLabel('核实事项').selectOption(fact);
      await f.getByLabel('核实说明').fill(note);
    });
    expect((await viewOf(id)).context.verifications[fact]).toMatchObject({ note });
    const line = page.locator(`p[data-fact="${fact}"]`);
    expect(await line.getAttribute('data-verified')).toBe('true');
    expect(await line.textContent()).toContain(note);
  }
  const unitPublicity = (await viewOf(id)).context.unitPublicity;
  expect(await page.locator('#publicities li[data-stage="unit"]').textContent()).toContain(today);
  await snap('unit-publicity');

  // Five working days on, the unit approves with its opinion.
  await clockTo(`${unitPublicity.endsOn}T02:00:00.000Z`);
  await page.reload();
  await page.locator('#app-state').waitFor();
  await send('UNIT_APPROVE', async (f) => {
    await f.getByLabel('公示结果').selectOption('noObjection');
    await f.getByLabel('意见').fill('同意推荐（单位审核）');
  });
  expect(await matchesApi(id, who.unit)).toBe('municipalAudit');
  expect(await page.locator('#op-unit').textContent()).toContain('同意推荐（单位审核）');
  await snap('unit-approved');

  // hr: audits with the facts on screen, verifies what the bureau vouches for, approves.
  await signInAs('hr');
  await openApplication(id);
  await matchesApi(id, who.hr);
  const facts = (await viewOf(id)).context.facts;
  expect(await page.locator('#sec-education-title ~ dl').textContent()).toContain(facts.education.graduatedOn);
  expect(await page.locator('#continuing tbody tr').count()).toBe(facts.continuingEducation.length);
  expect(await page.locator('li[data-event="AUDIT_APPROVE"]').getAttribute('data-code')).toBe('FACTS_UNVERIFIED');
  await snap('hr-audit');
  for (const [fact, note] of [
    ['education', '学信网学历信息已核对'],
    ['continuingEducation', '继续教育学时已在系统中核对'],
  ] as const) {
    await send('HR_VERIFY_FACT', async (f) => {
      await f.getByLabel('核实事项').selectOption(fact);
      await f.getByLabel('核实说明').fill(note);
    });
    expect(await page.locator(`p[data-fact="${fact}"]`).getAttribute('data-verified')).toBe('true');
  }
  await send('AUDIT_APPROVE', (f) => f.getByLabel('意见').fill('资格审查通过（浏览器测试）'));
  expect(await matchesApi(id, who.hr)).toBe('paperSubmission');
  expect(await page.locator('#op-hr').textContent()).toContain('资格审查通过（浏览器测试）');
  await snap('hr-approved');

  // The unit opens the review form to print and stamp it.
  await signInAs('unit');
  await openApplication(id);
  const code: string = (await viewOf(id)).context.reviewForm.verificationCode;
  const grouped = `${code.slice(0, 4)}-${code.slice(4)}`;
  expect(await page.locator('#doc-review-form').textContent()).toContain(grouped);
  const [form] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.locator('#doc-review-form a').click()]);
  expect(form.suggestedFilename()).toBe(`评审表-${li.name}-${grouped}.pdf`);
  expect(
    readFileSync(await form.path())
      .subarray(0, 5)
      .toString('latin1'),
  ).toBe('%PDF-');
  await snap('unit-review-form');

  // The committee: records the copies received, with the code read off them.
  await signInAs('committee');
  await openApplication(id);
  await matchesApi(id, who.committee);
  await send('PAPER_RECEIVED', async (f) => {
    await f.getByLabel('份数').fill('3');
    await f.getByLabel('已盖章').check();
    await f.getByLabel('带水印').check();
    await f.getByLabel('评审表验证码').fill(code);
  });
  expect(await matchesApi(id, who.committee)).toBe('qualificationPublicity');
  const received = lastOf(await historyOf(id), 'PAPER_RECEIVED');
  expect(received).toMatchObject({
    actor: { sub: 'demo-committee' },
    payload: { copies: 3, stamped: true, watermarked: true, verificationCode: code },
  });
  const paper = (await page.locator('section[aria-labelledby="sec-paper-title"]').textContent()) ?? '';
  expect(paper).toContain(grouped);
  expect(paper).toContain('demo-committee');
  await snap('committee-paper');

  // An objection during the publicity: raised, then resolved as not upheld.
  const objection = '群众来信反映业绩材料存疑（浏览器测试）';
  await send('RAISE_OBJECTION', (f) => f.getByLabel('异议内容').fill(objection));
  const raised = lastOf(await historyOf(id), 'RAISE_OBJECTION');
  const entry = page.locator(`#publicities li[data-stage="qualification"] li[data-seq="${raised.seq}"]`);
  expect(await entry.getAttribute('data-resolved')).toBe('false');
  expect(await entry.textContent()).toContain(objection);
  await snap('committee-objection');
  const resolution = '经核查，业绩材料真实有效';
  await send('RESOLVE_OBJECTION', async (f) => {
    await f.getByLabel('处理结果').fill(resolution);
    await f.getByLabel('异议结论').selectOption('dismissed');
  });
  expect(await matchesApi(id, who.committee)).toBe('qualificationPublicity');
  expect(await entry.getAttribute('data-resolved')).toBe('true');
  expect(await entry.textContent()).toContain(resolution);
  expect(await entry.textContent()).toContain('异议不成立');
  await snap('committee-resolved');

  // The publicity runs out (the service's timer ends it); the fee falls due.
  const endsAt = Date.parse((await viewOf(id)).context.publicity.endsAt);
  await clockTo(new Date(Math.max(endsAt + 2 * 3600_000, (await now()) + 60_000)).toISOString());
  expect((await viewOf(id)).state).toBe('feePayment');

  // The applicant pays the fee the plan asks.
  await signInAs('applicant', li.name);
  await page.getByRole('link', { name: '查找申报' }).click();
  await page.locator(`#results tr[data-id="${id}"]`).getByRole('link', { name: li.name }).click();
  await page.locator('#app-state').waitFor();
  await matchesApi(id, who.applicant);
  const fee = (await viewOf(id)).context.plan.fee;
  await send('PAY_FEE', (f) => f.getByLabel('金额（元）').fill(String(fee)));
  expect(await matchesApi(id, who.applicant)).toBe('interview.awaitingSchedule');
  await snap('applicant-paid');

  // The committee schedules the interview, moves it, and records it once held.
  await signInAs('committee');
  await openApplication(id);
  // In office hours, two and three days on (a Monday and a Tuesday in the demo's March).
  const t = await now();
  const day = (n: number) => shanghaiLocal(t + n * 24 * 3600_000).slice(0, 10);
  const first = `${day(2)}T09:00`;
  const second = `${day(3)}T14:30`;
  await send('SCHEDULE_INTERVIEW', async (f) => {
    await f.getByLabel('答辩时间').fill(first);
    await f.getByLabel('答辩地点').fill('慈溪市人力资源和社会保障局615办公室');
  });
  expect(await matchesApi(id, who.committee)).toBe('interview.scheduled');
  expect(Date.parse((await viewOf(id)).context.interview.time)).toBe(Date.parse(`${first}:00+08:00`));
  await send('RESCHEDULE_INTERVIEW', async (f) => {
    await f.getByLabel('答辩时间').fill(second);
    await f.getByLabel('答辩地点').fill('慈溪市人力资源和社会保障局会议室');
    await f.getByLabel('理由').fill('评委会时间调整');
  });
  const interview = (await viewOf(id)).context.interview;
  expect(Date.parse(interview.time)).toBe(Date.parse(`${second}:00+08:00`));
  expect(await page.locator('section[aria-labelledby="sec-interview-title"]').textContent()).toContain('慈溪市人力资源和社会保障局会议室');
  await snap('committee-rescheduled');
  await clockTo(new Date(Date.parse(interview.time) + 600_000).toISOString());
  await page.reload();
  await page.locator('#app-state').waitFor();
  await send('RECORD_ATTENDANCE');
  expect(await matchesApi(id, who.committee)).toBe('interview.deliberation');
  await send('REVIEW_PASS', (f) => f.getByLabel('意见').fill('评审通过'));
  expect(await matchesApi(id, who.committee)).toBe('resultPublicity');
  expect(await page.locator('#op-committee').textContent()).toContain('评审通过');
  await snap('committee-passed');

  // The result publicity runs out: certified.
  const resultEnds = Date.parse((await viewOf(id)).context.publicity.endsAt);
  await clockTo(new Date(Math.max(resultEnds + 2 * 3600_000, (await now()) + 60_000)).toISOString());
  expect((await viewOf(id)).state).toBe('certified');

  // The applicant downloads the certificate and follows its verification link.
  await signInAs('applicant', li.name);
  await page.getByRole('link', { name: '查找申报' }).click();
  await page.locator(`#results tr[data-id="${id}"]`).getByRole('link', { name: li.name }).click();
  await page.locator('#app-state').waitFor();
  expect(await matchesApi(id, who.applicant)).toBe('certified');
  const cert = (await apiAs(who.applicant, `/v1/applications/${id}/certificate`)).body;
  const [file] = await Promise.all([
    page.waitForEvent('download', { timeout: 60_000 }),
    page.locator('#doc-certificate a[download]').click(),
  ]);
  expect(file.suggestedFilename()).toBe(`证书-${cert.number}.pdf`);
  const pdf = readFileSync(await file.path());
  expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  await snap('applicant-certificate');
  const [verification] = await Promise.all([page.waitForEvent('popup'), page.locator('#doc-verify').click()]);
  await verification.waitForLoadState();
  expect(new URL(verification.url()).pathname).toBe(`/v1/public/certificates/${cert.verificationCode}`);
  const publicAnswer = await server.app.inject({
    url: `/v1/public/certificates/${cert.verificationCode}`,
    headers: { accept: 'application/json' },
  });
  expect(publicAnswer.json()).toMatchObject({ status: 'valid', certificateNumber: cert.number, holder: { name: li.name } });
  const shown = (await verification.locator('.banner').textContent()) ?? '';
  expect(shown).toContain('证书有效');
  expect(await verification.locator('body').textContent()).toContain(cert.number);
  // The certificate's QR code, read off the downloaded PDF as a phone would, leads to the same page.
  const read = await readPdf(pdf);
  expect(read.pageTexts[0]).toContain(cert.number);
  const [qr] = (await qrCodesOn(read, 1)).filter((c): c is string => c !== null);
  expect(qr).toBeDefined();
  const scanned = new URL(qr!, server.base).pathname;
  expect(scanned.replace(/-/g, '')).toBe(new URL(verification.url()).pathname.replace(/-/g, ''));
  await verification.goto(`${server.base}${scanned}`);
  expect(await verification.locator('.banner').textContent()).toContain('证书有效');
  expect(await verification.locator('body').textContent()).toContain(cert.number);
  await verification.screenshot({ path: `${OUT}/season-${String(++shot).padStart(2, '0')}-public-verification.png`, fullPage: true });
  await verification.close();
});
